/**
 * Nothing setup creates is left without the ClusterSet's marks: the peering carries
 * antrea.io/clusterset and antrea.io/managed-by on both accounts' views, each security group rule
 * carries them, and each route is recorded on its table (routes take no tags).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeVpcPeeringConnectionsCommand,
  type Tag,
} from "@aws-sdk/client-ec2";
import type { PlanDocument } from "../../src/report/plan.js";
import { healthyMembers, runOnWorld } from "../support/aws-harness.js";
import { EAST_RULE, motoWorlds, replaceIngress } from "../support/moto-worlds.js";

const tagsOf = (tags: Tag[] | undefined) =>
  Object.fromEntries((tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
const MARKS = { "antrea.io/clusterset": "antrea-mc", "antrea.io/managed-by": "kubectl-antrea-mc" };

describe("setup's marks against moto", () => {
  const { build, moto } = motoWorlds();

  it("every peering, rule and route setup makes carries the ClusterSet's marks", async () => {
    const { world, west, east } = await build(healthyMembers(), { peer: false });
    await replaceIngress(east, EAST_RULE, [
      { ...EAST_RULE, IpRanges: EAST_RULE.IpRanges.slice(0, 1) },
    ]);
    const run = await runOnWorld(moto(), world, ["setup", "--yes", "-o", "json"]);
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as PlanDocument;
    const made = doc.actions.map((a) => a.action);
    assert.ok(
      made.includes("CreateVpcPeeringConnection") && made.includes("AuthorizeSecurityGroupIngress"),
    );

    for (const m of [west, east]) {
      const p = await m.ec2.send(new DescribeVpcPeeringConnectionsCommand({}));
      const live = (p.VpcPeeringConnections ?? []).filter((x) => x.Status?.Code === "active");
      assert.equal(live.length, 1, `${m.name} sees one peering`);
      assert.deepEqual(
        { ...tagsOf(live[0]?.Tags), Name: undefined },
        { ...MARKS, Name: undefined },
        `${m.name}'s view of the peering carries the marks`,
      );
      const tables = await m.ec2.send(
        new DescribeRouteTablesCommand({ RouteTableIds: [m.routeTableId] }),
      );
      const table = tables.RouteTables?.[0];
      const marks = tagsOf(table?.Tags);
      for (const r of table?.Routes ?? [])
        if (r.VpcPeeringConnectionId)
          assert.equal(
            marks[`antrea.io/clusterset/antrea-mc/route/${r.DestinationCidrBlock}`],
            r.VpcPeeringConnectionId,
            `${m.name}: the route to ${r.DestinationCidrBlock} is recorded on ${m.routeTableId}`,
          );
    }
    const rules = await east.ec2.send(
      new DescribeSecurityGroupRulesCommand({
        Filters: [{ Name: "group-id", Values: [east.clusterSgId] }],
      }),
    );
    const added = (rules.SecurityGroupRules ?? []).filter((r) =>
      r.Description?.startsWith("antrea-mc antrea-mc:"),
    );
    assert.equal(added.length, 1);
    assert.deepEqual(tagsOf(added[0]?.Tags), MARKS);
  });
});
