/**
 * Each world is the healthy one with one fault applied the way it happens in real accounts; doctor
 * must name exactly the failing IDs, on the member that owns the blocking resource.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AssociateVpcCidrBlockCommand } from "@aws-sdk/client-ec2";
import { applyFix, doctor, healthyMembers, problems, result } from "../support/aws-harness.js";
import { motoWorlds, moveRouteToMainTable } from "../support/moto-worlds.js";

describe("AWS path faults against moto: routes", () => {
  const { build, moto } = motoWorlds();

  it("the route sits in the VPC's main table, but the Gateway subnets use their own table", async () => {
    const { world, west } = await build(healthyMembers());
    await moveRouteToMainTable(west, "10.20.0.0/16", world.peeringId);
    const { code, doc } = await doctor(moto(), world);
    assert.equal(code, 1);
    // The same table is the one the leader's (west's) control-plane subnets use: east's way to
    // its API server has no route back either.
    assert.deepEqual(problems(doc), [
      "aws.leader-path east fail/error",
      "aws.route west→east fail/error",
    ]);
    const [f] = result(doc, "aws.route", "west", "east");
    assert.equal(f?.resource, west.routeTableId);
    assert.match(
      f?.message ?? "",
      /no route for east's Gateway IP 10\.20\.8\.15 .*; no route for east's Pod CIDR 10\.20\.0\.0\/16; no route for east's Gateway IP 10\.20\.40\.22/,
    );
    assert.equal(
      f?.remediation,
      `# ${west.mainRouteTableId} (the VPC's main table) has this route, but the Gateway subnets use ${west.routeTableId}:\naws ec2 create-route --route-table-id ${west.routeTableId} --destination-cidr-block 10.20.0.0/16 --vpc-peering-connection-id ${world.peeringId} --region us-west-2`,
    );
    await applyFix(moto(), f?.remediation);
    assert.deepEqual(problems((await doctor(moto(), world)).doc), [], "the fix works");
  });

  it("custom networking: Pods in each VPC's own secondary CIDR, only the VPC routes: no error", async () => {
    // The tunnel carries Pod traffic between the Gateway IPs, which the VPC CIDR routes cover;
    // the Pod CIDR routes Antrea's guide also asks for are an info, with the route to add.
    const { world, west, east } = await build(
      healthyMembers(
        { mcConf: { podCIDRs: ["100.64.0.0/16"] }, podNetwork16: "100.64.0.0/16" },
        { mcConf: { podCIDRs: ["100.65.0.0/16"] }, podNetwork16: "100.65.0.0/16" },
      ),
    );
    for (const [m, cidr] of [
      [west, "100.64.0.0/16"],
      [east, "100.65.0.0/16"],
    ] as const) {
      await m.ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: m.vpcId, CidrBlock: cidr }));
    }
    const { code, doc } = await doctor(moto(), world);
    assert.equal(code, 0, JSON.stringify(problems(doc, "")));
    assert.deepEqual(problems(doc), [
      "aws.route east→west warn/info",
      "aws.route west→east warn/info",
    ]);
    const [f] = result(doc, "aws.route", "west", "east");
    assert.match(f?.message ?? "", /no route for east's Pod CIDR 100\.65\.0\.0\/16$/);
    assert.match(f?.remediation ?? "", /create-route .*--destination-cidr-block 100\.65\.0\.0\/16/);
  });
});
