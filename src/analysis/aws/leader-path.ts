/**
 * The path from a member's Nodes (where its antrea-mc-controller runs, on the host network) to
 * the leader's EKS API server: which endpoint it uses, and what drops it on the way. doctor's
 * aws.leader-path reports the gaps; setup closes the routes and the security group rule.
 *
 * - Private endpoint: the member's Node subnets route the control plane's subnets over an active
 *   peering, those subnets route back, and the cluster security group (or one of the cluster's
 *   extra groups) admits TCP 443 from the Nodes.
 * - Public endpoint: the Nodes' way to the internet (a NAT gateway's Elastic IPs, or their own
 *   public IPs through an internet gateway) leaves from addresses `publicAccessCidrs` admits.
 */
import type { EksCluster } from "../../model/aws/eks.js";
import { isTerminal, livePeering } from "../../model/aws/peerings.js";
import { routeFor, routeForCidr } from "../../model/aws/route.js";
import { admits } from "../../model/aws/security-group.js";
import type {
  AwsInventory,
  AwsRead,
  Eni,
  Peering,
  RouteTable,
  RouteTargetKind,
  SecurityGroup,
  Subnet,
} from "../../model/aws/types.js";
import {
  type Cidr,
  cidrContains,
  cidrWithin,
  networkAddress,
  parseCidr,
} from "../../model/cidr.js";
import type { LeaderAws, LeaderModel } from "../../model/leader.js";
import type { ClusterSetModel, MemberAws, MemberModel } from "../../model/types.js";
import type { Missing } from "./endpoints.js";
import { nodeGroupsOf } from "./node-to-gateway.js";
import { type TransitBreak, type TransitEnd, transitPath } from "./transit-path.js";
import { joiningGateway, vpcAttachments } from "./via.js";
import type { Wire } from "./wire.js";

/** Where a route must go, and who adds it (the member's account, or the leader's). */
export interface RouteNeed {
  readonly kind: "route";
  readonly side: "member" | "leader";
  readonly routeTableId: string;
  readonly destination: string;
  /** The peering (pcx-…) or transit gateway (tgw-…) the route goes to. */
  readonly target: string;
  /** A route for exactly that destination exists (to another target): replace it. */
  readonly replace: boolean;
  /** That route's target is a peering that is gone (setup repoints those, as for aws.route). */
  readonly deadTarget: boolean;
}

/** The rule that admits the member's Nodes to the API server: TCP 443 from their subnets. */
export interface RuleNeed {
  readonly kind: "rule";
  readonly groupId: string;
  readonly cidrs: readonly string[];
}

/** A Node subnet's table with no way to the internet: the VPC's NAT gateway could be one. */
export interface EgressNeed {
  readonly kind: "egress";
  readonly routeTableId: string;
  readonly vpcId: string;
}

/** The addresses publicAccessCidrs must add (each /32), beside the ones it has. */
export interface CidrsNeed {
  readonly kind: "public-cidrs";
  readonly cluster: string;
  readonly current: readonly string[];
  readonly add: readonly string[];
}

/** A break of the way through transit gateways, as aws.transit-gateway reports one. */
export interface TransitNeed {
  readonly kind: "transit";
  readonly brk: TransitBreak;
}

export interface LeaderPathGap {
  readonly kind:
    | "transit-gateway"
    | "peering"
    | "member-route"
    | "leader-route"
    | "security-group"
    | "public-cidrs"
    | "no-egress";
  /** A peering gap: the peering there is, not active (the pair's, when the leader is a member). */
  readonly peering?: { readonly id: string; readonly status: string };
  /** The blocking object: rtb-…, sg-…, the cluster, the two VPCs. */
  readonly resource: string;
  readonly message: string;
  readonly need?: RouteNeed | RuleNeed | CidrsNeed | EgressNeed | TransitNeed;
}

