/**
 * setup against moto: security group rules (wrong port, two candidates, a user's identical rule
 * that teardown must keep) and a route only in the VPC's main table; the printed commands do the
 * same as setup when run with the real AWS CLI.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DescribeSecurityGroupRulesCommand } from "@aws-sdk/client-ec2";
import type { PlanDocument } from "../../src/report/plan.js";
import {
  applyFix,
  changes,
  doctor,
  healthyMembers,
  problems,
  runOnWorld,
} from "../support/aws-harness.js";
import type { WorldMember } from "../support/aws-world.js";
import {
  EAST_RULE,
  motoWorlds,
  moveRouteToMainTable,
  replaceIngress,
} from "../support/moto-worlds.js";

const json = <T>(stdout: string): T => JSON.parse(stdout) as T;

async function tunnelSources(m: WorldMember): Promise<string[]> {
  const out = await m.ec2.send(
    new DescribeSecurityGroupRulesCommand({
      Filters: [{ Name: "group-id", Values: [m.clusterSgId] }],
    }),
  );
  return (out.SecurityGroupRules ?? [])
    .filter((r) => !r.IsEgress && r.FromPort === 6081)
    .map((r) => `${r.CidrIpv4} ${r.Description ?? ""}`)
    .sort();
}

describe("setup against moto: security group rules and routes", () => {
  const { build, moto } = motoWorlds();

  it("wrong port, and a user's rule for one candidate: setup adds the rest; teardown keeps the user's", async () => {
    const { world, east } = await build(healthyMembers());
    // east admits 6082 from both of west's candidates, and 6081 from the active one only.
    await replaceIngress(east, EAST_RULE, [
      { ...EAST_RULE, FromPort: 6082, ToPort: 6082 },
      { ...EAST_RULE, IpRanges: EAST_RULE.IpRanges.slice(0, 1) },
    ]);
    const broken = await doctor(moto(), world);
    assert.deepEqual(problems(broken.doc), ["aws.sg-ingress east→west warn/warning"]);

    const run = await runOnWorld(moto(), world, ["setup", "--yes", "-o", "json"]);
    assert.equal(run.code, 0, run.stderr);
    const doc = json<PlanDocument>(run.stdout);
    assert.deepEqual(
      doc.actions.map((a) => [a.member, a.action, a.resource, a.params.IpPermissions, a.status]),
      [
        [
          "east",
          "AuthorizeSecurityGroupIngress",
          east.clusterSgId,
          [
            {
              IpProtocol: "udp",
              FromPort: 6081,
              ToPort: 6081,
              IpRanges: [
                { CidrIp: "10.10.45.67/32", Description: "antrea-mc antrea-mc: tunnel from west" },
              ],
            },
          ],
          "applied",
        ],
      ],
    );
    assert.deepEqual(problems((await doctor(moto(), world)).doc), []);
    assert.deepEqual(await tunnelSources(east), [
      "10.10.12.34/32 antrea-mc tunnel from peer Gateways",
      "10.10.45.67/32 antrea-mc antrea-mc: tunnel from west",
    ]);

    const down = await runOnWorld(moto(), world, ["teardown", "--yes", "-o", "json"]);
    assert.equal(down.code, 0, down.stderr);
    assert.deepEqual(
      json<PlanDocument>(down.stdout).actions.map((a) => `${a.member} ${a.action} ${a.status}`),
      ["east RevokeSecurityGroupIngress applied"],
    );
    assert.deepEqual(await tunnelSources(east), [
      "10.10.12.34/32 antrea-mc tunnel from peer Gateways",
    ]);
  });

  it("a route only in the main table: setup adds it where the Gateway subnets look; the printed commands do the same", async () => {
    const { world, west } = await build(healthyMembers());
    await moveRouteToMainTable(west, "10.20.0.0/16", world.peeringId);
    const plan = await runOnWorld(moto(), world, ["setup", "--dry-run", "--print-commands"]);
    assert.equal(plan.code, 0, plan.stderr);
    const commands = plan.stdout.slice(plan.stdout.indexOf("The same changes with the AWS CLI:"));
    assert.match(
      commands,
      new RegExp(
        `aws ec2 create-route --route-table-id ${west.routeTableId} --destination-cidr-block 10\\.20\\.0\\.0/16 --vpc-peering-connection-id ${world.peeringId} --region us-west-2`,
      ),
    );
    // The commands, pasted: the route and its mark.
    await applyFix(moto(), commands.split("\n").slice(1).join("\n"));
    assert.deepEqual(problems((await doctor(moto(), world)).doc), []);
    const again = await runOnWorld(moto(), world, ["setup", "--yes", "-v"]);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(changes(again.stderr), [], "the pasted commands left nothing to do");
    // teardown knows the route by the mark the commands left.
    const down = await runOnWorld(moto(), world, ["teardown", "--dry-run", "-o", "json"]);
    assert.deepEqual(
      json<PlanDocument>(down.stdout).actions.map((a) => `${a.action} ${a.resource}`),
      [`DeleteRoute ${west.routeTableId}`, `DeleteTags ${west.routeTableId}`],
    );
  });
});
