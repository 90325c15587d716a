/**
 * aws.leader-path against moto, through the CLI. The leader is west (also a member), its EKS
 * endpoint private only unless a test says otherwise:
 * - no TCP 443 rule for east: doctor fails; setup adds the rule on west's cluster security group
 *   (tagged), doctor passes, a re-run changes nothing, teardown removes exactly it;
 * - a public endpoint whose publicAccessCidrs leave out east's NAT gateway: doctor fails with the
 *   update-cluster-config that adds it; setup changes no EKS setting and says so.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  AllocateAddressCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  DescribeSecurityGroupRulesCommand,
} from "@aws-sdk/client-ec2";
import type { PlanDocument } from "../../src/report/plan.js";
import { doctor, healthyMembers, problems, result, runOnWorld } from "../support/aws-harness.js";
import type { WorldMember } from "../support/aws-world.js";
import { motoWorlds } from "../support/moto-worlds.js";

const json = <T>(stdout: string): T => JSON.parse(stdout) as T;
const mine = (p: string[]) => p.filter((x) => x.startsWith("aws.leader-path"));

/** TCP 443 rules on a group, as "from-cidr description". */
async function apiRules(m: WorldMember): Promise<string[]> {
  const out = await m.ec2.send(
    new DescribeSecurityGroupRulesCommand({
      Filters: [{ Name: "group-id", Values: [m.clusterSgId] }],
    }),
  );
  return (out.SecurityGroupRules ?? [])
    .filter((r) => r.FromPort === 443 && !r.IsEgress)
    .map((r) => `${r.CidrIpv4} ${r.Description ?? ""}`.trim())
    .sort();
}

/** A NAT gateway with an Elastic IP in the member's VPC, and its Nodes' default route to it. */
async function natEgress(m: WorldMember): Promise<string> {
  const eip = await m.ec2.send(new AllocateAddressCommand({ Domain: "vpc" }));
  const nat = await m.ec2.send(
    new CreateNatGatewayCommand({
      SubnetId: Object.values(m.subnetIds)[0],
      AllocationId: eip.AllocationId,
    }),
  );
  await m.ec2.send(
    new CreateRouteCommand({
      RouteTableId: m.routeTableId,
      DestinationCidrBlock: "0.0.0.0/0",
      NatGatewayId: nat.NatGateway?.NatGatewayId,
    }),
  );
  return eip.PublicIp ?? "";
}

describe("aws.leader-path against moto", () => {
  const { build, moto } = motoWorlds();

  it("no TCP 443 rule for east: setup adds it on the leader's cluster security group, re-run no-op, teardown removes it", async () => {
    const { world, west } = await build(healthyMembers(), { leaderApiRule: false });
    const broken = await doctor(moto(), world);
    assert.equal(broken.code, 1, broken.stderr);
    assert.deepEqual(mine(problems(broken.doc)), ["aws.leader-path east fail/error"]);
    const finding = result(broken.doc, "aws.leader-path", "east")[0];
    assert.match(
      finding?.message ?? "",
      /^east → the leader west's private endpoint \(private endpoint access only\): no security group of the leader's control plane \(sg-\w+\) admits TCP 443 from east's Nodes /,
    );
    assert.equal(finding?.resource, west.clusterSgId);
    assert.equal(result(broken.doc, "aws.leader-path", "west")[0]?.status, "pass");

    const run = await runOnWorld(moto(), world, ["setup", "--yes", "-o", "json"]);
    assert.equal(run.code, 0, run.stderr);
    const steps = json<PlanDocument>(run.stdout).actions.filter(
      (a) => a.reason === "aws.leader-path",
    );
    assert.deepEqual(
      steps.map((a) => [a.member, a.peer, a.action, a.resource, a.status]),
      [["west", "east", "AuthorizeSecurityGroupIngress", west.clusterSgId, "applied"]],
    );
    assert.deepEqual(await apiRules(west), [
      "10.20.0.0/19 antrea-mc antrea-mc: east to the leader API server",
      "10.20.32.0/19 antrea-mc antrea-mc: east to the leader API server",
      "10.20.64.0/19 antrea-mc antrea-mc: east to the leader API server",
    ]);
    const fixed = await doctor(moto(), world);
    assert.deepEqual(mine(problems(fixed.doc)), [], "setup fixed it");

    const again = await runOnWorld(moto(), world, ["setup", "--yes", "-o", "json"]);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(json<PlanDocument>(again.stdout).actions, [], "a re-run changes nothing");

    const down = await runOnWorld(moto(), world, ["teardown", "--yes", "-o", "json"]);
    assert.equal(down.code, 0, down.stderr);
    assert.deepEqual(
      json<PlanDocument>(down.stdout).actions.map((a) => [a.action, a.resource]),
      // One rule per Node subnet of east (EC2 makes a rule of each range).
      Array.from({ length: 3 }, () => ["RevokeSecurityGroupIngress", west.clusterSgId]),
    );
    assert.deepEqual(await apiRules(west), [], "teardown removed it");
  });

  it("a public endpoint that does not admit east's NAT gateway: the update-cluster-config that adds it, left to the user by setup", async () => {
    const { world, east } = await build(
      healthyMembers(
        {},
        {},
        {
          eks: {
            endpoint: { public: true, private: false, publicAccessCidrs: ["198.51.100.0/24"] },
          },
        },
      ),
    );
    const ip = await natEgress(east);
    const broken = await doctor(moto(), world);
    assert.deepEqual(mine(problems(broken.doc)), ["aws.leader-path east fail/error"]);
    const finding = result(broken.doc, "aws.leader-path", "east")[0];
    assert.equal(
      finding?.message,
      `east → the leader west's public endpoint (public endpoint access only): the leader's public endpoint admits 198.51.100.0/24 (publicAccessCidrs), not east's egress address ${ip}`,
    );
    assert.equal(
      finding?.remediation,
      `aws eks update-cluster-config --name west --resources-vpc-config endpointPublicAccess=true,publicAccessCidrs=198.51.100.0/24,${ip}/32 --region us-west-2`,
    );
    const plan = await runOnWorld(moto(), world, ["setup", "--dry-run", "-o", "json"]);
    const doc = json<PlanDocument>(plan.stdout);
    assert.deepEqual(
      doc.actions.filter((a) => a.reason === "aws.leader-path"),
      [],
      "setup changes no EKS setting",
    );
    const left = doc.unfixable.find((u) => u.check === "aws.leader-path");
    assert.match(left?.message ?? "", /: setup changes no EKS setting$/);
    assert.equal(left?.remediation, finding?.remediation);
  });
});
