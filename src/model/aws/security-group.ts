/**
 * Security group evaluation: allow-only rules, the union over every group on the network
 * interface. A rule matches on protocol (-1 = all), port (TCP/UDP only), and source/destination:
 * a CIDR, a prefix list, or a security group reference (valid for private IPs of interfaces that
 * carry the group, in the same VPC or across an active same-Region peering).
 */
import { cidrContains, parseCidr } from "../cidr.js";
import type { Eni, Permission, SecurityGroup } from "./types.js";

export interface Flow {
  /** IP protocol number as a string. */
  readonly protocol: string;
  readonly port?: number;
  /** The other end of the flow. */
  readonly remoteIp: string;
}

/** What is known about the other end, for security group references. */
export interface Remote {
  readonly eni?: Eni;
  readonly account?: string;
  /** The two interfaces are in one VPC, or their VPCs are peered (active) in one Region. */
  readonly referencesReach: boolean;
}

export interface Admission {
  readonly allowed: boolean;
  readonly group?: SecurityGroup;
  readonly permission?: Permission;
}

function portMatches(p: Permission, flow: Flow): boolean {
  if (p.protocol === "-1") return true;
  if (p.protocol !== flow.protocol) return false;
  if (p.protocol !== "6" && p.protocol !== "17") return true; // ports do not apply (GRE, …)
  if (flow.port === undefined) return false;
  const from = p.fromPort ?? 0;
  const to = p.toPort ?? 65535;
  return (from === -1 && to === -1) || (from <= flow.port && flow.port <= to);
}

function sourceMatches(
  p: Permission,
  flow: Flow,
  remote: Remote,
  prefixLists: ReadonlyMap<string, readonly string[]>,
): boolean {
  const inCidr = (c: string) => {
    const parsed = parseCidr(c);
    return !!parsed && cidrContains(parsed, flow.remoteIp);
  };
  if (p.cidrs.some(inCidr)) return true;
  if (p.prefixListIds.some((id) => (prefixLists.get(id) ?? []).some(inCidr))) return true;
  const eni = remote.eni;
  if (!eni || !remote.referencesReach || !eni.privateIps.includes(flow.remoteIp)) return false;
  return p.groups.some(
    (g) =>
      eni.groupIds.includes(g.groupId) &&
      (!g.userId || !remote.account || g.userId === remote.account),
  );
}

export function admits(
  groups: readonly SecurityGroup[],
  direction: "ingress" | "egress",
  flow: Flow,
  remote: Remote,
  prefixLists: ReadonlyMap<string, readonly string[]>,
): Admission {
  for (const group of groups) {
    for (const permission of direction === "ingress" ? group.ingress : group.egress) {
      if (portMatches(permission, flow) && sourceMatches(permission, flow, remote, prefixLists)) {
        return { allowed: true, group, permission };
      }
    }
  }
  return { allowed: false };
}

/** The EKS cluster security group (its description and tags are set by EKS), else the first one. */
export function groupToOpen(groups: readonly SecurityGroup[]): SecurityGroup | undefined {
  return (
    groups.find((g) => "aws:eks:cluster-name" in g.tags) ??
    groups.find((g) => g.description.startsWith("EKS created security group applied to ENI")) ??
    groups[0]
  );
}

/**
 * A rule that names one of the sender's security groups but cannot match it (another Region, no
 * active peering, or a public source), so that a finding can say why the reference does not help.
 */
export function unusableReference(
  groups: readonly SecurityGroup[],
  direction: "ingress" | "egress",
  flow: Flow,
  remote: Remote,
): { group: SecurityGroup; referenced: string } | undefined {
  const eni = remote.eni;
  if (!eni) return undefined;
  for (const group of groups) {
    for (const p of direction === "ingress" ? group.ingress : group.egress) {
      if (!portMatches(p, flow)) continue;
      const ref = p.groups.find((g) => eni.groupIds.includes(g.groupId));
      if (ref) return { group, referenced: ref.groupId };
    }
  }
  return undefined;
}
