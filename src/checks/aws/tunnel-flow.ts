/** The packets a tunnel puts on the wire, for the security group and network ACL checks. */
import { keptTunnel, type Tunnel } from "../../model/tunnel.js";
import type { Known } from "../../model/types.js";
import type { Finding } from "../types.js";

export interface Wire {
  /** IP protocol number as a string: "17", "6", "47". */
  readonly protocol: string;
  readonly port?: number;
  /** "UDP 6081", "GRE (IP protocol 47)" */
  readonly label: string;
  /** --ip-permissions of authorize-security-group-ingress/egress for one source. */
  permission(cidr: string, description: string): string;
  /** --protocol/--port-range of create-network-acl-entry. */
  readonly naclArgs: string;
}

export function wireOf(t: Tunnel): Wire {
  const protocol = String(t.ipProtocol);
  if (t.port === undefined) {
    return {
      protocol,
      label: `${t.protocol.toUpperCase()} (IP protocol ${protocol})`,
      permission: (cidr, d) =>
        `IpProtocol=${protocol},IpRanges=[{CidrIp=${cidr},Description="${d}"}]`,
      naclArgs: `--protocol ${protocol}`,
    };
  }
  const port = t.port;
  return {
    protocol,
    port,
    label: `${t.protocol.toUpperCase()} ${port}`,
    permission: (cidr, d) =>
      `IpProtocol=${t.protocol},FromPort=${port},ToPort=${port},IpRanges=[{CidrIp=${cidr},Description="${d}"}]`,
    naclArgs: `--protocol ${protocol} --port-range From=${port},To=${port}`,
  };
}

export function wireOrUnknown(name: string, t: Known<Tunnel>): Wire | Finding {
  return t.known
    ? wireOf(t.value)
    : { status: "unknown", message: `the tunnel of ${name} is not known: ${t.reason}` };
}

/**
 * The tunnel both members put on the wire. When their configs differ no tunnel works yet; the
 * rules are checked for the one mc.tunnel-consistency keeps, and the label says so.
 */
export function agreedWire(
  a: { name: string; tunnel: Known<Tunnel> },
  b: { name: string; tunnel: Known<Tunnel> },
): Wire | Finding {
  const mine = wireOrUnknown(a.name, a.tunnel);
  if (!isWire(mine)) return mine;
  const theirs = wireOrUnknown(b.name, b.tunnel);
  if (!isWire(theirs)) return theirs;
  if (mine.label === theirs.label || !a.tunnel.known || !b.tunnel.known) return mine;
  const [kept, keeper] =
    keptTunnel(a.tunnel.value, b.tunnel.value) === "first" ? [mine, a.name] : [theirs, b.name];
  return { ...kept, label: `${kept.label} (${keeper}'s tunnel, kept by mc.tunnel-consistency)` };
}

export function isWire(x: Wire | Finding): x is Wire {
  return "protocol" in x;
}
