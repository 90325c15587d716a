/**
 * Network ACL evaluation: stateless, entries in rule-number order, the first match decides, and
 * nothing matched means deny (the `*` rule). Ports are the packet's destination port and only
 * apply to TCP (6) and UDP (17).
 */
import { cidrContains, parseCidr } from "../cidr.js";
import type { NaclEntry, NetworkAcl } from "./types.js";

export interface Packet {
  /** IP protocol number as a string. */
  readonly protocol: string;
  readonly port?: number;
  /** The other end: source for inbound, destination for outbound. */
  readonly remoteIp: string;
}

export interface NaclDecision {
  readonly allow: boolean;
  /** The entry that decided; absent when the implicit deny did. */
  readonly entry?: NaclEntry;
}

function matches(e: NaclEntry, egress: boolean, p: Packet): boolean {
  if (e.egress !== egress) return false;
  if (e.protocol !== "-1" && e.protocol !== p.protocol) return false;
  const cidr = e.cidr ? parseCidr(e.cidr) : undefined;
  if (!cidr || !cidrContains(cidr, p.remoteIp)) return false;
  if ((e.protocol === "6" || e.protocol === "17") && e.portRange && p.port !== undefined) {
    return e.portRange.from <= p.port && p.port <= e.portRange.to;
  }
  return true;
}

export function naclDecision(acl: NetworkAcl, egress: boolean, packet: Packet): NaclDecision {
  const entry = acl.entries.find((e) => matches(e, egress, packet));
  return entry ? { allow: entry.allow, entry } : { allow: false };
}

/**
 * Every destination port in [from, to] at once: the decision only changes where an entry's port
 * range starts or ends, so those cut points are the ports to evaluate. Returns the first denied.
 */
export function naclRangeDecision(
  acl: NetworkAcl,
  egress: boolean,
  packet: Omit<Packet, "port">,
  from: number,
  to: number,
): NaclDecision & { port?: number } {
  const cuts = new Set([from]);
  for (const e of acl.entries) {
    if (!e.portRange) continue;
    for (const c of [e.portRange.from, e.portRange.to + 1]) if (c > from && c <= to) cuts.add(c);
  }
  for (const port of [...cuts].sort((x, y) => x - y)) {
    const d = naclDecision(acl, egress, { ...packet, port });
    if (!d.allow) return { ...d, port };
  }
  return { allow: true };
}

/**
 * `count` free rule numbers below `before`, nearest first (multiples of 10 preferred, as AWS
 * suggests), none of them in `taken`, which records them so that later fixes do not reuse them.
 * Fewer come back when fewer are free.
 */
export function freeRuleNumbers(
  acl: NetworkAcl,
  egress: boolean,
  before: number,
  count: number,
  taken: Set<number>,
): number[] {
  const used = new Set(acl.entries.filter((e) => e.egress === egress).map((e) => e.ruleNumber));
  const free = (n: number) => !used.has(n) && !taken.has(n);
  const top = Math.min(before - 1, 32766);
  const out: number[] = [];
  for (let n = top; n >= 1 && out.length < count; n--) if (n % 10 === 0 && free(n)) out.push(n);
  for (let n = top; n >= 1 && out.length < count; n--) if (free(n) && !out.includes(n)) out.push(n);
  for (const n of out) taken.add(n);
  return out;
}
