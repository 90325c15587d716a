/**
 * applyPlan with a scripted writer: a change that is already there (RouteAlreadyExists,
 * InvalidPermission.Duplicate — e.g. made by a concurrent run) counts as done and what depends on
 * it still runs; any other error stops the run, and what depends on it is not run.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyPlan, MAX_CHANGES_IN_FLIGHT, preflight } from "../../src/apply/run.js";
import type { Ec2Writer } from "../../src/apply/writer.js";
import type { Plan, Step } from "../../src/plan/types.js";
import { silentReporter } from "../../src/reporter.js";

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
    livePeerings: async () => [],
    attachmentState: async () => "available",
    vpcAttachments: async () => [],
    destroy: () => {},
  };
}

/** Peerings as one EC2 Region holds them, shared by writers that stand for concurrent setups. */
class FakePeerings {
  next = 0;
  readonly status = new Map<string, string>();
  readonly calls: string[] = [];
  /** IDs are handed out from a list, so a test decides which run's peering sorts first. */
  constructor(private readonly ids: string[]) {}
  writer(): Ec2Writer {
    return {
      call: async (action, params) => {
        this.calls.push(`${action} ${String(params.VpcPeeringConnectionId ?? "")}`.trim());
        if (action === "CreateVpcPeeringConnection") {
          const id = this.ids[this.next++] ?? "pcx-none";
          this.status.set(id, "pending-acceptance");
          return { VpcPeeringConnection: { VpcPeeringConnectionId: id } };
        }
        const id = String(params.VpcPeeringConnectionId);
        if (action === "DeleteVpcPeeringConnection") this.status.set(id, "deleted");
        if (action === "AcceptVpcPeeringConnection") {
          if (this.status.get(id) !== "pending-acceptance") {
            throw Object.assign(new Error("not pending"), {
              name: "InvalidStateTransition",
            });
          }
          this.status.set(id, "active");
        }
        return {};
      },
      peeringStatus: async (id) => this.status.get(id),
      livePeerings: async () =>
        [...this.status]
          .filter(([, s]) => s !== "deleted")
          .map(([id, status]) => ({ id, status }))
          .sort((a, b) => (a.id < b.id ? -1 : 1)),
      attachmentState: async () => "available",
      vpcAttachments: async () => [],
      destroy: () => {},
    };
  }
}

