/**
 * The tunnel endpoints of a member in AWS and what a pair of them shares: the input of every AWS
 * analysis. Every Gateway candidate is an endpoint, not only the active Gateway, so that a
 * failover does not land on an unprepared subnet or security group.
 */
import { gatewayIPOf } from "../../model/aws/member.js";
import { livePeering } from "../../model/aws/peerings.js";
import type { Remote } from "../../model/aws/security-group.js";
import type { AwsRead } from "../../model/aws/types.js";
import { cidrContains, parseCidr } from "../../model/cidr.js";
import type {
  ClusterSetModel,
  GatewayNode,
  GatewayPlacement,
  MemberAws,
  MemberModel,
} from "../../model/types.js";
import { viaOf, vpcAttachments } from "./via.js";

export type Placed = Extract<GatewayPlacement, { mapped: true }>;

export interface Endpoint {
  readonly node: GatewayNode;
  /** The IP peers tunnel to: the Gateway CR's for the active Gateway, else what it would be. */
  readonly gatewayIP: string;
  readonly placed: Placed;
  /** The Gateway IP is not one of the interface's private IPs: traffic goes over the internet. */
  readonly isPublic: boolean;
}

/** A member's side of the path: how it reaches AWS and its endpoints. */
export interface Side {
  readonly aws: MemberAws;
  readonly endpoints: readonly Endpoint[];
}

/** Why an analysis cannot be made: an input is missing (a check reports it as `unknown`). */
export interface Missing {
  readonly ok: false;
  readonly reason: string;
}

const missing = (reason: string): Missing => ({ ok: false, reason });

/**
 * What is at stake when a part of the path is broken: "active" is today's traffic (the active
 * Gateways of both members); "failover" is a path only a Gateway candidate would use.
 */
export type Impact = "active" | "failover";

/**
 * A member's endpoints, made once per member model: every pair check asks for them, and the
 * analyses several checks share (security group gaps, route gaps) are kept per Side.
 */
const endpointsMade = new WeakMap<MemberModel, ({ ok: true } & Side) | Missing>();

export function endpointsOf(m: MemberModel): ({ ok: true } & Side) | Missing {
  const made = endpointsMade.get(m);
  if (made) return made;
  const out = placeEndpoints(m);
  endpointsMade.set(m, out);
  return out;
}

function placeEndpoints(m: MemberModel): ({ ok: true } & Side) | Missing {
  if (!m.aws.known) return missing(`AWS side of ${m.name} not known: ${m.aws.reason}`);
  if (!m.gateways.known)
    return missing(`Gateway Nodes of ${m.name} not known: ${m.gateways.reason}`);
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
    return missing(
      `no Gateway Node of ${m.name} is mapped to EC2 with a Gateway IP (see aws.instance)`,
    );
  }
  return { ok: true, aws: m.aws.value, endpoints };
}

/** The answers an analysis reads, on the member's side and on the peer's. */
export interface Needs {
  readonly mine?: readonly AwsRead[];
  readonly theirs?: readonly AwsRead[];
}

/** Why the first answer of `reads` that was not read for this member is missing. */
export function unread(
  m: MemberModel,
  aws: MemberAws,
  reads: readonly AwsRead[] = [],
): Missing | undefined {
  for (const read of reads) {
    const why = aws.inventory.unread.get(read);
    if (why) return missing(`${read} was not read for ${m.name} (see aws.access): ${why}`);
  }
  return undefined;
}

export interface Pair {
  readonly ok: true;
  readonly mine: Side;
  readonly theirs: Side;
}

/** Both members' endpoints, or which side or which answer is missing. */
export function pairEndpoints(
  member: MemberModel,
  peer: MemberModel,
  needs: Needs = {},
): Pair | Missing {
  const mine = endpointsOf(member);
  if (!mine.ok) return mine;
  const theirs = endpointsOf(peer);
  if (!theirs.ok) return theirs;
  const gap = unread(member, mine.aws, needs.mine) ?? unread(peer, theirs.aws, needs.theirs);
  if (gap) return gap;
  return { ok: true, mine, theirs };
}

/** Active to active is today's traffic; a pair involving a candidate is a failover. */
export function impactOf(a: Endpoint, b: Endpoint): Impact {
  return a.node.active && b.node.active ? "active" : "failover";
}

