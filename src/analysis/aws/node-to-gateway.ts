/**
 * Inside a member: can every Node and each Gateway (active and candidates) exchange tunnel packets,
 * both ways? In networkPolicyOnly mode a Node tunnels cross-cluster traffic to the Gateway's
 * InternalIP, and the Gateway tunnels traffic for a Pod to the Node hosting it (its InternalIP), so
 * both are new flows to the tunnel port and each needs egress on the sender, ingress on the
 * receiver, and the network ACLs of both subnets when they differ.
 *
 * Nodes are grouped by their primary interface (device index 0: not the Pod interfaces of custom
 * networking) — subnet, security groups, network ACL — so that 500 Nodes make as many findings and
 * rules as they have distinct groups. Each Node's own IP is still evaluated (a CIDR rule may cover
 * part of a subnet). The doctor's check, setup's plan and show all read this.
 */
import { gatewayIPOf } from "../../model/aws/member.js";
import { naclDecision } from "../../model/aws/nacl.js";
import { naclOf, securityGroupsOf } from "../../model/aws/place.js";
import { admits, groupToOpen, unusableReference } from "../../model/aws/security-group.js";
import type {
  AwsInventory,
  Eni,
  NetworkAcl,
  SecurityGroup,
  Subnet,
} from "../../model/aws/types.js";
import type { Tunnel } from "../../model/tunnel.js";
import type { GatewayNode, MemberAws, MemberModel, MemberNode } from "../../model/types.js";
import { type Impact, type Missing, unread } from "./endpoints.js";
import { type Wire, wireOf } from "./wire.js";

/** Where one end of the Node ↔ Gateway tunnel sits in EC2. */
export interface Attachment {
  readonly ip: string;
  readonly eni: Eni;
  readonly subnet?: Subnet;
  readonly nacl?: NetworkAcl;
  readonly securityGroups: readonly SecurityGroup[];
  /** Groups on the interface whose rules were not read. */
  readonly unreadGroups: readonly string[];
}

export interface GatewayEnd {
  readonly node: GatewayNode;
  readonly impact: Impact;
  readonly at: Attachment;
}

export interface NodeGroup {
  /** "subnet-… sg-…,sg-… acl-…" */
  readonly key: string;
  readonly subnetId: string;
  readonly groupIds: readonly string[];
  readonly naclId?: string;
  readonly nodes: readonly { readonly node: string; readonly at: Attachment }[];
}

export type Leg = "to-gateway" | "from-gateway";

export interface Block {
  readonly kind: "sg-egress" | "sg-ingress" | "nacl-egress" | "nacl-ingress";
  /** Whose resource blocks: the Nodes' or the Gateway's. */
  readonly side: "nodes" | "gateway";
  /** sg-… or acl-… */
  readonly resource: string;
  /** Network ACLs: the deciding entry ("rule 100", or "*" for the implicit deny). */
  readonly rule?: string;
  readonly ruleNumber?: number;
  readonly acl?: NetworkAcl;
  /** Network ACLs: the other side's subnet CIDR, what an allow entry should name. */
  readonly otherCidr?: string;
  /** A group reference that cannot match (another VPC), said in the finding. */
  readonly reference?: string;
}

/** The narrowest security group rule that closes a block: one group, the other side's as peer. */
export interface RuleFix {
  readonly direction: "ingress" | "egress";
  readonly groupId: string;
  readonly peerGroupId: string;
  readonly peerAccount?: string;
  readonly side: "nodes" | "gateway";
}

export interface NodeGatewayGap {
  readonly gateway: GatewayEnd;
  readonly group: NodeGroup;
  readonly leg: Leg;
  /** Nodes of the group whose packets are dropped. */
  readonly nodes: readonly string[];
  readonly blocks: readonly Block[];
  readonly fixes: readonly RuleFix[];
}

export interface NodeToGateway {
  readonly aws: MemberAws;
  readonly wire: Wire;
  readonly gateways: readonly GatewayEnd[];
  readonly groups: readonly NodeGroup[];
  readonly gaps: readonly NodeGatewayGap[];
  /** Security groups on an interface whose rules were not read: their verdict is not known. */
  readonly unreadGroups: ReadonlySet<string>;
  /** Nodes not placed in EC2, with why (no EC2 providerID, instance not found). */
  readonly unplaced: readonly string[];
}

