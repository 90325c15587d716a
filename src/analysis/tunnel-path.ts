/**
 * The path of cross-cluster traffic, hop by hop, written once: the Mermaid diagram of the docs,
 * `show`'s path lines and its pictures are all made from TUNNEL_PATH. A hop is where one check
 * decides whether the tunnel gets through: adding a check of the path means adding a hop here.
 */
import type { CheckId } from "../check-ids.js";
import { gatewayIPOf } from "../model/aws/member.js";
import { currentPeering, type peeringsBetween } from "../model/aws/peerings.js";
import type { TransitView } from "../model/aws/transit.js";
import type { GatewayNode, MemberModel } from "../model/types.js";
import { endpointsOf } from "./aws/endpoints.js";
import { type Leg, nodeGroupsOf } from "./aws/node-to-gateway.js";
import { endOf, transitPath } from "./aws/transit-path.js";
import { viaOf } from "./aws/via.js";
import { agreedWire } from "./aws/wire.js";

/** Whose resource a hop is: the member that sends, the one that receives, or the pair's. */
export type HopSide = "sender" | "receiver" | "pair";

/** The kind of resource the traffic crosses at a hop. */
export type HopResource =
  | "nodes"
  | "gateway"
  | "import"
  | "security-group"
  | "network-acl"
  | "route-table"
  | "peering"
  | "transit-gateway"
  | "internet";

/**
 * How the two VPCs are linked: over a VPC peering or through transit gateways (private Gateway
 * IPs), or over the internet (public ones). A hop with a `link` is on that kind of path only.
 */
export type Link = "peering" | "transit" | "public";

export interface Hop {
  /** What a person calls it (the diagram's label). */
  readonly name: string;
  /** The check that decides this hop. */
  readonly check: CheckId;
  readonly side: HopSide;
  readonly resource: HopResource;
  /** A stateless or stateful filter's way: out of the sender's subnet, or into the receiver's. */
  readonly way?: "out" | "in";
  readonly link?: Link;
  /** Inside a member, between its Nodes and its Gateway: the leg, as the check's results say it. */
  readonly leg?: Leg;
}

/** In the traffic's order, sender first. */
export const TUNNEL_PATH: readonly Hop[] = [
  // In networkPolicyOnly mode the Pod's Node tunnels cross-cluster traffic to its Gateway.
  {
    name: "Node to Gateway",
    check: "aws.node-to-gateway",
    side: "sender",
    resource: "nodes",
    leg: "to-gateway",
  },
  { name: "Gateway Node", check: "mc.gateway", side: "sender", resource: "gateway" },
  // Where the sender tunnels to: the receiver's Gateway IP as the sender imported it.
  { name: "ClusterInfoImport", check: "mc.clusterinfo", side: "sender", resource: "import" },
  {
    name: "security group",
    check: "aws.sg-egress",
    side: "sender",
    resource: "security-group",
    way: "out",
  },
  { name: "network ACL", check: "aws.nacl", side: "sender", resource: "network-acl", way: "out" },
  { name: "route table", check: "aws.route", side: "sender", resource: "route-table" },
  {
    name: "VPC peering",
    check: "aws.peering",
    side: "pair",
    resource: "peering",
    link: "peering",
  },
  // Through the gateways: attachment, route table (and a peered gateway's), the peer's attachment.
  {
    name: "transit gateway",
    check: "aws.transit-gateway",
    side: "sender",
    resource: "transit-gateway",
    link: "transit",
  },
  {
    name: "internet",
    check: "aws.public-path",
    side: "sender",
    resource: "internet",
    link: "public",
  },
  { name: "network ACL", check: "aws.nacl", side: "receiver", resource: "network-acl", way: "in" },
  {
    name: "security group",
    check: "aws.sg-ingress",
    side: "receiver",
    resource: "security-group",
    way: "in",
  },
  { name: "Gateway Node", check: "mc.gateway", side: "receiver", resource: "gateway" },
  // … and the receiver's Gateway tunnels it on to the Node hosting the Pod.
  {
    name: "Gateway to Node",
    check: "aws.node-to-gateway",
    side: "receiver",
    resource: "nodes",
    leg: "from-gateway",
  },
];

/** A hop of one pair's path in one direction, with the IDs of what the traffic crosses there. */
export interface PathHop {
  readonly hop: Hop;
  /** The member whose result decides it (for a pair hop: the sender). */
  readonly member: string;
  readonly peer: string;
  /** Resource IDs ("sg-0a…", a Gateway IP), or a few words when there is none ("no peering"). */
  readonly ids: readonly string[];
}

/** The Gateway the traffic uses: the active one, else the first candidate. */
export function activeGateway(m: MemberModel): GatewayNode | undefined {
  if (!m.gateways.known) return undefined;
  return m.gateways.value.find((g) => g.active) ?? m.gateways.value[0];
}

const placementOf = (g: GatewayNode | undefined) =>
  g?.aws.known && g.aws.value.mapped ? g.aws.value : undefined;

/** The Gateway IP peers tunnel to, or undefined. */
export function gatewayIP(m: MemberModel): string | undefined {
  const g = activeGateway(m);
  return g ? gatewayIPOf(g, m.gatewayCRs.known ? m.gatewayCRs.value : []) : undefined;
}

/** The active Gateways' endpoints of two members, when both are mapped. */
function activeEnds(a: MemberModel, b: MemberModel) {
  const end = (m: MemberModel) => {
    const ends = endpointsOf(m);
    if (!ends.ok) return undefined;
    const g = activeGateway(m);
    const e = ends.endpoints.find((x) => x.node.node === g?.node);
    return e && { e, aws: ends.aws };
  };
  const x = end(a);
  const y = end(b);
  return x && y ? { a: x, b: y } : undefined;
}

