/**
 * Access to AWS: exactly the documented read-only policy is enough (moto enforcing IAM), a missing
 * action is named by aws.access, an unreachable endpoint makes the verdict incomplete, and the
 * --config file and --aws-region flags steer where each member is read.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { doctor, healthyMembers, problems, result, runOnWorld } from "../support/aws-harness.js";
import { unusedLoopbackUrl } from "../support/kube-api-server.js";
import type { Moto } from "../support/moto.js";
import { motoWorlds } from "../support/moto-worlds.js";

const POLICY = new URL("../../docs/antrea-mc-doctor-policy.json", import.meta.url);
const policy = () =>
  JSON.parse(readFileSync(POLICY, "utf8")) as { Statement: { Action: string[] }[] };

/** Both members in moto's default account (IAM users are per account). */
const oneAccount = () => healthyMembers({}, {}, {}, { account: undefined });

/** An IAM user with `actions`, through the AWS CLI against moto; returns its keys. */
function userWith(moto: Moto, name: string, actions: string[]): Record<string, string> {
  const aws = (...args: string[]) =>
    execFileSync(
      "aws",
      ["--endpoint-url", moto.endpoint, "--region", "us-east-1", "--output", "json", ...args],
      {
        env: { ...process.env, ...moto.env, AWS_ENDPOINT_URL: "" },
        encoding: "utf8",
      },
    );
  aws("iam", "create-user", "--user-name", name);
  const doc = policy();
  const statement = doc.Statement[0];
  if (statement) statement.Action = actions;
  aws(
    "iam",
    "put-user-policy",
    "--user-name",
    name,
    "--policy-name",
    "antrea-mc-doctor",
    "--policy-document",
    JSON.stringify(doc),
  );
  const key = JSON.parse(aws("iam", "create-access-key", "--user-name", name)) as {
    AccessKey: { AccessKeyId: string; SecretAccessKey: string };
  };
  return {
    AWS_ACCESS_KEY_ID: key.AccessKey.AccessKeyId,
    AWS_SECRET_ACCESS_KEY: key.AccessKey.SecretAccessKey,
  };
}

describe("AWS access against moto", () => {
  const { moto, build } = motoWorlds();

  it("the documented policy allows every call doctor makes, and docs/iam.md shows that policy", async () => {
    const { world } = await build(oneAccount());
    const actions = policy().Statement[0]?.Action ?? [];
    const keys = userWith(moto(), "doctor", actions);
    await moto().enforceIam();
    const run = await runOnWorld(moto(), world, ["doctor", "-o", "json", "-v"], keys);
    assert.equal(run.code, 0, run.stdout.slice(0, 2000));
    const made = new Set(
      run.stderr.split("\n").flatMap((l) => /^debug: AWS .*: request (\S+)$/.exec(l)?.[1] ?? []),
    );
    assert.ok(made.size >= 8, [...made].join(" "));
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
    const actions = (policy().Statement[0]?.Action ?? []).filter((a) => !denied.includes(a));
    const keys = userWith(moto(), "doctor", actions);
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

  it("--aws-region points a member at another Region: its instances are not there", async () => {
    const { world } = await build(healthyMembers());
    const { doc } = await doctor(moto(), world, ["--aws-region", "west=eu-west-1"]);
    assert.equal(doc.members[0]?.region, "eu-west-1");
    const [f] = result(doc, "aws.instance", "west");
    assert.equal(f?.status, "fail");
    assert.match(f?.message ?? "", /was not found in account 123456789012, Region eu-west-1/);
  });

  it("--config names the members and their AWS settings; a context missing from the kubeconfig is a finding", async () => {
    const { world } = await build(healthyMembers());
    const [west, east] = world.kube;
    const file = join(mkdtempSync(join(tmpdir(), "antrea-mc-config-")), "clusterset.yaml");
    writeFileSync(
      file,
      [
        "members:",
        `  - context: ${west?.context}`,
        `  - context: ${east?.context}`,
        "    aws:",
        "      roleArn: arn:aws:iam::444455556666:role/antrea-mc-doctor",
        "      region: us-east-1",
        "  - context: arn:aws:eks:eu-west-1:123456789012:cluster/gone",
        "",
      ].join("\n"),
    );
    // No --aws-role-arn on the command line: it comes from the file.
    const noRoles = { ...world, awsArgs: [] };
    const run = await runOnWorld(moto(), noRoles, ["doctor", "-o", "json", "--config", file]);
    assert.equal(run.code, 3, run.stderr);
    const doc = JSON.parse(run.stdout) as import("../../src/report/doctor.js").DoctorDocument;
    assert.deepEqual(
      doc.members.map((m) => m.name),
      ["west", "east", "gone"],
    );
    assert.equal(doc.members[1]?.account, "444455556666");
    assert.match(
      result(doc, "kube.access", "gone")[0]?.message ?? "",
      /context arn:aws:eks:eu-west-1:123456789012:cluster\/gone has no cluster/,
    );
    // Everything about the two reachable members passes; the missing one is unknown, never guessed.
    assert.deepEqual(
      problems(doc).filter((p) => !p.includes("gone")),
      [],
    );
    assert.ok(problems(doc).every((p) => !p.includes("gone") || p.endsWith("unknown")));
  });

  it("rejects bad AWS flags with exit 2", async () => {
    const { world } = await build(healthyMembers());
    const bad = await runOnWorld(moto(), world, ["doctor", "--aws-role-arn", "east=not-an-arn"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--aws-role-arn east=not-an-arn: "not-an-arn" is not valid/);
    const unknown = await runOnWorld(moto(), world, ["doctor", "--aws-profile", "north=ops"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--aws-profile: north is not a member \(members: west, east\)/);
  });
});
