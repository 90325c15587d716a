/**
 * setup's plan (src/plan/setup.ts and its peering, route, rule and quota steps) on the in-memory
 * EC2 world: which steps, in which order, with which parameters, and what setup leaves to the
 * user. Through planFor (test/support/plans.ts), the one place that knows planSetup's signature.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readSnapshot } from "../../src/collect/snapshot/read.js";
import { buildModel } from "../../src/model/build.js";
import type { Plan, Step } from "../../src/plan/types.js";
import {
  clusterSg,
  type Fault,
  memberOf,
  peering,
  permission,
  tableOf,
  tunnelPermission,
  type WorldOptions,
} from "../support/aws-answers.js";
import {
  addPeering,
  addRoute,
  blackholeRoute,
  denied,
  extraGroup,
  moveRouteToMain,
  naclEntry,
  noPeering,
  ownRouteTable,
  peeringStatus,
  quota,
  quotasDenied,
  removeRoute,
  restrictEgress,
  retarget,
  routeViaPrefixList,
  tunnelRule,
} from "../support/aws-faults.js";
import {
  awsModelOf,
  awsPair,
  cachedScenario,
  SAME_ACCOUNT,
  SAME_REGION_EAST,
} from "../support/aws-scenarios.js";
import { cannotLines, type PlanOptions, planFor, stepLines } from "../support/plans.js";
import type { ScenarioMember } from "../support/scenarios.js";
import { manySpecs } from "../support/scenarios.js";

async function plan(
  aws: WorldOptions = {},
  members: () => ScenarioMember[] = awsPair(),
  opts: PlanOptions = {},
): Promise<Plan> {
  return planFor((await awsModelOf(members(), aws)).model, opts);
}
const step = (p: Plan, id: string): Step => {
  const s = p.steps.find((x) => x.id === id);
  assert.ok(s, `no step ${id} in ${stepLines(p).join("; ")}`);
  return s;
};
const OWNED = [
  { Key: "antrea.io/clusterset", Value: "antrea-mc" },
  { Key: "antrea.io/managed-by", Value: "kubectl-antrea-mc" },
];
const PEERING_TAGS = [{ Key: "Name", Value: "antrea-mc-antrea-mc-west-east" }, ...OWNED];
const EAST_RULE = tunnelPermission(6081, ["10.10.12.34", "10.10.45.67"]);
/** The unknown aws.route results of a pair without a peering, passed through as "not known". */
const ROUTES_NOT_KNOWN = ["- aws.route west→east", "- aws.route east→west"];

