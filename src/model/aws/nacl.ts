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

/** A free rule number before `before` (AWS suggests steps of 10 or 100), for an allow entry. */
export function freeRuleNumber(acl: NetworkAcl, egress: boolean, before: number): number {
  const used = new Set(acl.entries.filter((e) => e.egress === egress).map((e) => e.ruleNumber));
  for (let n = Math.min(before - 1, 32766); n >= 1; n--) {
    if (!used.has(n) && (n % 10 === 0 || n < 10)) return n;
  }
  for (let n = before - 1; n >= 1; n--) if (!used.has(n)) return n;
  return 1;
}
