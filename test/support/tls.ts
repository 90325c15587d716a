/** A throw-away CA and a server certificate for 127.0.0.1, made with openssl for each test run. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestCA {
  caCert: string;
  caFile: string;
  serverCert: string;
  serverKey: string;
}

let cached: TestCA | undefined;

export function testCA(): TestCA {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), "antrea-mc-ca-"));
  const f = (n: string) => join(dir, n);
  const ssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  ssl(
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-days",
    "2",
    "-subj",
    "/CN=antrea-mc test CA",
    "-keyout",
    f("ca.key"),
    "-out",
    f("ca.crt"),
  );
  ssl(
    "req",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-subj",
    "/CN=kube-apiserver",
    "-keyout",
    f("server.key"),
    "-out",
    f("server.csr"),
  );
  writeFileSync(
    f("ext.cnf"),
    "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n",
  );
  ssl(
    "x509",
    "-req",
    "-in",
    f("server.csr"),
    "-CA",
    f("ca.crt"),
    "-CAkey",
    f("ca.key"),
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    f("ext.cnf"),
    "-out",
    f("server.crt"),
  );
  cached = {
    caCert: readFileSync(f("ca.crt"), "utf8"),
    caFile: f("ca.crt"),
    serverCert: readFileSync(f("server.crt"), "utf8"),
    serverKey: readFileSync(f("server.key"), "utf8"),
  };
  return cached;
}
