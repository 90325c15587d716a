/**
 * doctor and setup decide from one analysis, so they cannot disagree silently. Over generated AWS
 * worlds (test/support/aws-arbitrary.ts):
 * - every failing finding of a check setup fixes has, for the same member and peer, a step of
 *   setup or an item setup leaves to the user with a fix;
 * - every step of setup answers a finding of doctor that does not pass, for the same pair.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { runChecks } from "../../src/checks/engine.js";
import { checkOf, fixableBySetup } from "../../src/checks/registry.js";
import type { CheckResult } from "../../src/checks/types.js";
import type { Plan, Step, Unfixable } from "../../src/plan/types.js";
import { awsWorlds } from "../support/aws-arbitrary.js";
import { awsModelOf } from "../support/aws-scenarios.js";
import { planFor } from "../support/plans.js";

/** Same member and peer; either way round for a check of unordered pairs (a peering). */
function samePair(
  r: Pick<CheckResult, "id" | "member" | "peer">,
  x: { member: string; peer?: string },
): boolean {
  if (x.member === r.member && x.peer === r.peer) return true;
  const check = checkOf(r.id);
  return check.scope === "pair" && !check.ordered && x.member === r.peer && x.peer === r.member;
}

/** What in the plan answers a failing finding, or undefined. */
function answer(plan: Plan, r: CheckResult): Step | Unfixable | undefined {
  return (
    plan.steps.find((s) => s.reason === r.id && samePair(r, s)) ??
    // The leader's side of a member's way to its API server is changed as the leader, for it.
    // A route the pair needs too is added once, by the pair's step, on the same table.
    (r.id === "aws.leader-path"
      ? plan.steps.find(
          (s) =>
            (s.reason === r.id && s.peer === r.member) ||
            ((s.action === "CreateRoute" || s.action === "ReplaceRoute") &&
              s.resource === r.resource) ||
            (s.reason === "aws.peering" && (s.member === r.member || s.peer === r.member)),
        )
      : undefined) ??
    // A route to a peering that is not active yet works once setup accepts or creates it.
    (r.id === "aws.route"
      ? plan.steps.find(
          (s) =>
            s.reason === "aws.peering" &&
            ((s.member === r.member && s.peer === r.peer) ||
              (s.member === r.peer && s.peer === r.member)),
        )
      : undefined) ??
    // An item with a fix; or, for a finding that has none itself (a Pod CIDR route no peering
    // can carry: nothing to do), the item that says so.
    plan.unfixable.find(
      (u) => u.check === r.id && samePair(r, u) && (!!u.remediation || !r.remediation),
    ) ??
    // The Gateways' route in the same table, left to the user with its fix, is the same route.
    (r.id === "aws.leader-path"
      ? plan.unfixable.find((u) => u.check === "aws.route" && u.resource === r.resource)
      : undefined) ??
    // A break on the way through a transit gateway the Gateways' tunnel shares: mended (or left)
    // once, for the first pair whose walk met it, on the same resource.
    (r.id === "aws.leader-path" || r.id === "aws.transit-gateway"
      ? (plan.steps.find((s) => s.reason === "aws.transit-gateway" && s.resource === r.resource) ??
        plan.unfixable.find((u) => u.check === "aws.transit-gateway" && u.resource === r.resource))
      : undefined)
  );
}

describe("doctor and setup agree", () => {
  it("on every generated world: each fixable failure is planned or left with a fix, each step answers a finding", async () => {
    let failures = 0;
    let steps = 0;
    await fc.assert(
      fc.asyncProperty(awsWorlds(), async (c) => {
        const { model } = await awsModelOf(c.members(), c.options);
        const results = runChecks(model);
        const plan = planFor(model);
        for (const r of results) {
          if (!fixableBySetup(r.id) || (r.status !== "fail" && r.status !== "warn")) continue;
          failures++;
          assert.ok(
            answer(plan, r),
            `doctor: ${r.id} ${r.member}→${r.peer} ${r.status}: ${r.message}\nplan: ${JSON.stringify(plan, null, 1)}`,
          );
        }
        for (const s of plan.steps) {
          steps++;
          if (s.reason === "setup") continue;
          const asked = results.some(
            (r) =>
              r.id === s.reason &&
              r.status !== "pass" &&
              (samePair(r, s) ||
                (r.id === "aws.leader-path" && s.peer === r.member) ||
                // A gateway's owner mends a break for whichever pair's walk met it first.
                (r.id === "aws.transit-gateway" && r.resource === s.resource)),
          );
          assert.ok(
            asked,
            `setup ${s.id} ${s.action} (${s.reason} ${s.member}→${s.peer}): doctor passes it\nsteps: ${JSON.stringify(plan.steps.map((x) => [x.id, x.member, x.action, x.params]))}\ndoctor: ${JSON.stringify(results.filter((r) => r.id.startsWith("aws.")).map((r) => [r.id, r.member, r.peer, r.status, r.message]))}`,
          );
        }
      }),
      { numRuns: 150, includeErrorInReport: true },
    );
    // The generator must reach both sides of the property, or it proves nothing.
    assert.ok(failures > 50, `only ${failures} fixable failures generated`);
    assert.ok(steps > 50, `only ${steps} steps generated`);
  });
});
