/**
 * npm run test:unit — node:test's runner over every test/**\/*.test.ts (or the files given), two
 * at a time, with a 180 s timeout per file and the spec reporter, as `node --test
 * --test-concurrency=2 --test-timeout=180000 --test-reporter=spec` would; exit code 1 on any
 * failure.
 *
 * Why not `node --test` itself: it sorts the files by path, so the release test (the longest,
 * ~70 s) started among the last and ran alone at the end while the other slot stood idle.
 * Here the long files go first, and the short ones fill both slots at the end. Files not named in
 * SLOW follow in sorted order, so a new file always runs; name it in SLOW if it takes 10 s or more.
 *
 * Usage: node --import tsx test/run.ts [test files…]
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { run } from "node:test";
import { spec } from "node:test/reporters";

/** Files of ~10 s or more, longest first: from ~67 s (release) to ~9 s, two slots on the 2-core machine. */
const SLOW = [
  "test/release/release.test.ts",
  "test/aws/setup-convergence.test.ts",
  "test/aws/setup-peering.test.ts",
  "test/aws/faults.test.ts",
  "test/aws/transit-gateway.test.ts",
  "test/aws/setup-transit.test.ts",
  "test/cli/doctor.test.ts",
  "test/verify/verify-run.test.ts",
  "test/verify/verify-paths.test.ts",
  "test/cli/kubeconfig-parity-network.test.ts",
  "test/aws/setup-rules.test.ts",
  "test/aws/access.test.ts",
  "test/aws/scaling.test.ts",
  "test/examples.test.ts",
  "test/cli/verify.test.ts",
  "test/cli/doctor-junit.test.ts",
  "test/aws/setup-iam.test.ts",
  "test/aws/setup-route-tables.test.ts",
  "test/verify/path-packets.test.ts",
  "test/verify/tunnel-packets.test.ts",
  "test/aws/setup-interrupt.test.ts",
  "test/aws/peering-fix-paste.test.ts",
  "test/aws/profiles.test.ts",
  "test/aws/network-parity.test.ts",
  "test/aws/setup-concurrent.test.ts",
  "test/aws/setup-commands.test.ts",
  "test/aws/healthy.test.ts",
  "test/aws/path-peerings.test.ts",
  "test/aws/members.test.ts",
  "test/aws/path-references-nacl.test.ts",
  "test/aws/settings.test.ts",
  "test/aws/secrets.test.ts",
  "test/aws/path-security-groups.test.ts",
  "test/aws/setup-tags.test.ts",
  "test/aws/path-routes.test.ts",
  "test/cli/doctor-wait.test.ts",
];

const ROOT = new URL("../", import.meta.url).pathname;
process.chdir(ROOT);

function allTestFiles(): string[] {
  const all = readdirSync("test", { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".test.ts"))
    .map((f) => join("test", f))
    .sort();
  return [...SLOW.filter((f) => all.includes(f)), ...all.filter((f) => !SLOW.includes(f))];
}

const args = process.argv.slice(2);
const tests = run({ files: args.length ? args : allTestFiles(), concurrency: 2, timeout: 180_000 });
tests.on("test:fail", (failed) => {
  if (!failed.todo) process.exitCode = 1;
});
tests.compose(new spec()).pipe(process.stdout);
