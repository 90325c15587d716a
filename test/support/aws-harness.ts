/** Runs the real CLI against a moto world and its Kubernetes API test servers. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { DoctorDocument } from "../../src/report/doctor.js";
import type { AwsMemberSpec, World } from "./aws-world.js";
import { cleanEnv, runCli } from "./cli.js";
import type { MemberSpec } from "./fixtures/eks.js";
import { startClusterSet } from "./harness.js";
import type { Moto } from "./moto.js";
import { eastSpec, westSpec } from "./scenarios.js";

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `command` against the world's members (kubeconfig, roles, moto endpoint). */
export async function runOnWorld(
  moto: Moto,
  world: World,
  args: string[],
  env: Record<string, string> = {},
): Promise<Run> {
  // The members keep naming the EKS endpoint of their leader (a test server's URL would change
  // from run to run); the commands that read the leader are told its context.
  const cs = await startClusterSet(world.kube, { leaderServer: "as-written" });
  const leader = world.kube.find((m) => m.spec.leader)?.context;
  const readsLeader = ["doctor", "show", "collect", "setup", "teardown"].includes(args[0] ?? "");
  try {
    // KUBECONFIG, as most users set it: fixes then read the same kubeconfig without a flag,
    // and a collected snapshot's doctor gives the very same document.
    const leaderArgs = leader && readsLeader ? ["--leader-context", leader] : [];
    return await runCli([...args, ...leaderArgs, ...world.awsArgs], {
      env: cleanEnv({ ...moto.env, KUBECONFIG: cs.kubeconfig, ...env }),
    });
  } finally {
    await cs.close();
  }
}

export async function doctor(
  moto: Moto,
  world: World,
  args: string[] = [],
  env: Record<string, string> = {},
) {
  const run = await runOnWorld(moto, world, ["doctor", "-o", "json", ...args], env);
  if (!run.stdout.startsWith("{")) throw new Error(`doctor exited ${run.code}: ${run.stderr}`);
  return { ...run, doc: JSON.parse(run.stdout) as DoctorDocument };
}

/** "id member→peer" of every result that is not a pass, with status/severity, sorted. */
export function problems(doc: DoctorDocument, prefix = "aws."): string[] {
  return doc.checks
    .filter((c) => c.id.startsWith(prefix) && c.status !== "pass")
    .map(
      (c) =>
        `${c.id} ${c.member}${c.peer ? `→${c.peer}` : ""} ${c.status}${c.severity ? `/${c.severity}` : ""}`,
    )
    .sort();
}

export function result(doc: DoctorDocument, id: string, member: string, peer?: string) {
  return doc.checks.filter(
    (c) => c.id === id && c.member === member && (peer === undefined || c.peer === peer),
  );
}

/**
 * The healthy world: west (us-west-2, moto's default account) and east (us-east-1, another
 * account, read through an assumed role), peered across Regions and accounts, with routes, tunnel
 * rules and the VPC CNI MTU lowered to the inter-Region limit.
 */
export function healthyMembers(
  west: Partial<MemberSpec> = {},
  east: Partial<MemberSpec> = {},
  westAws: Partial<AwsMemberSpec> = {},
  eastAws: Partial<AwsMemberSpec> = {},
): { spec: MemberSpec; aws: AwsMemberSpec }[] {
  return [
    { spec: westSpec({ vpcCniMtu: 8500, ...west }), aws: { vpcCidr: "10.10.0.0/16", ...westAws } },
    {
      spec: eastSpec({ vpcCniMtu: 8500, ...east }),
      aws: { vpcCidr: "10.20.0.0/16", account: "444455556666", ...eastAws },
    },
  ];
}

/**
 * Runs a finding's remediation as a user would paste it: bash and the real AWS CLI (its server,
 * test/support/aws-cli.ts), in moto's default account, switching accounts where the fix says
 * "# in <member>'s account …" (by assuming the role it names, as a user would use that account's
 * credentials). The CLI here predates AWS_ENDPOINT_URL, hence the function that adds the endpoint.
 */
