/** Writes a kubeconfig with one context per test API server. */
import { writeFileSync } from "node:fs";
import { stringify } from "yaml";

export interface ContextEntry {
  name: string;
  server: string;
  token: string;
  /** PEM of the CA that signed the server certificate (HTTPS). */
  caData?: string;
  /** A client-go exec credential plugin instead of the token (like `aws eks get-token`). */
  exec?: { command: string; args: string[] };
  /** A client certificate and key (PEM) instead of the token. */
  clientCert?: { cert: string; key: string };
  /** insecure-skip-tls-verify (always set for an http: server without caData). */
  insecure?: boolean;
  /** proxy-url of the cluster. */
  proxyUrl?: string;
  namespace?: string;
}

export function kubeconfigYaml(contexts: ContextEntry[], current?: string): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    "current-context": current ?? contexts[0]?.name ?? "",
    clusters: contexts.map((c) => ({
      name: `cluster-${c.name}`,
      cluster: {
        server: c.server,
        ...(c.caData
          ? { "certificate-authority-data": Buffer.from(c.caData).toString("base64") }
          : c.server.startsWith("http:") || c.insecure
            ? { "insecure-skip-tls-verify": true }
            : {}),
        ...(c.proxyUrl ? { "proxy-url": c.proxyUrl } : {}),
      },
    })),
    users: contexts.map((c) => ({
      name: `user-${c.name}`,
      user: c.exec
        ? {
            exec: {
              apiVersion: "client.authentication.k8s.io/v1beta1",
              command: c.exec.command,
              args: c.exec.args,
              interactiveMode: "Never",
            },
          }
        : c.clientCert
          ? {
              "client-certificate-data": Buffer.from(c.clientCert.cert).toString("base64"),
              "client-key-data": Buffer.from(c.clientCert.key).toString("base64"),
            }
          : { token: c.token },
    })),
    contexts: contexts.map((c) => ({
      name: c.name,
      context: {
        cluster: `cluster-${c.name}`,
        user: `user-${c.name}`,
        ...(c.namespace ? { namespace: c.namespace } : {}),
      },
    })),
  });
}

export function writeKubeconfig(path: string, contexts: ContextEntry[], current?: string): string {
  writeFileSync(path, kubeconfigYaml(contexts, current));
  return path;
}
