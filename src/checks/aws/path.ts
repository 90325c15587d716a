/**
 * The tunnel endpoints of a member in AWS and what a pair of them shares: the inputs of the
 * aws.* pair checks. Every Gateway candidate is an endpoint, not only the active Gateway, so that
 * a failover does not land on an unprepared subnet or security group.
 */

import { gatewayIPOf } from "../../model/aws/member.js";
import { livePeering } from "../../model/aws/peerings.js";
import type { Remote } from "../../model/aws/security-group.js";
import type { AwsRead, SecurityGroup } from "../../model/aws/types.js";
import { cidrContains, parseCidr } from "../../model/cidr.js";
import type {
  ClusterSetModel,
  GatewayNode,
  GatewayPlacement,
  MemberAws,
  MemberModel,
} from "../../model/types.js";
import { shellWord } from "../helpers.js";
import type { Finding, Severity } from "../types.js";

export type Placed = Extract<GatewayPlacement, { mapped: true }>;

export interface Endpoint {
  readonly node: GatewayNode;
  /** The IP peers tunnel to: the Gateway CR's for the active Gateway, else what it would be. */
  readonly gatewayIP: string;
  readonly placed: Placed;
  /** The Gateway IP is not one of the interface's private IPs: traffic goes over the internet. */
  readonly isPublic: boolean;
}

export type Endpoints =
  | { ok: true; aws: MemberAws; endpoints: readonly Endpoint[] }
  | { ok: false; finding: Finding };

const unknown = (message: string): { ok: false; finding: Finding } => ({
  ok: false,
  finding: { status: "unknown", message },
});

export function endpointsOf(m: MemberModel): Endpoints {
  if (!m.aws.known) return unknown(`AWS side of ${m.name} not known: ${m.aws.reason}`);
  if (!m.gateways.known)
    return unknown(`Gateway Nodes of ${m.name} not known: ${m.gateways.reason}`);
  const crs = m.gatewayCRs.known ? m.gatewayCRs.value : [];
  const endpoints: Endpoint[] = [];
  for (const node of m.gateways.value) {
    if (!node.aws.known || !node.aws.value.mapped) continue;
    const gatewayIP = gatewayIPOf(node, crs);
    if (!gatewayIP) continue;
    const placed = node.aws.value;
    endpoints.push({
      node,
      gatewayIP,
      placed,
      isPublic: !placed.eni.privateIps.includes(gatewayIP),
    });
  }
  if (endpoints.length === 0) {
    return unknown(
      `no Gateway Node of ${m.name} is mapped to EC2 with a Gateway IP (see aws.instance)`,
    );
  }
  return { ok: true, aws: m.aws.value, endpoints };
}

/** The answers a check reads, on the member's side and on the peer's. */
export interface Needs {
  readonly mine?: readonly AwsRead[];
  readonly theirs?: readonly AwsRead[];
}

/** The unknown finding for the first answer of `reads` that was not read for this member. */
export function unreadFinding(
  m: MemberModel,
  aws: MemberAws,
  reads: readonly AwsRead[] = [],
): { ok: false; finding: Finding } | undefined {
  for (const read of reads) {
    const why = aws.inventory.unread.get(read);
    if (why) return unknown(`${read} was not read for ${m.name} (see aws.access): ${why}`);
  }
  return undefined;
}

/**
 * Both members' endpoints, or the unknown finding that says which side or which answer is missing.
 */
export function pairEndpoints(
  member: MemberModel,
  peer: MemberModel,
  needs: Needs = {},
):
  | { ok: true; mine: Extract<Endpoints, { ok: true }>; theirs: Extract<Endpoints, { ok: true }> }
  | { ok: false; finding: Finding } {
  const mine = endpointsOf(member);
  if (!mine.ok) return mine;
  const theirs = endpointsOf(peer);
  if (!theirs.ok) return theirs;
  const gap =
    unreadFinding(member, mine.aws, needs.mine) ?? unreadFinding(peer, theirs.aws, needs.theirs);
  if (gap) return gap;
  return { ok: true, mine, theirs };
}

/**
 * The endpoint pair that needs a VPC peering (private IPs on at least one side, two VPCs), the
 * active↔active one first; or why none does.
 */
