/**
 * Least privilege: the IAM policies grant exactly the calls the code may make (src/iam/calls.ts),
 * docs/ and `iam-policy` print those policies, and the SDK clients refuse — unsent — any call
 * outside their command's list, so doctor cannot change anything even by mistake.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { CreateRouteCommand, DescribeVpcsCommand } from "@aws-sdk/client-ec2";
import { parse } from "yaml";
import { CallNotAllowed, sdkClients } from "../../src/collect/aws/client.js";
import { CHANGE_CALLS, READ_CALLS } from "../../src/iam/calls.js";
import {
  DOCTOR_STATEMENTS,
  formatPolicy,
  grantedActions,
  iamPolicy,
  POLICY_FILES,
  SETUP_STATEMENTS,
} from "../../src/iam/policy.js";
import { runCli } from "../support/cli.js";

const doc = (name: string) => new URL(`../../docs/${name}`, import.meta.url);
const sorted = (xs: readonly string[]) => [...xs].sort();

describe("IAM policies", () => {
  it("grant exactly the calls each mode makes", () => {
    assert.deepEqual(
      grantedActions({ Version: "2012-10-17", Statement: DOCTOR_STATEMENTS }),
      sorted(READ_CALLS),
    );
    assert.deepEqual(
      grantedActions({ Version: "2012-10-17", Statement: SETUP_STATEMENTS }),
      sorted(CHANGE_CALLS),
    );
    assert.deepEqual(grantedActions(iamPolicy("setup")), sorted([...READ_CALLS, ...CHANGE_CALLS]));
  });

  it("are the files in docs/, and docs/iam.md shows them", () => {
    const md = readFileSync(doc("iam.md"), "utf8");
    for (const [name, policy] of Object.entries(POLICY_FILES)) {
      assert.equal(readFileSync(doc(name), "utf8"), formatPolicy(policy), `docs/${name} is stale`);
      assert.ok(md.includes(formatPolicy(policy).trim()), `docs/iam.md does not show ${name}`);
    }
  });

  it("are printed by iam-policy doctor|setup", async () => {
    for (const mode of ["doctor", "setup"] as const) {
      const res = await runCli(["iam-policy", mode]);
      assert.equal(res.code, 0, res.stderr);
      assert.equal(res.stdout, formatPolicy(iamPolicy(mode)));
    }
    const bad = await runCli(["iam-policy", "admin"]);
    assert.equal(bad.code, 2);
    assert.equal(
      bad.stderr,
      `error: unknown mode "admin": expected doctor or setup\nSee 'kubectl antrea-mc iam-policy --help'.\n`,
    );
    const yaml = await runCli(["iam-policy", "setup", "-o", "yaml"]);
    assert.equal(yaml.code, 0, yaml.stderr);
    assert.deepEqual(parse(yaml.stdout), iamPolicy("setup"));
  });
});

describe("the SDK clients' allow-list", () => {
  process.env.AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  process.env.AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  process.env.AWS_EC2_METADATA_DISABLED = "true";
  const settings = { region: "us-west-2" };
  const endpoint = { AWS_ENDPOINT_URL: "http://127.0.0.1:1" };
  Object.assign(process.env, endpoint);

  it("doctor's clients refuse a change before it is sent", async () => {
    const sent: string[] = [];
    const { ec2 } = sdkClients(settings, { timeoutMs: 2000, onCall: (op) => sent.push(op) });
    await assert.rejects(
      ec2.send(
        new CreateRouteCommand({
          RouteTableId: "rtb-1",
          DestinationCidrBlock: "10.0.0.0/16",
          GatewayId: "igw-1",
        }),
      ),
      (err: unknown) => err instanceof CallNotAllowed && err.call === "ec2:CreateRoute",
    );
    assert.deepEqual(sent, [], "nothing left the process");
    ec2.destroy();
  });

  it("let the reads through (they then fail on the network here), and setup's clients the changes", async () => {
    const { ec2 } = sdkClients(settings, { timeoutMs: 2000 });
    await assert.rejects(
      ec2.send(new DescribeVpcsCommand({})),
      (err: unknown) => !(err instanceof CallNotAllowed),
    );
    ec2.destroy();
    const setup = sdkClients(settings, {
      timeoutMs: 2000,
      allowed: [...READ_CALLS, ...CHANGE_CALLS],
    });
    await assert.rejects(
      setup.ec2.send(
        new CreateRouteCommand({
          RouteTableId: "rtb-1",
          DestinationCidrBlock: "10.0.0.0/16",
          GatewayId: "igw-1",
        }),
      ),
      (err: unknown) => !(err instanceof CallNotAllowed),
    );
    setup.ec2.destroy();
  });
});
