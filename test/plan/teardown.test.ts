/**
 * teardown's plan (src/plan/teardown.ts) on the in-memory EC2 world: exactly what setup marked —
 * routes recorded on their tables, tagged rules, tagged peerings — routes first, the peering last.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { routeTagKey } from "../../src/aws/tags.js";
import type { OwnedRule } from "../../src/plan/teardown.js";
import type { Plan } from "../../src/plan/types.js";
import type { Fault, WorldOptions } from "../support/aws-answers.js";
import {
  addPeering,
  groupFails,
  noPeering,
  peeringStatus,
  peeringTags,
  removeRoute,
  retarget,
  tableTags,
} from "../support/aws-faults.js";
import { awsModelOf, awsPair } from "../support/aws-scenarios.js";
import { stepLines, teardownFor } from "../support/plans.js";

const OWNED = [
  { Key: "antrea.io/clusterset", Value: "antrea-mc" },
  { Key: "antrea.io/managed-by", Value: "kubectl-antrea-mc" },
];
/** The record setup leaves on a table for a route it made. */
const mark = (
  member: string,
  cidr: string,
  pcx = "pcx-0west-east",
  clusterSet = "antrea-mc",
): Fault => tableTags(member, [{ Key: routeTagKey(clusterSet, cidr), Value: pcx }]);
/** What setup leaves after creating the peering and both routes (the moto cycle). */
const SETUP_MADE: Fault[] = [
  peeringTags("west", "east", [{ Key: "Name", Value: "antrea-mc-antrea-mc-west-east" }, ...OWNED]),
  mark("west", "10.20.0.0/16"),
  mark("east", "10.10.0.0/16"),
];

async function teardown(
  aws: WorldOptions,
  rules: OwnedRule[] = [],
  clusterSet?: string,
): Promise<Plan> {
  const { model } = await awsModelOf(awsPair()(), aws);
  return teardownFor(model, rules, clusterSet);
}