const missing = (reason: string): Missing => ({ ok: false, reason });

/**
 * The Node-to-Gateway tunnel is Antrea's own tunnel (tunnelType, tunnelPort) even when
 * Multi-cluster WireGuard encrypts the Gateway-to-Gateway leg.
 */
export function nodeWireOf(t: Tunnel): Wire {
  if (t.encryption === "none") return wireOf(t);
  const protocol = t.type === "stt" ? "tcp" : t.type === "gre" ? "gre" : "udp";
  const ipProtocol = protocol === "tcp" ? 6 : protocol === "gre" ? 47 : 17;
  return wireOf({
    type: t.type,
    protocol,
    ipProtocol,
    ...(t.tunnelPort === undefined ? {} : { port: t.tunnelPort, tunnelPort: t.tunnelPort }),
    encryption: "none",
  });
}

/** The interface at `ip`, else the primary one (device index 0), with what governs it. */
function attach(
  inv: AwsInventory,
  instanceId: string,
  ip: string | undefined,
  primaryFirst: boolean,
): Attachment | string {
  const instance = inv.instances.get(instanceId);
  if (!instance) return `instance ${instanceId} was not found in Region ${inv.region}`;
  const primary = instance.enis.find((e) => e.deviceIndex === 0);
  const holder = ip ? instance.enis.find((e) => e.privateIps.includes(ip)) : undefined;
  const eni = (primaryFirst ? (primary ?? holder) : (holder ?? primary)) ?? instance.enis[0];
  if (!eni) return `instance ${instanceId} has no network interface`;
  const at = ip && eni.privateIps.includes(ip) ? ip : eni.privateIps[0];
  if (!at) return `${eni.id} of ${instanceId} has no private IP`;
  const subnet = inv.subnets.get(eni.subnetId);
  const nacl = naclOf(inv, eni);
  const securityGroups = securityGroupsOf(inv, eni);
  return {
    ip: at,
    eni,
    ...(subnet ? { subnet } : {}),
    ...(nacl ? { nacl } : {}),
    securityGroups,
    unreadGroups: eni.groupIds.filter((id) => !inv.securityGroups.has(id)),
  };
}

const READS = [
  "DescribeInstances",
  "DescribeSubnets",
  "DescribeNetworkAcls",
  "DescribeSecurityGroups",
  "GetManagedPrefixListEntries",
] as const;

/** What grouping the Nodes reads: their interfaces, and the network ACL of each subnet. */
const GROUP_READS = ["DescribeInstances", "DescribeNetworkAcls"] as const;

export interface NodeGroups {
  readonly groups: readonly NodeGroup[];
  /** Nodes not placed in EC2, with why (no EC2 providerID, instance not found). */
  readonly unplaced: readonly string[];
}

function groupNodes(inv: AwsInventory, nodes: readonly MemberNode[]): NodeGroups {
  const groups = new Map<
    string,
    {
      subnetId: string;
      groupIds: string[];
      naclId?: string;
      nodes: { node: string; at: Attachment }[];
    }
  >();
  const unplaced: string[] = [];
  for (const n of nodes) {
    if (n.os !== "linux") continue; // Antrea Multi-cluster runs on Linux Nodes only
    if (!n.instanceId) {
      unplaced.push(`${n.node} (no EC2 providerID)`);
      continue;
    }
    const at = attach(inv, n.instanceId, n.internalIP, true);
    if (typeof at === "string") {
      unplaced.push(`${n.node} (${at})`);
      continue;
    }
    const groupIds = [...at.eni.groupIds].sort();
    const key = `${at.eni.subnetId} ${groupIds.join(",")} ${at.nacl?.id ?? "?"}`;
    const group = groups.get(key) ?? {
      subnetId: at.eni.subnetId,
      groupIds,
      ...(at.nacl ? { naclId: at.nacl.id } : {}),
      nodes: [],
    };
    group.nodes.push({ node: n.node, at });
    groups.set(key, group);
  }
  return { groups: [...groups.entries()].map(([key, g]) => ({ key, ...g })), unplaced };
}

