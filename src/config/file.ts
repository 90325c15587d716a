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
 *     - context: lab                     # not an EKS ARN: name the EKS cluster (optional)
 *       eksCluster: lab-cluster
 *   transitGateway: tgw-0123456789abcdef0 # optional: setup --via, each member the one in its Region
 *                                        # (comma-separated); or members[].aws.transitGateway
 *   leader:                              # optional: the leader cluster, when it is no member
 *     context: hub                       # its context (--leader-context)
 *     aws: { profile: hub-admin }        # and how to read its EKS cluster (aws.leader-path)
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import { UsageError } from "../errors.js";
import { isRegion, isRoleArn, isTransitGatewayId, type Keyed } from "./settings.js";

export interface ClusterSetFile {
  path: string;
  kubeconfig?: string;
  memberNamespace?: string;
  /** The leader cluster's context (--leader-context). */
  leaderContext?: string;
  contexts: string[];
  awsProfile: Keyed;
  awsRoleArn: Keyed;
  awsRegion: Keyed;
  /** Per context, the EKS cluster's name, for a context that is no EKS cluster ARN. */
  eksCluster: Keyed;
  /** setup --via: the transit gateway each member's VPC joins (or one for all). */
  transitGateway: Keyed;
}

type Shape = "string" | { [key: string]: Shape } | [Shape];

/** What the file may hold: anything else is refused, with its line. */
const SCHEMA: Shape = {
  kubeconfig: "string",
  memberNamespace: "string",
  transitGateway: "string",
  members: [
    {
      context: "string",
      eksCluster: "string",
      aws: { profile: "string", roleArn: "string", region: "string", transitGateway: "string" },
    },
  ],
  leader: {
    context: "string",
    eksCluster: "string",
    aws: { profile: "string", roleArn: "string", region: "string" },
  },
};

interface Checked {
  value: unknown;
  /** Line of each value by path ("members[0].aws.region"), for messages. */
  lines: Map<string, number>;
}

/** Parses the file and checks it against SCHEMA; errors name the file, the line and the key. */
function parseChecked(path: string, text: string): Checked {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  const lineOf = (node: unknown) => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? counter.linePos(range[0]).line : 1;
  };
  const fail = (line: number, what: string) => new UsageError(`--config ${path}:${line}: ${what}`);
  const first = doc.errors[0];
  if (first)
    throw fail(
      first.linePos?.[0]?.line ?? 1,
      `not valid YAML: ${(first.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "")}`,
    );
  const lines = new Map<string, number>();
  const walk = (node: unknown, shape: Shape, at: string): void => {
    const name = at || "the document";
    lines.set(at, lineOf(node));
    if (node === null || node === undefined || (isScalar(node) && node.value === null)) return;
    if (shape === "string") {
      if (!isScalar(node) || typeof node.value !== "string" || node.value === "")
        throw fail(lineOf(node), `${name} must be a non-empty string`);
      return;
    }
    if (Array.isArray(shape)) {
      if (!isSeq(node)) throw fail(lineOf(node), `${name} must be a list`);
      node.items.forEach((item, i) => {
        walk(item, shape[0], `${at}[${i}]`);
      });
      return;
    }
    if (!isMap(node)) throw fail(lineOf(node), `${name} must be a mapping`);
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "";
      const child = shape[key];
      if (!child)
        throw fail(
          lineOf(pair.key),
          `unknown key "${key}"${at ? ` in ${at}` : ""} (known: ${Object.keys(shape).join(", ")})`,
        );
      walk(pair.value, child, at ? `${at}.${key}` : key);
    }
  };
  walk(doc.contents, SCHEMA, "");
  return { value: doc.toJS() ?? {}, lines };
}

type Obj = Record<string, unknown>;

export function readClusterSetFile(path: string): ClusterSetFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`--config ${path}: ${(err as Error).message}`);
  }
  const { value, lines } = parseChecked(path, text);
  const doc = value as Obj;
  const bad = (at: string, what: string) =>
    new UsageError(`--config ${path}:${lines.get(at) ?? 1}: ${what}`);
  const optionalString = (v: unknown) => (typeof v === "string" && v ? v : undefined);
  if (!Array.isArray(doc.members) || doc.members.length === 0)
    throw bad("members", '"members" must list at least one member');
  const contexts: string[] = [];
  const profile: Record<string, string> = {};
  const role: Record<string, string> = {};
  const region: Record<string, string> = {};
  const eksCluster: Record<string, string> = {};
  const tgw: Record<string, string> = {};
  const checkTgw = (v: string | undefined, at: string) => {
    for (const id of v?.split(",") ?? [])
      if (!isTransitGatewayId(id)) throw bad(at, `${at} "${id}" is not a transit gateway ID`);
    return v;
  };
  /** A cluster's AWS settings and EKS name, keyed by its context as the flags key them. */
  const settings = (entry: Obj, context: string, at: string) => {
    const aws = (entry.aws && typeof entry.aws === "object" ? entry.aws : {}) as Obj;
    const p = optionalString(aws.profile);
    const r = optionalString(aws.roleArn);
    const g = optionalString(aws.region);
    if (r && !isRoleArn(r))
      throw bad(`${at}.aws.roleArn`, `${at}.aws.roleArn "${r}" is not an IAM role ARN`);
    if (g && !isRegion(g))
      throw bad(`${at}.aws.region`, `${at}.aws.region "${g}" is not an AWS Region`);
    if (p) profile[context] = p;
    if (r) role[context] = r;
    if (g) region[context] = g;
    const e = optionalString(entry.eksCluster);
    if (e) eksCluster[context] = e;
  };
  doc.members.forEach((m: unknown, i: number) => {
    const member = (m && typeof m === "object" ? m : {}) as Obj;
    const context = optionalString(member.context);
    if (!context) throw bad(`members[${i}]`, `members[${i}] has no "context"`);
    contexts.push(context);
    settings(member, context, `members[${i}]`);
    const aws = (member.aws && typeof member.aws === "object" ? member.aws : {}) as Obj;
    const t = checkTgw(optionalString(aws.transitGateway), `members[${i}].aws.transitGateway`);
    if (t) tgw[context] = t;
  });
  const allTgw = checkTgw(optionalString(doc.transitGateway), "transitGateway");
  const leader = (doc.leader && typeof doc.leader === "object" ? doc.leader : undefined) as
    | Obj
    | undefined;
  const leaderContext = leader ? optionalString(leader.context) : undefined;
  if (leader && !leaderContext) throw bad("leader", '"leader" has no "context"');
  if (leader && leaderContext) settings(leader, leaderContext, "leader");
  const kubeconfig = optionalString(doc.kubeconfig)?.replace(/^~(?=\/)/, homedir());
  const memberNamespace = optionalString(doc.memberNamespace);
  return {
    path,
    ...(kubeconfig ? { kubeconfig } : {}),
    ...(memberNamespace ? { memberNamespace } : {}),
    ...(leaderContext ? { leaderContext } : {}),
    contexts,
    awsProfile: { byMember: profile },
    awsRoleArn: { byMember: role },
    awsRegion: { byMember: region },
    eksCluster: { byMember: eksCluster },
    transitGateway: { ...(allTgw ? { all: allTgw } : {}), byMember: tgw },
  };
}