describe("setup's plan: peerings", () => {
  it("a healthy ClusterSet: nothing to change, nothing left to the user", async () => {
    const p = await plan();
    assert.deepEqual(p, { clusterSet: "antrea-mc", steps: [], unfixable: [] });
  });

  it("no peering across accounts and Regions (the moto cycle): create, accept, tag, then routes", async () => {
    const p = await plan({ peer: false });
    assert.deepEqual(stepLines(p), [
      "s1 west CreateVpcPeeringConnection vpc-0west",
      "s2 east AcceptVpcPeeringConnection vpc-0east after s1",
      "s3 east CreateTags vpc-0east after s2",
      "s4 west CreateRoute rtb-0west after s2",
      "s5 west CreateTags rtb-0west after s4",
      "s6 east CreateRoute rtb-0east after s2",
      "s7 east CreateTags rtb-0east after s6",
    ]);
    assert.deepEqual(step(p, "s1"), {
      id: "s1",
      member: "west",
      peer: "east",
      action: "CreateVpcPeeringConnection",
      region: "us-west-2",
      params: {
        VpcId: "vpc-0west",
        PeerVpcId: "vpc-0east",
        PeerOwnerId: "444455556666",
        PeerRegion: "us-east-1",
        TagSpecifications: [{ ResourceType: "vpc-peering-connection", Tags: PEERING_TAGS }],
      },
      reason: "aws.peering",
      why: "no peering between vpc-0west (west) and vpc-0east (east)",
      resource: "vpc-0west",
      after: [],
    });
    assert.deepEqual(step(p, "s2"), {
      id: "s2",
      member: "east",
      peer: "west",
      action: "AcceptVpcPeeringConnection",
      region: "us-east-1",
      params: { VpcPeeringConnectionId: { ref: "s1" } },
      reason: "aws.peering",
      why: "the accepter (east) accepts it in its own account and Region",
      resource: "vpc-0east",
      after: ["s1"],
      waitFor: { peering: { ref: "s1" }, status: "pending-acceptance" },
    });
    // Tags are per account and Region: the accepter's view gets its own.
    assert.deepEqual(step(p, "s3").params, { Resources: [{ ref: "s1" }], Tags: PEERING_TAGS });
    assert.equal(step(p, "s3").region, "us-east-1");
    assert.deepEqual(step(p, "s4").params, {
      RouteTableId: "rtb-0west",
      DestinationCidrBlock: "10.20.0.0/16",
      VpcPeeringConnectionId: { ref: "s1" },
    });
    assert.deepEqual(step(p, "s4").waitFor, { peering: { ref: "s1" }, status: "active" });
    assert.equal(
      step(p, "s4").why,
      "rtb-0west (Gateway subnets) has no route for east's 10.20.0.0/16",
    );
    // Routes carry no tags: the table records the route and its peering for teardown.
    assert.deepEqual(step(p, "s5").params, {
      Resources: ["rtb-0west"],
      Tags: [{ Key: "antrea.io/clusterset/antrea-mc/route/10.20.0.0/16", Value: { ref: "s1" } }],
    });
    assert.deepEqual(step(p, "s6").params, {
      RouteTableId: "rtb-0east",
      DestinationCidrBlock: "10.10.0.0/16",
      VpcPeeringConnectionId: { ref: "s1" },
    });
    // doctor cannot judge routes to a peering that does not exist yet (unknown); setup plans
    // them itself, so that unknown is not listed as left to the user. east's way to the leader
    // (west) goes through the same new peering: said, not blocking.
    assert.deepEqual(cannotLines(p), ["- aws.leader-path east"]);
  });

  it("one account and Region: no PeerOwnerId, no PeerRegion, no accepter tags", async () => {
    const p = await plan({ ...SAME_ACCOUNT, peer: false }, awsPair({}, SAME_REGION_EAST));
    assert.deepEqual(stepLines(p).slice(0, 3), [
      "s1 west CreateVpcPeeringConnection vpc-0west",
      "s2 east AcceptVpcPeeringConnection vpc-0east after s1",
      "s3 west CreateRoute rtb-0west after s2",
    ]);
    assert.deepEqual(step(p, "s1").params, {
      VpcId: "vpc-0west",
      PeerVpcId: "vpc-0east",
      TagSpecifications: [{ ResourceType: "vpc-peering-connection", Tags: PEERING_TAGS }],
    });
    assert.equal(step(p, "s2").region, "us-west-2");
  });

  it("another account in the same Region: PeerOwnerId, no PeerRegion, and the accepter's tags", async () => {
    const p = await plan({ peer: false }, awsPair({}, SAME_REGION_EAST));
    assert.deepEqual(step(p, "s1").params.PeerOwnerId, "444455556666");
    assert.equal(step(p, "s1").params.PeerRegion, undefined);
    assert.equal(step(p, "s3").action, "CreateTags");
  });

  it("a request nobody accepted (the moto test): east accepts it; the missing route waits for that", async () => {
    const p = await plan({
      faults: [
        peeringStatus("west", "east", "pending-acceptance"),
        removeRoute("east", "10.10.0.0/16"),
      ],
    });
    assert.deepEqual(stepLines(p), [
      "s1 east AcceptVpcPeeringConnection pcx-0west-east",
      "s2 east CreateRoute rtb-0east after s1",
      "s3 east CreateTags rtb-0east after s2",
    ]);
    assert.deepEqual(step(p, "s1"), {
      id: "s1",
      member: "east",
      peer: "west",
      action: "AcceptVpcPeeringConnection",
      region: "us-east-1",
      params: { VpcPeeringConnectionId: "pcx-0west-east" },
      reason: "aws.peering",
      why: "pcx-0west-east is pending acceptance by east",
      resource: "pcx-0west-east",
      after: [],
    });
    assert.deepEqual(step(p, "s2").waitFor, { peering: "pcx-0west-east", status: "active" });
    assert.deepEqual(cannotLines(p), ["- aws.leader-path east"]);
  });

  it("a request nobody accepted, as EC2 shows it: the routes to it are blackholes; accepting is enough", async () => {
    const p = await plan({
      faults: [
        peeringStatus("west", "east", "pending-acceptance"),
        blackholeRoute("west", "10.20.0.0/16"),
        blackholeRoute("east", "10.10.0.0/16"),
      ],
    });
    assert.deepEqual(stepLines(p), ["s1 east AcceptVpcPeeringConnection pcx-0west-east"]);
    assert.deepEqual(cannotLines(p), ["- aws.leader-path east"]);
  });

  it("a request east made: west accepts it in its own Region", async () => {
    const p = await plan({
      faults: [
        noPeering("west", "east"),
        addPeering("west", "east", "pending-acceptance", { requester: "b" }),
        addRoute("west", {
          DestinationCidrBlock: "10.20.0.0/16",
          VpcPeeringConnectionId: "pcx-0east-west",
        }),
        addRoute("east", {
          DestinationCidrBlock: "10.10.0.0/16",
          VpcPeeringConnectionId: "pcx-0east-west",
        }),
      ],
    });
    assert.deepEqual(stepLines(p), ["s1 west AcceptVpcPeeringConnection pcx-0east-west"]);
    assert.equal(step(p, "s1").region, "us-west-2");
  });

  it("a request waiting for another account than the accepter's: cannot, and no routes", async () => {
    const p = await plan({
      faults: [
        peeringStatus("west", "east", "pending-acceptance"),
        removeRoute("east", "10.10.0.0/16"),
        (w) => {
          const c = w.peerings[0]?.connection;
          if (c) c.AccepterVpcInfo = { ...c.AccepterVpcInfo, OwnerId: "999999999999" };
        },
      ],
    });
    assert.deepEqual(p.steps, []);
    // east's way to the leader (west) waits for the same peering: said, not blocking.
    const leader = p.unfixable.find((u) => u.check === "aws.leader-path");
    assert.equal(leader?.blocking, false);
    assert.match(leader?.message ?? "", /the pair's peering is not active yet \(aws\.peering\)$/);
    assert.match(
      leader?.remediation ?? "",
      /^# pcx-0west-east is pending-acceptance: it must be active/,
    );
    assert.deepEqual(
      p.unfixable.filter((u) => u.check !== "aws.leader-path"),
      [
        {
          member: "east",
          peer: "west",
          check: "aws.peering",
          resource: "pcx-0west-east",
          message:
            "pcx-0west-east waits for account 999999999999 to accept it, but east is read as account 444455556666",
          // doctor's fix: accept it with east's credentials (which may be another account's).
          remediation: [
            "# in east's account 444455556666 (doctor read it by assuming arn:aws:iam::444455556666:role/antrea-mc-doctor), with credentials that may change it:",
            "aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id pcx-0west-east --region us-east-1",
          ].join("\n"),
          blocking: true,
        },
      ],
    );
  });

  it("two live peerings between the VPCs: cannot, delete the extra one first", async () => {
    const p = await plan({ faults: [addPeering("west", "east", "pending-acceptance")] });
    assert.deepEqual(p.steps, []);
    assert.deepEqual(p.unfixable, [
      {
        member: "west",
        peer: "east",
        check: "aws.peering",
        resource: "pcx-0west-east, pcx-0west-east-2",
        message:
          "2 live peering connections between vpc-0west and vpc-0east: delete the extra ones first",
        remediation: [
          "# keep pcx-0west-east; the routes of both members must point at it (aws.route)",
          "# in west's account 123456789012:",
          "aws ec2 delete-vpc-peering-connection --vpc-peering-connection-id pcx-0west-east-2 --region us-west-2",
        ].join("\n"),
        blocking: true,
      },
    ]);
  });

  it("custom networking: no route for Pods in a CIDR no peering can carry, and nothing blocked", async () => {
    // east's Pods live in 100.64.0.0/16, which east's VPC does not hold: the tunnel needs only
    // the Gateway IPs, which the VPC route carries; a Pod CIDR route could never work.
    const p = await plan({}, awsPair({}, { mcConf: { podCIDRs: ["100.64.0.0/16"] } }));
    assert.deepEqual(p.steps, []);
    const left = p.unfixable.find((u) => u.check === "aws.route");
    assert.match(
      left?.message ?? "",
      /^no route for east's Pod CIDR 100\.64\.0\.0\/16 is added: it is not inside the peer VPC's CIDR blocks \(10\.20\.0\.0\/16\)/,
    );
    assert.equal(left?.blocking, false);
    assert.equal(left?.remediation, undefined);
  });

  it("overlapping VPCs: no peering planned, the doctor's finding passed on", async () => {
    const p = await plan(
      { peer: false, members: { east: { vpcCidr: "10.10.0.0/16" } } },
      awsPair(
        {},
        {
          nodes: [
            { ip: "10.10.140.15", zone: "us-east-1a" },
            { ip: "10.10.170.22", zone: "us-east-1b" },
          ],
          mcConf: { podCIDRs: ["10.10.0.0/16"] },
        },
      ),
    );
    assert.deepEqual(p.steps, []);
    // doctor's aws.peering asks for a peering AWS would refuse: setup says why, with the fix.
    assert.deepEqual(cannotLines(p), [
      "✗ aws.peering west→east",
      // No peering, so no private way to the leader's API server either.
      "✗ aws.leader-path east",
      "✗ cidr.pod-overlap west→east",
      "✗ aws.vpc-overlap west→east",
      ...ROUTES_NOT_KNOWN,
    ]);
    assert.equal(
      p.unfixable[0]?.message,
      "vpc-0west and vpc-0east overlap (10.10.0.0/16 and 10.10.0.0/16): they cannot be peered (aws.vpc-overlap)",
    );
    const overlap = p.unfixable.find((u) => u.check === "aws.vpc-overlap");
    assert.equal(overlap?.resource, "vpc-0west, vpc-0east");
    assert.match(overlap?.remediation ?? "", /^# A VPC's CIDR blocks cannot be changed: move west/);
    assert.equal(p.unfixable[0]?.remediation, overlap?.remediation);
    // A new VPC means new Nodes: setup's own item is a manual step, as doctor's finding is.
    assert.equal(p.unfixable[0]?.manual, true);
    assert.equal(overlap?.manual, true);
  });

  it("three members across three Regions: a peering per pair, each routed both ways", async () => {
    const p = await plan({ peer: false }, () => cachedScenario(manySpecs(3)));
    const count = (action: string) => p.steps.filter((s) => s.action === action).length;
    assert.deepEqual(
      ["CreateVpcPeeringConnection", "AcceptVpcPeeringConnection", "CreateRoute", "CreateTags"].map(
        count,
      ),
      [3, 3, 6, 3 + 6],
    );
    assert.deepEqual(
      p.steps
        .filter((s) => s.action === "CreateVpcPeeringConnection")
        .map((s) => `${s.member}→${s.peer}`),
      ["member-01→member-02", "member-01→member-03", "member-02→member-03"],
    );
  });

  // An empty list read from nowhere is not "no peering": planning one could make a duplicate.
  it("peerings unread on both sides: no peering planned, doctor's unknown passed on", async () => {
    const p = await plan({
      faults: [
        denied("west", "DescribeVpcPeeringConnections"),
        denied("east", "DescribeVpcPeeringConnections"),
      ],
    });
    assert.ok(!p.steps.some((s) => s.action === "CreateVpcPeeringConnection"));
    assert.ok(p.unfixable.some((u) => u.check === "aws.access" && u.blocking));
    assert.match(
      p.unfixable.find((u) => u.check === "aws.peering")?.message ?? "",
      /^not known: DescribeVpcPeeringConnections was not read for west/,
    );
  });
});

describe("setup's plan: routes", () => {
  it("a missing route to a live peering: create it and record it, once the peering is active", async () => {
    const p = await plan({ faults: [removeRoute("west", "10.20.0.0/16")] });
    assert.deepEqual(stepLines(p), [
      "s1 west CreateRoute rtb-0west",
      "s2 west CreateTags rtb-0west after s1",
    ]);
    assert.deepEqual(step(p, "s1"), {
      id: "s1",
      member: "west",
      peer: "east",
      action: "CreateRoute",
      region: "us-west-2",
      params: {
        RouteTableId: "rtb-0west",
        DestinationCidrBlock: "10.20.0.0/16",
        VpcPeeringConnectionId: "pcx-0west-east",
      },
      reason: "aws.route",
      why: "rtb-0west (Gateway subnets) has no route for east's 10.20.0.0/16",
      resource: "rtb-0west",
      after: [],
      waitFor: { peering: "pcx-0west-east", status: "active" },
    });
    assert.deepEqual(step(p, "s2").params, {
      Resources: ["rtb-0west"],
      Tags: [{ Key: "antrea.io/clusterset/antrea-mc/route/10.20.0.0/16", Value: "pcx-0west-east" }],
    });
    assert.deepEqual(p.unfixable, []);
  });

  it("the route only in the main table (the moto test): added where the Gateway subnets look", async () => {
    const p = await plan({ faults: [moveRouteToMain("west", "10.20.0.0/16")] });
    assert.deepEqual(stepLines(p), [
      "s1 west CreateRoute rtb-0west",
      "s2 west CreateTags rtb-0west after s1",
    ]);
  });

  it("a candidate's subnet with its own table (the moto test): routes go there, and only there", async () => {
    const p = await plan({ faults: [ownRouteTable("west", "us-west-2b")] });
    assert.deepEqual(stepLines(p), [
      "s1 west CreateRoute rtb-0west-b",
      "s2 west CreateTags rtb-0west-b after s1",
    ]);
    assert.deepEqual(step(p, "s1").params, {
      RouteTableId: "rtb-0west-b",
      DestinationCidrBlock: "10.20.0.0/16",
      VpcPeeringConnectionId: "pcx-0west-east",
    });
  });

  it("a route to a dead peering, a new peering live: the route is repointed", async () => {
    const p = await plan({
      faults: [
        peeringStatus("west", "east", "deleted"),
        blackholeRoute("west", "10.20.0.0/16"),
        addPeering("west", "east"),
      ],
    });
    assert.deepEqual(stepLines(p), [
      "s1 west ReplaceRoute rtb-0west",
      "s2 west CreateTags rtb-0west after s1",
      "s3 east ReplaceRoute rtb-0east",
      "s4 east CreateTags rtb-0east after s3",
    ]);
    assert.deepEqual(step(p, "s1").params, {
      RouteTableId: "rtb-0west",
      DestinationCidrBlock: "10.20.0.0/16",
      VpcPeeringConnectionId: "pcx-0west-east-2",
    });
    assert.equal(
      step(p, "s1").why,
      "10.20.0.0/16 still points at pcx-0west-east, a peering that is gone",
    );
    assert.equal(step(p, "s3").region, "us-east-1");
  });

  // doctor fails aws.route: setup cannot change it, and says so with doctor's fix.
  it("a blackhole route to a peering seen as active: cannot, with doctor's fix", async () => {
    const p = await plan({ faults: [blackholeRoute("west", "10.20.0.0/16")] });
    assert.deepEqual(p.steps, []);
    assert.deepEqual(p.unfixable, [
      {
        member: "west",
        peer: "east",
        check: "aws.route",
        resource: "rtb-0west",
        message:
          "10.20.0.0/16 in rtb-0west goes to pcx-0west-east, which is active, but EC2 calls the route a blackhole: setup does not replace a route it did not make",
        remediation:
          "aws ec2 replace-route --route-table-id rtb-0west --destination-cidr-block 10.20.0.0/16 --vpc-peering-connection-id pcx-0west-east --region us-west-2",
        blocking: true,
      },
    ]);
  });

  it("a peering still provisioning: routes to it cannot carry traffic yet, both ways", async () => {
    const p = await plan({ faults: [peeringStatus("west", "east", "provisioning")] });
    assert.deepEqual(p.steps, []);
    assert.deepEqual(cannotLines(p), [
      "- aws.peering west→east",
      "✗ aws.route west→east",
      "✗ aws.route east→west",
      "- aws.leader-path east",
    ]);
    assert.equal(
      p.unfixable[0]?.message,
      "pcx-0west-east is provisioning: run setup again once it is active",
    );
    assert.match(p.unfixable[1]?.message ?? "", /goes to pcx-0west-east, which is provisioning/);
  });

  it("a route to another target: cannot, with the replace-route that fixes it", async () => {
    const p = await plan({
      faults: [retarget("west", "10.20.0.0/16", { TransitGatewayId: "tgw-0shared" })],
    });
    assert.deepEqual(p.steps, []);
    // The leader's (west's) way back to east takes the same wrong route: said once, by aws.route.
    assert.deepEqual(
      p.unfixable.filter((u) => u.check === "aws.leader-path"),
      [],
    );
    assert.deepEqual(
      p.unfixable.filter((u) => u.check !== "aws.leader-path"),
      [
        {
          member: "west",
          peer: "east",
          check: "aws.route",
          resource: "rtb-0west",
          message:
            "10.20.0.0/16 in rtb-0west goes to tgw-0shared (transit-gateway), not to pcx-0west-east; setup does not repoint a route to another target",
          remediation:
            "aws ec2 replace-route --route-table-id rtb-0west --destination-cidr-block 10.20.0.0/16 --vpc-peering-connection-id pcx-0west-east --region us-west-2",
          blocking: true,
        },
      ],
    );
  });

  it("a route to another target, the peering still to create: cannot, without a command", async () => {
    const p = await plan({
      peer: false,
      faults: [
        addRoute("west", { DestinationCidrBlock: "10.20.0.0/16", TransitGatewayId: "tgw-0shared" }),
      ],
    });
    assert.ok(!p.steps.some((s) => s.member === "west" && s.action === "CreateRoute"));
    // The gateway was not read: setup attaches nothing to it (doctor's aws.transit-gateway fix).
    assert.ok(
      p.unfixable.some((u) => u.check === "aws.transit-gateway" && u.resource === "vpc-0west"),
    );
    assert.deepEqual(
      p.unfixable.find((u) => u.check === "aws.route"),
      {
        member: "west",
        peer: "east",
        check: "aws.route",
        resource: "rtb-0west",
        message:
          "10.20.0.0/16 in rtb-0west goes to tgw-0shared (transit-gateway), not to the peering of s1; setup does not repoint a route to another target",
        blocking: true,
      },
    );
  });

  it("the same block through a prefix list to another target: no CIDR route over it (property seed -1553375138)", async () => {
    const p = await plan({
      peer: false,
      faults: [
        addRoute("west", { DestinationCidrBlock: "10.20.0.0/16", TransitGatewayId: "tgw-0shared" }),
        routeViaPrefixList("west", "10.20.0.0/16", "pl-0west"),
      ],
    });
    assert.ok(!p.steps.some((s) => s.member === "west" && s.action === "CreateRoute"));
    assert.match(
      p.unfixable.find((u) => u.check === "aws.route")?.message ?? "",
      /^10\.20\.0\.0\/16 in rtb-0west goes to tgw-0shared \(through prefix list pl-0west\), not to the peering of s1; setup does not repoint a route to another target$/,
    );
  });

  it("a longer prefix that takes part of the peer: cannot, setup does not remove routes", async () => {
    const p = await plan({
      faults: [addRoute("west", { DestinationCidrBlock: "10.20.8.0/24", GatewayId: "igw-0west" })],
    });
    assert.deepEqual(p.steps, []);
    assert.deepEqual(p.unfixable, [
      {
        member: "west",
        peer: "east",
        check: "aws.route",
        resource: "rtb-0west",
        message:
          "10.20.8.0/24 → igw-0west in rtb-0west is more specific than 10.20.0.0/16 and takes part of east's traffic; setup does not remove routes",
        // doctor's fix for the same gap: the route that decides is the longer one.
        remediation: [
          "# 10.20.8.0/24 → igw-0west is more specific and takes the traffic; remove it if nothing else needs it:",
          "aws ec2 delete-route --route-table-id rtb-0west --destination-cidr-block 10.20.8.0/24 --region us-west-2",
        ].join("\n"),
        blocking: true,
      },
    ]);
  });

  it("a shadowing route in a candidate's own table: cannot, but not blocking", async () => {
    const p = await plan({
      faults: [
        ownRouteTable("west", "us-west-2b", [
          {
            DestinationCidrBlock: "10.20.0.0/16",
            VpcPeeringConnectionId: "pcx-0west-east",
            State: "active",
          },
          { DestinationCidrBlock: "10.20.8.0/24", GatewayId: "igw-0west", State: "active" },
        ]),
      ],
    });
    assert.deepEqual(cannotLines(p), ["- aws.route west→east"]);
    assert.equal(p.unfixable[0]?.resource, "rtb-0west-b");
  });

  it("route tables unread: doctor's findings only, saying they were not read", async () => {
    const p = await plan({ faults: [denied("west", "DescribeRouteTables")] });
    assert.deepEqual(p.steps, []);
    assert.deepEqual(cannotLines(p), [
      // east's way back from the leader's (west's) control plane is not known either.
      "- aws.leader-path east",
      "✗ aws.access west",
      "- aws.route west→east",
      "- aws.public-path west→east",
    ]);
    assert.match(
      p.unfixable[2]?.message ?? "",
      /^not known: DescribeRouteTables was not read for west \(see aws\.access\)/,
    );
  });
});

describe("setup's plan: security group rules", () => {
  it("the wrong port (the moto test): a rule per peer Gateway IP, tagged", async () => {
    const p = await plan({
      faults: [tunnelRule("east", { ...EAST_RULE, FromPort: 6082, ToPort: 6082 })],
    });
    assert.deepEqual(stepLines(p), [
      "s1 east AuthorizeSecurityGroupIngress sg-0east",
      "s2 east AuthorizeSecurityGroupIngress sg-0east",
    ]);
    assert.deepEqual(step(p, "s1"), {
      id: "s1",
      member: "east",
      peer: "west",
      action: "AuthorizeSecurityGroupIngress",
      region: "us-east-1",
      params: {
        GroupId: "sg-0east",
        IpPermissions: [
          {
            IpProtocol: "udp",
            FromPort: 6081,
            ToPort: 6081,
            IpRanges: [
              { CidrIp: "10.10.12.34/32", Description: "antrea-mc antrea-mc: tunnel from west" },
            ],
          },
        ],
        TagSpecifications: [{ ResourceType: "security-group-rule", Tags: OWNED }],
      },
      reason: "aws.sg-ingress",
      why: "UDP 6081 from west's Gateway IP 10.10.12.34 is not admitted",
      resource: "sg-0east",
      after: [],
    });
    assert.deepEqual(p.unfixable, []);
  });

  it("a user's rule for one candidate (the moto test): only the other is added", async () => {
    const p = await plan({
      faults: [
        tunnelRule(
          "east",
          { ...EAST_RULE, FromPort: 6082, ToPort: 6082 },
          tunnelPermission(6081, ["10.10.12.34"]),
        ),
      ],
    });
    assert.deepEqual(stepLines(p), ["s1 east AuthorizeSecurityGroupIngress sg-0east"]);
    assert.deepEqual(step(p, "s1").params.IpPermissions, [
      {
        IpProtocol: "udp",
        FromPort: 6081,
        ToPort: 6081,
        IpRanges: [
          { CidrIp: "10.10.45.67/32", Description: "antrea-mc antrea-mc: tunnel from west" },
        ],
      },
    ]);
  });

  it("egress only where it is restricted", async () => {
    const p = await plan({ faults: [restrictEgress("west")] });
    assert.deepEqual(stepLines(p), [
      "s1 west AuthorizeSecurityGroupEgress sg-0west",
      "s2 west AuthorizeSecurityGroupEgress sg-0west",
      // Nodes to their Gateway (aws.node-to-gateway): the group names itself, once.
      "s3 west AuthorizeSecurityGroupEgress sg-0west",
    ]);
    assert.equal(step(p, "s3").reason, "aws.node-to-gateway");
    assert.deepEqual(step(p, "s3").params.IpPermissions, [
      {
        IpProtocol: "udp",
        FromPort: 6081,
        ToPort: 6081,
        UserIdGroupPairs: [
          {
            GroupId: "sg-0west",
            UserId: "123456789012",
            Description: "antrea-mc antrea-mc: tunnel between Nodes and Gateway",
          },
        ],
      },
    ]);
    assert.deepEqual(step(p, "s2").params.IpPermissions, [
      {
        IpProtocol: "udp",
        FromPort: 6081,
        ToPort: 6081,
        IpRanges: [
          { CidrIp: "10.20.40.22/32", Description: "antrea-mc antrea-mc: tunnel to east" },
        ],
      },
    ]);
    assert.equal(step(p, "s2").reason, "aws.sg-egress");
    assert.equal(step(p, "s2").why, "UDP 6081 to east's Gateway IP 10.20.40.22 is not let out");
  });

  it("GRE: IP protocol 47, no ports", async () => {
    const agentConf = { "multicluster.enablePodToPodConnectivity": true, tunnelType: "gre" };
    const p = await plan({}, awsPair({ agentConf }, { agentConf }));
    assert.equal(p.steps.length, 4);
    assert.deepEqual(step(p, "s1").params.IpPermissions, [
      {
        IpProtocol: "47",
        IpRanges: [
          { CidrIp: "10.20.8.15/32", Description: "antrea-mc antrea-mc: tunnel from east" },
        ],
      },
    ]);
  });

  it("--security-group: the rules go to the group named", async () => {
    const p = await plan({ faults: [tunnelRule("east")] }, awsPair(), {
      securityGroups: { east: "sg-0other" },
    });
    assert.deepEqual(stepLines(p), [
      "s1 east AuthorizeSecurityGroupIngress sg-0other",
      "s2 east AuthorizeSecurityGroupIngress sg-0other",
    ]);
    assert.equal(step(p, "s1").params.GroupId, "sg-0other");
  });

  // Listed once: setup's own "not read" item supersedes doctor's unknown for the same direction.
  it("a group of the interface that was not read: cannot tell, not blocking", async () => {
    const p = await plan({
      faults: [
        tunnelRule("west"),
        extraGroup("west", { GroupId: "sg-0extra", GroupName: "extra" }, { read: false }),
      ],
    });
    assert.deepEqual(p.steps, []);
    assert.deepEqual(p.unfixable, [
      {
        member: "west",
        peer: "east",
        check: "aws.sg-ingress",
        resource: "sg-0extra",
        message: "the rules of sg-0extra were not read: setup cannot tell what they allow",
        blocking: false,
      },
    ]);
  });
});

/** `n` more live peerings from west's VPC to VPCs outside the ClusterSet. */
const westPeerings =
  (n: number): Fault =>
  (w) => {
    const west = memberOf(w, "west");
    for (let k = 0; k < n; k++) {
      const other = {
        ...west,
        name: `other${k}`,
        vpcId: `vpc-0other${k}`,
        vpcCidr: `172.16.${k}.0/24`,
      };
      w.peerings.push(peering(west, other, "active", `pcx-0other${k}`));
    }
  };

describe("setup's plan: quotas", () => {
  it("a route table at its applied 50 routes", async () => {
    const routes = Array.from({ length: 49 }, (_, k) => ({
      DestinationCidrBlock: `172.16.${k}.0/24`,
      TransitGatewayId: "tgw-0shared",
    }));
    const p = await plan({
      faults: [removeRoute("west", "10.20.0.0/16"), ...routes.map((r) => addRoute("west", r))],
    });
    assert.deepEqual(stepLines(p), [
      "s1 west CreateRoute rtb-0west",
      "s2 west CreateTags rtb-0west after s1",
    ]);
    assert.deepEqual(p.unfixable, [
      {
        member: "west",
        check: "aws.quota",
        resource: "rtb-0west",
        message:
          "rtb-0west has 50 of the applied quota 50 and setup adds 1: raise Service Quotas L-93826ACB (then re-run with --skip-unfixable)",
        remediation:
          "aws service-quotas request-service-quota-increase --service-code vpc --quota-code L-93826ACB --desired-value 51 --region us-west-2",
        blocking: true,
      },
    ]);
  });

  it("a raised quota, or the documented 500 when Service Quotas refuses: the route fits", async () => {
    const full = Array.from({ length: 49 }, (_, k) =>
      addRoute("west", {
        DestinationCidrBlock: `172.16.${k}.0/24`,
        TransitGatewayId: "tgw-0shared",
      }),
    );
    for (const fault of [quota("routesPerTable", 100), quotasDenied("west")]) {
      const p = await plan({ faults: [removeRoute("west", "10.20.0.0/16"), ...full, fault] });
      assert.equal(p.steps.length, 2);
      assert.deepEqual(p.unfixable, []);
    }
  });

  it("propagated routes do not count", async () => {
    const p = await plan({
      faults: [
        removeRoute("west", "10.20.0.0/16"),
        (w) => {
          for (let k = 0; k < 60; k++)
            tableOf(w, "west").Routes?.push({
              DestinationCidrBlock: `172.16.${k}.0/24`,
              GatewayId: "vgw-0onprem",
              Origin: "EnableVgwRoutePropagation",
              State: "active",
            });
        },
      ],
    });
    assert.equal(p.steps.length, 2);
    assert.deepEqual(p.unfixable, []);
  });

  it("a security group at its applied 60 inbound rules", async () => {
    const p = await plan({
      faults: [
        tunnelRule("east"),
        (w) => {
          const sources = Array.from({ length: 59 }, (_, k) => ({ CidrIp: `172.16.${k}.0/24` }));
          clusterSg(w, "east").IpPermissions?.push(
            permission({ IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: sources }),
          );
        },
      ],
    });
    assert.equal(p.steps.length, 2);
    assert.deepEqual(p.unfixable, [
      {
        member: "east",
        check: "aws.quota",
        resource: "sg-0east inbound",
        message:
          "sg-0east inbound has 60 of the applied quota 60 and setup adds 2: raise Service Quotas L-0EA8095F (then re-run with --skip-unfixable)",
        remediation:
          "# in east's account 444455556666 (doctor read it by assuming arn:aws:iam::444455556666:role/antrea-mc-doctor), with credentials that may change it:\naws service-quotas request-service-quota-increase --service-code vpc --quota-code L-0EA8095F --desired-value 62 --region us-east-1",
        blocking: true,
      },
    ]);
  });

  it("a VPC at its applied 50 active peerings: no peering, transit gateways proposed instead", async () => {
    const p = await plan({ peer: false, faults: [westPeerings(50)] });
    // No mesh that fails halfway: no peering, and no route to one.
    assert.ok(!p.steps.some((s) => s.reason === "aws.peering" || s.reason === "aws.route"));
    const quota = p.unfixable.filter((u) => u.check === "aws.quota");
    assert.equal(quota.length, 1, JSON.stringify(quota));
    const [item] = quota;
    assert.equal(item?.resource, "vpc-0west");
    assert.equal(item?.blocking, true);
    assert.equal(item?.manual, true);
    // What setup --via would do, planned against the gateways it proposes (one per Region).
    assert.match(
      item?.message ?? "",
      /^a VPC peering per pair would give vpc-0west 51 active peerings, over its quota of 50 \(L-7E9ECCDB; AWS allows 125 at most\): setup plans no new peering\. A transit gateway per Region joins them instead: make one in each of us-west-2, us-east-1 and peer them, then run setup --via; it would make 2 CreateTransitGatewayVpcAttachment, 2 CreateTransitGatewayRoute, 2 CreateRoute/,
    );
    const fix = item?.remediation ?? "";
    assert.match(
      fix,
      /^# either raise the quota \(AWS allows up to 125\) for each of these VPCs' accounts and Regions, then run setup again:\naws service-quotas request-service-quota-increase --service-code vpc --quota-code L-7E9ECCDB --desired-value 51 --region us-west-2\n/,
    );
    assert.match(
      fix,
      /\ntgw_us_west_2=\$\(aws ec2 create-transit-gateway --description "antrea-mc antrea-mc" --options DefaultRouteTableAssociation=enable,DefaultRouteTablePropagation=enable --query TransitGateway\.TransitGatewayId --output text --region us-west-2\)\n/,
    );
    assert.match(
      fix,
      /--peer-transit-gateway-id "\$tgw_us_east_1" --peer-account-id 444455556666 --peer-region us-east-1/,
    );
    assert.match(
      fix,
      /\nkubectl antrea-mc setup --dry-run --via "\$tgw_us_west_2,\$tgw_us_east_1"$/,
    );
  });
});

describe("setup's plan: what it leaves to the user", () => {
  it("findings setup does not fix pass through: errors block, warnings and info do not", async () => {
    const p = await plan(
      {
        faults: [
          naclEntry("west", {
            RuleNumber: 50,
            Protocol: "-1",
            RuleAction: "deny",
            Egress: false,
            CidrBlock: "10.20.0.0/16",
          }),
        ],
      },
      awsPair({ vpcCniMtu: undefined, candidates: [0] }),
    );
    assert.deepEqual(p.steps, []);
    assert.deepEqual(cannotLines(p), [
      "- mc.gateway-candidates west",
      "✗ aws.nacl west→east",
      "- aws.mtu west→east",
    ]);
    const nacl = p.unfixable.find((u) => u.check === "aws.nacl");
    assert.deepEqual(nacl, {
      member: "west",
      peer: "east",
      check: "aws.nacl",
      resource: "acl-0west rule 50",
      message:
        "acl-0west blocks UDP 6081 in from east's Gateway IPs 10.20.8.15, 10.20.40.22: rule 50 (deny) decides",
      remediation: [
        "aws ec2 create-network-acl-entry --network-acl-id acl-0west --ingress --rule-number 40 --protocol 17 --port-range From=6081,To=6081 --cidr-block 10.20.8.15/32 --rule-action allow --region us-west-2",
        "aws ec2 create-network-acl-entry --network-acl-id acl-0west --ingress --rule-number 30 --protocol 17 --port-range From=6081,To=6081 --cidr-block 10.20.40.22/32 --rule-action allow --region us-west-2",
      ].join("\n"),
      blocking: true,
      severity: "error",
      // west's inbound entry: the traffic it stops comes from east.
      direction: { from: "east", to: "west" },
    });
    const info = p.unfixable.find((u) => u.check === "mc.gateway-candidates");
    assert.equal(info?.severity, "info");
    assert.equal(info?.blocking, false);
  });

  it("the broken example (as setup --dry-run --snapshot): the route it adds, the rest left", async () => {
    const dir = new URL("../../examples/broken", import.meta.url).pathname;
    const p = planFor(buildModel((await readSnapshot(dir)).raw));
    assert.deepEqual(
      p.steps.map((s) => `${s.member} ${s.action} ${s.params.DestinationCidrBlock ?? ""}`.trim()),
      ["west CreateRoute 10.20.0.0/16", "west CreateTags"],
    );
    assert.deepEqual(
      p.unfixable
        .filter((u) => u.blocking)
        .map((u) => u.check)
        .sort(),
      [
        "antrea.gateway-enabled",
        "antrea.mc-namespace",
        "aws.nacl",
        "cidr.pod-config",
        "cidr.service-overlap",
        "mc.clusterinfo",
        "mc.tunnel-consistency",
      ],
    );
  });

  it("a finding owned by the peer keeps its member (east's NACL, west's plan unchanged)", async () => {
    const p = await plan({
      faults: [
        naclEntry("east", {
          RuleNumber: 90,
          Protocol: "-1",
          RuleAction: "deny",
          Egress: true,
          CidrBlock: "10.10.0.0/16",
        }),
      ],
    });
    assert.deepEqual(cannotLines(p), ["✗ aws.nacl east→west"]);
    assert.match(p.unfixable[0]?.remediation ?? "", /^# in east's account 444455556666 /);
  });
});
