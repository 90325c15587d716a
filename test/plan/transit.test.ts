/**
 * setup through transit gateways (src/plan/transit-steps.ts) on the in-memory EC2 world: each
 * broken world of doctor's aws.transit-gateway table gets the steps that mend it, by the account
 * that may, with the marks teardown reads; what setup does not change is left with doctor's fix.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Plan } from "../../src/plan/types.js";
import type { Fault, WorldOptions } from "../support/aws-answers.js";
import { quota, removeRoute } from "../support/aws-faults.js";
import { awsModelOf, awsPair, SAME_ACCOUNT, SAME_REGION_EAST } from "../support/aws-scenarios.js";
import {
  attachmentState,
  attachmentUnassociated,
  attachmentWithoutZone,
  tgwAclEntry,
  tgwAppliance,
  tgwBlackhole,
  tgwPeeringState,
  tgwRouteMissing,
} from "../support/aws-transit.js";
import { cannotLines, planFor, stepLines } from "../support/plans.js";

/** west (us-west-2) and east (us-east-1) joined through their Regions' peered gateways. */
const T = (...faults: Fault[]): WorldOptions => ({ transit: true, faults });
/** Both in us-west-2, one account: one gateway, propagated routes. */
const T1 = (...faults: Fault[]): WorldOptions => ({ ...SAME_ACCOUNT, transit: true, faults });

async function plan(aws: WorldOptions, oneRegion = false): Promise<Plan> {
  const members = oneRegion ? awsPair({}, SAME_REGION_EAST) : awsPair();
  return planFor((await awsModelOf(members(), aws)).model);
}
/** What setup changes, as "s1 west Action resource {params}". */
const changes = (p: Plan) =>
  p.steps.map((s, i) => `${stepLines(p)[i]} ${JSON.stringify(s.params)} ${s.region}`);
const left = (p: Plan) => cannotLines(p);
const MARK = "antrea.io/clusterset/antrea-mc";