export type LeaderPath =
  | { readonly ok: true; readonly kind: "self"; readonly leader: string }
  | {
      readonly ok: true;
      readonly kind: "checked";
      readonly leader: LeaderModel;
      readonly leaderAws: LeaderAws;
      readonly member: MemberAws;
      readonly endpoint: "private" | "public";
      /** Why that endpoint: what EKS says, and what is assumed (said in the report). */
      readonly why: string;
      readonly gaps: readonly LeaderPathGap[];
      /** What could not be judged, and why. */
      readonly unknowns: readonly string[];
      /** What was seen fine, for the pass message. */
      readonly fine: readonly string[];
    }
  | Missing;

const missing = (reason: string): Missing => ({ ok: false, reason });

/** The subnet's route table: its explicit association, else its VPC's main table. */
function tableOf(inv: AwsInventory, subnetId: string, vpcId: string): RouteTable | undefined {
  return (
    inv.routeTables.find((t) => t.subnetIds.includes(subnetId)) ??
    inv.routeTables.find((t) => t.main && t.vpcId === vpcId)
  );
}

/** Targets of a path this check does not follow: VPNs, appliances. */
const NOT_FOLLOWED: readonly RouteTargetKind[] = [
  "virtual-private-gateway",
  "network-interface",
  "instance",
  "other",
];

/** How a table sends a block: through the peering (fine), a path not followed, or wrongly. */
type RouteVerdict =
  | undefined
  | { readonly unknown: string }
  | {
      readonly wrong: string;
      /** The route to create (the VPC's block) or to repoint (one that exists, more specific). */
      readonly destination: string;
    };

function routeVerdict(
  table: RouteTable,
  block: Cidr,
  text: string,
  /** The peering or transit gateway the block should go to. */
  via: string,
  vpcBlock: string,
  prefixLists: ReadonlyMap<string, readonly string[]>,
): RouteVerdict {
  const c = routeForCidr(table, block, prefixLists);
  if (!c.match) return { wrong: `no route for ${text}`, destination: vpcBlock };
  const { route, destination } = c.match;
  const t = route.target;
  if (t.id !== via && NOT_FOLLOWED.includes(t.kind))
    return {
      unknown: `${table.id} sends ${text} to ${t.id || t.kind}: a path through it is not followed`,
    };
  if (t.id !== via)
    return {
      wrong: `${text} goes to ${t.id || t.kind}, not ${via}`,
      destination: destination.text,
    };
  if (route.state === "blackhole")
    return { wrong: `the route for ${text} is a blackhole`, destination: destination.text };
  // A route through the peering for part of the block: a wider one must route the rest.
  const wider = table.routes.some((r) => {
    const cidr = r.cidr ? parseCidr(r.cidr) : undefined;
    return !!cidr && cidrWithin(block, cidr) && r.target.id === via && r.state !== "blackhole";
  });
  if (!c.whole && !wider)
    return {
      wrong: `the route through ${via} covers only part of ${text}`,
      destination: vpcBlock,
    };
  const carved = c.shadowing[0];
  if (carved && NOT_FOLLOWED.includes(carved.route.target.kind))
    return {
      unknown: `${carved.destination.text} inside ${text} goes to ${carved.route.target.id}: a path through it is not followed`,
    };
  if (carved)
    return {
      wrong: `${carved.destination.text} inside ${text} goes to ${carved.route.target.id}`,
      destination: carved.destination.text,
    };
  return undefined;
}

/** The VPC block holding `cidr` (the route setup adds covers the whole block). */
const blockOf = (vpcCidrs: readonly string[], cidr: Cidr): string => {
  for (const v of vpcCidrs) {
    const p = parseCidr(v);
    if (p && cidrWithin(cidr, p)) return v;
  }
  return cidr.text;
};