/**
 * Public Gateway IPs on either side: the internet; else a transit gateway when the sender's route
 * (or how the VPCs are joined) takes the active Gateways' tunnel through one; else a peering.
 */
export function linkOf(a: MemberModel, b: MemberModel, aws?: AwsLinks): Link {
  const ends = activeEnds(a, b);
  if (!ends) return "peering";
  if (ends.a.e.isPublic || ends.b.e.isPublic) return "public";
  if (!aws) return "peering";
  const via = viaOf(ends.a.e, ends.b.e, ends.a.aws, aws.peerings, aws.transit);
  return via.kind === "transit-gateway" ? "transit" : "peering";
}

/** What the link between two members is read from. */
export interface AwsLinks {
  readonly peerings: Parameters<typeof peeringsBetween>[0];
  readonly transit: TransitView;
}

/**
 * The transit gateways and hops (attachment, route table, peering, …) of the active Gateways'
 * tunnel from `a` to `b`; the first gateway alone when the path cannot be followed.
 */
export function transitOf(
  a: MemberModel,
  b: MemberModel,
  aws: AwsLinks,
): { gateways: string[]; hops: string[] } | undefined {
  const ends = activeEnds(a, b);
  if (!ends) return undefined;
  const via = viaOf(ends.a.e, ends.b.e, ends.a.aws, aws.peerings, aws.transit);
  if (via.kind !== "transit-gateway") return undefined;
  const wire = agreedWire(a, b);
  const path = wire.ok
    ? transitPath(
        {
          a: endOf(ends.a.e),
          b: endOf(ends.b.e),
          aws: ends.a.aws,
          peerAws: ends.b.aws,
          wire: wire.wire,
        },
        via.tgwId,
        aws.transit,
      )
    : undefined;
  const hops = (path?.hops ?? []).map((h) =>
    h.kind === "route-table" ? h.table.id : h.attachment.id,
  );
  const gateways = new Set([via.tgwId]);
  for (const h of path?.hops ?? [])
    gateways.add(h.kind === "route-table" ? h.table.tgwId : h.attachment.tgwId);
  return { gateways: [...gateways], hops: hops.length ? hops : [via.tgwId] };
}

/** The VPC of a member's Gateway, or undefined. */
export function vpcOf(m: MemberModel): string | undefined {
  return placementOf(activeGateway(m))?.eni.vpcId;
}

/** The VPC peering between two VPCs: the live one, else the latest seen. */
export function peeringOf(
  all: Parameters<typeof peeringsBetween>[0],
  a: MemberModel,
  b: MemberModel,
): ReturnType<typeof peeringsBetween>[number] | undefined {
  const va = vpcOf(a);
  const vb = vpcOf(b);
  if (!va || !vb) return undefined;
  return currentPeering(all, va, vb);
}

/** "3 Nodes": the member's Nodes placed in EC2, which aws.node-to-gateway groups. */
function nodesOf(m: MemberModel): string[] {
  const r = nodeGroupsOf(m);
  if (!r.ok) return [];
  const n = r.groups.reduce((k, g) => k + g.nodes.length, 0);
  return [`${n} Node${n === 1 ? "" : "s"}`];
}

function idsAt(
  hop: Hop,
  owner: MemberModel,
  from: MemberModel,
  to: MemberModel,
  aws: AwsLinks,
): string[] {
  const placed = placementOf(activeGateway(owner));
  switch (hop.resource) {
    case "nodes":
      return nodesOf(owner);
    case "gateway": {
      const ip = gatewayIP(owner);
      return [ip ?? "no Gateway"];
    }
    case "import": {
      // The peer's Gateway IP as the sender's ClusterInfoImport has it.
      if (!owner.clusterInfoImports.known) return [];
      const imp = owner.clusterInfoImports.value.find(
        (c) => to.clusterID !== undefined && c.clusterID === to.clusterID,
      );
      return [imp ? (imp.gatewayIPs[0] ?? "no Gateway IP") : "no import"];
    }
    case "security-group":
      return placed ? placed.securityGroups.map((s) => s.id) : [];
    case "network-acl":
      return placed?.nacl ? [placed.nacl.id] : [];
    case "route-table":
      return placed?.routeTable ? [placed.routeTable.id] : [];
    case "peering": {
      const va = vpcOf(from);
      if (va && va === vpcOf(to)) return ["same VPC"];
      const p = peeringOf(aws.peerings, from, to);
      return [p ? p.id : "no peering"];
    }
    case "transit-gateway":
      // The gateways only: their hops are in show's pair block and JSON (a path line must fit).
      return transitOf(from, to, aws)?.gateways ?? [];
    case "internet":
      return ["internet"];
  }
}

/**
 * The hops of the traffic from `from` to `to`, for the link the two use, with the resources of
 * their active Gateways. AWS hops are left out when AWS was not inspected.
 */
export function pathOf(
  from: MemberModel,
  to: MemberModel,
  aws: { inspected: boolean } & AwsLinks,
): PathHop[] {
  const link = aws.inspected ? linkOf(from, to, aws) : undefined;
  return TUNNEL_PATH.filter((h) =>
    aws.inspected
      ? !h.link || h.link === link
      : h.resource === "gateway" || h.resource === "import",
  ).map((hop) => {
    const owner = hop.side === "receiver" ? to : from;
    const other = owner === from ? to : from;
    return {
      hop,
      member: owner.name,
      peer: other.name,
      ids: idsAt(hop, owner, from, to, aws),
    };
  });
}
