/**
 * AWS faults during doctor, injected by a proxy in front of moto (test/support/fault-proxy.ts):
 * throttling that passes (the SDK retries with backoff), throttling that does not, expired
 * credentials, a Region whose endpoint is not there, and a Region slower than --request-timeout —
 * each on one member. The other member is still read and its checks still run; an incomplete
 * verdict exits 3, naming the call.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { doctor, healthyMembers, problems, result } from "../support/aws-harness.js";
import { faultProxyFor, motoWorlds } from "../support/moto-worlds.js";

const THROTTLED = { code: "RequestLimitExceeded", message: "Request limit exceeded.", status: 503 };

describe("AWS faults through a fault-injecting proxy in front of moto", () => {
  const { build, moto } = motoWorlds();
  const proxy = faultProxyFor(moto);
  const viaProxy = (args: string[] = []) =>
    doctor(moto(), world(), args, { AWS_ENDPOINT_URL: proxy().url });
  let built: Awaited<ReturnType<typeof build>> | undefined;
  const world = () => {
    if (!built) throw new Error("no world");
    return built.world;
  };
  const fresh = async () => {
    built = await build(healthyMembers());
  };

  it("throttling that clears within the SDK's retries changes nothing", async () => {
    await fresh();
    proxy().faults([{ action: "DescribeRouteTables", error: THROTTLED, times: 2 }]);
    const run = await viaProxy();
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(problems(run.doc), []);
    assert.ok((proxy().counts.get("ec2:DescribeRouteTables") ?? 0) >= 3, "the SDK retried");
  });

  it("throttling that persists: aws.access names the call, the checks needing it are unknown, exit 3", async () => {
    await fresh();
    proxy().faults([{ action: "DescribeNetworkAcls", region: "us-east-1", error: THROTTLED }]);
    const run = await viaProxy();
    assert.equal(run.code, 3, run.stderr);
    const access = result(run.doc, "aws.access", "east").filter((c) => c.status === "fail");
    assert.match(access[0]?.message ?? "", /DescribeNetworkAcls/);
    assert.match(access[0]?.message ?? "", /RequestLimitExceeded/);
    assert.equal(result(run.doc, "aws.access", "west")[0]?.status, "pass");
    assert.equal(result(run.doc, "aws.nacl", "east", "west")[0]?.status, "unknown");
    // What did not need the failed read was still evaluated.
    assert.equal(result(run.doc, "aws.route", "west", "east")[0]?.status, "pass");
    assert.equal(result(run.doc, "kube.access", "west")[0]?.status, "pass");
  });

  it("expired credentials: a credentials problem of that member, not a crash", async () => {
    await fresh();
    proxy().faults([
      {
        action: "DescribeInstances",
        region: "us-east-1",
        error: {
          code: "AuthFailure",
          message: "AWS was not able to validate the provided access credentials",
          status: 401,
        },
      },
    ]);
    const run = await viaProxy();
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

  it("a Region whose endpoint is not there: that member unknown, the other analysed, exit 3", async () => {
    await fresh();
    proxy().faults([{ region: "us-east-1", drop: true }]);
    const run = await viaProxy();
    assert.equal(run.code, 3, run.stderr);
    const access = result(run.doc, "aws.access", "east").filter((c) => c.status === "fail");
    assert.match(access[0]?.message ?? "", /^no answer from AWS in us-east-1 to /);
    assert.match(access[0]?.remediation ?? "", /get-region-opt-status --region-name us-east-1/);
    assert.equal(result(run.doc, "aws.access", "west")[0]?.status, "pass");
    assert.equal(result(run.doc, "aws.instance", "west")[0]?.status, "pass");
    assert.equal(result(run.doc, "aws.route", "west", "east")[0]?.status, "unknown");
    assert.doesNotMatch(run.stderr, /internal error|\n\s+at /);
  });

  it("a Region slower than --request-timeout: given up on in bounded time, the other analysed", async () => {
    await fresh();
    proxy().faults([{ region: "us-east-1", delayMs: 4000 }]);
    const started = Date.now();
    const run = await viaProxy(["--request-timeout", "1s"]);
    assert.equal(run.code, 3, run.stderr);
    assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
    const access = result(run.doc, "aws.access", "east").filter((c) => c.status === "fail");
    assert.match(
      access[0]?.message ?? "",
      /^no answer from AWS in us-east-1 to .*timed out|Timeout/i,
    );
    assert.equal(result(run.doc, "aws.instance", "west")[0]?.status, "pass");
    // smithy's own "requestTimeout exceeded" warning is not for users.
    assert.doesNotMatch(run.stderr, /@smithy|requestTimeout/);
  });
});
