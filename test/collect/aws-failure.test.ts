/**
 * How SDK errors become aws.access findings: the same network failure is reported as
 * "unreachable" whether the SDK puts the code in name, code or cause (it has done each); the
 * request handler's own (a proxy, TLS trust) keep their kind whatever the SDK renames.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { awsFailure } from "../../src/collect/aws/client.js";
import { AwsNetworkError } from "../../src/collect/aws/http-handler.js";

const err = (fields: Record<string, unknown>) =>
  Object.assign(new Error(String(fields.message ?? "boom")), fields);

describe("awsFailure", () => {
  const cases: [string, unknown, string][] = [
    ["network code in name", err({ name: "ECONNRESET", message: "socket hang up" }), "unreachable"],
    ["network code in code", err({ code: "ECONNREFUSED" }), "unreachable"],
    ["network code in cause", err({ cause: { code: "EHOSTUNREACH" } }), "unreachable"],
    ["request timeout", err({ name: "TimeoutError", code: "ETIMEDOUT" }), "unreachable"],
    ["denied read", err({ name: "UnauthorizedOperation" }), "denied"],
    ["expired token", err({ name: "ExpiredToken" }), "credentials"],
    [
      "role not assumable",
      err({ name: "AccessDenied", message: "not authorized to perform: sts:AssumeRole" }),
      "credentials",
    ],
    ["no Region", err({ message: "Region is missing" }), "region"],
    ["throttled to the end", err({ name: "RequestLimitExceeded" }), "error"],
    [
      // smithy renames an error with code ETIMEDOUT to TimeoutError: still the proxy's.
      "a proxy that timed out",
      Object.assign(new AwsNetworkError("proxy", "the proxy … ETIMEDOUT", "ETIMEDOUT"), {
        name: "TimeoutError",
      }),
      "proxy",
    ],
    [
      "an untrusted certificate (the message names no credentials)",
      new AwsNetworkError("tls", "set AWS_CA_BUNDLE, as for the AWS CLI's credentials", "X"),
      "tls",
    ],
  ];
  for (const [label, e, kind] of cases) {
    it(`${label} → ${kind}`, () => {
      const f = awsFailure(e, "ec2:DescribeVpcs");
      assert.equal(f.kind, kind);
      assert.equal(f.action, "ec2:DescribeVpcs");
    });
  }
});