const peeringPlan = (): Plan =>
  plan([
    {
      ...step("s1", "CreateVpcPeeringConnection"),
      params: { VpcId: "vpc-w", PeerVpcId: "vpc-e" },
    },
    {
      ...step("s2", "AcceptVpcPeeringConnection", ["s1"]),
      member: "east",
      params: { VpcPeeringConnectionId: { ref: "s1" } },
      waitFor: { peering: { ref: "s1" }, status: "pending-acceptance" },
    },
    {
      ...step("s3", "CreateRoute", ["s2"]),
      params: { VpcPeeringConnectionId: { ref: "s1" }, DestinationCidrBlock: "10.20.0.0/16" },
    },
  ]);

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

  describe("two setups at once make one peering", () => {
    const routesTo = (ec2: FakePeerings) =>
      ec2.calls.filter((c) => c.startsWith("CreateRoute")).map((c) => c.split(" ")[1]);

    for (const [label, ids, loser] of [
      ["the second create sorts first", ["pcx-b", "pcx-a"], "pcx-b"],
      ["the first create sorts first", ["pcx-a", "pcx-b"], "pcx-b"],
    ] as const) {
      it(`both keep the lowest ID and the loser deletes its own (${label})`, async () => {
        const ec2 = new FakePeerings([...ids]);
        const [one, two] = await Promise.all([
          applyPlan(peeringPlan(), () => ec2.writer(), { ...opts, settleMs: 30 }),
          applyPlan(peeringPlan(), () => ec2.writer(), { ...opts, settleMs: 30 }),
        ]);
        assert.deepEqual(
          [...ec2.status].filter(([, s]) => s !== "deleted"),
          [["pcx-a", "active"]],
        );
        assert.equal(ec2.status.get(loser), "deleted");
        for (const run of [one, two]) {
          assert.deepEqual(
            run.map((o) => o.status).filter((s) => s === "failed" || s === "not-run"),
            [],
            JSON.stringify(run.map((o) => [o.step.id, o.status, o.message])),
          );
          assert.equal(run[0]?.output, "pcx-a");
        }
        assert.deepEqual(routesTo(ec2), ["pcx-a", "pcx-a"]);
      });
    }

    it("uses a peering made since the plan was read instead of creating one", async () => {
      const ec2 = new FakePeerings(["pcx-a", "pcx-b"]);
      await applyPlan(peeringPlan(), () => ec2.writer(), { ...opts, settleMs: 5 });
      const later = await applyPlan(peeringPlan(), () => ec2.writer(), { ...opts, settleMs: 5 });
      assert.equal(later[0]?.status, "done-already");
      assert.match(later[0]?.message ?? "", /pcx-a was made since the plan was read/);
      assert.equal(ec2.calls.filter((c) => c.startsWith("CreateVpc")).length, 1);
      assert.equal(later[1]?.status, "done-already"); // already active: nothing to accept
    });
  });

  it("runs independent steps side by side, at most MAX_CHANGES_IN_FLIGHT per account and Region", async () => {
    let now = 0;
    const peak = new Map<string, number>();
    const w: Ec2Writer = {
      call: async (_a, params) => {
        now++;
        const key = String(params.Region);
        peak.set(key, Math.max(peak.get(key) ?? 0, now));
        await new Promise((r) => setTimeout(r, 5));
        now--;
        return {};
      },
      peeringStatus: async () => "active",
      livePeerings: async () => [],
      attachmentState: async () => "available",
      vpcAttachments: async () => [],
      destroy: () => {},
    };
    const steps = Array.from({ length: 12 }, (_, i) => ({
      ...step(`s${i + 1}`, "CreateRoute"),
      region: "us-west-2",
      params: { Region: "one" },
    }));
    const out = await applyPlan(plan(steps), () => w, opts);
    assert.ok(out.every((o) => o.status === "applied"));
    // As many in flight as allowed at once (one by one would peak at 1), never more.
    assert.equal(peak.get("one"), MAX_CHANGES_IN_FLIGHT);
  });
});

describe("preflight", () => {
  it("sends one DryRun per member, Region, action and resource, and gives its answer to the rest", async () => {
    const calls: string[] = [];
    const w: Ec2Writer = {
      call: async (action, params, dry) => {
        calls.push(
          `${action} ${String(params.RouteTableId)} ${String(params.DestinationCidrBlock)}`,
        );
        assert.equal(dry, true);
        throw Object.assign(new Error("denied"), {
          name: params.RouteTableId === "rtb-2" ? "UnauthorizedOperation" : "DryRunOperation",
        });
      },
      peeringStatus: async () => "active",
      livePeerings: async () => [],
      attachmentState: async () => "available",
      vpcAttachments: async () => [],
      destroy: () => {},
    };
    const route = (id: string, rtb: string, cidr: string): Step => ({
      ...step(id, "CreateRoute"),
      resource: rtb,
      params: { RouteTableId: rtb, DestinationCidrBlock: cidr },
    });
    const out = await preflight(
      plan([
        route("s1", "rtb-1", "10.1.0.0/16"),
        route("s2", "rtb-1", "10.2.0.0/16"),
        route("s3", "rtb-2", "10.1.0.0/16"),
        route("s4", "rtb-2", "10.2.0.0/16"),
        {
          ...route("s5", "rtb-1", "10.3.0.0/16"),
          params: { VpcPeeringConnectionId: { ref: "s0" } },
        },
      ]),
      () => w,
    );
    assert.deepEqual(calls.sort(), [
      "CreateRoute rtb-1 10.1.0.0/16",
      "CreateRoute rtb-2 10.1.0.0/16",
    ]);
    assert.deepEqual(
      out.map((o) => o.permission),
      ["allowed", "allowed", "denied", "denied", "unchecked"],
    );
    assert.match(out[3]?.message ?? "", /^as s3 /);
  });
});
