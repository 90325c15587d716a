/**
 * aws.node-to-gateway against moto, through the CLI: a second node group whose security group the
 * Gateway's does not admit (doctor, then setup with group references, a no-op re-run, teardown),
 * and a dedicated Gateway subnet whose network ACL admits only the peer VPC (a candidate's subnet:
 * warning; the active Gateway's: error, left to the user by setup).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  CreateSecurityGroupCommand,
  DescribeInstancesCommand,
  DescribeNetworkAclsCommand,
  DescribeSecurityGroupRulesCommand,
  ModifyNetworkInterfaceAttributeCommand,
  ReplaceNetworkAclAssociationCommand,
} from "@aws-sdk/client-ec2";
import type { PlanDocument } from "../../src/report/plan.js";
import { doctor, healthyMembers, problems, result, runOnWorld } from "../support/aws-harness.js";
import type { WorldMember } from "../support/aws-world.js";
import { motoWorlds } from "../support/moto-worlds.js";

const json = <T>(stdout: string): T => JSON.parse(stdout) as T;
const mine = (p: string[]) => p.filter((x) => x.startsWith("aws.node-to-gateway"));

/** Node `k` of the member moves to a node group of its own: a new group on its interface. */
async function ownNodeGroup(m: WorldMember, k: number): Promise<string> {
  const sg = await m.ec2.send(
    new CreateSecurityGroupCommand({
      GroupName: "ng-2",
      Description: "second node group",
      VpcId: m.vpcId,
    }),
  );
  const groupId = sg.GroupId ?? "";
  const out = await m.ec2.send(
    new DescribeInstancesCommand({ InstanceIds: [m.instanceIds[k] ?? ""] }),
  );
  const eni = out.Reservations?.[0]?.Instances?.[0]?.NetworkInterfaces?.[0]?.NetworkInterfaceId;
  await m.ec2.send(
    new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: eni, Groups: [groupId] }),
  );
  return groupId;
}

/** Rules between groups (references) on the groups, as "group from/to peer description". */
async function referenceRules(m: WorldMember, groups: string[]): Promise<string[]> {
  const out = await m.ec2.send(
    new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: "group-id", Values: groups }] }),
  );
  return (out.SecurityGroupRules ?? [])
    .filter((r) => r.ReferencedGroupInfo?.GroupId && r.FromPort === 6081)
    .map(
      (r) =>
        `${r.GroupId} ${r.IsEgress ? "to" : "from"} ${r.ReferencedGroupInfo?.GroupId} ${r.Description ?? ""}`,
    )
    .sort();
}

/** A network ACL that admits only the peer VPC, associated with the subnets of `zones`. */
async function peerOnlyAcl(m: WorldMember, peerCidr: string, zones: string[]): Promise<string> {
  const acl = await m.ec2.send(new CreateNetworkAclCommand({ VpcId: m.vpcId }));
  const id = acl.NetworkAcl?.NetworkAclId ?? "";
  for (const Egress of [false, true]) {
    await m.ec2.send(
      new CreateNetworkAclEntryCommand({
        NetworkAclId: id,
        RuleNumber: 100,
        Protocol: "-1",
        RuleAction: "allow",
        Egress,
        CidrBlock: peerCidr,
      }),
    );
  }
  await associate(m, id, zones);
  return id;
}

async function associate(m: WorldMember, aclId: string, zones: string[]): Promise<void> {
  const acls = await m.ec2.send(
    new DescribeNetworkAclsCommand({ Filters: [{ Name: "vpc-id", Values: [m.vpcId] }] }),
  );
  for (const zone of zones) {
    const subnet = m.subnetIds[zone];
    const assoc = acls.NetworkAcls?.flatMap((a) => a.Associations ?? []).find(
      (a) => a.SubnetId === subnet,
    );
    await m.ec2.send(
      new ReplaceNetworkAclAssociationCommand({
        AssociationId: assoc?.NetworkAclAssociationId,
        NetworkAclId: aclId,
      }),
    );
  }
}