describe("setup through transit gateways: repair", () => {
  it("a healthy gateway path: nothing to change, no peering planned beside it", async () => {
    for (const [world, one] of [
      [T(), false],
      [T1(), true],
    ] as const) {
      const p = await plan(world, one);
      assert.deepEqual(p.steps, []);
      assert.deepEqual(left(p), []);
    }
  });

  it("the peer's attachment does not propagate (one Region): enable it, marked on the table", async () => {
    const p = await plan(T1(tgwRouteMissing("us-west-2", "10.20.0.0/16", "east")), true);
    assert.deepEqual(changes(p), [
      `s1 west EnableTransitGatewayRouteTablePropagation tgw-rtb-0us-west-2 {"TransitGatewayRouteTableId":"tgw-rtb-0us-west-2","TransitGatewayAttachmentId":"tgw-attach-0east"} us-west-2`,
      `s2 west CreateTags tgw-rtb-0us-west-2 after s1 {"Resources":["tgw-rtb-0us-west-2"],"Tags":[{"Key":"${MARK}/propagation/vpc-0east","Value":"tgw-attach-0east"}]} us-west-2`,
    ]);
  });

  it("no static route towards the peered gateway: create it (a blackhole: replace it)", async () => {
    for (const [fault, action] of [
      [tgwRouteMissing("us-west-2", "10.20.0.0/16"), "CreateTransitGatewayRoute"],
      [tgwBlackhole("us-west-2", "10.20.0.0/16"), "ReplaceTransitGatewayRoute"],
    ] as const) {
      const p = await plan(T(fault));
      assert.deepEqual(changes(p), [
        `s1 west ${action} tgw-rtb-0us-west-2 {"TransitGatewayRouteTableId":"tgw-rtb-0us-west-2","DestinationCidrBlock":"10.20.0.0/16","TransitGatewayAttachmentId":"tgw-attach-0us-west-2-us-east-1"} us-west-2`,
        `s2 west CreateTags tgw-rtb-0us-west-2 after s1 {"Resources":["tgw-rtb-0us-west-2"],"Tags":[{"Key":"${MARK}/route/10.20.0.0/16","Value":"tgw-attach-0us-west-2-us-east-1"}]} us-west-2`,
      ]);
    }
  });

  it("the attachment lacks a Gateway zone: add the Gateway's subnet, marked on the attachment", async () => {
    const p = await plan(T(attachmentWithoutZone("west", "us-west-2b")));
    assert.deepEqual(changes(p), [
      `s1 west ModifyTransitGatewayVpcAttachment tgw-attach-0west {"TransitGatewayAttachmentId":"tgw-attach-0west","AddSubnetIds":["subnet-0west-b"]} us-west-2`,
      `s2 west CreateTags tgw-attach-0west after s1 {"Resources":["tgw-attach-0west"],"Tags":[{"Key":"${MARK}/subnet/subnet-0west-b","Value":"added"}]} us-west-2`,
    ]);
  });

  it("unassociated: associate with the default table, marked on the attachment", async () => {
    const p = await plan(T(attachmentUnassociated("west")));
    assert.deepEqual(changes(p), [
      `s1 west AssociateTransitGatewayRouteTable tgw-attach-0west {"TransitGatewayRouteTableId":"tgw-rtb-0us-west-2","TransitGatewayAttachmentId":"tgw-attach-0west"} us-west-2`,
      `s2 west CreateTags tgw-attach-0west after s1 {"Resources":["tgw-attach-0west"],"Tags":[{"Key":"${MARK}/association","Value":"tgw-rtb-0us-west-2"}]} us-west-2`,
    ]);
  });

  it("waiting for acceptance: the gateway's owner accepts (a peering: the accepter, in its Region)", async () => {
    const vpc = await plan(T(attachmentState("west", "pendingAcceptance")));
    assert.deepEqual(stepLines(vpc), [
      "s1 west AcceptTransitGatewayVpcAttachment tgw-attach-0west",
    ]);
    const peering = await plan(T(tgwPeeringState("pendingAcceptance")));
    assert.deepEqual(changes(peering), [
      `s1 east AcceptTransitGatewayPeeringAttachment tgw-attach-0us-west-2-us-east-1 {"TransitGatewayAttachmentId":"tgw-attach-0us-west-2-us-east-1"} us-east-1`,
    ]);
  });

  it("the Gateway subnets' route to the gateway is missing: CreateRoute to it, marked", async () => {
    const p = await plan(T(removeRoute("west", "10.20.0.0/16")));
    assert.deepEqual(changes(p), [
      `s1 west CreateRoute rtb-0west {"RouteTableId":"rtb-0west","DestinationCidrBlock":"10.20.0.0/16","TransitGatewayId":"tgw-0us-west-2"} us-west-2`,
      `s2 west CreateTags rtb-0west after s1 {"Resources":["rtb-0west"],"Tags":[{"Key":"${MARK}/route/10.20.0.0/16","Value":"tgw-0us-west-2"}]} us-west-2`,
    ]);
  });

  it("an attachment subnet's ACL denies the tunnel: left with doctor's fix, rule numbers apart", async () => {
    const p = await plan(
      T(
        tgwAclEntry("west", {
          RuleNumber: 50,
          Protocol: "-1",
          RuleAction: "deny",
          Egress: false,
          CidrBlock: "0.0.0.0/0",
        }),
      ),
    );
    assert.deepEqual(p.steps, []);
    const acl = p.unfixable.filter((u) => u.check === "aws.transit-gateway");
    assert.deepEqual(
      acl.map((u) => u.remediation?.match(/--rule-number (\d+)/)?.[1]),
      ["40", "20"],
    );
    assert.ok(acl.some((u) => u.blocking));
  });

  it("an appliance next hop: nothing planned, doctor's unknown passed on", async () => {
    const p = await plan(T(tgwAppliance("us-west-2", "10.20.0.0/16")));
    assert.deepEqual(p.steps, []);
    assert.ok(
      p.unfixable.some(
        (u) => u.check === "aws.transit-gateway" && u.message.startsWith("not known: "),
      ),
    );
  });
});

