/**
 * Access to AWS: exactly the documented read-only policy is enough (moto enforcing IAM), a missing
 * action is named by aws.access, a role that cannot be assumed is a credentials problem, and an
 * unreachable endpoint makes the verdict incomplete.
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
  result,
  runOnWorld,
} from "../support/aws-harness.js";
import { unusedLoopbackUrl } from "../support/kube-api-server.js";
import { motoWorlds } from "../support/moto-worlds.js";

const POLICY = DOCTOR_POLICY;
const actionsOf = () => policyActions(readPolicy(DOCTOR_POLICY));

/** Both members in moto's default account (IAM users are per account). */
const oneAccount = () => healthyMembers({}, {}, {}, { account: undefined });

describe("AWS access against moto", () => {
  const { moto, build } = motoWorlds();

  it("the documented policy allows every call doctor makes, and docs/iam.md shows that policy", async () => {
    const { world } = await build(oneAccount());
    const actions = actionsOf();
    const keys = await iamUser(moto(), "doctor", actions);
    await moto().enforceIam();
    const run = await runOnWorld(moto(), world, ["doctor", "-o", "json", "-v"], keys);
    assert.equal(run.code, 0, run.stdout.slice(0, 2000));
    const made = requests(run.stderr);
    assert.ok(made.length >= 8, made.join(" "));
    for (const action of made)
      assert.ok(actions.includes(action), `${action} is not in ${POLICY.pathname}`);
    const md = readFileSync(new URL("../../docs/iam.md", import.meta.url), "utf8");
    assert.ok(
      md.includes(readFileSync(POLICY, "utf8").trim()),
      "docs/iam.md embeds the policy file",
    );
  });

  it("a denied action is named, the verdict is incomplete (exit 3), the checks that needed it unknown", async () => {
    const { world } = await build(oneAccount());
    const denied = [
      "ec2:DescribeRouteTables",
      "ec2:DescribeNetworkAcls",
      "ec2:DescribeSecurityGroups",
    ];
    const actions = actionsOf().filter((a) => !denied.includes(a));
    const keys = await iamUser(moto(), "doctor", actions);
    await moto().enforceIam();
    const { code, doc } = await doctor(moto(), world, [], keys);
    assert.equal(code, 3);
    const findings = result(doc, "aws.access", "west");
    assert.deepEqual(findings.map((f) => f.resource).sort(), [...denied].sort());
    const access = findings.find((f) => f.resource === "ec2:DescribeRouteTables");
    assert.equal(access?.status, "fail");
    assert.match(access?.message ?? "", /^ec2:DescribeRouteTables was denied \(\w+\)/);
    assert.match(
      access?.remediation ?? "",
      /aws iam put-user-policy --user-name doctor --policy-name antrea-mc-doctor --policy-document file:\/\/antrea-mc-doctor-policy\.json/,
    );
    // Never a pass or a fail on answers that were not read: an empty list is not "no rules".
    for (const id of [
      "aws.route",
      "aws.nacl",
      "aws.sg-ingress",
      "aws.sg-egress",
      "aws.public-path",
    ]) {
      for (const [m, p] of [
        ["west", "east"],
        ["east", "west"],
      ] as const) {
        const [r] = result(doc, id, m, p);
        assert.equal(r?.status, "unknown", `${id} ${m} → ${p}: ${r?.message}`);
        assert.match(r?.message ?? "", /was not read for (west|east) \(see aws\.access\)/);
      }
    }
    // What was read still gives a verdict.
    assert.equal(result(doc, "aws.peering", "west", "east")[0]?.status, "pass");
    assert.equal(result(doc, "aws.vpc-overlap", "west", "east")[0]?.status, "pass");
  });

  it("a role that cannot be assumed is a credentials problem of that member, not denied EC2 reads", async () => {
    const { world } = await build(healthyMembers());
    // The read-only policy alone: no sts:AssumeRole for east's role.
    const keys = await iamUser(moto(), "doctor", actionsOf());
    await moto().enforceIam();
    const { code, doc } = await doctor(moto(), world, [], keys);
    assert.equal(code, 3);
    const east = result(doc, "aws.access", "east");
    assert.equal(east.length, 1, JSON.stringify(east));
    assert.match(
      east[0]?.message ?? "",
      /^no usable AWS credentials \(assuming arn:aws:iam::444455556666:role\/antrea-mc-doctor\)/,
    );
    assert.match(
      east[0]?.remediation ?? "",
      /^aws sts assume-role --role-arn arn:aws:iam::444455556666:role\/antrea-mc-doctor/m,
    );
    assert.equal(result(doc, "aws.access", "west")[0]?.status, "pass");
  });

  it("an unreachable AWS endpoint", async () => {
    const { world } = await build(healthyMembers());
    const dead = (await unusedLoopbackUrl()).replace("https:", "http:");
    const { code, doc } = await doctor(moto(), world, ["--request-timeout", "2s"], {
      AWS_ENDPOINT_URL: dead,
      AWS_MAX_ATTEMPTS: "1",
    });
    assert.equal(code, 3);
    assert.deepEqual(
      problems(doc).filter((p) => p.startsWith("aws.access")),
      ["aws.access east fail/error", "aws.access west fail/error"],
    );
    assert.match(result(doc, "aws.access", "west")[0]?.message ?? "", /ECONNREFUSED|connect/);
  });
});
