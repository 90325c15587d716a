/**
 * The path of a Gateway's tunnel packets through transit gateways, hop by hop as AWS forwards
 * them (Transit Gateway Guide, "How transit gateways work"): into the gateway through the sending
 * VPC's attachment, which needs a subnet in the sender's Availability Zone; through the route
 * table associated with that attachment, whose longest-prefix route for the peer Gateway IP must
 * be active and lead to the peer VPC's attachment, or to a peering attachment whose far gateway
 * routes it on; out through the peer VPC's attachment subnet. The network ACLs of the attachment
 * subnets apply where packets enter and leave the gateway (inbound from the sender on the sending
 * side, outbound to the receiver on the receiving side); the reverse direction is the reverse
 * ordered pair's path.
 *
 * Routes are what SearchTransitGatewayRoutes lists (static and propagated, with their targets):
 * never rebuilt from propagations. A next hop it cannot follow (another VPC, a VPN, Direct
 * Connect) or a table it could not read is unknown, with the reason.
 */
import { type NaclDecision, naclRangeDecision } from "../../model/aws/nacl.js";
import type { Located, TransitView } from "../../model/aws/transit.js";
import type {
  AwsInventory,
  NetworkAcl,
  Subnet,
  TgwAttachment,
  TgwRoute,
  TgwRouteTable,
  TransitGateway,
} from "../../model/aws/types.js";
import { type Cidr, cidrContains, parseCidr } from "../../model/cidr.js";
import type { MemberAws } from "../../model/types.js";
import type { Endpoint } from "./endpoints.js";

/**
 * One end of a path through transit gateways: a Gateway (the tunnel), or a Node and the leader's
 * control plane (aws.leader-path): its address, where it sits, and its name for messages.
 */
export interface TransitEnd {
  readonly ip: string;
  readonly vpcId: string;
  readonly subnetId: string;
  /** Its subnet, for the Availability Zone (undefined: not read). */
  readonly subnet?: Subnet;
  /** Its VPC's IPv4 blocks (a static route towards it takes the block holding `ip`). */
  readonly vpcCidrs: readonly string[];
  /** "ip-10-10-12-34…" (a Node), "the leader's control plane". */
  readonly name: string;
  /** Its interface, for messages. */
  readonly eniId?: string;
}

/** A Gateway endpoint as a path end. */
export const endOf = (e: Endpoint): TransitEnd => ({
  ip: e.gatewayIP,
  vpcId: e.placed.eni.vpcId,
  subnetId: e.placed.eni.subnetId,
  ...(e.placed.subnet ? { subnet: e.placed.subnet } : {}),
  vpcCidrs: e.placed.vpc?.cidrs ?? [],
  name: e.node.node,
  eniId: e.placed.eni.id,
});

import { liveAttachment, vpcAttachments } from "./via.js";
import type { Wire } from "./wire.js";

/** What closes a break in the path, rendered as AWS CLI commands by src/fixes/transit.ts. */
export type TransitFix =
  | {
      readonly kind: "attach-vpc";
      readonly tgwId: string;
      readonly vpcId: string;
      readonly subnetId: string;
    }
  | { readonly kind: "accept-vpc-attachment"; readonly attachmentId: string }
  | { readonly kind: "accept-peering"; readonly attachmentId: string; readonly region?: string }
  | { readonly kind: "add-subnet"; readonly attachmentId: string; readonly subnetId: string }
  | { readonly kind: "associate"; readonly attachmentId: string; readonly tableId: string }
  | { readonly kind: "propagate"; readonly tableId: string; readonly attachmentId: string }
  | {
      readonly kind: "static-route";
      readonly tableId: string;
      readonly destination: string;
      readonly attachmentId: string;
      /** Replace the route for `destination` (a blackhole, or one to the wrong attachment). */
      readonly replace: boolean;
    }
  | {
      readonly kind: "nacl";
      readonly acl: NetworkAcl;
      readonly egress: boolean;
      readonly remoteIp: string;
      /** The deny entry that decides (undefined: the default `*`). */
      readonly before?: number;
    };