function nodeGroupsOnce(m: MemberModel): ({ ok: true } & NodeGroups) | Missing {
  if (!m.aws.known) return missing(`AWS side of ${m.name} not known: ${m.aws.reason}`);
  if (!m.nodes.known) return missing(`Nodes of ${m.name} not known: ${m.nodes.reason}`);
  const notRead = unread(m, m.aws.value, GROUP_READS);
  if (notRead) return notRead;
  return { ok: true, ...groupNodes(m.aws.value.inventory, m.nodes.value) };
}

// Once per member model (immutable): the check, show's paths and its JSON read the same grouping.
const grouped = new WeakMap<MemberModel, ({ ok: true } & NodeGroups) | Missing>();

/**
 * The member's Linux Nodes grouped by their primary interface, or why that is not known. Needs
 * neither the Gateways nor the tunnel, so `show` lists the groups when those are not known.
 */
export function nodeGroupsOf(m: MemberModel): ({ ok: true } & NodeGroups) | Missing {
  let r = grouped.get(m);
  if (!r) {
    r = nodeGroupsOnce(m);
    grouped.set(m, r);
  }
  return r;
}

/** Where the member's Gateways and Node groups sit, or why that is not known. */
export function nodeGatewayPlaces(m: MemberModel):
  | ({
      ok: true;
      aws: MemberAws;
      wire: Wire;
      gateways: GatewayEnd[];
    } & NodeGroups)
  | Missing {
  if (!m.aws.known) return missing(`AWS side of ${m.name} not known: ${m.aws.reason}`);
  if (!m.nodes.known) return missing(`Nodes of ${m.name} not known: ${m.nodes.reason}`);
  if (!m.gateways.known) {
    return missing(`Gateway Nodes of ${m.name} not known: ${m.gateways.reason}`);
  }
  if (!m.tunnel.known) return missing(`the tunnel of ${m.name} is not known: ${m.tunnel.reason}`);
  const aws = m.aws.value;
  const notRead = unread(m, aws, READS);
  if (notRead) return notRead;
  const inv = aws.inventory;
  const crs = m.gatewayCRs.known ? m.gatewayCRs.value : [];
  const gateways: GatewayEnd[] = [];
  for (const g of m.gateways.value) {
    if (!g.exists || !g.instanceId) continue; // aws.instance says why
    const cr = crs.find((c) => c.name === g.node);
    const ip =
      cr?.internalIP || (g.expected.ok ? g.expected.internalIP : undefined) || g.internalIP;
    const at = attach(inv, g.instanceId, ip ?? gatewayIPOf(g, crs), false);
    if (typeof at === "string") continue; // aws.instance reports unmapped Gateways
    gateways.push({ node: g, impact: g.active ? "active" : "failover", at });
  }
  if (gateways.length === 0) {
    return missing(`no Gateway Node of ${m.name} is mapped to EC2 (see aws.instance)`);
  }
  const nodes = nodeGroupsOf(m);
  if (!nodes.ok) return nodes;
  return {
    ok: true,
    aws,
    wire: nodeWireOf(m.tunnel.value),
    gateways,
    groups: nodes.groups,
    unplaced: nodes.unplaced,
  };
}

interface Ends {
  readonly from: Attachment;
  readonly to: Attachment;
  /** Whose resources `from` and `to` are. */
  readonly fromSide: "nodes" | "gateway";
  readonly toSide: "nodes" | "gateway";
}

