/**
 * The scale benchmark (not a test): ClusterSets of N members over 3 Regions — a moto world built
 * through the AWS SDK and one Kubernetes API test server per member (50 Nodes, 2 Gateway
 * candidates) — peered within each Region only, so that doctor finds the cross-Region pairs
 * broken and setup --dry-run plans them. Requests are delayed (Kubernetes 50 ms, EC2 80 ms by
 * default) and the built CLI runs doctor and setup --dry-run against them; a naive per-pair reader
 * is measured on the same world for comparison.
 *
 * The last worlds join N members through transit gateways instead (one per Region, peered between
 * Regions; --transit-sizes, default 60,120), measured with doctor and setup --dry-run: the
 * gateways' reads are a few more per account and Region, never per pair, and setup walks every
 * pair's path through the gateways as doctor does.
 *
 *   npm run bench [-- --sizes 2,10,30,60 --transit-sizes 60,120 --kube-latency 50 --ec2-latency 80 --naive-up-to 30]
 *   npm run bench -- --runs 5   (each CLI run 5 times on the same world: median and range)
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { runChecks } from "../src/checks/engine.js";
import { MAX_IN_FLIGHT } from "../src/collect/aws/collect.js";
import { readSnapshot } from "../src/collect/snapshot/read.js";
import { buildModel } from "../src/model/build.js";
import { buildWorld, destroyWorld, type World } from "../test/support/aws-world.js";
import { CLI, cleanEnv } from "../test/support/cli.js";
import { startFaultProxy } from "../test/support/fault-proxy.js";
import { startMoto } from "../test/support/moto.js";
import { manySpecs } from "../test/support/scenarios.js";
import { type Clusters, startClustersInWorker } from "./bench/clusters-worker.js";
import { naivePairReads } from "./bench/naive.js";
import { criticalChain, type Interval } from "./bench/stages.js";

const { values: flags } = parseArgs({
  options: {
    sizes: { type: "string", default: "2,10,30,60" },
    "transit-sizes": { type: "string", default: "60,120" },
    nodes: { type: "string", default: "50" },
    "kube-latency": { type: "string", default: "50" },
    "ec2-latency": { type: "string", default: "80" },
    "naive-up-to": { type: "string", default: "30" },
    /** Run doctor and setup --dry-run this many times on each world (alternately). */
    runs: { type: "string", default: "1" },
    /** Print each run's critical path (the chain of requests behind the stage count). */
    trace: { type: "boolean", default: false },
    /** Keep the snapshot of the largest ClusterSet there (to profile evaluation). */
    "keep-snapshot": { type: "string" },
  },
});
const sizes = (flags.sizes ?? "").split(",").map(Number);
const transitSizes = (flags["transit-sizes"] ?? "").split(",").filter(Boolean).map(Number);
const NODES = Number(flags.nodes);
const KUBE_MS = Number(flags["kube-latency"]);
const EC2_MS = Number(flags["ec2-latency"]);
const NAIVE_UP_TO = Number(flags["naive-up-to"]);
const RUNS = Math.max(1, Number(flags.runs));

interface Measure {
  n: number;
  run: string;
  code?: number;
  wallMs: number;
  rssMb?: number;
  kube: number;
  ec2: number;
  byOp: Map<string, number>;
  stages: number;
  /** Kubernetes requests by HTTP version, and the connections (TLS handshakes) they took. */
  http?: { versions: Record<string, number>; connections: number };
}

/** A measure over several runs of the same command on the same world. */
interface Row extends Measure {
  /** Every run's wall time, peak RSS and stages, for the median and the range. */
  all: { wallMs: number[]; rssMb: number[]; stages: number[] };
}

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? 0;

function row(runs: Measure[]): Row {
  const first = runs[0];
  if (!first) throw new Error("no run");
  const of = (f: (m: Measure) => number | undefined) =>
    runs.map(f).filter((x): x is number => x !== undefined);
  const all = {
    wallMs: of((m) => m.wallMs),
    rssMb: of((m) => m.rssMb),
    stages: of((m) => m.stages),
  };
  return {
    ...first,
    wallMs: median(all.wallMs),
    ...(all.rssMb.length ? { rssMb: median(all.rssMb) } : {}),
    stages: median(all.stages),
    all,
  };
}

const rows: Row[] = [];
const evaluation: string[] = [];
const moto = await startMoto();
const proxy = await startFaultProxy(moto.endpoint);