export function peeringNeed(
  mine: readonly Endpoint[],
  theirs: readonly Endpoint[],
): { a: Endpoint; b: Endpoint; severity: Severity } | { none: string } {
  const needing = mine.flatMap((a) =>
    theirs
      .filter((b) => !(a.isPublic && b.isPublic) && a.placed.eni.vpcId !== b.placed.eni.vpcId)
      .map((b) => ({ a, b, severity: severityOf(a, b) })),
  );
  const need = needing.find((n) => n.severity === "error") ?? needing[0];
  if (need) return need;
  const allPublic = mine.every((a) => a.isPublic) && theirs.every((b) => b.isPublic);
  return {
    none: allPublic
      ? "public Gateway IPs: the tunnel crosses the internet, no peering needed"
      : `the Gateways share ${mine[0]?.placed.eni.vpcId ?? "a VPC"} where they use private IPs: no peering needed`,
  };
}

/** Active to active is today's traffic (error); a pair involving a candidate is a failover (warning). */
export function severityOf(a: Endpoint, b: Endpoint): Severity {
  return a.node.active && b.node.active ? "error" : "warning";
}

export function statusOf(severity: Severity): "fail" | "warn" {
  return severity === "error" ? "fail" : "warn";
}

/**
 * The first line of fixes for a member read through an assumed role: the AWS CLI has no flag for
 * that, so `--region`/`--profile` alone would act in the caller's own account.
 */
export function runAs(
  name: string,
  aws: Pick<MemberAws, "settings" | "account">,
  /** Name the account even without a role: a fix that switches between members' accounts. */
  always = false,
): string {
  const role = aws.settings.roleArn;
  const account = aws.account ?? /^arn:[^:]+:iam::(\d{12}):/.exec(role ?? "")?.[1] ?? "?";
  if (!role) return always ? `# in ${name}'s account ${account}:\n` : "";
  return `# in ${name}'s account ${account} (doctor read it by assuming ${role}), with credentials that may change it:\n`;
}

/** `--region R [--profile P]` for an aws CLI command acting as this member. */
export function awsFlags(aws: Pick<MemberAws, "region" | "settings">, region = aws.region): string {
  const profile = aws.settings.profile ? ` --profile ${shellWord(aws.settings.profile)}` : "";
  return `--region ${region}${profile}`;
}

/** What security group references of the receiver can match for a sender. */
export function remoteOf(
  sender: Endpoint,
  senderAws: MemberAws,
  receiver: Endpoint,
  receiverAws: MemberAws,
  model: ClusterSetModel,
): Remote {
  const sameVpc = sender.placed.eni.vpcId === receiver.placed.eni.vpcId;
  const peering = livePeering(
    model.aws.peerings,
    sender.placed.eni.vpcId,
    receiver.placed.eni.vpcId,
  );
  const sameRegion = senderAws.region === receiverAws.region;
  return {
    eni: sender.placed.eni,
    ...(senderAws.account ? { account: senderAws.account } : {}),
    referencesReach: sameVpc || (sameRegion && peering?.status === "active"),
  };
}

/** The peer's CIDR to route to: its Pod CIDR holding the Gateway IP, else its VPC block, else /32. */
export function destinationFor(peer: MemberModel, b: Endpoint): string {
  const holding = (cidrs: readonly string[]) =>
    cidrs.find((c) => {
      const parsed = parseCidr(c);
      return parsed && cidrContains(parsed, b.gatewayIP);
    });
  const pods = peer.podCIDRs.known ? holding(peer.podCIDRs.value.value) : undefined;
  return pods ?? holding(b.placed.vpc?.cidrs ?? []) ?? `${b.gatewayIP}/32`;
}

export function describeEndpoint(e: Endpoint): string {
  return `${e.placed.eni.id} (${e.node.node}${e.node.active ? ", active Gateway" : ""})`;
}

export const groupNames = (groups: readonly SecurityGroup[]) => groups.map((g) => g.id).join(", ");

/** Lists in messages stay short. */
export function some(items: readonly string[], n = 3): string {
  return items.length <= n
    ? items.join(", ")
    : `${items.slice(0, n).join(", ")} and ${items.length - n} more`;
}