function routeNeed(
  side: RouteNeed["side"],
  table: RouteTable,
  destination: string,
  target: string,
  peerings: readonly Peering[],
): RouteNeed {
  const canonical = parseCidr(destination)?.canonical;
  const existing = table.routes.find((r) => r.cidr && parseCidr(r.cidr)?.canonical === canonical);
  const now = existing?.target;
  const dead = now?.kind === "peering" && peerings.some((p) => p.id === now.id && isTerminal(p));
  return {
    kind: "route",
    side,
    routeTableId: table.id,
    destination,
    target,
    replace: existing !== undefined,
    deadTarget: dead,
  };
}

/** Route gaps, one per table and destination, naming the subnets (and blocks) each one fails. */
class RouteGaps {
  private readonly byKey = new Map<string, { need: RouteNeed; wrong: string; used: string[] }>();
  constructor(
    private readonly kind: "member-route" | "leader-route",
    /** Whose subnets use the tables: "east's Node" or "the leader's control-plane". */
    private readonly whose: string,
  ) {}

  add(need: RouteNeed, wrong: string, usedBy: string): void {
    const key = `${need.routeTableId} ${need.destination}`;
    const seen = this.byKey.get(key);
    if (seen) {
      if (!seen.used.includes(usedBy)) seen.used.push(usedBy);
      return;
    }
    this.byKey.set(key, { need, wrong, used: [usedBy] });
  }

  gaps(): LeaderPathGap[] {
    return [...this.byKey.values()].map(({ need, wrong, used }) => ({
      kind: this.kind,
      resource: need.routeTableId,
      message: `${need.routeTableId} (used by ${this.whose} subnet${used.length > 1 ? "s" : ""} ${used.join(", ")}): ${wrong}`,
      need,
    }));
  }
}

interface NodeSubnet {
  readonly subnetId: string;
  readonly vpcId: string;
  readonly cidr?: Cidr;
  readonly nodes: readonly { readonly node: string; readonly ip: string; readonly eni: Eni }[];
}

function nodeSubnets(m: MemberModel): NodeSubnet[] | Missing {
  const groups = nodeGroupsOf(m);
  if (!groups.ok) return groups;
  const bySubnet = new Map<string, NodeSubnet>();
  for (const g of groups.groups) {
    for (const n of g.nodes) {
      const s = bySubnet.get(g.subnetId);
      const cidr = n.at.subnet ? parseCidr(n.at.subnet.cidr) : undefined;
      const node = { node: n.node, ip: n.at.ip, eni: n.at.eni };
      bySubnet.set(g.subnetId, {
        subnetId: g.subnetId,
        vpcId: n.at.eni.vpcId,
        ...((s?.cidr ?? cidr) ? { cidr: s?.cidr ?? cidr } : {}),
        nodes: [...(s?.nodes ?? []), node],
      } as NodeSubnet);
    }
  }
  return [...bySubnet.values()];
}

const PRIVATE_READS: readonly AwsRead[] = [
  "DescribeRouteTables",
  "DescribeSubnets",
  "DescribeVpcs",
  "DescribeSecurityGroups",
  "GetManagedPrefixListEntries",
];

/** Which endpoint the member's controller uses, and why. */
function endpointOf(
  eks: EksCluster,
  sameVpc: boolean,
  host: string,
): { endpoint: "private" | "public"; why: string } | Missing {
  const { publicAccess, privateAccess } = eks.endpoint;
  if (publicAccess === undefined && privateAccess === undefined)
    return missing(`eks:DescribeCluster of ${eks.name} says nothing of its endpoint's access`);
  // EKS keeps at least one of the two on: one said off means the other.
  if (publicAccess === false || (privateAccess && !publicAccess))
    return { endpoint: "private", why: "private endpoint access only" };
  if (!privateAccess) return { endpoint: "public", why: "public endpoint access only" };
  if (sameVpc)
    return {
      endpoint: "private",
      why: "public and private endpoint access, and the member's Nodes are in the leader's VPC, where the endpoint's name resolves to its private addresses",
    };
  return {
    endpoint: "public",
    why: `public and private endpoint access: outside the leader's VPC the endpoint's name resolves to its public addresses, unless the member resolves it privately (a Route 53 Resolver rule or a private hosted zone for its VPC; then the private path applies) — assumed public; to tell, resolve ${host} on a member Node (\`nslookup ${host}\`)`,
  };
}