describe("setup through transit gateways: order, accounts and --via", () => {
  it("two changes of one attachment: the second waits for the first (AWS refuses one while modifying)", async () => {
    const p = await plan(
      T(attachmentWithoutZone("west", "us-west-2b"), attachmentUnassociated("west")),
    );
    const associate = p.steps.find((s) => s.action === "AssociateTransitGatewayRouteTable");
    const modify = p.steps.find((s) => s.action === "ModifyTransitGatewayVpcAttachment");
    assert.ok(modify && associate, stepLines(p).join("; "));
    assert.ok(modify.after.includes(associate.id), stepLines(p).join("; "));
    assert.deepEqual(modify.waitFor, { attachment: "tgw-attach-0west", status: "available" });
  });

  it("a VPC attached to another account's gateway: the owner accepts it once it waits", async () => {
    const p = await plan(
      {
        ...SAME_ACCOUNT,
        transit: { owner: "444455556666" },
        faults: [attachmentState("west", "deleted")],
        members: { east: { account: "444455556666" } },
      },
      true,
    );
    const attach = p.steps.find((s) => s.action === "CreateTransitGatewayVpcAttachment");
    const accept = p.steps.find((s) => s.action === "AcceptTransitGatewayVpcAttachment");
    assert.ok(attach && accept, stepLines(p).join("; "));
    assert.equal(attach.member, "west");
    assert.equal(accept.member, "east");
    assert.deepEqual(accept.params, {
      TransitGatewayAttachmentId: { ref: attach.id, of: "tgw-attachment" },
    });
    assert.deepEqual(accept.waitFor, {
      attachment: { ref: attach.id, of: "tgw-attachment" },
      status: "pendingAcceptance",
    });
    assert.ok(accept.after.includes(attach.id));
  });

  it("--via naming one member only: nothing attached, the pair listed with what to name", async () => {
    const p = planFor(
      (
        await awsModelOf(awsPair({}, SAME_REGION_EAST)(), {
          ...SAME_ACCOUNT,
          peer: false,
          transit: true,
          faults: [
            attachmentState("west", "deleted"),
            attachmentState("east", "deleted"),
            removeRoute("west", "10.20.0.0/16"),
            removeRoute("east", "10.10.0.0/16"),
          ],
        })
      ).model,
      { via: { west: "tgw-0us-west-2" } },
    );
    assert.ok(
      !p.steps.some((s) => s.action === "CreateTransitGatewayVpcAttachment"),
      stepLines(p).join("; "),
    );
    assert.ok(!p.steps.some((s) => s.action === "CreateVpcPeeringConnection"));
    const item = p.unfixable.find((u) => u.check === "aws.peering");
    assert.match(
      item?.message ?? "",
      /^--via names no transit gateway for east, so vpc-0west and vpc-0east would not be joined/,
    );
    assert.equal(item?.blocking, true);
  });

  it("--via on gateways of two Regions that are not peered: the commands that peer them", async () => {
    const p = planFor(
      (
        await awsModelOf(awsPair()(), {
          peer: false,
          transit: true,
          faults: [
            attachmentState("west", "deleted"),
            attachmentState("east", "deleted"),
            tgwPeeringState("deleted"),
            removeRoute("west", "10.20.0.0/16"),
            removeRoute("east", "10.10.0.0/16"),
          ],
        })
      ).model,
      { via: { west: "tgw-0us-west-2", east: "tgw-0us-east-1" } },
    );
    assert.ok(!p.steps.some((s) => s.action === "CreateTransitGatewayVpcAttachment"));
    const item = p.unfixable.find((u) => u.check === "aws.peering");
    assert.match(
      item?.message ?? "",
      /^tgw-0us-west-2 \(west\) and tgw-0us-east-1 \(east\) are not peered/,
    );
    assert.match(
      item?.remediation ?? "",
      /tgw_peering=\$\(aws ec2 create-transit-gateway-peering-attachment --transit-gateway-id tgw-0us-west-2 --peer-transit-gateway-id tgw-0us-east-1 --peer-account-id 444455556666 --peer-region us-east-1 /,
    );
  });
});

describe("setup through transit gateways: quotas", () => {
  it("an attachment over the gateway's applied attachments quota: held back with the increase", async () => {
    const p = await plan(
      T1(attachmentState("west", "deleted"), quota("attachmentsPerGateway", 1)),
      true,
    );
    assert.ok(p.steps.some((s) => s.action === "CreateTransitGatewayVpcAttachment"));
    const held = p.unfixable.find(
      (u) => u.check === "aws.quota" && u.resource === "tgw-0us-west-2",
    );
    assert.match(
      held?.message ?? "",
      /^tgw-0us-west-2 has 1 of the applied quota 1 and setup adds 1: raise Service Quotas L-E0233F82/,
    );
    assert.equal(held?.blocking, true);
  });
});