describe("teardown's plan", () => {
  it("nothing of setup's: nothing to remove, not even a route like setup's", async () => {
    assert.deepEqual(await teardown({}), { clusterSet: "antrea-mc", steps: [], unfixable: [] });
  });

  it("after setup's cycle (the moto test): routes and their records, then the peering", async () => {
    const p = await teardown({ faults: SETUP_MADE });
    assert.deepEqual(stepLines(p), [
      "s1 west DeleteRoute rtb-0west",
      "s2 west DeleteTags rtb-0west after s1",
      "s3 east DeleteRoute rtb-0east",
      "s4 east DeleteTags rtb-0east after s3",
      "s5 west DeleteVpcPeeringConnection pcx-0west-east after s1,s3",
    ]);
    assert.deepEqual(p.steps[0], {
      id: "s1",
      member: "west",
      action: "DeleteRoute",
      region: "us-west-2",
      params: { RouteTableId: "rtb-0west", DestinationCidrBlock: "10.20.0.0/16" },
      reason: "setup",
      why: "setup added 10.20.0.0/16 → pcx-0west-east",
      resource: "rtb-0west",
      after: [],
    });
    assert.deepEqual(p.steps[1]?.params, {
      Resources: ["rtb-0west"],
      Tags: [{ Key: "antrea.io/clusterset/antrea-mc/route/10.20.0.0/16" }],
    });
    assert.equal(p.steps[1]?.why, "the record of that route");
    assert.equal(p.steps[2]?.region, "us-east-1");
    assert.deepEqual(p.steps[4], {
      id: "s5",
      member: "west",
      action: "DeleteVpcPeeringConnection",
      region: "us-west-2",
      params: { VpcPeeringConnectionId: "pcx-0west-east" },
      reason: "setup",
      why: "setup created it (vpc-0west ↔ vpc-0east); its routes go first",
      resource: "pcx-0west-east",
      after: ["s1", "s3"],
    });
    assert.deepEqual(p.unfixable, []);
  });

  it("the peering tagged in one account's view only: still setup's", async () => {
    const p = await teardown({
      faults: [peeringTags("west", "east", OWNED, "accepter")],
    });
    assert.deepEqual(stepLines(p), ["s1 west DeleteVpcPeeringConnection pcx-0west-east"]);
  });

  it("a peering east requested: east deletes it, in its Region", async () => {
    const p = await teardown({
      faults: [
        noPeering("west", "east"),
        addPeering("west", "east", "active", { requester: "b", tags: OWNED }),
      ],
    });
    assert.deepEqual(stepLines(p), ["s1 east DeleteVpcPeeringConnection pcx-0east-west"]);
    assert.equal(p.steps[0]?.region, "us-east-1");
  });

  it("a recorded route now pointing elsewhere: only its record goes", async () => {
    const p = await teardown({
      faults: [
        mark("west", "10.20.0.0/16"),
        retarget("west", "10.20.0.0/16", { TransitGatewayId: "tgw-0shared" }),
      ],
    });
    assert.deepEqual(stepLines(p), ["s1 west DeleteTags rtb-0west"]);
    assert.equal(
      p.steps[0]?.why,
      "the record of a route setup added, now pointing at tgw-0shared: the route is left alone",
    );
  });

  it("a recorded route already gone: only its record goes", async () => {
    const p = await teardown({
      faults: [mark("west", "10.20.0.0/16"), removeRoute("west", "10.20.0.0/16")],
    });
    assert.deepEqual(stepLines(p), ["s1 west DeleteTags rtb-0west"]);
    assert.equal(
      p.steps[0]?.why,
      "the record of a route setup added, now gone: the route is left alone",
    );
  });

  it("the rules setup tagged, each revoked by ID in its member's Region", async () => {
    const p = await teardown({}, [
      {
        member: "east",
        id: "sgr-0east1",
        groupId: "sg-0east",
        egress: false,
        description: "antrea-mc antrea-mc: tunnel from west",
      },
      { member: "west", id: "sgr-0west1", groupId: "sg-0west", egress: true },
    ]);
    assert.deepEqual(stepLines(p), [
      "s1 east RevokeSecurityGroupIngress sg-0east",
      "s2 west RevokeSecurityGroupEgress sg-0west",
    ]);
    assert.deepEqual(p.steps[0], {
      id: "s1",
      member: "east",
      action: "RevokeSecurityGroupIngress",
      region: "us-east-1",
      params: { GroupId: "sg-0east", SecurityGroupRuleIds: ["sgr-0east1"] },
      reason: "setup",
      why: 'setup added it ("antrea-mc antrea-mc: tunnel from west")',
      resource: "sg-0east",
      after: [],
    });
    assert.equal(p.steps[1]?.why, "setup added it");
  });

  it("a member whose AWS side could not be read: its rules and routes are not planned", async () => {
    const p = await teardown(
      { faults: [...SETUP_MADE, groupFails("east", { kind: "credentials", message: "expired" })] },
      [{ member: "east", id: "sgr-0east1", groupId: "sg-0east", egress: false }],
    );
    assert.deepEqual(stepLines(p), [
      "s1 west DeleteRoute rtb-0west",
      "s2 west DeleteTags rtb-0west after s1",
      "s3 west DeleteVpcPeeringConnection pcx-0west-east after s1",
    ]);
  });

  it("another ClusterSet's peering and route records are not this one's", async () => {
    const p = await teardown({ faults: SETUP_MADE }, [], "blue");
    assert.deepEqual(p.steps, []);
    const other = await teardown({
      faults: [
        peeringTags("west", "east", [
          { Key: "antrea.io/clusterset", Value: "blue" },
          { Key: "antrea.io/managed-by", Value: "kubectl-antrea-mc" },
        ]),
        mark("west", "10.20.0.0/16", "pcx-0west-east", "blue"),
      ],
    });
    assert.deepEqual(other.steps, []);
  });

  it("a peering setup did not create (it only accepted it, the moto test): left alone", async () => {
    const p = await teardown({ faults: [mark("east", "10.10.0.0/16")] });
    assert.deepEqual(stepLines(p), [
      "s1 east DeleteRoute rtb-0east",
      "s2 east DeleteTags rtb-0east after s1",
    ]);
  });

  it("a tagged peering already deleted: nothing to delete", async () => {
    const p = await teardown({
      faults: [peeringTags("west", "east", OWNED), peeringStatus("west", "east", "deleted")],
    });
    assert.deepEqual(p.steps, []);
  });
});
