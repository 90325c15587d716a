/**
 * Which probes verify.tunnel runs, from the model: one observer and one sender on each Gateway
 * (the active one; candidates too with --candidates), never one per pair. Each Gateway gets an
 * index, carried in the marker, so one observer's capture tells every sender apart.
 */
import ipaddr from "ipaddr.js";
import { gatewayIPOf } from "../model/aws/member.js";
import { describeTunnel } from "../model/tunnel.js";
import type { GatewayNode, MemberModel } from "../model/types.js";
import type { ProbeWire } from "./marker.js";

/** One Gateway Node that observes and sends. */
export interface ProbeEnd {
  readonly index: number;
  readonly member: string;
  readonly node: string;
  readonly active: boolean;
  /** Where peers send: the Gateway IP their Gateway CRs hold (or would). */
  readonly gatewayIP: string;
  /** The Node's own address, the outer source of what it sends (the TCP checksum needs it). */
  readonly sourceIP: string;
  /** The member's tunnel: what this Gateway sends on. */
  readonly wire: ProbeWire;
  readonly wireLabel: string;
}

export interface TunnelProbePlan {
  readonly nonce: string;
  readonly ends: readonly ProbeEnd[];
  /** Members that get no probe, and why (no Gateway, unknown tunnel, no Gateway IP). */
  readonly without: ReadonlyMap<string, string>;
}

export function planTunnelProbes(
  members: readonly MemberModel[],
  nonce: string,
  opts: { candidates: boolean },
): TunnelProbePlan {
  const ends: ProbeEnd[] = [];
  const without = new Map<string, string>();
  for (const m of members) {
    const reason = probeable(m);
    if (typeof reason === "string") {
      without.set(m.name, reason);
      continue;
    }
    const { gateways, wire, label } = reason;
    const crs = m.gatewayCRs.known ? m.gatewayCRs.value : [];
    const chosen = gateways.filter((g) => g.active || (opts.candidates && g.candidate));
    let added = 0;
    const notIPv4: string[] = [];
    for (const g of chosen) {
      const gatewayIP = gatewayIPOf(g, crs);
      const sourceIP = g.internalIP ?? gatewayIP;
      if (!gatewayIP || !sourceIP || !g.exists) continue;
      // Multi-cluster Gateways are IPv4 only; the probes' sockets and commands are too.
      if (!isIPv4(gatewayIP) || !isIPv4(sourceIP)) {
        notIPv4.push(`${g.node} (${gatewayIP})`);
        continue;
      }
      ends.push({
        index: ends.length,
        member: m.name,
        node: g.node,
        active: g.active,
        gatewayIP,
        sourceIP,
        wire,
        wireLabel: label,
      });
      added++;
    }
    if (added === 0)
      without.set(
        m.name,
        chosen.length === 0
          ? "it has no active Gateway (mc.gateway says why)"
          : notIPv4.length
            ? `its Gateway ${notIPv4.join(", ")} has no IPv4 Gateway IP, which the probes need`
            : `its Gateway ${chosen.map((g) => g.node).join(", ")} has no Gateway IP (mc.gateway says why)`,
      );
  }
  return { nonce, ends, without };
}

function probeable(
  m: MemberModel,
): string | { gateways: readonly GatewayNode[]; wire: ProbeWire; label: string } {
  if (!m.tunnel.known) return `its tunnel is not known: ${m.tunnel.reason}`;
  if (!m.gateways.known) return `its Gateways are not known: ${m.gateways.reason}`;
  const t = m.tunnel.value;
  const wire: ProbeWire =
    t.port === undefined ? { protocol: t.protocol } : { protocol: t.protocol, port: t.port };
  return { gateways: m.gateways.value, wire, label: describeTunnel(t) };
}

/** The ends every sender sends to: every other member's ends. */
export function targetsOf(plan: TunnelProbePlan, from: ProbeEnd): ProbeEnd[] {
  return plan.ends.filter((e) => e.member !== from.member);
}

/** A fresh run's nonce. */
export function newNonce(random: () => number = Math.random): string {
  return Array.from({ length: 8 }, () => Math.floor(random() * 16).toString(16)).join("");
}

function isIPv4(ip: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(ip);
}
