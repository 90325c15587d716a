/**
 * Benchmarks (not tests): start-up of the built CLI for --help and version (which must not load the
 * SDKs), an offline doctor run, and the pure model + checks on a large synthetic ClusterSet.
 *   npm run bench:model
 */
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { doctorExitCode, runChecks } from "../src/checks/engine.js";
import { buildModel } from "../src/model/build.js";
import { CLI } from "../test/support/cli.js";
import type { NodeSpec } from "../test/support/fixtures/eks.js";
import { rawClusterSet } from "../test/support/memory-reader.js";
import { eastSpec, scenario, westSpec } from "../test/support/scenarios.js";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function timeCli(args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(CLI, args, { stdio: "ignore" });
    if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(" ")} exited ${r.status}`);
    times.push(performance.now() - t);
  }
  return median(times);
}

function nodes(prefix: string, zone: string, count: number): NodeSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    ip: `${prefix}.${Math.floor(i / 250)}.${(i % 250) + 2}`,
    zone,
  }));
}

const rows: [string, string][] = [];
rows.push(["kubectl-antrea_mc --help (median of 10)", `${timeCli(["--help"], 10).toFixed(0)} ms`]);
rows.push([
  "kubectl-antrea_mc version (median of 10)",
  `${timeCli(["version"], 10).toFixed(0)} ms`,
]);
rows.push([
  "doctor --snapshot examples/broken (median of 5)",
  `${timeCli(["doctor", "--snapshot", "examples/broken"], 5).toFixed(0)} ms`,
]);

const big = scenario([
  westSpec({ nodes: nodes("10.10", "us-west-2a", 1000), podsPerNode: 20 }),
  eastSpec({ nodes: nodes("10.20", "us-east-1a", 1000), podsPerNode: 20 }),
]);
const raw = await rawClusterSet(big);
let t = performance.now();
const model = buildModel(raw);
rows.push(["model of 2 × 1000 Nodes, 2 × 20000 Pods", `${(performance.now() - t).toFixed(0)} ms`]);
t = performance.now();
const results = runChecks(model);
rows.push([
  `checks on it (${results.length} results, exit ${doctorExitCode(results)})`,
  `${(performance.now() - t).toFixed(0)} ms`,
]);

const width = Math.max(...rows.map(([k]) => k.length));
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
