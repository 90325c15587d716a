import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { doctorExitCode, type FailOn, runChecks, summarize } from "../../src/checks/engine.js";
import { CHECKS } from "../../src/checks/registry.js";
import type { CheckResult, Severity } from "../../src/checks/types.js";
import { modelOf } from "../support/memory-reader.js";
import { BROKEN_FINDINGS, brokenScenario, healthyScenario } from "../support/scenarios.js";

/** Every check ID of the interface (docs/checks.md). */
const INTERFACE_IDS = [
  "kube.access",
  "antrea.agent-config",
  "antrea.traffic-mode",
  "antrea.multicluster-gate",
  "antrea.gateway-enabled",
  "antrea.mc-namespace",
  "mc.controller",
  "mc.clusterset",
  "mc.gateway-candidates",
  "mc.gateway",
  "mc.ip-precedence",
  "mc.clusterinfo",
  "mc.tunnel-consistency",
  "mc.leader",
  "antrea.version",
  "cidr.service-overlap",
  "cidr.pod-overlap",
  "cidr.pod-config",
  "aws.access",
  "aws.instance",
  "aws.eks-cluster",
  "aws.leader-path",
  "aws.quota",
  "aws.vpc-overlap",
  "aws.peering",
  "aws.transit-gateway",
  "aws.route",
  "aws.sg-ingress",
  "aws.sg-egress",
  "aws.nacl",
  "aws.node-to-gateway",
  "aws.public-path",
  "aws.mtu",
];

const r = (over: Partial<CheckResult>): CheckResult => ({
  id: "mc.gateway",
  member: "m",
  status: "pass",
  message: "",
  docs: "",
  ...over,
});

describe("engine", () => {
  it("registers every check of the contract, once", () => {
    assert.deepEqual(
      CHECKS.map((c) => c.id),
      INTERFACE_IDS,
    );
  });

  it("passes everything on the healthy ClusterSet (exit 0)", async () => {
    const results = runChecks(await modelOf(healthyScenario()));
    assert.deepEqual(
      results.filter((x) => x.status !== "pass"),
      [],
    );
    assert.equal(doctorExitCode(results), 0);
    // 14 member checks × 2 members + 3 unordered pair checks + 1 ordered pair check × 2.
    assert.equal(results.length, 14 * 2 + 3 + 2);
  });

  it("finds each fault of the broken ClusterSet on the member that owns it (exit 1)", async () => {
    const results = runChecks(await modelOf(brokenScenario()));
    const bad = results
      .filter((x) => x.status === "fail" || x.status === "warn")
      .map((x) => `${x.id} ${x.member}${x.peer ? `→${x.peer}` : ""}`);
    assert.deepEqual(bad.sort(), BROKEN_FINDINGS);
    assert.equal(doctorExitCode(results), 1);
    for (const x of results.filter((y) => y.status === "fail")) {
      assert.ok(x.remediation, `${x.id} has a remediation`);
      assert.match(x.docs, new RegExp(`/docs/checks\\.md#${x.id.replace(".", "\\.")}$`));
    }
  });

  it("reports the checks of an unreachable member as unknown and exits 3", async () => {
    const results = runChecks(
      await modelOf(healthyScenario(), {
        east: { failure: { kind: "unreachable", message: "connection refused" } },
      }),
    );
    const east = results.filter((x) => x.member === "east" || x.peer === "east");
    assert.equal(east.find((x) => x.id === "kube.access")?.status, "fail");
    assert.ok(east.filter((x) => x.id !== "kube.access").every((x) => x.status === "unknown"));
    assert.ok(
      results.filter((x) => x.member === "west" && !x.peer).every((x) => x.status === "pass"),
    );
    assert.equal(doctorExitCode(results), 3);
  });

  it("computes exit codes and summaries from statuses and severities", () => {
    assert.equal(
      doctorExitCode([r({ status: "warn", severity: "warning" }), r({ status: "unknown" })]),
      0,
    );
    assert.equal(doctorExitCode([r({ status: "warn", severity: "info" })]), 0);
    assert.equal(doctorExitCode([r({ status: "fail", severity: "error" })]), 1);
    assert.equal(
      doctorExitCode([
        r({ status: "fail", severity: "error" }),
        r({ id: "kube.access", status: "fail", severity: "error" }),
      ]),
      3,
    );
    assert.deepEqual(
      summarize([r({}), r({ status: "fail" }), r({ status: "fail" }), r({ status: "unknown" })]),
      { pass: 1, fail: 2, warn: 0, unknown: 1, info: 0 },
    );
    // An info finding is a warn, as the JSON has always counted it, and is also counted as info.
    assert.deepEqual(
      summarize([
        r({ status: "warn", severity: "info" }),
        r({ status: "warn", severity: "warning" }),
      ]),
      { pass: 0, fail: 0, warn: 2, unknown: 0, info: 1 },
    );
  });

  it("--fail-on: findings of that severity or worse fail the run", () => {
    const cases: [FailOn, Severity, number][] = [
      ["error", "error", 1],
      ["error", "warning", 0],
      ["error", "info", 0],
      ["warning", "error", 1],
      ["warning", "warning", 1],
      ["warning", "info", 0],
      ["info", "error", 1],
      ["info", "warning", 1],
      ["info", "info", 1],
    ];
    for (const [failOn, severity, code] of cases) {
      const status = severity === "error" ? "fail" : "warn";
      assert.equal(
        doctorExitCode([r({ status, severity })], failOn),
        code,
        `${failOn} ${severity}`,
      );
    }
    assert.equal(doctorExitCode([r({})], "info"), 0, "passes never fail the run");
  });
});
