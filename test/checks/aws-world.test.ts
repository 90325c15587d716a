/**
 * The in-memory EC2 world (test/support/aws-answers.ts) itself: the healthy pair passes every AWS
 * check, and its answers have the collector's shape — one group per credentials and Region, the
 * calls the collector makes, the IDs it asked for.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AWS_OPERATIONS } from "../../src/aws/types.js";
import { runChecks } from "../../src/checks/engine.js";
import { readSnapshot } from "../../src/collect/snapshot/read.js";
import { buildModel } from "../../src/model/build.js";
import {
  awsModelOf,
  awsPair,
  cachedScenario,
  rawWithAws,
  SAME_ACCOUNT,
  SAME_REGION_EAST,
} from "../support/aws-scenarios.js";
import { manySpecs } from "../support/scenarios.js";

const notPassing = (rs: ReturnType<typeof runChecks>) =>
  rs
    .filter((r) => r.id.startsWith("aws.") && r.status !== "pass")
    .map((r) => `${r.id} ${r.member}${r.peer ? `→${r.peer}` : ""} ${r.status}: ${r.message}`);

describe("the in-memory EC2 world", () => {
  it("the healthy west/east pair passes every AWS check, as in moto", async () => {
    const { model } = await awsModelOf(awsPair()());
    const results = runChecks(model);
    assert.deepEqual(notPassing(results), []);
    // access, instance, eks-cluster, leader-path, quota and node-to-gateway per member;
    // vpc-overlap and peering per pair; seven checks per direction.
    assert.equal(results.filter((r) => r.id.startsWith("aws.")).length, 6 * 2 + 2 + 7 * 2);
    assert.deepEqual(
      results.filter((r) => r.status !== "pass").map((r) => r.id),
      [],
      "the Kubernetes checks pass too",
    );
  });

  it("answers as the collector stores them: a group per credentials and Region", async () => {
    const { raw, world } = await rawWithAws(awsPair()(), {});
    const [west, east] = raw.aws?.groups ?? [];
    assert.deepEqual(west?.members, ["west"]);
    assert.equal(west?.account, "123456789012");
    assert.equal(west?.accountSource, "sts");
    assert.equal(west?.settings.roleArn, undefined);
    assert.deepEqual(east?.members, ["east"]);
    assert.equal(east?.settings.roleArn, "arn:aws:iam::444455556666:role/antrea-mc-doctor");
    assert.equal(east?.settings.region, "us-east-1");
    assert.equal(
      east?.principalArn,
      "arn:aws:sts::444455556666:assumed-role/antrea-mc-doctor/kubectl-antrea-mc",
    );
    // Every Node is asked for (aws.node-to-gateway places them all), and what they name.
    assert.deepEqual(east?.instanceIds, [...(world.members[1]?.instanceIds ?? [])].sort());
    assert.deepEqual(east?.requested, {
      subnetIds: ["subnet-0east-a", "subnet-0east-b", "subnet-0east-c"],
      vpcIds: ["vpc-0east"],
      groupIds: ["sg-0east"],
    });
    // No transit gateway: only the VPCs' attachments are asked for.
    assert.deepEqual(
      Object.keys(east?.calls ?? {}).sort(),
      AWS_OPERATIONS.filter(
        (op) => !op.startsWith("DescribeTransitGateway") || op.endsWith("VpcAttachments"),
      ).sort(),
    );
    assert.deepEqual(east?.prefixLists, {});
    // Each account sees the peering; plain JSON, as the AWS CLI prints it.
    for (const g of [west, east]) {
      const p = g?.calls.DescribeVpcPeeringConnections;
      assert.ok(p?.ok);
      assert.equal(JSON.stringify(p.value), JSON.stringify(JSON.parse(JSON.stringify(p.value))));
      assert.equal((p.value.VpcPeeringConnections as unknown[]).length, 1);
    }
  });

  it("members with the same credentials in the same Region are one group", async () => {
    const { raw } = await rawWithAws(awsPair({}, SAME_REGION_EAST)(), SAME_ACCOUNT);
    assert.deepEqual(
      raw.aws?.groups.map((g) => g.members),
      [["west", "east"]],
    );
    const { raw: four } = await rawWithAws(
      cachedScenario(manySpecs(4, { regions: ["us-west-2", "us-east-1"] })),
      {},
    );
    assert.deepEqual(
      four.aws?.groups.map((g) => g.members),
      [
        ["member-01", "member-03"],
        ["member-02", "member-04"],
      ],
    );
    const model = buildModel(four);
    // Four members peered in pairs: only the VPC CNI's default MTU across Regions is left.
    assert.deepEqual(
      [...new Set(notPassing(runChecks(model)).map((p) => p.split(" ")[0]))],
      ["aws.mtu"],
    );
  });

  it("the example snapshots give the verdicts the examples test expects", async () => {
    const examples = new URL("../../examples/", import.meta.url).pathname;
    const healthy = runChecks(buildModel((await readSnapshot(`${examples}healthy`)).raw));
    assert.deepEqual(notPassing(healthy), []);
    const broken = runChecks(buildModel((await readSnapshot(`${examples}broken`)).raw));
    assert.deepEqual(
      notPassing(broken).map((p) => p.split(":")[0]),
      [
        // west's Gateway subnets' table lacks the route: so does its control plane's, for east.
        "aws.leader-path east fail",
        "aws.route west→east fail",
        "aws.nacl east→west fail",
        "aws.mtu west→east warn",
        "aws.mtu east→west warn",
      ],
    );
  });
});
