/**
 * doctor --wait: reads the clusters again until every check passes — here a member whose Gateway
 * is turned on while doctor waits — and gives up at --timeout with the last verdict.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DoctorDocument } from "../../src/report/doctor.js";
import { runCli } from "../support/cli.js";
import { startClusterSet } from "../support/harness.js";
import { healthyScenario } from "../support/scenarios.js";

interface ConfigMap {
  kind: string;
  metadata: { name: string };
  data: Record<string, string>;
}

/** Turns multicluster.enableGateway off in west's antrea-config; returns the undo. */
function gatewayOff(members: ReturnType<typeof healthyScenario>): () => void {
  const cm = members[0]?.objects.find(
    (o) =>
      (o as unknown as ConfigMap).kind === "ConfigMap" &&
      (o as unknown as ConfigMap).metadata.name === "antrea-config",
  ) as unknown as ConfigMap;
  const conf = cm.data["antrea-agent.conf"] ?? "";
  assert.match(conf, /enableGateway: true/);
  cm.data["antrea-agent.conf"] = conf.replace("enableGateway: true", "enableGateway: false");
  return () => {
    cm.data["antrea-agent.conf"] = conf;
  };
}

/** west's Gateway turned off, the API servers up, and doctor --wait's arguments for them. */
async function brokenGateway(test: (args: string[], undo: () => void) => Promise<void>) {
  const members = healthyScenario();
  const undo = gatewayOff(members);
  const cs = await startClusterSet(members);
  try {
    await test(
      [
        "doctor",
        "--kubeconfig",
        cs.kubeconfig,
        "--no-aws",
        "-o",
        "json",
        "--wait",
        "--interval",
        "1s",
      ],
      undo,
    );
  } finally {
    await cs.close();
  }
}

describe("doctor --wait", () => {
  it("waits while a check fails, and passes once it is fixed", () =>
    brokenGateway(async (base, undo) => {
      let fixed = false;
      const res = await runCli([...base, "--timeout", "60s"], {
        onStderr: (stderr) => {
          if (!fixed && stderr.includes("waiting (round 1)")) {
            fixed = true;
            undo();
          }
        },
      });
      assert.equal(res.code, 0, res.stderr);
      assert.match(
        res.stderr,
        /^waiting \(round 1\) for: antrea\.gateway-enabled west.*; again in 1s, giving up in \d+s$/m,
      );
      assert.doesNotMatch(res.stderr, /round 2/);
      const doc = JSON.parse(res.stdout) as DoctorDocument;
      assert.equal(doc.summary.fail, 0, "one report, the passing one");
    }));

  it("gives up at --timeout with the last verdict, and does not wait when all passes", () =>
    brokenGateway(async (base, undo) => {
      const res = await runCli([...base, "--timeout", "6s"]);
      assert.equal(res.code, 1, res.stderr);
      assert.match(res.stderr, /waiting \(round 1\)/);
      assert.match(res.stderr, /warning: gave up waiting after \d round\(s\): --timeout reached/);
      assert.ok((JSON.parse(res.stdout) as DoctorDocument).summary.fail > 0);
      undo();
      const ok = await runCli([...base, "--timeout", "30s"]);
      assert.equal(ok.code, 0, ok.stderr);
      assert.equal(ok.stderr, "");
    }));
});