/** The member's Nodes to the leader's API server. */
export function leaderPathOf(member: MemberModel, model: ClusterSetModel): LeaderPath {
  const l = model.leader;
  if (!l.known) return missing(`the leader was not read: ${l.reason}`);
  const leader = l.value;
  if (leader.member === member.name) return { ok: true, kind: "self", leader: leader.name };
  if (!leader.aws.known)
    return missing(
      `the leader's EKS cluster is not known (${leader.aws.reason}); a leader that is no EKS cluster is not checked`,
    );
  const la = leader.aws.value;
  if (!member.aws.known)
    return missing(`AWS side of ${member.name} not known: ${member.aws.reason}`);
  const ma = member.aws.value;
  const subnets = nodeSubnets(member);
  if (!Array.isArray(subnets)) return subnets;
  if (subnets.length === 0) return missing(`no Node of ${member.name} is placed in EC2`);
  const eks = la.eks;
  const leaderVpc = eks.vpcId;
  if (!leaderVpc) return missing(`eks:DescribeCluster of ${eks.name} names no VPC`);
  const sameVpc = subnets.every((s) => s.vpcId === leaderVpc);
  const cs = member.clusterSets.known ? member.clusterSets.value[0] : undefined;
  const host = (() => {
    try {
      return new URL(cs?.leaderServer ?? "").hostname || "the leader server";
    } catch {
      return "the leader server";
    }
  })();
  const chosen = endpointOf(eks, sameVpc, host);
  if ("ok" in chosen) return chosen;
  const gaps: LeaderPathGap[] = [];
  const unknowns: string[] = [];
  const fine: string[] = [];
  // Reads the path needs that failed: what they decide is not known (an unread prefix list is
  // no empty one).
  const reads: [string, AwsInventory, readonly AwsRead[]][] =
    chosen.endpoint === "private"
      ? [
          [member.name, ma.inventory, PRIVATE_READS],
          ["the leader", la.inventory, PRIVATE_READS],
        ]
      : [[member.name, ma.inventory, ["DescribeRouteTables", "GetManagedPrefixListEntries"]]];
  for (const [who, inv, ops] of reads)
    for (const op of ops) {
      const why = inv.unread.get(op);
      if (why) unknowns.push(`${op} was not read for ${who} (see aws.access): ${why}`);
    }
  if (unknowns.length === 0) {
    if (chosen.endpoint === "private")
      privatePath(member, ma, la, subnets, model, gaps, unknowns, fine);
    else publicPath(member, ma, la, subnets, gaps, unknowns, fine);
  }
  return {
    ok: true,
    kind: "checked",
    leader,
    leaderAws: la,
    member: ma,
    endpoint: chosen.endpoint,
    why: chosen.why,
    gaps,
    unknowns: [...new Set(unknowns)],
    fine,
  };
}

/** TCP 443 to the API server, as a path through gateways checks a network ACL for it. */
export const API_SERVER: Wire = { protocol: "6", protocolName: "tcp", port: 443, label: "TCP 443" };

/**
 * A break on the way back (control plane → Nodes): its sender is the leader's side, so the
 * member's account is the receiver's and the leader's the sender's.
 */
const mirrored = (brk: TransitBreak): TransitBreak =>
  brk.by === "sender"
    ? { ...brk, by: "receiver" }
    : brk.by === "receiver"
      ? { ...brk, by: "sender" }
      : brk;

