/**
 * A typescript-eslint style test table for one check: `valid` cases must only pass, each `invalid`
 * case must produce the expected finding. Cases run the real collector (over an in-memory fake
 * API), the model builder and the engine restricted to the check under test.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runChecks } from "../../src/checks/engine.js";
import type { Check, CheckResult, Severity, Status } from "../../src/checks/types.js";
import type { MemberSpec } from "./fixtures/eks.js";
import { type MemberOverrides, modelOf } from "./memory-reader.js";
import { eastSpec, healthyScenario, type ScenarioMember, scenario, westSpec } from "./scenarios.js";

export interface CheckCase {
  name: string;
  /** The ClusterSet; default: the healthy west/east pair. */
  members?: () => ScenarioMember[];
  overrides?: Record<string, MemberOverrides>;
  /** Whose results to look at (default west); `peer` for pair checks. */
  member?: string;
  peer?: string;
}

export interface InvalidCase extends CheckCase {
  status: Exclude<Status, "pass">;
  severity?: Severity;
  message?: RegExp;
  remediation?: RegExp;
  resource?: RegExp;
}

/** A west/east ClusterSet with changes to either member's spec. */
export function pair(west: Partial<MemberSpec> = {}, east: Partial<MemberSpec> = {}) {
  return () => scenario([westSpec(west), eastSpec(east)]);
}

/** The healthy pair with `fn` applied to one member's objects. */
export function mutated(member: string, fn: (m: ScenarioMember) => void) {
  return () => {
    const members = healthyScenario();
    const m = members.find((x) => x.name === member);
    if (!m) throw new Error(`no member ${member}`);
    fn(m);
    return members;
  };
}

async function resultsOf(check: Check, c: CheckCase): Promise<CheckResult[]> {
  const model = await modelOf((c.members ?? healthyScenario)(), c.overrides);
  const member = c.member ?? "west";
  return runChecks(model, [check]).filter(
    (r) => r.member === member && (c.peer === undefined || r.peer === c.peer),
  );
}

const show = (rs: CheckResult[]) => JSON.stringify(rs, null, 2);

export function checkCases(
  check: Check,
  cases: { valid: CheckCase[]; invalid: InvalidCase[] },
): void {
  describe(check.id, () => {
    it("has documentation", () => {
      for (const text of Object.values(check.docs)) assert.ok(text.length > 20, check.id);
    });
    for (const c of cases.valid) {
      it(`valid: ${c.name}`, async () => {
        const results = await resultsOf(check, c);
        assert.ok(results.length > 0, `no result for ${c.member ?? "west"}`);
        assert.ok(
          results.every((r) => r.status === "pass"),
          show(results),
        );
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, async () => {
        const results = await resultsOf(check, c);
        const hit = results.find(
          (r) =>
            r.status === c.status &&
            (c.severity === undefined || r.severity === c.severity) &&
            (c.message === undefined || c.message.test(r.message)) &&
            (c.remediation === undefined || c.remediation.test(r.remediation ?? "")) &&
            (c.resource === undefined || c.resource.test(r.resource ?? "")),
        );
        assert.ok(hit, `expected ${c.status} ${c.message ?? ""}, got ${show(results)}`);
        if (c.status !== "unknown") assert.ok(hit.severity, "fail/warn carries a severity");
      });
    }
  });
}