/** One step of the path, for the report and `show`. */
export type TransitHop =
  | { readonly kind: "attachment"; readonly attachment: TgwAttachment; readonly role: "in" | "out" }
  | {
      readonly kind: "route-table";
      readonly table: Located<TgwRouteTable>;
      readonly route: TgwRoute;
      readonly destination: string;
    }
  | { readonly kind: "peering"; readonly attachment: TgwAttachment };

export interface TransitBreak {
  /** The resource that blocks (an attachment, a route table, an ACL). */
  readonly resource: string;
  readonly message: string;
  /** The Gateway IP the message names: breaks alike but for it are one finding. */
  readonly ip?: string;
  readonly fix?: TransitFix;
  /**
   * Whose account acts: the sender's (its VPC's attachment), the receiver's, or the account that
   * owns the gateway (its route tables and attachments' acceptance).
   */
  readonly by: "sender" | "receiver" | { readonly owner?: string; readonly region: string };
}

export type TransitPath =
  | { readonly status: "reached"; readonly hops: readonly TransitHop[] }
  | {
      readonly status: "broken";
      readonly hops: readonly TransitHop[];
      readonly breaks: readonly TransitBreak[];
    }
  | { readonly status: "unknown"; readonly hops: readonly TransitHop[]; readonly reason: string };

/** What a path needs of an end's account and Region: its reads (a member's or the leader's). */
export type Reads = Pick<MemberAws, "inventory" | "account" | "region">;

export interface TransitEnds {
  readonly a: TransitEnd;
  readonly aws: Reads;
  readonly b: TransitEnd;
  readonly peerAws: Reads;
  readonly wire: Wire;
}

/** How many gateways a path may cross before it is called a loop (a peering chain). */
const MAX_GATEWAYS = 4;

/** An attachment that carries traffic: available, or being modified (a subnet added, …). */
export const carries = (a: TgwAttachment) => a.state === "available" || a.state === "modifying";

/** The attachment subnet of `att` in the zone of `subnet` (by zone ID when both have one). */
function subnetInZone(
  att: TgwAttachment,
  inv: AwsInventory,
  subnet: Subnet | undefined,
): Subnet | undefined {
  return att.subnetIds
    .map((id) => inv.subnets.get(id))
    .find(
      (s) =>
        s &&
        subnet &&
        (s.zoneId && subnet.zoneId ? s.zoneId === subnet.zoneId : s.zone === subnet.zone),
    );
}

/** The network ACL of a subnet: its explicit association, else its VPC's default. */
function aclOf(inv: AwsInventory, subnet: Subnet): NetworkAcl | undefined {
  return (
    inv.networkAcls.find((n) => n.subnetIds.includes(subnet.id)) ??
    inv.networkAcls.find((n) => n.isDefault && n.vpcId === subnet.vpcId)
  );
}

function aclDecision(acl: NetworkAcl, egress: boolean, wire: Wire, remoteIp: string): NaclDecision {
  const port = wire.port ?? 0;
  return naclRangeDecision(acl, egress, { protocol: wire.protocol, remoteIp }, port, port);
}

/** The route a transit gateway table uses for an address: longest prefix; static before propagated. */
export function tgwRouteFor(
  table: TgwRouteTable,
  ip: string,
  prefixLists: ReadonlyMap<string, readonly string[]>,
): { route: TgwRoute; destination: Cidr } | undefined {
  let best: { route: TgwRoute; destination: Cidr } | undefined;
  for (const route of table.routes ?? []) {
    const blocks = route.cidr ? [route.cidr] : (prefixLists.get(route.prefixListId ?? "") ?? []);
    for (const text of blocks) {
      const destination = parseCidr(text);
      if (destination?.family !== "ipv4" || !cidrContains(destination, ip)) continue;
      const longer = !best || destination.prefix > best.destination.prefix;
      // Of one length: static before propagated, and a CIDR before a prefix list.
      const rank = (r: TgwRoute) => (r.type === "static" ? 2 : 0) + (r.cidr ? 1 : 0);
      const preferred =
        best && destination.prefix === best.destination.prefix && rank(route) > rank(best.route);
      if (longer || preferred) best = { route, destination };
    }
  }
  return best;
}

