/**
 * Each world is the healthy one with one fault applied the way it happens in real accounts; doctor
 * must name exactly the failing IDs, on the member that owns the blocking resource.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyFix, doctor, healthyMembers, problems, result } from "../support/aws-harness.js";
import { motoWorlds, moveRouteToMainTable } from "../support/moto-worlds.js";

describe("AWS path faults against moto: routes", () => {
  const { build, moto } = motoWorlds();

  it("the route sits in the VPC's main table, but the Gateway subnets use their own table", async () => {
    const { world, west } = await build(healthyMembers());
    await moveRouteToMainTable(west, "10.20.0.0/16", world.peeringId);
    const { code, doc } = await doctor(moto(), world);
    assert.equal(code, 1);
    assert.deepEqual(problems(doc), ["aws.route west→east fail/error"]);
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
});