/** What drops one tunnel packet from `from` to `to`; `unknown` when an unread group might allow it. */
function blocksOf(
  e: Ends,
  wire: Wire,
  account: string | undefined,
  prefixLists: ReadonlyMap<string, readonly string[]>,
): { blocks: Block[]; fixes: RuleFix[]; unknown: string[] } {
  const blocks: Block[] = [];
  const fixes: RuleFix[] = [];
  const unknown: string[] = [];
  const sameVpc = e.from.eni.vpcId === e.to.eni.vpcId;
  const port = wire.port === undefined ? {} : { port: wire.port };
  const sg = (dir: "egress" | "ingress") => {
    const [mine, other, side] =
      dir === "egress" ? [e.from, e.to, e.fromSide] : [e.to, e.from, e.toSide];
    const flow = { protocol: wire.protocol, ...port, remoteIp: other.ip };
    const remote = { eni: other.eni, ...(account ? { account } : {}), referencesReach: sameVpc };
    if (admits(mine.securityGroups, dir, flow, remote, prefixLists).allowed) return;
    if (mine.unreadGroups.length) {
      unknown.push(...mine.unreadGroups);
      return;
    }
    const group = groupToOpen(mine.securityGroups);
    if (!group) return;
    const ref = unusableReference(mine.securityGroups, dir, flow, remote);
    blocks.push({
      kind: dir === "egress" ? "sg-egress" : "sg-ingress",
      side,
      resource: group.id,
      ...(ref
        ? {
            reference: `${ref.group.id} references ${ref.referenced}, which matches only in the same VPC`,
          }
        : {}),
    });
    const peer = groupToOpen(other.securityGroups);
    // A group reference is the narrowest rule, and it only matches inside one VPC.
    if (peer && sameVpc) {
      fixes.push({
        direction: dir,
        groupId: group.id,
        peerGroupId: peer.id,
        ...(account ? { peerAccount: account } : {}),
        side,
      });
    }
  };
  sg("egress");
  sg("ingress");
  if (e.from.eni.subnetId !== e.to.eni.subnetId) {
    const acl = (egress: boolean) => {
      const [mine, other, side] = egress ? [e.from, e.to, e.fromSide] : [e.to, e.from, e.toSide];
      if (!mine.nacl) return;
      const d = naclDecision(mine.nacl, egress, {
        protocol: wire.protocol,
        ...port,
        remoteIp: other.ip,
      });
      if (d.allow) return;
      blocks.push({
        kind: egress ? "nacl-egress" : "nacl-ingress",
        side,
        resource: mine.nacl.id,
        acl: mine.nacl,
        rule: d.entry ? `rule ${d.entry.ruleNumber}` : "rule *",
        ruleNumber: d.entry?.ruleNumber ?? 32767,
        ...(other.subnet ? { otherCidr: other.subnet.cidr } : {}),
      });
    };
    acl(true);
    acl(false);
  }
  return { blocks, fixes, unknown };
}

const blockKey = (b: Block) => `${b.kind} ${b.resource} ${b.rule ?? ""}`;
const fixKey = (f: RuleFix) => `${f.direction} ${f.groupId} ${f.peerGroupId}`;

/** Every (Gateway, Node group, leg) whose tunnel packets are dropped, or why it is not known. */
export function nodeToGateway(m: MemberModel): ({ ok: true } & NodeToGateway) | Missing {
  const places = nodeGatewayPlaces(m);
  if (!places.ok) return places;
  const { aws, wire, gateways, groups } = places;
  const prefixLists = aws.inventory.prefixLists;
  const account = aws.account ?? aws.inventory.account;
  const gaps: NodeGatewayGap[] = [];
  const unreadGroups = new Set<string>();
  for (const gateway of gateways) {
    for (const group of groups) {
      for (const leg of ["to-gateway", "from-gateway"] as const) {
        const blocks = new Map<string, Block>();
        const fixes = new Map<string, RuleFix>();
        const nodes: string[] = [];
        for (const n of group.nodes) {
          if (n.node === gateway.node.node) continue; // its own traffic crosses no wire
          const ends: Ends =
            leg === "to-gateway"
              ? { from: n.at, to: gateway.at, fromSide: "nodes", toSide: "gateway" }
              : { from: gateway.at, to: n.at, fromSide: "gateway", toSide: "nodes" };
          const r = blocksOf(ends, wire, account, prefixLists);
          for (const id of r.unknown) unreadGroups.add(id);
          if (r.blocks.length === 0) continue;
          nodes.push(n.node);
          for (const b of r.blocks) blocks.set(blockKey(b), b);
          for (const f of r.fixes) fixes.set(fixKey(f), f);
        }
        if (nodes.length) {
          gaps.push({
            gateway,
            group,
            leg,
            nodes,
            blocks: [...blocks.values()],
            fixes: [...fixes.values()],
          });
        }
      }
    }
  }
  return {
    ok: true,
    aws,
    wire,
    gateways,
    groups,
    gaps,
    unreadGroups,
    unplaced: places.unplaced,
  };
}
