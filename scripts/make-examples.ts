/**
 * Regenerates examples/healthy and examples/broken: the test scenarios are served by the
 * Kubernetes API test server and snapshotted by the real `collect` command, so the examples are
 * exactly what the plugin writes. SOURCE_DATE_EPOCH pins the timestamp.
 *   npm run examples            rewrite examples/
 *   makeExamples(dir)           write them elsewhere (the test compares the two)
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { cleanEnv, runCli } from "../test/support/cli.js";
import { startClusterSet } from "../test/support/harness.js";
import { brokenScenario, healthyScenario } from "../test/support/scenarios.js";
import { buildDist } from "./build.js";

export const EXAMPLES_EPOCH = "1795608000"; // 2026-11-25T12:00:00Z

export async function makeExamples(root: string): Promise<void> {
  for (const [name, members] of [
    ["healthy", healthyScenario()],
    ["broken", brokenScenario()],
  ] as const) {
    const cs = await startClusterSet(members);
    try {
      const out = join(root, name);
      await rm(out, { recursive: true, force: true });
      const res = await runCli(["collect", "--kubeconfig", cs.kubeconfig, "--out", out], {
        env: cleanEnv({ SOURCE_DATE_EPOCH: EXAMPLES_EPOCH }),
      });
      if (res.code !== 0) throw new Error(`collect ${name} failed (${res.code}): ${res.stderr}`);
    } finally {
      await cs.close();
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildDist();
  await makeExamples(new URL("../examples/", import.meta.url).pathname);
}
