/**
 * A typescript-eslint style test table for one check: `valid` cases must only pass, each `invalid`
 * case must produce the expected finding. Cases run the real collector (over an in-memory fake
 * API), the model builder and the engine restricted to the check under test. A case may carry an
 * AWS side (test/support/aws-answers.ts: the answers of an in-memory EC2 world, with faults), or
 * be a snapshot directory (its clusters/ and aws/ files, read as doctor --snapshot reads them).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runChecks } from "../../src/checks/engine.js";
import type { Check, CheckResult, Severity, Status } from "../../src/checks/types.js";
import { readSnapshot } from "../../src/collect/snapshot/read.js";
import { buildModel } from "../../src/model/build.js";
import type { ClusterSetModel } from "../../src/model/types.js";
import type { WorldOptions } from "./aws-answers.js";
import { awsModelOf } from "./aws-scenarios.js";
import type { MemberSpec } from "./fixtures/eks.js";
import { type LeaderChoice, type MemberOverrides, modelOf } from "./memory-reader.js";
import { eastSpec, healthyScenario, type ScenarioMember, scenario, westSpec } from "./scenarios.js";

export interface CheckCase {
  name: string;
  /** The ClusterSet; default: the healthy west/east pair. */
  members?: () => ScenarioMember[];
  overrides?: Record<string, MemberOverrides>;
  /** Which cluster is read as the leader (default: the member that runs it). */
  leader?: LeaderChoice;
  /** The AWS side of the members (absent: AWS not inspected, the AWS checks do not run). */
  aws?: WorldOptions;
  /** A snapshot directory (clusters/ and aws/) instead of members, overrides and aws. */
  snapshot?: string;
  /** Whose results to look at (default west); `peer` for pair checks. */
  member?: string;
  peer?: string;
  /** valid: some pass says this; invalid: the finding's message. A string must match exactly. */
  message?: Match;
  /** How many results the check gives for the member (and peer): pins how findings are grouped. */
  count?: number;
}

/** A pattern, or the exact text. */
export type Match = RegExp | string;

const matches = (m: Match | undefined, text: string | undefined) =>
  m === undefined || (typeof m === "string" ? m === text : m.test(text ?? ""));

export interface InvalidCase extends CheckCase {
  status: Exclude<Status, "pass">;
  severity?: Severity;
  /** null: the finding has no fix. */
  remediation?: Match | null;
  /** The fix as the table shows it (remediationText); null: the finding has none. */
  remediationText?: Match | null;
  /** The fix is manual (true) or not (false). */
  manual?: boolean;
  resource?: Match;
  /** The Node–Gateway leg the finding is about (aws.node-to-gateway); null: none. */
  leg?: CheckResult["leg"] | null;
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

async function caseModel(c: CheckCase): Promise<ClusterSetModel> {
  if (c.snapshot) return buildModel((await readSnapshot(c.snapshot)).raw);
  const members = (c.members ?? healthyScenario)();
  if (c.aws) return (await awsModelOf(members, c.aws, c.overrides, c.leader)).model;
  return modelOf(members, c.overrides, c.leader);
}

async function resultsOf(check: Check, c: CheckCase): Promise<CheckResult[]> {
  const model = await caseModel(c);
  const member = c.member ?? "west";
  return runChecks(model, [check]).filter(
    (r) => r.member === member && (c.peer === undefined || r.peer === c.peer),
  );
}

const show = (rs: CheckResult[]) => JSON.stringify(rs, null, 2);

/** `defaults` apply to every case (e.g. the AWS pair and its healthy world). */
export function checkCases(
  check: Check,
  cases: { valid: CheckCase[]; invalid: InvalidCase[] },
  defaults: Partial<CheckCase> = {},
): void {
  const withDefaults = <T extends CheckCase>(c: T): T => ({ ...defaults, ...c });
  describe(check.id, () => {
    it("has documentation", () => {
      for (const text of Object.values(check.docs)) assert.ok(text.length > 20, check.id);
    });
    for (const v of cases.valid) {
      const c = withDefaults(v);
      it(`valid: ${c.name}`, async () => {
        const results = await resultsOf(check, c);
        assert.ok(results.length > 0, `no result for ${c.member ?? "west"}`);
        assert.ok(
          results.every((r) => r.status === "pass"),
          show(results),
        );
        if (c.message !== undefined)
          assert.ok(
            results.some((r) => matches(c.message, r.message)),
            `expected a pass saying ${c.message}, got ${show(results)}`,
          );
        if (c.count !== undefined) assert.equal(results.length, c.count, show(results));
      });
    }
    for (const i of cases.invalid) {
      const c = withDefaults(i);
      it(`invalid: ${c.name}`, async () => {
        const results = await resultsOf(check, c);
        const hit = results.find(
          (r) =>
            r.status === c.status &&
            (c.severity === undefined || r.severity === c.severity) &&
            matches(c.message, r.message) &&
            (c.remediation === null
              ? r.remediation === undefined
              : matches(c.remediation, r.remediation)) &&
            (c.remediationText === null
              ? r.remediationText === undefined
              : matches(c.remediationText, r.remediationText)) &&
            (c.manual === undefined || (r.manual === true) === c.manual) &&
            matches(c.resource, r.resource) &&
            (c.leg === undefined || r.leg === (c.leg ?? undefined)),
        );
        assert.ok(hit, `expected ${c.status} ${c.message ?? ""}, got ${show(results)}`);
        if (c.status !== "unknown") assert.ok(hit.severity, "fail/warn carries a severity");
        if (c.count !== undefined) assert.equal(results.length, c.count, show(results));
      });
    }
  });
}
