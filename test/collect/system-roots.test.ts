/**
 * The system's roots as Go's crypto/x509 reads them on Linux: SSL_CERT_FILE (else the first
 * distribution bundle), and every file of SSL_CERT_DIR's directories (else the distribution's),
 * without the symbolic links within a directory (c_rehash's hash names for the same files).
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { systemRoots } from "../../src/collect/kube/system-roots.js";
import { testCA } from "../support/tls.js";

describe("systemRoots", () => {
  const ca = testCA();
  const dir = mkdtempSync(join(tmpdir(), "antrea-mc-roots-"));
  const certs = join(dir, "certs");
  mkdirSync(certs);
  writeFileSync(join(certs, "cluster.pem"), ca.caCert);
  symlinkSync("cluster.pem", join(certs, "0a1b2c3d.0"));
  writeFileSync(join(certs, "key.pem"), ca.serverKey); // not a certificate: no root
  const bundle = join(dir, "bundle.pem");
  writeFileSync(bundle, `# a comment\n${ca.caCert}\n${ca.serverCert}`);

  it("SSL_CERT_FILE and SSL_CERT_DIR replace the distribution's; each certificate once", () => {
    const roots = systemRoots(
      { SSL_CERT_FILE: bundle, SSL_CERT_DIR: `${join(dir, "missing")}:${certs}` },
      "linux",
    );
    assert.equal(roots.certificates?.length, 2);
    assert.equal(roots.source, `SSL_CERT_FILE ${bundle} and SSL_CERT_DIR ${certs}: 2 certificates`);
  });

  it("an SSL_CERT_FILE that cannot be read is no bundle (the directories still count)", () => {
    const roots = systemRoots(
      { SSL_CERT_FILE: join(dir, "missing.pem"), SSL_CERT_DIR: certs },
      "linux",
    );
    assert.deepEqual(roots.certificates, [ca.caCert.trim()]);
  });

  it("none found: nothing is trusted (not Node's own CAs)", () => {
    const roots = systemRoots(
      { SSL_CERT_FILE: join(dir, "missing.pem"), SSL_CERT_DIR: join(dir, "missing") },
      "linux",
    );
    assert.deepEqual(roots.certificates, []);
    assert.equal(
      roots.source,
      `no certificates in SSL_CERT_FILE ${join(dir, "missing.pem")} or SSL_CERT_DIR ${join(dir, "missing")}`,
    );
  });
});
