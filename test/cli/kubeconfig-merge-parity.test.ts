/**
 * KUBECONFIG lists, merged as kubectl merges them (client-go's loading rules): missing files are
 * skipped, a cluster, user or context named in several files is the first file's whole entry, the
 * first current-context wins, and each file's relative paths are its own directory's. The real
 * kubectl is the oracle; a wrong merge reaches a dead server or sends a wrong token.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { stringify } from "yaml";
import type { DoctorDocument } from "../../src/report/doctor.js";
import { type CliResult, cleanEnv, runCli, which } from "../support/cli.js";
import {
  type KubeApiServer,
  startKubeApiServer,
  unusedLoopbackUrl,
} from "../support/kube-api-server.js";
import { clusterOptions, healthyScenario } from "../support/scenarios.js";
import { testCA } from "../support/tls.js";

const KUBECTL = which("kubectl");

describe("KUBECONFIG lists: kubectl and doctor merge them alike", () => {
  let server: KubeApiServer;
  const got: Record<string, CliResult> = {};

  before(async () => {
    assert.ok(KUBECTL, "kubectl is not on PATH: the parity tests need the real kubectl");
    const ca = testCA();
    server = await startKubeApiServer({
      ...clusterOptions(healthyScenario()[0] ?? assert.fail("no member")),
      tls: ca,
    });
    const dead = await unusedLoopbackUrl();
    const root = mkdtempSync(join(tmpdir(), "antrea-mc-merge-"));
    const [a, b] = [join(root, "a"), join(root, "b")];
    for (const dir of [a, b]) mkdirSync(join(dir, "pki"), { recursive: true });
    // Each file's CA and token beside it, named alike: a relative path resolved against the
    // wrong file's directory finds the other file's (B's token is wrong).
    writeFileSync(join(a, "pki/ca.crt"), ca.caCert);
    writeFileSync(join(b, "pki/ca.crt"), ca.caCert);
    writeFileSync(join(a, "pki/token"), server.token);
    writeFileSync(join(b, "pki/token"), "a-token-the-server-does-not-know");
    const config = (doc: object) => stringify({ apiVersion: "v1", kind: "Config", ...doc });
    writeFileSync(
      join(a, "config"),
      config({
        clusters: [
          {
            name: "cluster",
            cluster: { server: server.url, "certificate-authority": "pki/ca.crt" },
          },
        ],
        users: [{ name: "user", user: { tokenFile: "pki/token" } }],
        contexts: [{ name: "shared", context: { cluster: "cluster", user: "user" } }],
      }),
    );
    writeFileSync(
      join(b, "config"),
      config({
        "current-context": "shared",
        clusters: [
          { name: "cluster", cluster: { server: dead, "certificate-authority": "pki/ca.crt" } },
          {
            name: "only-b",
            cluster: { server: server.url, "certificate-authority": "pki/ca.crt" },
          },
        ],
        users: [{ name: "user", user: { tokenFile: "pki/token" } }],
        contexts: [
          { name: "shared", context: { cluster: "cluster", user: "user" } },
          { name: "only-b", context: { cluster: "only-b", user: "user" } },
        ],
      }),
    );
    const KUBECONFIG = [join(root, "missing"), "", join(a, "config"), join(b, "config")].join(
      delimiter,
    );
    const env = cleanEnv({ KUBECONFIG });
    const cwd = mkdtempSync(join(tmpdir(), "antrea-mc-cwd-"));
    const kubectl = (...args: string[]) =>
      runCli([...args, "--request-timeout=5s"], { env, cwd, command: [KUBECTL ?? "kubectl"] });
    [got.current, got.onlyB, got.currentName, got.doctor] = await Promise.all([
      kubectl("-n", "kube-system", "get", "configmaps"),
      kubectl("--context", "only-b", "-n", "kube-system", "get", "configmaps"),
      kubectl("config", "current-context"),
      runCli(["doctor", "--context", "shared,only-b", "--no-aws", "-o", "json"], { env, cwd }),
    ]);
  });
  after(() => server?.close());

  it("kubectl: the first file's context and the later file's current-context", () => {
    assert.equal(got.currentName?.stdout.trim(), "shared");
    assert.equal(got.current?.code, 0, got.current?.stderr);
    assert.match(got.current?.stdout ?? "", /antrea-config/);
  });

  it("kubectl: a context of the second file with the first file's user of the same name", () => {
    assert.equal(got.onlyB?.code, 0, got.onlyB?.stderr);
  });

  it("doctor reads both contexts as kubectl does", () => {
    const run = got.doctor ?? assert.fail("not run");
    const doc = JSON.parse(run.stdout || "{}") as Partial<DoctorDocument>;
    for (const member of ["shared", "only-b"]) {
      const access = doc.checks?.find((c) => c.id === "kube.access" && c.member === member);
      assert.equal(access?.status, "pass", `${member}: ${access?.message}\n${run.stderr}`);
    }
  });
});
