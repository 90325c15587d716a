/** The packets a tunnel puts on the wire, for the security group and network ACL analyses. */
import { keptTunnel, type Tunnel } from "../../model/tunnel.js";
import type { Known } from "../../model/types.js";
import type { Missing } from "./endpoints.js";

export interface Wire {
  /** IP protocol number as a string: "17", "6", "47". */
  readonly protocol: string;
  /** The tunnel's protocol name as the EC2 API writes it in a rule: "udp", "tcp", "gre". */
  readonly protocolName: string;
  readonly port?: number;
  /** "UDP 6081", "GRE (IP protocol 47)" */
  readonly label: string;
}

export function wireOf(t: Tunnel): Wire {
  const protocol = String(t.ipProtocol);
  if (t.port === undefined) {
    return {
      protocol,
      protocolName: t.protocol,
      label: `${t.protocol.toUpperCase()} (IP protocol ${protocol})`,
    };
  }
  return {
    protocol,
    protocolName: t.protocol,
    port: t.port,
    label: `${t.protocol.toUpperCase()} ${t.port}`,
  };
}

function wireOrMissing(name: string, t: Known<Tunnel>): { ok: true; wire: Wire } | Missing {
  return t.known
    ? { ok: true, wire: wireOf(t.value) }
    : { ok: false, reason: `the tunnel of ${name} is not known: ${t.reason}` };
}

/**
 * The tunnel both members put on the wire. When their configs differ no tunnel works yet; the
 * rules are checked for the one mc.tunnel-consistency keeps, and the label names whose it is.
 */
export function agreedWire(
  a: { name: string; tunnel: Known<Tunnel> },
  b: { name: string; tunnel: Known<Tunnel> },
): { ok: true; wire: Wire } | Missing {
  const mine = wireOrMissing(a.name, a.tunnel);
  if (!mine.ok) return mine;
  const theirs = wireOrMissing(b.name, b.tunnel);
  if (!theirs.ok) return theirs;
  if (mine.wire.label === theirs.wire.label || !a.tunnel.known || !b.tunnel.known) return mine;
  const [kept, keeper] =
    keptTunnel(a.tunnel.value, b.tunnel.value) === "first"
      ? [mine.wire, a.name]
      : [theirs.wire, b.name];
  return {
    ok: true,
    // Short: it is in every AWS message of the pair; mc.tunnel-consistency says why there are two.
    wire: { ...kept, label: `${kept.label} (${keeper}'s tunnel)` },
  };
}
