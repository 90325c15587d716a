/**
 * The setup policy of docs/iam.md allows every call setup and teardown make: run both with moto
 * enforcing IAM for a user holding the doctor and setup actions (moto cannot evaluate resource
 * ARNs or conditions, so the user gets the actions on "*"), and compare every request made.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import {
  DOCTOR_POLICY,
  doctor,
  healthyMembers,
  iamUser,
  policyActions,
  problems,
  readPolicy,
  requests,
  runOnWorld,
  SETUP_POLICY,
} from "../support/aws-harness.js";
import { EAST_RULE, motoWorlds, replaceIngress } from "../support/moto-worlds.js";

describe("the setup policy against moto", () => {
  const { build, moto } = motoWorlds();

  it("allows every call of setup and teardown, and docs/iam.md shows it", async () => {
    // One account (IAM users are per account), two Regions; no peering and a rule missing.
    const { world, east } = await build(healthyMembers({}, {}, {}, { account: undefined }), {
      peer: false,
    });
    await replaceIngress(east, EAST_RULE, [
      { ...EAST_RULE, IpRanges: EAST_RULE.IpRanges.slice(0, 1) },
    ]);
    const allowed = [
      ...policyActions(readPolicy(DOCTOR_POLICY)),
      ...policyActions(readPolicy(SETUP_POLICY)),
    ];
    const keys = await iamUser(moto(), "setup", allowed);
    await moto().enforceIam();
    const up = await runOnWorld(moto(), world, ["setup", "--yes", "-v"], keys);
    assert.equal(up.code, 0, up.stdout + up.stderr);
    assert.deepEqual(problems((await doctor(moto(), world, [], keys)).doc), []);
    const down = await runOnWorld(moto(), world, ["teardown", "--yes", "-v"], keys);
    assert.equal(down.code, 0, down.stdout + down.stderr);
    const made = [...new Set([...requests(up.stderr), ...requests(down.stderr)])];
    for (const a of [
      "ec2:CreateVpcPeeringConnection",
      "ec2:AcceptVpcPeeringConnection",
      "ec2:CreateRoute",
      "ec2:AuthorizeSecurityGroupIngress",
      "ec2:CreateTags",
      "ec2:DescribeSecurityGroupRules",
      "ec2:RevokeSecurityGroupIngress",
      "ec2:DeleteRoute",
      "ec2:DeleteTags",
      "ec2:DeleteVpcPeeringConnection",
    ]) {
      assert.ok(made.includes(a), `the test exercises ${a}: ${made.join(" ")}`);
    }
    for (const a of made) assert.ok(allowed.includes(a), `${a} is in neither policy`);
    const md = readFileSync(new URL("../../docs/iam.md", import.meta.url), "utf8");
    assert.ok(
      md.includes(readFileSync(SETUP_POLICY, "utf8").trim()),
      "docs/iam.md embeds the setup policy",
    );
  });
});