/** The destination a static route for `ip` should have: the peer VPC block holding it, else /32. */
function destinationFor(b: TransitEnd): string {
  const block = b.vpcCidrs.find((c) => {
    const p = parseCidr(c);
    return p && cidrContains(p, b.ip);
  });
  return block ?? `${b.ip}/32`;
}

function unreadable(
  tableId: string,
  gateway: Located<TransitGateway> | undefined,
  reader: Reads,
  transit: TransitView,
): string {
  const owner = gateway?.ownerId;
  if (owner && reader.account && owner !== reader.account) {
    return `transit gateway route table ${tableId} belongs to account ${owner} (${gateway?.id} is shared with ${reader.account} through AWS RAM): only the owner can read it. doctor reads it when a member is read in account ${owner} (for a member whose VPC is there: --aws-role-arn CONTEXT=arn:aws:iam::${owner}:role/ROLE, the role with docs/iam.md's doctor policy); else the owner can show its routes: aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id ${tableId} --filters Name=state,Values=active,blackhole --region ${gateway?.region ?? reader.region}`;
  }
  const table = transit.routeTables.get(tableId);
  if (table && !table.routes) {
    return `the routes of transit gateway route table ${tableId} were not read (SearchTransitGatewayRoutes; see aws.access)`;
  }
  return `transit gateway route table ${tableId}${gateway ? ` of ${gateway.id}` : ""} was not read`;
}

/**
 * The path from endpoint `a` to endpoint `b` through transit gateway `tgwId` (the one a's route
 * table points at, or the one joining the two VPCs).
 */
