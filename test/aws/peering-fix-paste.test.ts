/**
 * The aws.peering fix of a pair without a peering, pasted as printed into bash with the real AWS
 * CLI against moto: it creates the peering, accepts it as the peer (through the peer's role), and
 * routes both sides' Gateway subnets through it, so the next doctor run passes both checks.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyFix, doctor, healthyMembers, result } from "../support/aws-harness.js";
import { motoWorlds } from "../support/moto-worlds.js";

describe("the aws.peering fix, pasted", () => {
  const { build, moto } = motoWorlds();

  it("creates, accepts and routes the peering in one block", async () => {
    const { world } = await build(healthyMembers(), { peer: false });
    const before = (await doctor(moto(), world)).doc;
    const [peering] = result(before, "aws.peering", "west", "east");
    assert.equal(peering?.status, "fail");
    const block = peering?.remediation ?? "";
    // The ID flows through $pcx into both sides' routes; no placeholder to fill in.
    assert.match(block, /^pcx=\$\(aws ec2 create-vpc-peering-connection /m);
    assert.match(
      block,
      /^aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id "\$pcx" --region us-east-1$/m,
    );
    assert.match(
      block,
      /^aws ec2 create-route --route-table-id rtb-\w+ --destination-cidr-block 10\.10\.0\.0\/16 --vpc-peering-connection-id "\$pcx" --region us-east-1$/m,
    );
    assert.match(
      block,
      /^aws ec2 create-route --route-table-id rtb-\w+ --destination-cidr-block 10\.20\.0\.0\/16 --vpc-peering-connection-id "\$pcx" --region us-west-2$/m,
    );
    assert.doesNotMatch(block, /<|\.\.\./);
    // What a person sees in this run: aws.route cannot judge routes to a peering that does not
    // exist yet (unknown, "see aws.peering"); the peering's block carries them, so pasting it
    // alone is enough.
    for (const [m, p] of [
      ["west", "east"],
      ["east", "west"],
    ] as const)
      assert.equal(result(before, "aws.route", m, p)[0]?.status, "unknown");

    await applyFix(moto(), block);

    const after = (await doctor(moto(), world)).doc;
    assert.equal(result(after, "aws.peering", "west", "east")[0]?.status, "pass");
    for (const [m, p] of [
      ["west", "east"],
      ["east", "west"],
    ] as const) {
      const routes = result(after, "aws.route", m, p);
      assert.deepEqual(
        routes.map((r) => r.status),
        ["pass"],
        JSON.stringify(routes, null, 2),
      );
    }
  });
});
