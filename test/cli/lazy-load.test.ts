/**
 * --help and version must not load the Kubernetes or AWS SDKs. Two independent proofs: the bundle's
 * static import graph does not reach them (only dynamic imports do), and at run time the chunks
 * holding them are not loaded, while live doctor runs (the positive controls) do load them.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CLI, cleanEnv, DIST, runCli } from "../support/cli.js";
import { type RunningClusterSet, startClusterSet } from "../support/harness.js";
import { healthyScenario } from "../support/scenarios.js";

interface Meta {
  outputs: Record<
    string,
    {
      imports: { path: string; kind: string }[];
      inputs: Record<string, unknown>;
      entryPoint?: string;
    }
  >;
}

const meta = (): Meta => JSON.parse(readFileSync(join(DIST, "meta.json"), "utf8"));
const SDK = { kube: "node_modules/@kubernetes/client-node/", aws: "node_modules/@aws-sdk/" };

function chunksWith(m: Meta, prefix: string): string[] {
  return Object.entries(m.outputs)
    .filter(([, o]) => Object.keys(o.inputs).some((i) => i.includes(prefix)))
    .map(([file]) => file.split("/").pop() ?? file);
}

/** Output chunks reachable from the entry through static imports only. */
function staticClosure(m: Meta): Set<string> {
  const entry = Object.keys(m.outputs).find((k) => m.outputs[k]?.entryPoint);
  const seen = new Set<string>();
  const todo = entry ? [entry] : [];
  while (todo.length) {
    const cur = todo.pop() ?? "";
    if (seen.has(cur)) continue;
    seen.add(cur);
    for (const imp of m.outputs[cur]?.imports ?? [])
      if (imp.kind === "import-statement") todo.push(imp.path);
  }
  return new Set([...seen].map((f) => f.split("/").pop() ?? f));
}

async function loaded(
  args: string[],
  kubeconfig?: string,
  { code = 0, env = {} }: { code?: number; env?: Record<string, string> } = {},
): Promise<string[]> {
  const trace = join(mkdtempSync(join(tmpdir(), "antrea-mc-trace-")), "loads");
  const res = await runCli(kubeconfig ? [...args, "--kubeconfig", kubeconfig] : args, {
    env: cleanEnv({
      ...env,
      ANTREA_MC_TRACE: trace,
      NODE_OPTIONS: `--import=${new URL("../support/trace-loads.mjs", import.meta.url).pathname}`,
    }),
  });
  assert.ok(res.code === code, `${args.join(" ")}: exit ${res.code} ${res.stderr}`);
  return readFileSync(trace, "utf8")
    .trim()
    .split("\n")
    .map((u) => u.split("/").pop() ?? u);
}

describe("lazy loading of the SDKs", () => {
  let cs: RunningClusterSet;
  before(async () => {
    cs = await startClusterSet(healthyScenario());
  });
  after(() => cs.close());

  it("keeps the SDKs out of the entry's static import graph", () => {
    const m = meta();
    const kube = chunksWith(m, SDK.kube);
    const aws = chunksWith(m, SDK.aws);
    assert.ok(kube.length > 0, "the bundle contains the Kubernetes client");
    assert.ok(aws.length > 0, "the bundle contains the AWS SDK");
    const closure = staticClosure(m);
    for (const c of [...kube, ...aws]) assert.ok(!closure.has(c), `${c} is imported statically`);
  });

  const EXAMPLE = new URL("../../examples/healthy", import.meta.url).pathname;
  for (const args of [
    ["--help"],
    ["version"],
    ["doctor", "--help"],
    ["doctor", "--snapshot", EXAMPLE],
    ["setup", "--dry-run", "--snapshot", EXAMPLE],
    ["__complete", "doctor", "--context", ""],
  ]) {
    it(`does not load them for ${args.join(" ")}`, async () => {
      const m = meta();
      const files = await loaded(args);
      assert.ok(files.includes("main.mjs"), "the trace works");
      for (const c of [...chunksWith(m, SDK.kube), ...chunksWith(m, SDK.aws)])
        assert.ok(!files.includes(c), `${c} loaded`);
    });
  }

  it("loads the Kubernetes client for a live doctor run (positive control)", async () => {
    const files = await loaded(
      ["doctor", "--context", cs.contexts[0] ?? "", "-o", "json", "--no-aws"],
      cs.kubeconfig,
    );
    assert.ok(chunksWith(meta(), SDK.kube).some((c) => files.includes(c)));
    assert.ok(!chunksWith(meta(), SDK.aws).some((c) => files.includes(c)), "AWS SDK loaded");
  });

  it("loads the AWS SDK when AWS is inspected (positive control)", async () => {
    // Nothing listens on port 1: the reads fail (aws.access, exit 3) after the SDK has loaded.
    const files = await loaded(
      ["doctor", "--context", cs.contexts[0] ?? "", "-o", "json"],
      cs.kubeconfig,
      {
        code: 3,
        env: {
          AWS_ENDPOINT_URL: "http://127.0.0.1:1",
          AWS_ACCESS_KEY_ID: "testing",
          AWS_SECRET_ACCESS_KEY: "testing",
          AWS_MAX_ATTEMPTS: "1",
        },
      },
    );
    assert.ok(chunksWith(meta(), SDK.aws).some((c) => files.includes(c)));
  });

  it("is the file kubectl runs", () => {
    assert.match(readFileSync(CLI, "utf8"), /^#!\/usr\/bin\/env node\n/);
  });
});
