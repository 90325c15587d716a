/**
 * How a cluster's API server is reached, decided once per cluster as kubectl (client-go) decides
 * it: the kubeconfig's proxy-url, else the proxy of the environment (HTTPS_PROXY, NO_PROXY), else
 * directly; its certificate verified against the kubeconfig's certificate-authority, else the
 * system's roots. What was decided is kept for messages, so that a failure names who refused.
 */
import type { AgentOptions } from "node:https";
import type { Cluster, DispatcherOptions } from "@kubernetes/client-node";
import { proxyFromEnvironment, withoutCredentials } from "./proxy-env.js";
import { systemRoots, trustContext } from "./system-roots.js";

type Env = Readonly<Record<string, string | undefined>>;

export interface Route {
  /** The proxy the requests go through: its URL without credentials, and what set it. */
  readonly proxy?: { readonly url: string; readonly from: string };
  /** A proxy of the environment that is not used for this server, and why. */
  readonly direct?: { readonly because: "NO_PROXY" | "loopback"; readonly variable: string };
  /** Where the trusted CAs come from when the kubeconfig names none: the system's roots. */
  readonly systemTrust?: string;
}

export interface Connection {
  /** The cluster, with the proxy of the environment as its proxy-url when one applies. */
  readonly cluster: Cluster | null;
  /** client-node's TLS options, with the system's roots as `ca` when the kubeconfig has none. */
  readonly agentOptions: AgentOptions;
  readonly route: Route;
}

export function connectionOf(
  cluster: Cluster | null,
  agentOptions: AgentOptions,
  env: Env = process.env,
): Connection {
  if (!cluster) return { cluster, agentOptions, route: {} };
  let route: Route = {};
  let via = cluster;
  if (cluster.proxyUrl) {
    route = {
      proxy: {
        url: withoutCredentials(cluster.proxyUrl),
        from: `proxy-url of cluster ${cluster.name}`,
      },
    };
  } else {
    const decided = proxyFromEnvironment(cluster.server, env);
    if ("proxy" in decided) {
      via = { ...cluster, proxyUrl: decided.proxy.url };
      route = {
        proxy: { url: withoutCredentials(decided.proxy.url), from: decided.proxy.variable },
      };
    } else if ("direct" in decided) {
      route = { direct: { because: decided.direct, variable: decided.variable } };
    }
  }
  // Go trusts the system's roots when the kubeconfig names no CA; Node would trust its own.
  const verifies = agentOptions.rejectUnauthorized !== false;
  if (cluster.server.startsWith("https:") && verifies && agentOptions.ca === undefined) {
    const roots = systemRoots(env);
    if (roots.certificates) {
      return {
        cluster: via,
        agentOptions: { ...agentOptions, ca: roots.certificates },
        route: { ...route, systemTrust: roots.source },
      };
    }
  }
  return { cluster: via, agentOptions, route };
}

/**
 * client-node's dispatcher options with the system's roots as one TLS context made beforehand
 * (`connectionOf` gave them as `ca`, which makes client-node verify at all; tls.connect takes the
 * context instead of the `ca`, `cert` and `key` beside it).
 */
export function withSystemTrust(
  options: DispatcherOptions,
  agentOptions: AgentOptions,
): DispatcherOptions {
  const roots = agentOptions.ca;
  if (!Array.isArray(roots)) return options;
  const secureContext = trustContext(roots as string[], agentOptions);
  switch (options.type) {
    case "agent":
      return { ...options, connect: { ...options.connect, secureContext } };
    case "proxy":
    case "socks":
      return { ...options, requestTls: { ...options.requestTls, secureContext } };
    default:
      return options;
  }
}