/** Runs the built CLI with the Kubernetes and EC2 latencies on; counts what reached the servers. */
async function measured(
  n: number,
  run: string,
  kube: Clusters | undefined,
  go: () => Promise<number | undefined>,
): Promise<Measure> {
  await kube?.reset();
  proxy.counts.clear();
  proxy.timings.length = 0;
  proxy.latency(EC2_MS);
  const started = performance.now();
  const code = await go();
  const wallMs = performance.now() - started;
  proxy.latency(0);
  const seen = (await kube?.stats()) ?? { timings: [], requests: 0, connections: 0 };
  // Lanes: each member's API server, then each Region's EC2 (one account here). EC2 reads need
  // the instances the clusters name, so the critical path is the slowest member's Kubernetes
  // chain plus the slowest Region's EC2 chain; chaining across lanes would count requests that
  // merely happened one after another.
  const regions = new Map<string, Interval[]>();
  for (const iv of proxy.timings) {
    const region = iv[2]?.split(" ")[1] ?? "";
    regions.set(region, [...(regions.get(region) ?? []), iv]);
  }
  const slowest = (lanes: Interval[][]) =>
    lanes
      .map((l) => criticalChain(l))
      .reduce<Interval[]>((a, b) => (b.length > a.length ? b : a), []);
  const chain = [...slowest(seen.timings), ...slowest([...regions.values()])];
  const byOp = new Map([...proxy.counts].filter(([k]) => k.startsWith("ec2:")));
  const result: Measure = {
    n,
    run,
    ...(code !== undefined ? { code } : {}),
    wallMs,
    kube: seen.requests,
    ...("httpVersions" in seen
      ? { http: { versions: seen.httpVersions, connections: seen.connections } }
      : {}),
    ec2: [...proxy.counts.values()].reduce((a, b) => a + b, 0),
    byOp,
    stages: chain.length,
  };
  if (flags.trace) {
    const t0 = chain[0]?.[0] ?? 0;
    console.error(`critical path of ${run}, N = ${n}:`);
    for (const [s, e, label] of chain)
      console.error(`  +${s - t0} ms → +${e - t0} ms  ${label ?? ""}`);
    console.error("  all EC2/STS requests:");
    for (const [s, e, label] of [...proxy.timings].sort((x, y) => x[0] - y[0]))
      console.error(`    +${s - t0} ms → +${e - t0} ms  ${label}`);
  }
  return result;
}

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; rssMb: number }> {
  const out = join(mkdtempSync(join(tmpdir(), "antrea-mc-bench-")), "usage.json");
  return new Promise((resolve, reject) => {
    const child = spawn(CLI, args, {
      env: {
        ...env,
        NODE_OPTIONS: `--require ${new URL("bench/rss.cjs", import.meta.url).pathname}`,
        ANTREA_MC_BENCH_OUT: out,
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0 && code !== 1)
        return reject(new Error(`${args[0]} exited ${code}: ${stderr}`));
      const usage = JSON.parse(readFileSync(out, "utf8")) as { maxRssBytes: number };
      if (flags.trace) console.error(`${args[0]}: ${JSON.stringify(usage)}`);
      rmSync(join(out, ".."), { recursive: true, force: true });
      resolve({ code: code ?? -1, rssMb: usage.maxRssBytes / 2 ** 20 });
    });
  });
}