type LeaderWay =
  | { readonly kind: "peering"; readonly id: string }
  /** Through gateways: the one the member's VPC uses, and the one the leader's uses back. */
  | { readonly kind: "transit"; readonly there: string; readonly back: string }
  | { readonly kind: "unknown"; readonly routes: readonly string[] }
  | { readonly kind: "none"; readonly peering?: Peering };

/**
 * How a member VPC reaches the leader's, as for the Gateways (via.ts): the Node subnets' route
 * for the control plane decides (a gateway the VPC is attached to, a peering); without one, an
 * active peering, else a gateway joining the VPCs. A route elsewhere is not followed.
 */
function wayToLeader(
  vpc: string,
  leaderVpc: string,
  subnets: readonly NodeSubnet[],
  ma: MemberAws,
  model: ClusterSetModel,
  first: { cidr: Cidr } | undefined,
): LeaderWay {
  const { transit, peerings } = model.aws;
  const pcx = livePeering(peerings, vpc, leaderVpc);
  const routed = subnets
    .filter((x) => x.vpcId === vpc)
    .flatMap((x) => {
      const table = tableOf(ma.inventory, x.subnetId, x.vpcId);
      const m =
        table && first
          ? routeFor(table, networkAddress(first.cidr), ma.inventory.prefixLists)
          : undefined;
      return m && table ? [{ table: table.id, target: m.route.target }] : [];
    });
  const attached = (tgw: string) => vpcAttachments(transit, vpc).some((a) => a.tgwId === tgw);
  const back = (there: string) => joiningGateway(transit, leaderVpc, vpc) ?? there;
  const gateway = routed.find((r) => r.target.kind === "transit-gateway" && attached(r.target.id))
    ?.target.id;
  if (gateway) return { kind: "transit", there: gateway, back: back(gateway) };
  if (pcx?.status === "active") return { kind: "peering", id: pcx.id };
  const elsewhere = routed.filter((r) => NOT_FOLLOWED.includes(r.target.kind));
  if (elsewhere.length)
    return {
      kind: "unknown",
      routes: elsewhere.map((r) => `${r.table} → ${r.target.id || r.target.kind}`),
    };
  const joining = joiningGateway(transit, vpc, leaderVpc);
  if (joining) return { kind: "transit", there: joining, back: back(joining) };
  return { kind: "none", ...(pcx ? { peering: pcx } : {}) };
}

