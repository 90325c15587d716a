/**
 * applyPlan with a scripted writer: a change that is already there (RouteAlreadyExists,
 * InvalidPermission.Duplicate — e.g. made by a concurrent run) counts as done and what depends on
 * it still runs; any other error stops the run, and what depends on it is not run.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyPlan } from "../../src/apply/run.js";
import type { Ec2Writer } from "../../src/apply/writer.js";
import type { Plan, Step } from "../../src/plan/types.js";
import { silentReporter } from "../../src/report/progress.js";

const step = (id: string, action: Step["action"], after: string[] = []): Step => ({
  id,
  member: "west",
  action,
  region: "us-west-2",
  params: {},
  reason: "aws.route",
  why: "test",
  resource: `r-${id}`,
  after,
});

function writer(errors: Record<string, string>): Ec2Writer & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    call: async (action) => {
      calls.push(action);
      const code = errors[action];
      if (code) throw Object.assign(new Error(`${code} scripted`), { name: code });
      return {};
    },
    peeringStatus: async () => "active",
    destroy: () => {},
  };
}

const plan = (steps: Step[]): Plan => ({ clusterSet: "cs", steps, unfixable: [] });
const opts = { reporter: silentReporter, waitTimeoutMs: 1000, pollMs: 10 };

describe("applyPlan", () => {
  it("counts a change that is already there as done, and goes on", async () => {
    const w = writer({
      CreateRoute: "RouteAlreadyExists",
      AuthorizeSecurityGroupIngress: "InvalidPermission.Duplicate",
    });
    const out = await applyPlan(
      plan([
        step("s1", "CreateRoute"),
        step("s2", "CreateTags", ["s1"]),
        step("s3", "AuthorizeSecurityGroupIngress"),
      ]),
      () => w,
      opts,
    );
    assert.deepEqual(out.map((o) => `${o.step.id} ${o.status} ${o.message ?? ""}`.trim()).sort(), [
      "s1 done-already RouteAlreadyExists",
      "s2 applied",
      "s3 done-already InvalidPermission.Duplicate",
    ]);
  });

  it("stops at any other error: what depends on the failed step is not run", async () => {
    const w = writer({ CreateRoute: "InvalidRouteTableID.NotFound" });
    const out = await applyPlan(
      plan([step("s1", "CreateRoute"), step("s2", "CreateTags", ["s1"])]),
      () => w,
      opts,
    );
    assert.equal(out.find((o) => o.step.id === "s1")?.status, "failed");
    assert.match(
      out.find((o) => o.step.id === "s1")?.message ?? "",
      /^InvalidRouteTableID\.NotFound: /,
    );
    assert.notEqual(out.find((o) => o.step.id === "s2")?.status, "applied");
    assert.deepEqual(w.calls, ["CreateRoute"]);
  });
});