const worlds = [
  ...sizes.map((n) => ({ n, transit: false })),
  ...transitSizes.map((n) => ({ n, transit: true })),
];
for (const { n, transit } of worlds) {
  const t0 = performance.now();
  await moto.reset();
  const specs = manySpecs(n, { nodes: NODES });
  const world: World = await buildWorld(
    moto,
    specs.map((spec, i) => ({
      spec,
      aws: { vpcCidr: `10.${i + 1}.0.0/16`, candidatesOnly: true },
    })),
    transit
      ? { transit: true, concurrency: 4 }
      : { pairs: (a, b) => a.region === b.region, concurrency: 4 },
  );
  const cs = await startClustersInWorker(world.kube, KUBE_MS);
  const built = ((performance.now() - t0) / 1000).toFixed(0);
  const env = cleanEnv({ ...moto.env, AWS_ENDPOINT_URL: proxy.url });
  const base = ["--kubeconfig", cs.kubeconfig, ...world.awsArgs, "-o", "json"];
  try {
    const commands: [string, string[]][] = transit
      ? [
          ["doctor (transit gateways)", ["doctor", ...base]],
          ["setup --dry-run (transit gateways)", ["setup", "--dry-run", ...base]],
        ]
      : [
          ["doctor", ["doctor", ...base]],
          ["setup --dry-run", ["setup", "--dry-run", ...base]],
        ];
    const runs = new Map<string, Measure[]>(commands.map(([name]) => [name, []]));
    for (let i = 0; i < RUNS; i++) {
      for (const [name, args] of commands) {
        let rss = 0;
        const m = await measured(n, name, cs, async () => {
          const r = await cli(args, env);
          rss = r.rssMb;
          return r.code;
        });
        runs.get(name)?.push({ ...m, rssMb: rss });
      }
    }
    for (const measures of runs.values()) rows.push(row(measures));
    if (n <= NAIVE_UP_TO && !transit) {
      const naive = await measured(n, "naive per-pair reads (EC2)", undefined, async () => {
        await naivePairReads(
          world.members.map((m, i) => ({
            region: m.region,
            instanceIds: (specs[i]?.candidates ?? []).map((c) => m.instanceIds[c] ?? ""),
          })),
          proxy.url,
          {
            accessKeyId: moto.env.AWS_ACCESS_KEY_ID ?? "",
            secretAccessKey: moto.env.AWS_SECRET_ACCESS_KEY ?? "",
          },
          MAX_IN_FLIGHT,
        );
        return undefined;
      });
      rows.push(row([naive]));
    }
    // Evaluation alone: the model and every check on a snapshot of this world, CPU time.
    if (n === Math.max(...sizes) && !transit) {
      const dir = mkdtempSync(join(tmpdir(), "antrea-mc-bench-snap-"));
      await cli(["collect", "--out", join(dir, "s"), ...base.slice(0, -2)], env);
      const { raw } = await readSnapshot(join(dir, "s"));
      const cpu = process.cpuUsage();
      const t = performance.now();
      const results = runChecks(buildModel(raw));
      const used = process.cpuUsage(cpu);
      const pairs = (n * (n - 1)) / 2;
      evaluation.push(
        `evaluation, N = ${n} (${pairs} pairs, ${results.length} results): ${((used.user + used.system) / 1000).toFixed(0)} ms CPU, ${(performance.now() - t).toFixed(0)} ms wall`,
      );
      if (flags["keep-snapshot"]) {
        rmSync(flags["keep-snapshot"], { recursive: true, force: true });
        renameSync(join(dir, "s"), flags["keep-snapshot"]);
      }
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    await cs.close();
    destroyWorld(world);
  }
  console.error(
    `N = ${n}: world built in ${built} s, measured in ${((performance.now() - t0) / 1000 - Number(built)).toFixed(0)} s`,
  );
}
await proxy.close();
await moto.stop();

const ops = (m: Map<string, number>) =>
  [...m]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k.replace(/^ec2:(Describe)?/, "")} ${v}`)
    .join(", ");
/** The median, and over several runs the range: "351 MB (345–364)". */
function spread(xs: number[], show: (x: number) => string): string {
  if (xs.length === 0) return "";
  const [min, max] = [Math.min(...xs), Math.max(...xs)];
  const range = xs.length > 1 ? ` (${show(min).replace(/ .*/, "")}–${show(max)})` : "";
  return `${show(median(xs))}${range}`;
}
const table = [
  "| N | pairs | run | exit | wall | peak RSS | Kubernetes requests | EC2+STS requests | sequential stages | EC2 requests by operation |",
  "|---:|---:|---|---:|---:|---:|---:|---:|---:|---|",
  ...rows.map(
    (r) =>
      `| ${r.n} | ${(r.n * (r.n - 1)) / 2} | ${r.run} | ${r.code ?? ""} | ${spread(r.all.wallMs, (ms) => `${(ms / 1000).toFixed(2)} s`)} | ${spread(r.all.rssMb, (mb) => `${mb.toFixed(0)} MB`)} | ${r.kube || ""} | ${r.ec2} | ${spread(r.all.stages, String)} | ${ops(r.byOp)} |`,
  ),
];
const protocols = rows
  .filter((r) => r.http)
  .map((r) => {
    const versions = Object.entries(r.http?.versions ?? {})
      .map(([v, count]) => `HTTP/${v.replace(/\.0$/, "")} ${count}`)
      .join(", ");
    return `N = ${r.n}, ${r.run}: Kubernetes requests ${versions}, over ${r.http?.connections} connections (first run)`;
  });
const ratio = sizes
  .filter((n) => n <= NAIVE_UP_TO)
  .map((n) => {
    const ours = rows.find((r) => r.n === n && r.run === "doctor");
    const naive = rows.find((r) => r.n === n && r.run.startsWith("naive"));
    return ours && naive
      ? `N = ${n}: ${(naive.ec2 / ours.ec2).toFixed(1)}× fewer EC2 requests, ${(naive.wallMs / ours.wallMs).toFixed(1)}× less wall time than the naive reads alone`
      : "";
  })
  .filter(Boolean);
console.log(
  [
    `Latency injected: Kubernetes ${KUBE_MS} ms, EC2/STS ${EC2_MS} ms per request; ${NODES} Nodes per member, 2 Gateway candidates; 3 Regions, one account.`,
    ...(RUNS > 1
      ? [
          `doctor and setup --dry-run ran ${RUNS} times each on every world: wall, peak RSS and stages are the median (min–max).`,
        ]
      : []),
    "",
    ...table,
    "",
    ...protocols,
    ...ratio,
    ...evaluation,
  ].join("\n"),
);
