/**
 * Property-based tests (fast-check): whatever bytes or YAML reach a parser — the --config file, a
 * kubeconfig, the Antrea ConfigMaps, a snapshot file, a flag value, completion words — the result
 * is a value, a finding, or a UsageError (exit 2); never another exception.
 */
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { stringify } from "yaml";
import { runChecks } from "../../src/checks/engine.js";
import { complete, completionSpec } from "../../src/cli/complete.js";
import { cliCommands } from "../../src/cli/index.js";
import { parseDuration } from "../../src/cli/options.js";
import { loadKubeconfig } from "../../src/collect/kube/kubeconfig.js";
import { readSnapshot } from "../../src/collect/snapshot/read.js";
import { readClusterSetFile } from "../../src/config/file.js";
import { parseKeyed } from "../../src/config/settings.js";
import { UsageError } from "../../src/errors.js";
import { buildModel } from "../../src/model/build.js";
import { rawClusterSet } from "../support/memory-reader.js";
import { healthyScenario } from "../support/scenarios.js";

const RUNS = { numRuns: 150, seed: 20261125 };

/** Text that is sometimes YAML-shaped: arbitrary strings, and YAML of arbitrary values. */
const text = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.anything({ maxDepth: 3 }).map((v) => {
    try {
      return stringify(v) ?? "";
    } catch {
      return String(v);
    }
  }),
  fc
    .record({
      members: fc.array(
        fc.record({ context: fc.anything({ maxDepth: 1 }), aws: fc.anything({ maxDepth: 2 }) }),
        { maxLength: 3 },
      ),
    })
    .map((v) => stringify(v) ?? ""),
);

/** Runs `f`; a UsageError is an accepted outcome (exit 2), anything else thrown is a bug. */
function usageOrValue(f: () => unknown): void {
  try {
    f();
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    assert.ok(err.message.length > 0 && !err.message.includes("\n    at "), "a one-line reason");
  }
}

const tmpFile = (name: string, content: string | Uint8Array) => {
  const path = join(mkdtempSync(join(tmpdir(), "antrea-mc-fuzz-")), name);
  writeFileSync(path, content);
  return path;
};

describe("parsers under random input", () => {
  it("--config: a ClusterSet file or a UsageError naming it", () => {
    fc.assert(
      fc.property(text, (t) => {
        const path = tmpFile("cs.yaml", t);
        usageOrValue(() => readClusterSetFile(path));
      }),
      RUNS,
    );
  });

  it("--kubeconfig: a kubeconfig or a UsageError", () => {
    fc.assert(
      fc.property(text, (t) => {
        const path = tmpFile("config", t);
        usageOrValue(() => loadKubeconfig(path, {}));
      }),
      RUNS,
    );
  });

  it("flag values: durations and CONTEXT=VALUE lists", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.array(fc.string({ maxLength: 30 }), { maxLength: 4 }),
        (d, list) => {
          usageOrValue(() => parseDuration(d, "request-timeout"));
          usageOrValue(() => parseKeyed(list, "aws-region", () => true));
        },
      ),
      RUNS,
    );
  });

  it("completion: candidates for any words", () => {
    const spec = completionSpec(cliCommands(() => {}));
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 20 }), { maxLength: 6 }), (words) => {
        complete(words, spec, () => ["a"]);
      }),
      RUNS,
    );
  });

  it("antrea-agent.conf and controller_manager_config.yaml: findings, never a crash", async () => {
    const base = await rawClusterSet(healthyScenario());
    await fc.assert(
      fc.asyncProperty(text, text, async (agent, controller) => {
        const raw = structuredClone(base);
        for (const m of raw.members) {
          const list = m.resources.configmaps;
          const items = list?.ok ? (list.value.items as { data?: Record<string, string> }[]) : [];
          for (const cm of items) {
            if (cm.data?.["antrea-agent.conf"] !== undefined) cm.data["antrea-agent.conf"] = agent;
            if (cm.data?.["controller_manager_config.yaml"] !== undefined)
              cm.data["controller_manager_config.yaml"] = controller;
          }
        }
        const results = runChecks(buildModel(raw));
        assert.ok(results.length > 0);
      }),
      { ...RUNS, numRuns: 80 },
    );
  });

  it("a snapshot with one file replaced by random bytes or cut short: a verdict or a UsageError", async () => {
    const example = new URL("../../examples/broken", import.meta.url).pathname;
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) =>
        statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)],
      );
    const names = files(example).map((f) => relative(example, f));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.nat({ max: 2000 })),
        async (name, damage) => {
          const dir = mkdtempSync(join(tmpdir(), "antrea-mc-fuzz-snap-"));
          cpSync(example, dir, { recursive: true });
          const original = join(dir, name);
          if (typeof damage === "number") {
            writeFileSync(original, readFileSync(original).subarray(0, damage));
          } else writeFileSync(original, damage);
          try {
            const { raw } = await readSnapshot(dir);
            runChecks(buildModel(raw));
          } catch (err) {
            if (!(err instanceof UsageError)) throw err;
          }
        },
      ),
      { ...RUNS, numRuns: 60 },
    );
  });
});