export function transitPath(ends: TransitEnds, tgwId: string, transit: TransitView): TransitPath {
  const { a, b, aws, peerAws, wire } = ends;
  const inv = aws.inventory;
  const peerInv = peerAws.inventory;
  const hops: TransitHop[] = [];
  const broken = (...breaks: TransitBreak[]): TransitPath => ({ status: "broken", hops, breaks });
  const unknown = (reason: string): TransitPath => ({ status: "unknown", hops, reason });
  const aVpc = a.vpcId;
  const bVpc = b.vpcId;
  const gateway = transit.gateways.get(tgwId);
  const ownerSide = (g: Located<TransitGateway> | undefined) => ({
    ...(g?.ownerId ? { owner: g.ownerId } : {}),
    region: g?.region ?? aws.region,
  });
  /**
   * An attachment that carries nothing yet: a request waiting is accepted — a VPC attachment by
   * its gateway's owner, a peering by the accepter's owner in the accepter's Region.
   */
  const accept = (x: TgwAttachment): TransitBreak => {
    const pending = x.state === "pendingAcceptance";
    const where = transit.gateways.get(x.tgwId);
    if (x.resourceType === "peering") {
      const farId = x.peer?.tgwId ?? x.resourceId;
      // The accepter: the far gateway when this side requested, else this one.
      const accepter = x.peer?.accepter
        ? {
            ...(x.peer.ownerId ? { owner: x.peer.ownerId } : {}),
            region: x.peer.region ?? aws.region,
          }
        : ownerSide(where);
      return {
        resource: x.id,
        message: `transit gateway peering ${x.id} (${x.tgwId} to ${farId}) is ${x.state}${pending ? `: account ${accepter.owner ?? "?"} must accept it in ${accepter.region}` : ""}`,
        ...(pending
          ? {
              fix: {
                kind: "accept-peering",
                attachmentId: x.id,
                region: accepter.region,
              } as const,
            }
          : {}),
        by: accepter,
      };
    }
    return {
      resource: x.id,
      message: `${x.id} (${x.resourceType} ${x.resourceId} to ${x.tgwId}) is ${x.state}${pending ? `: the owner of ${x.tgwId} must accept it` : ""}`,
      ...(pending ? { fix: { kind: "accept-vpc-attachment", attachmentId: x.id } as const } : {}),
      by: ownerSide(where),
    };
  };

  // 1. Into the gateway, through a's VPC attachment in a's Availability Zone.
  if (inv.unread.has("DescribeTransitGatewayVpcAttachments"))
    return unknown(
      `the transit gateway attachments of ${aVpc} were not read (DescribeTransitGatewayVpcAttachments; see aws.access)`,
    );
  const entry = vpcAttachments(transit, aVpc).find((x) => x.tgwId === tgwId);
  if (!entry) {
    return broken({
      resource: aVpc,
      message: `${aVpc} is not attached to ${tgwId}, so its route to the transit gateway carries nothing`,
      fix: { kind: "attach-vpc", tgwId, vpcId: aVpc, subnetId: a.subnetId },
      by: "sender",
    });
  }
  hops.push({ kind: "attachment", attachment: entry, role: "in" });
  if (!carries(entry)) return broken(accept(entry));
  const gwSubnet = a.subnet;
  if (!gwSubnet || entry.subnetIds.some((id) => !inv.subnets.has(id)))
    return unknown(
      `the subnets of ${entry.id} or of ${a.eniId ?? a.subnetId} were not read (DescribeSubnets)`,
    );
  const inSubnet = subnetInZone(entry, inv, gwSubnet);
  const breaks: TransitBreak[] = [];
  if (!inSubnet) {
    return broken({
      resource: entry.id,
      message: `${entry.id} has no subnet in ${gwSubnet.zone ?? "the Availability Zone"} of ${a.subnetId} (${a.name}): traffic from a zone without an attachment subnet cannot enter ${tgwId}`,
      fix: { kind: "add-subnet", attachmentId: entry.id, subnetId: gwSubnet.id },
      by: "sender",
    });
  }
  // Entering: the attachment subnet's inbound rules see the sender (Transit Gateway Guide,
  // "Network ACLs"), also when it is the sender's own subnet (whose outbound rules aws.nacl checks).
  {
    const acl = aclOf(inv, inSubnet);
    if (!acl) return unknown(`no network ACL found for ${inSubnet.id} (DescribeNetworkAcls)`);
    const d = aclDecision(acl, false, wire, a.ip);
    if (!d.allow)
      breaks.push({
        resource: `${acl.id} ${d.entry ? `rule ${d.entry.ruleNumber}` : "rule *"}`,
        message: `${acl.id} of attachment subnet ${inSubnet.id} blocks ${wire.label} in from ${a.ip} on its way into ${tgwId}: ${d.entry ? `rule ${d.entry.ruleNumber}` : "the default rule *"} (deny) decides`,
        ip: a.ip,
        fix: {
          kind: "nacl",
          acl,
          egress: false,
          remoteIp: a.ip,
          ...(d.entry ? { before: d.entry.ruleNumber } : {}),
        },
        by: "sender",
      });
  }

  // 2. Through the gateways' route tables, following peering attachments.
  let here = entry;
  let hereGateway = gateway;
  const seen = new Set<string>();
  for (let n = 0; ; n++) {
    if (n >= MAX_GATEWAYS || seen.has(here.tgwId))
      return unknown(`the route to ${b.ip} loops between transit gateways ${[...seen].join(", ")}`);
    seen.add(here.tgwId);
    if (!here.associationKnown)
      return unknown(
        `the route table of ${here.id} is not known: ${here.tgwId}'s attachments were not listed (DescribeTransitGatewayAttachments${hereGateway?.ownerId && hereGateway.ownerId !== aws.account ? `; ${here.tgwId} belongs to account ${hereGateway.ownerId}` : ""})`,
      );
    const owner = hereGateway?.ownerId;
    if (!here.routeTableId && !here.ownerView && owner && owner !== aws.account)
      return unknown(
        `${here.id} shows no route table to account ${aws.account ?? "?"}, and only ${here.tgwId}'s owner, account ${owner}, sees its association: not known whether one routes it`,
      );
    if (!here.routeTableId) {
      return broken(...breaks, {
        resource: here.id,
        message: `${here.id} (${here.resourceType} ${here.resourceId} on ${here.tgwId}) is associated with no transit gateway route table, so ${here.tgwId} drops what arrives through it`,
        ...(hereGateway?.defaultAssociationTable
          ? {
              fix: {
                kind: "associate",
                attachmentId: here.id,
                tableId: hereGateway.defaultAssociationTable,
              } as const,
            }
          : {}),
        by: ownerSide(hereGateway),
      });
    }
    const table = transit.routeTables.get(here.routeTableId);
    if (!table?.routes) return unknown(unreadable(here.routeTableId, hereGateway, aws, transit));
    if (table.narrowedTo && !table.narrowedTo.includes(b.ip))
      return unknown(
        `${table.id} holds more routes than it lists at once, and its route for ${b.ip} was not looked up`,
      );
    const lists = new Map([...inv.prefixLists, ...peerInv.prefixLists]);
    const unlisted = (table.routes ?? []).find((r) => r.prefixListId && !lists.has(r.prefixListId));
    if (unlisted)
      return unknown(
        `${table.id} routes prefix list ${unlisted.prefixListId}, whose entries were not read (GetManagedPrefixListEntries; see aws.access)`,
      );
    const match = tgwRouteFor(table, b.ip, lists);
    // The attachment the route should lead to: the peer VPC's on this gateway, else a peering.
    const peerVpcOn = new Set((transit.byVpc.get(bVpc) ?? []).map((y) => y.tgwId));
    const exit = vpcAttachments(transit, bVpc).find((x) => x.tgwId === here.tgwId);
    const onward = (transit.byGateway.get(here.tgwId) ?? []).find(
      (x) =>
        x.resourceType === "peering" &&
        liveAttachment(x) &&
        peerVpcOn.has(x.peer?.tgwId ?? x.resourceId),
    );
    const want = exit ?? onward;
    const tableOwner = ownerSide(hereGateway);
    // Routes and propagations take only an available attachment: one waiting is accepted first.
    if (want && !match && want.state === "pendingAcceptance")
      return broken(...breaks, accept(want));
    const routeFix = (replace: boolean): TransitFix | undefined => {
      if (!want || !carries(want)) return undefined;
      if (!replace && want === exit && !(table.propagations ?? []).includes(exit.id))
        return { kind: "propagate", tableId: table.id, attachmentId: exit.id };
      // Only a static CIDR route can be replaced; over a propagated or prefix-list route, a
      // static CIDR route of the same prefix wins (Transit Gateway Guide, "Route evaluation").
      const own = replace && match?.route.type === "static" && !!match.route.cidr;
      return {
        kind: "static-route",
        tableId: table.id,
        destination: match && replace ? match.destination.text : destinationFor(b),
        attachmentId: want.id,
        replace: own,
      };
    };
    if (!match) {
      const fix = routeFix(false);
      return broken(...breaks, {
        resource: table.id,
        message: `${table.id} (the route table of ${here.id} on ${here.tgwId}) has no route to ${b.ip}${want ? "" : `, and ${bVpc} is not attached to ${here.tgwId} nor to a gateway it peers with`}`,
        ip: b.ip,
        ...(fix ? { fix } : {}),
        by: tableOwner,
      });
    }
    hops.push({
      kind: "route-table",
      table,
      route: match.route,
      destination: match.destination.text,
    });
    if (match.route.state === "blackhole" || match.route.targets.length === 0) {
      const fix = routeFix(true);
      return broken(...breaks, {
        resource: table.id,
        message: `${table.id} routes ${b.ip} to a blackhole (${match.destination.text}, ${match.route.type}): ${here.tgwId} drops the tunnel`,
        ip: b.ip,
        ...(fix ? { fix } : {}),
        by: tableOwner,
      });
    }
    const targets = match.route.targets.map(
      (t) =>
        (transit.byGateway.get(here.tgwId) ?? []).find((x) => x.id === t.attachmentId) ?? {
          id: t.attachmentId,
          tgwId: here.tgwId,
          resourceType: t.resourceType ?? "unknown",
          resourceId: t.resourceId ?? "",
          state: "unknown",
          associationKnown: false,
          subnetIds: [],
        },
    );
    const [target] = targets;
    if (!target) return unknown(`${table.id} lists no target for ${match.destination.text}`);
    if (
      targets.some(
        (t) => t.resourceType !== target.resourceType || t.resourceId !== target.resourceId,
      )
    )
      return unknown(
        `${table.id} spreads ${match.destination.text} over several attachments (${targets.map((t) => t.id).join(", ")}): not followed`,
      );
    if (target.resourceType === "vpc" && target.resourceId === bVpc) {
      // 3. Out of the gateway into b's VPC.
      hops.push({ kind: "attachment", attachment: target, role: "out" });
      if (!carries(target) && target.state !== "unknown") return broken(...breaks, accept(target));
      const outBreak = receiverAcl(target, a, b, peerInv, wire, here.tgwId);
      if (outBreak && "reason" in outBreak) return unknown(outBreak.reason);
      if (outBreak) breaks.push(outBreak);
      return breaks.length ? broken(...breaks) : { status: "reached", hops };
    }
    if (target.resourceType === "peering") {
      hops.push({ kind: "peering", attachment: target });
      if (!carries(target)) return broken(...breaks, accept(target));
      const farId = target.peer?.tgwId ?? target.resourceId;
      const far = (transit.byGateway.get(farId) ?? []).find((x) => x.id === target.id);
      if (!far)
        return unknown(
          `transit gateway ${farId}${target.peer?.region ? ` (${target.peer.region}${target.peer.ownerId ? `, account ${target.peer.ownerId}` : ""})` : ""} at the far end of ${target.id} was not read: no member's account and Region holds it`,
        );
      here = far;
      hereGateway = transit.gateways.get(farId);
      continue;
    }
    const what: Record<string, string> = {
      vpc: `VPC ${target.resourceId} (an inspection or appliance VPC?)`,
      vpn: `VPN connection ${target.resourceId}`,
      "direct-connect-gateway": `Direct Connect gateway ${target.resourceId}`,
      connect: `Transit Gateway Connect ${target.resourceId}`,
    };
    return unknown(
      `${table.id} sends ${b.ip} (${match.destination.text}) to ${target.id}, ${what[target.resourceType] ?? `a ${target.resourceType} attachment`}: a next hop this tool does not follow`,
    );
  }
}

