/**
 * Two setups of the same ClusterSet at once (two people, or a retried CI job) against moto: both
 * succeed and leave one copy of everything — one peering, one route per destination, one rule
 * per peer Gateway — and doctor passes. CreateVpcPeeringConnection has no client token, so this
 * fails unless setup settles on one peering (src/apply/peering-once.ts).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeVpcPeeringConnectionsCommand,
} from "@aws-sdk/client-ec2";
import type { PlanDocument } from "../../src/report/plan.js";
import { doctor, healthyMembers, problems, runOnWorld } from "../support/aws-harness.js";
import type { WorldMember } from "../support/aws-world.js";
import { motoWorlds } from "../support/moto-worlds.js";

/** The same thing twice in a list, with how often. */
const twice = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) !== i);

async function copies(m: WorldMember) {
  const tables = await m.ec2.send(
    new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: [m.vpcId] }] }),
  );
  const routes = (tables.RouteTables ?? []).flatMap((t) =>
    (t.Routes ?? []).map((r) => `${t.RouteTableId} ${r.DestinationCidrBlock}`),
  );
  const rules = await m.ec2.send(
    new DescribeSecurityGroupRulesCommand({
      Filters: [{ Name: "group-id", Values: [m.clusterSgId] }],
    }),
  );
  const perms = (rules.SecurityGroupRules ?? []).map(
    (r) => `${r.IsEgress} ${r.IpProtocol} ${r.FromPort}-${r.ToPort} ${r.CidrIpv4 ?? ""}`,
  );
  return { routes: twice(routes), rules: twice(perms) };
}

describe("two setups at once against moto", () => {
  const { build, moto } = motoWorlds();

  it("both succeed and leave one peering, one route and one rule of each", async () => {
    const { world, west, east } = await build(healthyMembers(), {
      peer: false,
      tunnelPort: false,
    });
    const args = ["setup", "--yes", "-o", "json"];
    const [one, two] = await Promise.all([
      runOnWorld(moto(), world, args),
      runOnWorld(moto(), world, args),
    ]);
    for (const run of [one, two]) {
      assert.equal(run.code, 0, run.stderr);
      const doc = JSON.parse(run.stdout) as PlanDocument;
      assert.ok(
        doc.actions.every((a) => a.status === "applied"),
        JSON.stringify(doc.actions.map((a) => [a.action, a.status, a.message])),
      );
      assert.doesNotMatch(run.stderr, /error/i);
    }
    const peerings = await west.ec2.send(new DescribeVpcPeeringConnectionsCommand({}));
    const live = (peerings.VpcPeeringConnections ?? []).filter(
      (p) => !["deleted", "rejected", "failed"].includes(p.Status?.Code ?? ""),
    );
    assert.equal(live.length, 1, JSON.stringify(peerings.VpcPeeringConnections));
    assert.equal(live[0]?.Status?.Code, "active");
    for (const m of [west, east]) assert.deepEqual(await copies(m), { routes: [], rules: [] });
    assert.deepEqual(problems((await doctor(moto(), world)).doc), []);
  });
});
