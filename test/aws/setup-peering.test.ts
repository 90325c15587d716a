/**
 * setup and teardown against moto, a whole cycle on the hardest world: no peering between two
 * accounts in two Regions. Plan only (nothing changes), apply (doctor passes), again (nothing to
 * do), teardown (exactly setup's changes go, the world's own rules stay).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDeepStrictEqual } from "node:util";
import { DescribeRouteTablesCommand, DescribeSecurityGroupRulesCommand } from "@aws-sdk/client-ec2";
import type { PlanDocument } from "../../src/report/plan.js";
import {
  changes,
  doctor,
  healthyMembers,
  problems,
  result,
  runOnWorld,
} from "../support/aws-harness.js";
import { motoWorlds } from "../support/moto-worlds.js";

const json = <T>(stdout: string): T => JSON.parse(stdout) as T;

describe("setup and teardown against moto: no peering, two accounts, two Regions", () => {
  const { build, moto } = motoWorlds();

  it("plans, applies, converges and tears down exactly what it made", async () => {
    const { world, west, east } = await build(healthyMembers(), { peer: false });
    const ec2State = async () => ((await moto().state()) as { ec2: unknown }).ec2;
    const before = await ec2State();

    // Plan only: the actions, and nothing changes.
    const dry = await runOnWorld(moto(), world, ["setup", "--dry-run", "-o", "json", "-v"]);
    assert.equal(dry.code, 0, dry.stderr);
    const plan = json<PlanDocument>(dry.stdout);
    assert.deepEqual(
      plan.actions.map((a) => `${a.member} ${a.action}`),
      [
        "west CreateVpcPeeringConnection",
        "east AcceptVpcPeeringConnection",
        "east CreateTags",
        "west CreateRoute",
        "west CreateTags",
        "east CreateRoute",
        "east CreateTags",
      ],
    );
    assert.deepEqual(plan.actions[0]?.params, {
      VpcId: west.vpcId,
      PeerVpcId: east.vpcId,
      PeerOwnerId: "444455556666",
      PeerRegion: "us-east-1",
      TagSpecifications: [
        {
          ResourceType: "vpc-peering-connection",
          Tags: [
            { Key: "Name", Value: "antrea-mc-antrea-mc-west-east" },
            { Key: "antrea.io/clusterset", Value: "antrea-mc" },
            { Key: "antrea.io/managed-by", Value: "kubectl-antrea-mc" },
          ],
        },
      ],
    });
    assert.equal(plan.actions[3]?.params.VpcPeeringConnectionId, "<pcx from s1>");
    assert.ok(plan.actions.every((a) => a.status === "planned"));
    assert.deepEqual(changes(dry.stderr), []);
    assert.ok(isDeepStrictEqual(await ec2State(), before), "--dry-run changed nothing in EC2");

    // Without a terminal and without --yes, nothing happens.
    const refused = await runOnWorld(moto(), world, ["setup"]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /stdin is not a terminal to confirm it: .* pass --yes/);

    // Apply: the peering is created as west and accepted as east (its role), routes on both sides.
    const applied = await runOnWorld(moto(), world, ["setup", "--yes", "-o", "json", "-v"]);
    assert.equal(applied.code, 0, applied.stderr);
    const done = json<PlanDocument>(applied.stdout);
    assert.ok(done.applied);
    assert.ok(
      done.actions.every((a) => a.status === "applied"),
      JSON.stringify(done.actions),
    );
    assert.ok(done.preflight?.some((p) => p.permission === "allowed"));
    assert.deepEqual(
      done.doctor?.problems.filter((p) => p.id.startsWith("aws.")),
      [],
    );
    const after = await doctor(moto(), world);
    assert.deepEqual(problems(after.doc), []);
    assert.equal(result(after.doc, "aws.peering", "west", "east")[0]?.status, "pass");

    // Again: nothing to do, no call that changes anything.
    const again = await runOnWorld(moto(), world, ["setup", "--yes", "-v"]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /Nothing to change in AWS/);
    assert.deepEqual(changes(again.stderr), []);

    // Teardown: routes (and their marks), then the peering; the world's tunnel rules stay.
    const rulesBefore = await west.ec2.send(
      new DescribeSecurityGroupRulesCommand({
        Filters: [{ Name: "group-id", Values: [west.clusterSgId] }],
      }),
    );
    const down = await runOnWorld(moto(), world, ["teardown", "--yes", "-o", "json", "-v"]);
    assert.equal(down.code, 0, down.stderr);
    assert.deepEqual(
      json<PlanDocument>(down.stdout).actions.map((a) => `${a.member} ${a.action} ${a.status}`),
      [
        "west DeleteRoute applied",
        "west DeleteTags applied",
        "east DeleteRoute applied",
        "east DeleteTags applied",
        "west DeleteVpcPeeringConnection applied",
      ],
    );
    const gone = await doctor(moto(), world);
    assert.equal(result(gone.doc, "aws.peering", "west", "east")[0]?.status, "fail");
    for (const m of [west, east]) {
      const t = await m.ec2.send(
        new DescribeRouteTablesCommand({ RouteTableIds: [m.routeTableId] }),
      );
      const table = t.RouteTables?.[0];
      assert.ok(
        !table?.Routes?.some((r) => r.VpcPeeringConnectionId),
        `${m.name}: no peering route left`,
      );
      assert.ok(
        !table?.Tags?.some((x) => x.Key?.startsWith("antrea.io/")),
        `${m.name}: no mark left`,
      );
    }
    const rulesAfter = await west.ec2.send(
      new DescribeSecurityGroupRulesCommand({
        Filters: [{ Name: "group-id", Values: [west.clusterSgId] }],
      }),
    );
    assert.deepEqual(rulesAfter.SecurityGroupRules, rulesBefore.SecurityGroupRules);
    // And once more: nothing of setup's is left to remove.
    const twice = await runOnWorld(moto(), world, ["teardown", "--yes", "-v"]);
    assert.equal(twice.code, 0, twice.stderr);
    assert.deepEqual(changes(twice.stderr), []);
  });
});
