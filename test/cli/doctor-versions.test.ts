/**
 * antrea.version through the CLI, against the test API servers: a ClusterSet whose member
 * controller cannot discover its Service CIDR on Kubernetes 1.33 (Antrea v2.4.1, fixed in v2.5.0),
 * and the healthy one (v2.7.0). The versions come from the live images, as a run reads them.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { DoctorDocument } from "../../src/report/doctor.js";
import { runCli } from "../support/cli.js";
import { clusterSetArgs, type RunningClusterSet, startClusterSet } from "../support/harness.js";
import { eastSpec, healthyScenario, scenario, westSpec } from "../support/scenarios.js";

async function versionCheck(cs: RunningClusterSet) {
  const res = await runCli([
    "doctor",
    ...clusterSetArgs(cs),
    "--no-aws",
    "--only",
    "antrea.version",
    "-o",
    "json",
  ]);
  const doc = JSON.parse(res.stdout) as DoctorDocument;
  // kube.access always runs too (--only keeps the access checks).
  return {
    code: res.code,
    stderr: res.stderr,
    checks: doc.checks.filter((c) => c.id === "antrea.version"),
  };
}

describe("antrea.version against the test API servers", () => {
  let old: RunningClusterSet;
  let healthy: RunningClusterSet;
  before(async () => {
    [old, healthy] = await Promise.all([
      startClusterSet(
        scenario([westSpec({ antreaVersion: "v2.4.1" }), eastSpec({ antreaVersion: "v2.4.1" })]),
      ),
      startClusterSet(healthyScenario()),
    ]);
  });
  after(async () => {
    await Promise.all([old.close(), healthy.close()]);
  });

  it("v2.4.1 on Kubernetes 1.33 without serviceCIDR: an error naming v2.5.0 (exit 1)", async () => {
    const { code, stderr, checks } = await versionCheck(old);
    assert.equal(code, 1, stderr);
    assert.equal(checks.length, 2);
    const byMember = Object.fromEntries(checks.map((c) => [c.member, c]));
    assert.equal(byMember.west?.status, "fail");
    assert.equal(byMember.west?.severity, "error");
    assert.match(
      byMember.west?.message ?? "",
      /antrea-mc-controller v2\.4\.1 cannot discover the Service CIDR on Kubernetes v1\.33\..*fixed in v2\.5\.0: https:\/\/github\.com\/antrea-io\/antrea\/pull\/7291/,
    );
    // east runs Kubernetes 1.32, where the old discovery still works.
    assert.equal(byMember.east?.status, "pass", JSON.stringify(byMember.east));
  });

  it("v2.7.0 everywhere: passes (exit 0)", async () => {
    const { code, stderr, checks } = await versionCheck(healthy);
    assert.equal(code, 0, stderr);
    assert.deepEqual(
      checks.map((c) => `${c.member} ${c.status} ${c.message}`),
      [
        "west pass antrea-agent v2.7.0, antrea-mc-controller v2.7.0: no known problem for this setup",
        "east pass antrea-agent v2.7.0, antrea-mc-controller v2.7.0: no known problem for this setup",
      ],
    );
  });
});