function privatePath(
  member: MemberModel,
  ma: MemberAws,
  la: LeaderAws,
  subnets: readonly NodeSubnet[],
  model: ClusterSetModel,
  gaps: LeaderPathGap[],
  unknowns: string[],
  fine: string[],
): void {
  const eks = la.eks;
  const leaderVpc = eks.vpcId ?? "";
  const linv = la.inventory;
  const vpcCidrs = linv.vpcs.get(leaderVpc)?.cidrs ?? [];
  // The control plane's interfaces sit in its subnets: their blocks are what must be reached.
  const plane = eks.endpoint.subnetIds.flatMap((id) => {
    const s = linv.subnets.get(id);
    const cidr = s ? parseCidr(s.cidr) : undefined;
    return cidr ? [{ id, cidr }] : [];
  });
  const targets: { id?: string; cidr: Cidr }[] = plane.length
    ? plane
    : vpcCidrs.flatMap((c) => {
        const cidr = parseCidr(c);
        return cidr ? [{ cidr }] : [];
      });
  if (targets.length === 0) {
    unknowns.push(`the subnets and CIDR blocks of ${leaderVpc} (the leader's VPC) were not read`);
    return;
  }
  const unreadPlane = eks.endpoint.subnetIds.filter((id) => !linv.subnets.has(id));
  if (unreadPlane.length)
    unknowns.push(
      `the leader's control-plane subnet${unreadPlane.length > 1 ? "s" : ""} ${unreadPlane.join(", ")} ${unreadPlane.length > 1 ? "were" : "was"} not read: their routes back are not known`,
    );
  const planeText = (t: { id?: string; cidr: Cidr }) =>
    `${t.cidr.text}${t.id ? ` (${t.id}, the leader's control plane)` : ""}`;
  const peerings = model.aws.peerings;
  const there = new RouteGaps("member-route", `${member.name}'s Node`);
  const transitKeys = new Set<string>();
  const back = new RouteGaps("leader-route", "the leader's control-plane");
  for (const vpc of [...new Set(subnets.map((s) => s.vpcId))]) {
    if (vpc === leaderVpc) continue; // the VPC's local route
    const way = wayToLeader(vpc, leaderVpc, subnets, ma, model, targets[0]);
    if (way.kind === "unknown") {
      unknowns.push(
        `${member.name}'s Node subnets send the leader's control plane ${way.routes.join(", ")}: a path through it is not followed`,
      );
      continue;
    }
    if (way.kind === "none") {
      const pcx = way.peering;
      gaps.push({
        kind: "peering",
        resource: `${vpc}, ${leaderVpc}`,
        message: `no active VPC peering (nor a transit gateway) joins ${member.name}'s VPC ${vpc} and the leader's ${leaderVpc}${pcx ? ` (${pcx.id} is ${pcx.status})` : ""}: the private endpoint cannot be reached`,
        ...(pcx ? { peering: { id: pcx.id, status: pcx.status } } : {}),
      });
      continue;
    }
    const [thereVia, backVia] = way.kind === "peering" ? [way.id, way.id] : [way.there, way.back];
    for (const s of subnets.filter((x) => x.vpcId === vpc)) {
      const table = tableOf(ma.inventory, s.subnetId, s.vpcId);
      if (!table) {
        unknowns.push(`the route table of ${s.subnetId} was not read`);
        continue;
      }
      for (const t of targets) {
        const v = routeVerdict(
          table,
          t.cidr,
          planeText(t),
          thereVia,
          blockOf(vpcCidrs, t.cidr),
          ma.inventory.prefixLists,
        );
        if (!v) continue;
        if ("unknown" in v) unknowns.push(v.unknown);
        else
          there.add(
            routeNeed("member", table, v.destination, thereVia, peerings),
            v.wrong,
            s.subnetId,
          );
      }
      // And back: each control-plane subnet's table routes this Node subnet the same way.
      const memberCidrs = ma.inventory.vpcs.get(vpc)?.cidrs ?? [];
      for (const t of plane) {
        if (!s.cidr) {
          unknowns.push(
            `the CIDR block of ${member.name}'s Node subnet ${s.subnetId} was not read`,
          );
          break;
        }
        const table = tableOf(linv, t.id, leaderVpc);
        if (!table) {
          unknowns.push(`the route table of the leader's subnet ${t.id} was not read`);
          continue;
        }
        const v = routeVerdict(
          table,
          s.cidr,
          `${s.cidr.text} (${member.name}'s Nodes)`,
          backVia,
          blockOf(memberCidrs, s.cidr),
          linv.prefixLists,
        );
        if (!v) continue;
        if ("unknown" in v) unknowns.push(v.unknown);
        else back.add(routeNeed("leader", table, v.destination, backVia, peerings), v.wrong, t.id);
      }
      // Through the gateways, hop by hop, both ways (TCP 443 in; the answers back).
      if (way.kind === "transit") {
        const node = s.nodes[0];
        const first = targets[0];
        if (!node || !first) continue;
        const nodeEnd: TransitEnd = {
          ip: node.ip,
          vpcId: vpc,
          subnetId: s.subnetId,
          ...(ma.inventory.subnets.get(s.subnetId)
            ? { subnet: ma.inventory.subnets.get(s.subnetId) as Subnet }
            : {}),
          vpcCidrs: memberCidrs,
          name: node.node,
          eniId: node.eni.id,
        };
        const planeEnd: TransitEnd = {
          ip: networkAddress(first.cidr),
          vpcId: leaderVpc,
          subnetId: first.id ?? "",
          ...(first.id && linv.subnets.get(first.id)
            ? { subnet: linv.subnets.get(first.id) as Subnet }
            : {}),
          vpcCidrs,
          name: "the leader's control plane",
        };
        for (const [a, b, from, to, tgw] of [
          [nodeEnd, planeEnd, ma, la, way.there],
          [planeEnd, nodeEnd, la, ma, way.back],
        ] as const) {
          const path = transitPath(
            { a, b, aws: from, peerAws: to, wire: API_SERVER },
            tgw,
            model.aws.transit,
          );
          if (path.status === "unknown") unknowns.push(path.reason);
          else if (path.status === "broken")
            for (const brk of path.breaks) {
              // Alike but for the Node subnet's address: one gap (its fix mends them all).
              const key = `${brk.resource}|${brk.ip ? brk.message.split(brk.ip).join("") : brk.message}`;
              if (transitKeys.has(key)) continue;
              transitKeys.add(key);
              gaps.push({
                kind: "transit-gateway",
                resource: brk.resource,
                message: `${a === nodeEnd ? "to" : "back from"} the leader's control plane: ${brk.message}`,
                need: { kind: "transit", brk: a === nodeEnd ? brk : mirrored(brk) },
              });
            }
        }
      }
    }
    fine.push(
      way.kind === "peering"
        ? `peered by ${way.id}`
        : `through ${way.there === way.back ? way.there : `${way.there} and ${way.back}`}`,
    );
  }
  gaps.push(...there.gaps(), ...back.gaps());
  // The API server's interfaces carry the cluster security group and the cluster's extra ones.
  const ids = [...new Set([eks.clusterSecurityGroupId, ...eks.endpoint.securityGroupIds])].filter(
    (x): x is string => !!x,
  );
  if (ids.length === 0) {
    unknowns.push(
      `eks:DescribeCluster of ${eks.name} names no security group of its control plane`,
    );
    return;
  }
  const groups = ids.map((id) => linv.securityGroups.get(id));
  const unread = ids.filter((_, i) => !groups[i]);
  const read = groups.filter((g): g is SecurityGroup => !!g);
  const sameRegion = ma.region === la.region;
  const blocked: NodeSubnet[] = [];
  for (const s of subnets) {
    const peered =
      s.vpcId === leaderVpc ||
      (sameRegion && livePeering(model.aws.peerings, s.vpcId, leaderVpc)?.status === "active");
    const shut = s.nodes.filter(
      (n) =>
        !admits(
          read,
          "ingress",
          { protocol: "6", port: 443, remoteIp: n.ip },
          { eni: n.eni, ...(ma.account ? { account: ma.account } : {}), referencesReach: peered },
          linv.prefixLists,
        ).allowed,
    );
    if (shut.length) blocked.push({ ...s, nodes: shut });
  }
  if (blocked.length && unread.length) {
    unknowns.push(
      `the rules of ${unread.join(", ")} (on the leader's control plane) were not read`,
    );
    return;
  }
  const open = eks.clusterSecurityGroupId ?? ids[0] ?? "";
  if (blocked.length) {
    const nodes = blocked.flatMap((s) => s.nodes.map((n) => `${n.node} (${n.ip})`));
    const cidrs = blocked
      .map((s) => s.cidr?.text)
      .filter((c): c is string => !!c)
      .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
    gaps.push({
      kind: "security-group",
      resource: open,
      message: `no security group of the leader's control plane (${ids.join(", ")}) admits TCP 443 from ${member.name}'s Nodes ${nodes.slice(0, 3).join(", ")}${nodes.length > 3 ? ` and ${nodes.length - 3} more` : ""}`,
      ...(cidrs.length ? { need: { kind: "rule", groupId: open, cidrs } } : {}),
    });
  } else fine.push(`TCP 443 admitted by ${ids.join(", ")}`);
}

/** The public addresses the Nodes of a subnet reach the internet from, or why none. */
function egressOf(
  s: NodeSubnet,
  inv: AwsInventory,
): { ips: string[]; via: string } | { none: string; table?: RouteTable } | { unknown: string } {
  const table = tableOf(inv, s.subnetId, s.vpcId);
  if (!table) return { unknown: `the route table of ${s.subnetId} was not read` };
  const r = routeFor(table, "0.0.0.0", inv.prefixLists);
  if (!r || r.route.state === "blackhole")
    return { none: `${table.id} (used by ${s.subnetId}) has no route to the internet`, table };
  const t = r.route.target;
  if (t.kind === "nat-gateway") {
    if (inv.unread.has("DescribeNatGateways"))
      return { unknown: `NAT gateways were not read: ${inv.unread.get("DescribeNatGateways")}` };
    const nat = inv.natGateways.find((n) => n.id === t.id);
    if (!nat)
      return { unknown: `${t.id} (the route of ${s.subnetId} to the internet) was not found` };
    if (nat.state !== "available" || nat.publicIps.length === 0)
      return {
        none: `${t.id}, where ${s.subnetId} sends internet traffic, is ${nat.state !== "available" ? nat.state : "a private NAT gateway"}`,
        table,
      };
    return { ips: [...nat.publicIps], via: t.id };
  }
  if (t.kind === "internet-gateway") {
    const without = s.nodes.filter((n) => n.eni.publicIps.length === 0);
    if (without.length)
      return {
        none: `${s.subnetId} routes to ${t.id}, but ${without.map((n) => n.node).join(", ")} ha${without.length === 1 ? "s" : "ve"} no public IP`,
      };
    return { ips: s.nodes.flatMap((n) => [...n.eni.publicIps]), via: t.id };
  }
  return {
    unknown: `${s.subnetId} reaches the internet through ${t.id || t.kind}, whose public addresses are not read`,
  };
}

function publicPath(
  member: MemberModel,
  ma: MemberAws,
  la: LeaderAws,
  subnets: readonly NodeSubnet[],
  gaps: LeaderPathGap[],
  unknowns: string[],
  fine: string[],
): void {
  const eks = la.eks;
  // EKS answers ["0.0.0.0/0"] when the public endpoint admits everyone.
  const cidrs = eks.endpoint.publicAccessCidrs.length
    ? eks.endpoint.publicAccessCidrs
    : ["0.0.0.0/0"];
  const parsed = cidrs.map((c) => parseCidr(c)).filter((c): c is Cidr => !!c);
  const egress = new Set<string>();
  for (const s of subnets) {
    const e = egressOf(s, ma.inventory);
    if ("unknown" in e) unknowns.push(e.unknown);
    else if ("none" in e)
      gaps.push({
        kind: "no-egress",
        resource: s.subnetId,
        message: `${e.none}: ${member.name}'s Nodes there cannot reach the leader's public endpoint`,
        ...(e.table ? { need: { kind: "egress", routeTableId: e.table.id, vpcId: s.vpcId } } : {}),
      });
    else for (const ip of e.ips) egress.add(ip);
  }
  const outside = [...egress].filter((ip) => !parsed.some((c) => cidrContains(c, ip))).sort();
  if (outside.length) {
    gaps.push({
      kind: "public-cidrs",
      resource: `EKS cluster ${eks.name}`,
      message: `the leader's public endpoint admits ${cidrs.join(", ")} (publicAccessCidrs), not ${member.name}'s egress address${outside.length > 1 ? "es" : ""} ${outside.join(", ")}`,
      need: {
        kind: "public-cidrs",
        cluster: eks.name,
        current: cidrs,
        add: outside.map((ip) => `${ip}/32`),
      },
    });
  } else if (egress.size)
    fine.push(`egress ${[...egress].sort().join(", ")} within publicAccessCidrs`);
}