export async function applyFix(moto: Moto, remediation: string | undefined): Promise<string> {
  assert.ok(remediation, "the finding has a fix");
  const lines = remediation.split("\n").flatMap((line) => {
    if (!/^# in \S+'s account \d+/.test(line)) return [line];
    const role = /by assuming (arn:\S+?)\)/.exec(line)?.[1];
    return [role ? `as_role ${role}` : "as_default"];
  });
  const script = [
    `aws() { aws_cli --endpoint-url "$MOTO" "$@"; }`,
    "DEFAULT_KEY=$AWS_ACCESS_KEY_ID DEFAULT_SECRET=$AWS_SECRET_ACCESS_KEY",
    "as_default() { export AWS_ACCESS_KEY_ID=$DEFAULT_KEY AWS_SECRET_ACCESS_KEY=$DEFAULT_SECRET; unset AWS_SESSION_TOKEN; }",
    'as_role() { as_default; local c; c=$(aws sts assume-role --role-arn "$1" --role-session-name fix --query \'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]\' --output text --region us-east-1); read -r AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN <<<"$c"; export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN; }',
    ...lines,
  ];
  return (await moto.awsCli()).bash(script.join("\n"), cliEnv(moto));
}

/** The environment of the AWS CLI in moto's default account (AWS_ENDPOINT_URL: see applyFix). */
const cliEnv = (moto: Moto, extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  ...moto.env,
  MOTO: moto.endpoint,
  AWS_ENDPOINT_URL: "",
  ...extra,
});

/** The EC2 calls that change something, from a -v log (DryRun checks excluded). */
export function changes(stderr: string): string[] {
  return stderr
    .split("\n")
    .flatMap((l) => /: request ec2:(\w+)$/.exec(l)?.[1] ?? [])
    .filter((a) => !/^(Describe|Get|Search)/.test(a));
}

export const DOCTOR_POLICY = new URL("../../docs/antrea-mc-doctor-policy.json", import.meta.url);
export const SETUP_POLICY = new URL("../../docs/antrea-mc-setup-policy.json", import.meta.url);

export interface PolicyDocument {
  Version: string;
  Statement: {
    Sid?: string;
    Effect: string;
    Action: string | string[];
    Resource: string | string[];
  }[];
}

export const readPolicy = (url: URL) => JSON.parse(readFileSync(url, "utf8")) as PolicyDocument;

/** Every action a policy allows, whatever the resource or condition. */
export const policyActions = (p: PolicyDocument): string[] => [
  ...new Set(p.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))),
];

/**
 * An IAM user allowed `actions` on every resource, through the AWS CLI against moto (which cannot
 * evaluate resource ARNs or conditions); returns its keys.
 */
export async function iamUser(
  moto: Moto,
  name: string,
  actions: string[],
): Promise<Record<string, string>> {
  const doc = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }],
  };
  const out = await (await moto.awsCli()).bash(
    [
      'aws() { aws_cli --endpoint-url "$MOTO" --region us-east-1 --output json "$@"; }',
      'aws iam create-user --user-name "$USER_NAME" >/dev/null',
      'aws iam put-user-policy --user-name "$USER_NAME" --policy-name antrea-mc --policy-document "$POLICY"',
      'aws iam create-access-key --user-name "$USER_NAME"',
    ].join("\n"),
    cliEnv(moto, { USER_NAME: name, POLICY: JSON.stringify(doc) }),
  );
  const key = JSON.parse(out) as {
    AccessKey: { AccessKeyId: string; SecretAccessKey: string };
  };
  return {
    AWS_ACCESS_KEY_ID: key.AccessKey.AccessKeyId,
    AWS_SECRET_ACCESS_KEY: key.AccessKey.SecretAccessKey,
  };
}

/** Every AWS request of a -v log, as IAM actions ("ec2:CreateRoute"), DryRun checks included. */
export function requests(stderr: string): string[] {
  return [
    ...new Set(
      stderr.split("\n").flatMap((l) => /: request (\S+)(?: \(DryRun\))?$/.exec(l)?.[1] ?? []),
    ),
  ];
}