/**
 * The endpoint pair that needs a VPC peering (private IPs on at least one side, two VPCs, and no
 * transit gateway carrying it both ways: `transit` names that gateway), the active↔active one
 * first; or why none does.
 */
export function peeringNeed(
  mine: readonly Endpoint[],
  theirs: readonly Endpoint[],
  transit: (a: Endpoint, b: Endpoint) => string | undefined = () => undefined,
): { a: Endpoint; b: Endpoint; impact: Impact } | { none: string } {
  const apart = mine.flatMap((a) =>
    theirs
      .filter((b) => !(a.isPublic && b.isPublic) && a.placed.eni.vpcId !== b.placed.eni.vpcId)
      .map((b) => ({ a, b, impact: impactOf(a, b) })),
  );
  const needing = apart.filter(({ a, b }) => !transit(a, b));
  const need = needing.find((n) => n.impact === "active") ?? needing[0];
  if (need) return need;
  const [joined] = apart;
  if (joined) {
    const tgws = [...new Set(apart.map(({ a, b }) => transit(a, b)))].join(", ");
    return {
      none: `${joined.a.placed.eni.vpcId} and ${joined.b.placed.eni.vpcId} are joined through transit gateway ${tgws}: no peering needed (aws.transit-gateway checks that path)`,
    };
  }
  const allPublic = mine.every((a) => a.isPublic) && theirs.every((b) => b.isPublic);
  return {
    none: allPublic
      ? "public Gateway IPs: the tunnel crosses the internet, no peering needed"
      : `the Gateways share ${mine[0]?.placed.eni.vpcId ?? "a VPC"} where they use private IPs: no peering needed`,
  };
}

/**
 * What security group references of the receiver can match for a sender: in one VPC, across an
 * active same-Region peering, or inbound across one transit gateway in one Region that has
 * SecurityGroupReferencingSupport on (and on both VPCs' attachments). `transitNote` says why a
 * reference across a transit gateway does not match.
 */
export function remoteOf(
  sender: Endpoint,
  senderAws: MemberAws,
  receiver: Endpoint,
  receiverAws: MemberAws,
  model: ClusterSetModel,
  direction: "ingress" | "egress" = "ingress",
): Remote & { transitNote?: string } {
  const base = {
    eni: sender.placed.eni,
    ...(senderAws.account ? { account: senderAws.account } : {}),
  };
  const senderVpc = sender.placed.eni.vpcId;
  const receiverVpc = receiver.placed.eni.vpcId;
  if (senderVpc === receiverVpc) return { ...base, referencesReach: true };
  const sameRegion = senderAws.region === receiverAws.region;
  const { peerings, transit } = model.aws;
  // The packets' way: the sender's route (an egress rule's packets are the receiver's own).
  const via =
    direction === "ingress"
      ? viaOf(sender, receiver, senderAws, peerings, transit)
      : viaOf(receiver, sender, receiverAws, peerings, transit);
  if (via.kind === "transit-gateway") {
    const tgw = transit.gateways.get(via.tgwId);
    const attached = (vpc: string) =>
      vpcAttachments(transit, vpc).find((x) => x.tgwId === via.tgwId);
    const ends = [attached(senderVpc), attached(receiverVpc)];
    const why =
      direction === "egress"
        ? "outbound rules never match a security group across a transit gateway"
        : !sameRegion || ends.some((x) => !x)
          ? "across peered transit gateways or Regions a security group reference matches nothing"
          : !tgw
            ? `${via.tgwId} was not read (DescribeTransitGateways), so whether it lets a security group reference match is not known`
            : !tgw.sgReferencing
              ? `${via.tgwId} has SecurityGroupReferencingSupport disabled`
              : ends.some((x) => x?.sgReferencing === false)
                ? `${ends.find((x) => x?.sgReferencing === false)?.id} has SecurityGroupReferencingSupport disabled`
                : undefined;
    return why
      ? { ...base, referencesReach: false, transitNote: `${why} (the path is ${via.tgwId})` }
      : { ...base, referencesReach: true };
  }
  const peering = livePeering(peerings, senderVpc, receiverVpc);
  return { ...base, referencesReach: sameRegion && peering?.status === "active" };
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
