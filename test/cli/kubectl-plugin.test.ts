/**
 * kubectl finds the plugin on PATH as kubectl-antrea_mc and runs it for `kubectl antrea-mc …`,
 * passing arguments and the exit code through. Uses the real kubectl on this machine.
 */
import assert from "node:assert/strict";
import { mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CLI, cleanEnv, runCli, which } from "../support/cli.js";
import { type RunningClusterSet, startClusterSet } from "../support/harness.js";
import { brokenScenario } from "../support/scenarios.js";

const kubectl = which("kubectl");
const node = which("node");

// kubectl is a tool the tests need (as moto and the AWS CLI are): missing, the suite fails.
describe("as a kubectl plugin", () => {
  let cs: RunningClusterSet;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    assert.ok(kubectl, "kubectl is not on PATH: the plugin tests run the real kubectl");
    cs = await startClusterSet(brokenScenario());
    // A PATH with only our plugin (as krew links it), node and kubectl: no other plugins to warn about.
    const bin = mkdtempSync(join(tmpdir(), "antrea-mc-bin-"));
    symlinkSync(CLI, join(bin, "kubectl-antrea_mc"));
    env = cleanEnv({
      PATH: [
        bin,
        dirname(node ?? "/usr/bin/node"),
        dirname(kubectl ?? "/usr/bin/kubectl"),
        "/usr/bin",
        "/bin",
      ].join(":"),
      KUBECONFIG: cs.kubeconfig,
    });
  });
  after(() => cs.close());

  const viaKubectl = (args: string[]) => runCli(args, { env, command: [kubectl ?? "kubectl"] });

  it("is listed by kubectl plugin list", async () => {
    const res = await viaKubectl(["plugin", "list", "--name-only"]);
    assert.match(res.stdout, /^kubectl-antrea_mc$/m, res.stderr);
  });

  it("answers to kubectl antrea-mc", async () => {
    const res = await viaKubectl(["antrea-mc", "version"]);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^kubectl-antrea_mc v\d+\.\d+\.\d+/);
  });

  it("gets every argument and passes the exit code back", async () => {
    const res = await viaKubectl([
      "antrea-mc",
      "doctor",
      "--context",
      cs.contexts.join(","),
      "-ojson",
      "--no-aws",
    ]);
    assert.equal(res.code, 1, res.stderr);
    assert.equal(JSON.parse(res.stdout).members.length, 2);
    const bad = await viaKubectl(["antrea-mc", "doctor", "--context", "nope"]);
    assert.equal(bad.code, 2);
  });
});
