/**
 * Progress on a terminal: one live line per member on stderr (discovering → mapping → checking,
 * with elapsed time), erased before the report; stdout stays a clean JSON document. Without a
 * terminal, stderr stays quiet. The terminal is a real pseudo-terminal made by util-linux script.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { DoctorDocument } from "../../src/report/doctor.js";
import { CLI, cleanEnv, runCli } from "../support/cli.js";
import { clusterSetArgs, startClusterSet } from "../support/harness.js";
import { healthyScenario } from "../support/scenarios.js";

describe("progress display", () => {
  it("draws per-member lines on a terminal's stderr, never on stdout", async () => {
    // east answers late, so that its line is seen while west is done.
    const cs = await startClusterSet(healthyScenario(), { overrides: { east: { delayMs: 150 } } });
    try {
      const out = join(mkdtempSync(join(tmpdir(), "antrea-mc-tty-")), "doc.json");
      const command = `${CLI} doctor --kubeconfig ${cs.kubeconfig} --context ${cs.contexts.join(",")} --no-aws -o json > ${out}`;
      // script gives the command a pseudo-terminal; its own stdout is what the terminal showed.
      const shown = await runCli(["-qec", command, "/dev/null"], {
        env: cleanEnv({ TERM: "xterm" }),
        command: ["script"],
      });
      assert.equal(shown.code, 0, shown.stdout);
      const screen = shown.stdout;
      const doc = JSON.parse(readFileSync(out, "utf8")) as DoctorDocument;
      assert.equal(doc.summary.fail, 0);
      assert.match(screen, /west\s+discovering \(Kubernetes\)… +\d+\.\ds/);
      assert.match(screen, /east\s+discovered +\d+\.\ds|east\s+discovering/);
      assert.match(screen, /checking…/);
      assert.match(screen, /elapsed \d+\.\ds/);
      // Erased at the end: the last thing written moves the cursor up and clears to the end.
      const ESC = String.fromCharCode(27);
      assert.match(screen, new RegExp(`${ESC}\\[\\d+A${ESC}\\[0J$`));

      const piped = await runCli(["doctor", ...clusterSetArgs(cs), "--no-aws", "-o", "json"]);
      assert.equal(piped.code, 0);
      assert.equal(piped.stderr, "", "no terminal, no progress");
    } finally {
      await cs.close();
    }
  });
});