/**
 * Leaving the gateway: the peer VPC's attachment subnet in the sender's zone (else any of them)
 * sends the packet on; its outbound rules see the receiver (unless it is the receiver's subnet).
 */
function receiverAcl(
  exit: TgwAttachment,
  a: TransitEnd,
  b: TransitEnd,
  peerInv: AwsInventory,
  wire: Wire,
  tgwId: string,
): TransitBreak | { reason: string } | undefined {
  if (exit.subnetIds.length === 0) return undefined; // the peer's account lists its subnets
  if (exit.subnetIds.some((id) => !peerInv.subnets.has(id)))
    return { reason: `the subnets of ${exit.id} were not read (DescribeSubnets)` };
  const same = subnetInZone(exit, peerInv, a.subnet);
  const used = same ? [same] : exit.subnetIds.map((id) => peerInv.subnets.get(id) as Subnet);
  for (const s of used) {
    if (s.id === b.subnetId) continue;
    const acl = aclOf(peerInv, s);
    if (!acl) return { reason: `no network ACL found for ${s.id} (DescribeNetworkAcls)` };
    const d = aclDecision(acl, true, wire, b.ip);
    if (!d.allow)
      return {
        resource: `${acl.id} ${d.entry ? `rule ${d.entry.ruleNumber}` : "rule *"}`,
        message: `${acl.id} of attachment subnet ${s.id} blocks ${wire.label} out to ${b.ip} on its way out of ${tgwId}: ${d.entry ? `rule ${d.entry.ruleNumber}` : "the default rule *"} (deny) decides`,
        ip: b.ip,
        fix: {
          kind: "nacl",
          acl,
          egress: true,
          remoteIp: b.ip,
          ...(d.entry ? { before: d.entry.ruleNumber } : {}),
        },
        by: "receiver",
      };
  }
  return undefined;
}

/** The smallest MTU of the path: 8500 through a transit gateway (which sends no Frag-Needed). */
export const TRANSIT_GATEWAY_MTU = 8500;
