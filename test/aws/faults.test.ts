/**
 * AWS faults during doctor, scripted in moto: throttling that passes (the SDK retries with
 * backoff), throttling that does not, and expired credentials — on one member's reads. The other
 * member is still read and its checks still run; an incomplete verdict exits 3, naming the call.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { doctor, healthyMembers, problems, result } from "../support/aws-harness.js";
import { motoWorlds } from "../support/moto-worlds.js";

describe("AWS faults against moto", () => {
  const { build, moto } = motoWorlds();

  it("throttling that clears within the SDK's retries changes nothing", async () => {
    const { world } = await build(healthyMembers());
    moto().faults([
      {
        action: "DescribeRouteTables",
        code: "RequestLimitExceeded",
        message: "Request limit exceeded.",
        times: 2,
      },
    ]);
    const run = await doctor(moto(), world, ["-v"]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(problems(run.doc), []);
  });

  it("throttling that persists: aws.access names the call, the checks needing it are unknown, exit 3", async () => {
    const { world } = await build(healthyMembers());
    moto().faults([
      {
        action: "DescribeNetworkAcls",
        code: "RequestLimitExceeded",
        message: "Request limit exceeded.",
      },
    ]);
    const run = await doctor(moto(), world);
    assert.equal(run.code, 3, run.stderr);
    const access = run.doc.checks.filter((c) => c.id === "aws.access" && c.status === "fail");
    assert.ok(
      access.length > 0,
      JSON.stringify(run.doc.checks.filter((c) => c.id === "aws.access")),
    );
    assert.match(access[0]?.message ?? "", /DescribeNetworkAcls/);
    assert.match(access[0]?.message ?? "", /RequestLimitExceeded|throttl|limit/i);
    assert.equal(result(run.doc, "aws.nacl", "west", "east")[0]?.status, "unknown");
    // What did not need the failed read was still evaluated.
    assert.equal(result(run.doc, "aws.route", "west", "east")[0]?.status, "pass");
    assert.equal(result(run.doc, "kube.access", "west")[0]?.status, "pass");
  });

  it("expired credentials: a credentials problem of that member, not a crash", async () => {
    const { world } = await build(healthyMembers());
    moto().faults([
      {
        action: "DescribeInstances",
        code: "AuthFailure",
        message: "AWS was not able to validate the provided access credentials",
        region: "us-east-1",
      },
    ]);
    const run = await doctor(moto(), world);
    assert.equal(run.code, 3, run.stderr);
    assert.equal(result(run.doc, "aws.access", "west")[0]?.status, "pass");
    const access = result(run.doc, "aws.access", "east").filter((c) => c.status === "fail");
    assert.match(
      access[0]?.message ?? "",
      /^no usable AWS credentials \(assuming arn:aws:iam::444455556666:role\/antrea-mc-doctor\): AWS was not able to validate/,
    );
    assert.equal(
      access[0]?.remediation,
      "aws sts get-caller-identity --region us-east-1\naws sts assume-role --role-arn arn:aws:iam::444455556666:role/antrea-mc-doctor --role-session-name kubectl-antrea-mc --region us-east-1",
    );
    // west's own instance was still mapped.
    assert.equal(result(run.doc, "aws.instance", "west")[0]?.status, "pass");
    assert.doesNotMatch(run.stderr, /internal error|\n\s+at /);
  });
});
