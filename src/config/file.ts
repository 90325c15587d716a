/**
 * The ClusterSet file (--config): the members and how to reach each in AWS, so nothing has to be
 * retyped. Flags override it.
 *
 *   kubeconfig: ~/.kube/config            # optional
 *   memberNamespace: kube-system          # optional
 *   members:
 *     - context: arn:aws:eks:us-west-2:123456789012:cluster/west
 *       aws: { profile: west-admin, region: us-west-2 }
 *     - context: arn:aws:eks:us-east-1:444455556666:cluster/east
 *       aws: { roleArn: "arn:aws:iam::444455556666:role/antrea-mc-doctor" }
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { UsageError } from "../errors.js";
import { parseYamlObject } from "../model/yaml-config.js";
import { isRegion, isRoleArn, type Keyed } from "./settings.js";

export interface ClusterSetFile {
  path: string;
  kubeconfig?: string;
  memberNamespace?: string;
  contexts: string[];
  awsProfile: Keyed;
  awsRoleArn: Keyed;
  awsRegion: Keyed;
}

type Obj = Record<string, unknown>;

export function readClusterSetFile(path: string): ClusterSetFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`--config ${path}: ${(err as Error).message}`);
  }
  const parsed = parseYamlObject(text);
  if (!parsed.ok) throw new UsageError(`--config ${path} is not valid YAML: ${parsed.error}`);
  const doc = parsed.value;
  const bad = (what: string) => new UsageError(`--config ${path}: ${what}`);
  const optionalString = (v: unknown, field: string) => {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string" || !v) throw bad(`${field} must be a non-empty string`);
    return v;
  };
  if (!Array.isArray(doc.members) || doc.members.length === 0)
    throw bad('"members" must list at least one member');
  const contexts: string[] = [];
  const profile: Record<string, string> = {};
  const role: Record<string, string> = {};
  const region: Record<string, string> = {};
  doc.members.forEach((m: unknown, i: number) => {
    const member = (m && typeof m === "object" ? m : {}) as Obj;
    const context = optionalString(member.context, `members[${i}].context`);
    if (!context) throw bad(`members[${i}] has no "context"`);
    contexts.push(context);
    const aws = (member.aws && typeof member.aws === "object" ? member.aws : {}) as Obj;
    const p = optionalString(aws.profile, `members[${i}].aws.profile`);
    const r = optionalString(aws.roleArn, `members[${i}].aws.roleArn`);
    const g = optionalString(aws.region, `members[${i}].aws.region`);
    if (r && !isRoleArn(r)) throw bad(`members[${i}].aws.roleArn "${r}" is not an IAM role ARN`);
    if (g && !isRegion(g)) throw bad(`members[${i}].aws.region "${g}" is not an AWS Region`);
    if (p) profile[context] = p;
    if (r) role[context] = r;
    if (g) region[context] = g;
  });
  const kubeconfig = optionalString(doc.kubeconfig, "kubeconfig")?.replace(/^~(?=\/)/, homedir());
  const memberNamespace = optionalString(doc.memberNamespace, "memberNamespace");
  return {
    path,
    ...(kubeconfig ? { kubeconfig } : {}),
    ...(memberNamespace ? { memberNamespace } : {}),
    contexts,
    awsProfile: { byMember: profile },
    awsRoleArn: { byMember: role },
    awsRegion: { byMember: region },
  };
}
