/**
 * A throw-away CA, a server certificate for 127.0.0.1 and a client certificate (user "admin", as
 * kube-apiserver reads a client certificate's CN), and server certificates for test-only names,
 * made with openssl for each test run.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestCA {
  caCert: string;
  caFile: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A server certificate for NAMED_HOST only (no IP address): for tls-server-name. */
  namedCert: string;
  namedKey: string;
  /** A server certificate for *.AWS_DOMAIN and 127.0.0.1: an AWS endpoint of tests. */
  awsCert: string;
  awsKey: string;
}

/** The name of namedCert, which no resolver knows: reached only by 127.0.0.1 and tls-server-name. */
export const NAMED_HOST = "kube-apiserver.antrea-mc.test";

/** A domain no resolver knows (RFC 2606): its names are reached only through a test proxy. */
export const AWS_DOMAIN = "aws.test";

let cached: TestCA | undefined;

export function testCA(): TestCA {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), "antrea-mc-ca-"));
  const f = (n: string) => join(dir, n);
  const ssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  const newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  ssl(
    "req",
    "-x509",
    ...newKey,
    "-days",
    "2",
    "-subj",
    "/CN=antrea-mc test CA",
    "-keyout",
    f("ca.key"),
    "-out",
    f("ca.crt"),
  );
  /** A key and a certificate signed by the CA, with these X.509 extensions. */
  const issue = (name: string, subject: string, extensions: string) => {
    ssl("req", ...newKey, "-subj", subject, "-keyout", f(`${name}.key`), "-out", f(`${name}.csr`));
    writeFileSync(f(`${name}.cnf`), extensions);
    ssl(
      "x509",
      "-req",
      "-in",
      f(`${name}.csr`),
      "-CA",
      f("ca.crt"),
      "-CAkey",
      f("ca.key"),
      "-CAcreateserial",
      "-days",
      "2",
      "-extfile",
      f(`${name}.cnf`),
      "-out",
      f(`${name}.crt`),
    );
  };
  issue(
    "server",
    "/CN=kube-apiserver",
    "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n",
  );
  issue("client", "/CN=admin/O=system:masters", "extendedKeyUsage=clientAuth\n");
  issue(
    "named",
    `/CN=${NAMED_HOST}`,
    `subjectAltName=DNS:${NAMED_HOST}\nextendedKeyUsage=serverAuth\n`,
  );
  issue(
    "aws",
    `/CN=*.${AWS_DOMAIN}`,
    `subjectAltName=DNS:*.${AWS_DOMAIN},IP:127.0.0.1\nextendedKeyUsage=serverAuth\n`,
  );
  const read = (n: string) => readFileSync(f(n), "utf8");
  cached = {
    caCert: read("ca.crt"),
    caFile: f("ca.crt"),
    serverCert: read("server.crt"),
    serverKey: read("server.key"),
    clientCert: read("client.crt"),
    clientKey: read("client.key"),
    namedCert: read("named.crt"),
    namedKey: read("named.key"),
    awsCert: read("aws.crt"),
    awsKey: read("aws.key"),
  };
  return cached;
}