describe("aws.node-to-gateway against moto", () => {
  const { build, moto } = motoWorlds();

  it("a node group's security group not admitted: doctor fails both ways; setup adds two group references, re-run no-op, teardown removes them", async () => {
    const { world, west } = await build(healthyMembers());
    const healthy = await doctor(moto(), world);
    assert.deepEqual(mine(problems(healthy.doc)), [], "the healthy world passes");
    assert.match(
      result(healthy.doc, "aws.node-to-gateway", "west")[0]?.message ?? "",
      /^3 Nodes in 3 Node groups and 2 Gateways exchange UDP 6081 both ways$/,
    );

    const ng = await ownNodeGroup(west, 2);
    const broken = await doctor(moto(), world);
    assert.equal(broken.code, 1);
    assert.deepEqual(mine(problems(broken.doc)), [
      "aws.node-to-gateway west fail/error",
      "aws.node-to-gateway west fail/error",
      "aws.node-to-gateway west warn/warning",
      "aws.node-to-gateway west warn/warning",
    ]);
    const messages = result(broken.doc, "aws.node-to-gateway", "west").map((f) => f.message);
    assert.ok(
      messages.some((m) =>
        /^Nodes in \S+ with sg-\w+ \(1 Node: ip-10-10-78-9\S+\) cannot send UDP 6081 to the active Gateway .*: sg-\w+ \(the Gateway's\) does not admit it$/.test(
          m,
        ),
      ),
      messages.join("\n"),
    );

    const run = await runOnWorld(moto(), world, ["setup", "--yes", "-o", "json"]);
    assert.equal(run.code, 0, run.stderr);
    const doc = json<PlanDocument>(run.stdout);
    const steps = doc.actions.filter((a) => a.reason === "aws.node-to-gateway");
    assert.deepEqual(
      steps.map((a) => [a.action, a.resource, a.status]),
      [
        ["AuthorizeSecurityGroupIngress", west.clusterSgId, "applied"],
        ["AuthorizeSecurityGroupIngress", ng, "applied"],
      ],
    );
    assert.deepEqual(
      await referenceRules(west, [west.clusterSgId, ng]),
      // moto's DescribeSecurityGroupRules drops a group reference's description; sorted as
      // referenceRules sorts (the group IDs are moto's random ones).
      [`${ng} from ${west.clusterSgId} `, `${west.clusterSgId} from ${ng} `].sort(),
    );
    assert.deepEqual(mine(problems((await doctor(moto(), world)).doc)), [], "setup fixed it");

    const again = await runOnWorld(moto(), world, ["setup", "--yes", "-o", "json"]);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(json<PlanDocument>(again.stdout).actions, [], "a re-run changes nothing");

    const down = await runOnWorld(moto(), world, ["teardown", "--yes", "-o", "json"]);
    assert.equal(down.code, 0, down.stderr);
    assert.deepEqual(
      json<PlanDocument>(down.stdout)
        .actions.map((a) => [a.action, a.resource])
        .sort(),
      [
        ["RevokeSecurityGroupIngress", west.clusterSgId],
        ["RevokeSecurityGroupIngress", ng],
      ].sort(),
    );
    assert.deepEqual(
      await referenceRules(west, [west.clusterSgId, ng]),
      [],
      "teardown removed them",
    );
  });

  it("a Gateway subnet's network ACL that admits only the peer VPC: the candidate is a warning, the active Gateway an error setup leaves to the user", async () => {
    const { world, west } = await build(healthyMembers());
    const acl = await peerOnlyAcl(west, "10.20.0.0/16", ["us-west-2b"]);
    const candidate = await doctor(moto(), world);
    // The candidate's Node is a Node too: the active Gateway and it are cut off (error).
    assert.deepEqual(mine(problems(candidate.doc)), [
      "aws.node-to-gateway west fail/error",
      "aws.node-to-gateway west fail/error",
      "aws.node-to-gateway west warn/warning",
      "aws.node-to-gateway west warn/warning",
      "aws.node-to-gateway west warn/warning",
      "aws.node-to-gateway west warn/warning",
    ]);
    assert.ok(
      result(candidate.doc, "aws.node-to-gateway", "west").every((f) =>
        f.message.includes(`${acl} (the `),
      ),
    );

    await associate(west, acl, ["us-west-2a"]);
    const active = await doctor(moto(), world);
    const failing = result(active.doc, "aws.node-to-gateway", "west").filter(
      (f) => f.status === "fail",
    );
    assert.ok(
      failing.some((f) =>
        /^Nodes in \S+ with sg-\w+ \(1 Node: ip-10-10-78-9\S+\) cannot send UDP 6081 to the active Gateway .*denies it inbound at rule \*$/.test(
          f.message,
        ),
      ),
      failing.map((f) => f.message).join("\n"),
    );
    const plan = await runOnWorld(moto(), world, ["setup", "--dry-run", "-o", "json"]);
    const left = json<PlanDocument>(plan.stdout).unfixable.filter(
      (u) => u.check === "aws.node-to-gateway",
    );
    assert.ok(left.some((u) => u.blocking && u.remediation?.includes("create-network-acl-entry")));
    assert.deepEqual(
      json<PlanDocument>(plan.stdout).actions.filter((a) => a.reason === "aws.node-to-gateway"),
      [],
      "setup changes no network ACL",
    );
  });
});
