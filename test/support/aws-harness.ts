/** Runs the real CLI against a moto world and its Kubernetes API test servers. */
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
  const cs = await startClusterSet(world.kube);
  try {
    return await runCli([...args, "--kubeconfig", cs.kubeconfig, ...world.awsArgs], {
      env: cleanEnv({ ...moto.env, ...env }),
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
