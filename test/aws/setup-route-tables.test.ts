/**
 * setup against moto: a Gateway candidate's subnet moved to a route table of its own that has no
 * routes to the peer. setup adds them there (and only there); teardown removes them and leaves
 * the world's own routes and peering, which setup did not make.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CreateRouteTableCommand,
  DescribeRouteTablesCommand,
  DescribeVpcPeeringConnectionsCommand,
  ReplaceRouteTableAssociationCommand,
  type Route,
} from "@aws-sdk/client-ec2";
import type { PlanDocument } from "../../src/report/plan.js";
import { changes, doctor, healthyMembers, problems, runOnWorld } from "../support/aws-harness.js";
import type { WorldMember } from "../support/aws-world.js";
import { motoWorlds } from "../support/moto-worlds.js";

const json = <T>(stdout: string): T => JSON.parse(stdout) as T;

async function peeringRoutes(m: WorldMember, tableId: string): Promise<string[]> {
  const out = await m.ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [tableId] }));
  return (out.RouteTables?.[0]?.Routes ?? [])
    .filter((r: Route) => r.VpcPeeringConnectionId)
    .map((r) => `${r.DestinationCidrBlock} ${r.VpcPeeringConnectionId}`)
    .sort();
}

/** Gives the subnet of west's second Gateway candidate (us-west-2b) a table without peer routes. */
async function ownTable(west: WorldMember): Promise<string> {
  const created = await west.ec2.send(new CreateRouteTableCommand({ VpcId: west.vpcId }));
  const tableId = created.RouteTable?.RouteTableId ?? "";
  const subnetId = west.subnetIds["us-west-2b"] ?? "";
  const tables = await west.ec2.send(
    new DescribeRouteTablesCommand({
      Filters: [{ Name: "association.subnet-id", Values: [subnetId] }],
    }),
  );
  const association = tables.RouteTables?.[0]?.Associations?.find((a) => a.SubnetId === subnetId);
  await west.ec2.send(
    new ReplaceRouteTableAssociationCommand({
      AssociationId: association?.RouteTableAssociationId ?? "",
      RouteTableId: tableId,
    }),
  );
  return tableId;
}

describe("setup against moto: a subnet with its own route table", () => {
  const { build, moto } = motoWorlds();

  it("routes go into the candidate's own table; teardown takes back only those", async () => {
    const { world, west } = await build(healthyMembers());
    const tableId = await ownTable(west);
    const broken = await doctor(moto(), world);
    assert.ok(
      problems(broken.doc).some((p) => p.startsWith("aws.route west→east")),
      problems(broken.doc).join("\n"),
    );

    const run = await runOnWorld(moto(), world, ["setup", "--yes", "-o", "json", "-v"]);
    assert.equal(run.code, 0, run.stderr);
    const doc = json<PlanDocument>(run.stdout);
    assert.deepEqual(
      doc.actions.map((a) => `${a.member} ${a.action} ${a.resource} ${a.status}`),
      [`west CreateRoute ${tableId} applied`, `west CreateTags ${tableId} applied`],
    );
    assert.deepEqual(doc.actions[0]?.params, {
      RouteTableId: tableId,
      DestinationCidrBlock: "10.20.0.0/16",
      VpcPeeringConnectionId: world.peeringId,
    });
    assert.deepEqual(problems((await doctor(moto(), world)).doc), []);
    assert.deepEqual(await peeringRoutes(west, tableId), [`10.20.0.0/16 ${world.peeringId}`]);
    const worldRoutes = await peeringRoutes(west, west.routeTableId);

    const again = await runOnWorld(moto(), world, ["setup", "--yes", "-v"]);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(changes(again.stderr), []);

    const down = await runOnWorld(moto(), world, ["teardown", "--yes", "-o", "json"]);
    assert.equal(down.code, 0, down.stderr);
    assert.deepEqual(
      json<PlanDocument>(down.stdout).actions.map((a) => `${a.action} ${a.resource}`),
      [`DeleteRoute ${tableId}`, `DeleteTags ${tableId}`],
    );
    assert.deepEqual(await peeringRoutes(west, tableId), []);
    assert.deepEqual(await peeringRoutes(west, west.routeTableId), worldRoutes);
    const peering = await west.ec2.send(
      new DescribeVpcPeeringConnectionsCommand({
        VpcPeeringConnectionIds: [world.peeringId ?? ""],
      }),
    );
    assert.equal(peering.VpcPeeringConnections?.[0]?.Status?.Code, "active");
  });
});
