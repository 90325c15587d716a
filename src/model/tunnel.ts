/**
 * What crosses the VPCs between two Gateways, from the live agent config: the tunnel protocol and
 * port, or the WireGuard port when Multi-cluster traffic encryption is on (the Geneve/VXLAN packet
 * then travels inside WireGuard).
 */
import type { AgentConfig, TunnelType } from "./agent-config.js";

export interface Tunnel {
  readonly type: TunnelType;
  /** Protocol and port on the underlay between Gateways. */
  readonly protocol: "udp" | "tcp" | "gre";
  readonly ipProtocol: 17 | 6 | 47;
  /** Absent for GRE, which has no ports. */
  readonly port?: number;
  readonly encryption: "none" | "wireGuard";
  /** The tunnel's own port, also when it is carried inside WireGuard. */
  readonly tunnelPort?: number;
}

const IANA: Record<TunnelType, { protocol: "udp" | "tcp" | "gre"; port?: number }> = {
  geneve: { protocol: "udp", port: 6081 },
  vxlan: { protocol: "udp", port: 4789 },
  stt: { protocol: "tcp", port: 7471 },
  gre: { protocol: "gre" },
};

const IP_PROTOCOL = { udp: 17, tcp: 6, gre: 47 } as const;

/** The port a tunnel type uses when tunnelPort is 0 (none for GRE). */
export function ianaPort(type: TunnelType): number | undefined {
  return IANA[type].port;
}

export function tunnelOf(config: AgentConfig): Tunnel | undefined {
  if (!config.tunnelType) return undefined;
  const iana = IANA[config.tunnelType];
  const tunnelPort =
    iana.port === undefined ? undefined : config.tunnelPort > 0 ? config.tunnelPort : iana.port;
  if (config.mcWireGuard) {
    return {
      type: config.tunnelType,
      protocol: "udp",
      ipProtocol: 17,
      port: config.mcWireGuardPort,
      encryption: "wireGuard",
      ...(tunnelPort === undefined ? {} : { tunnelPort }),
    };
  }
  return {
    type: config.tunnelType,
    protocol: iana.protocol,
    ipProtocol: IP_PROTOCOL[iana.protocol],
    ...(tunnelPort === undefined ? {} : { port: tunnelPort, tunnelPort }),
    encryption: "none",
  };
}

/**
 * Bytes a tunnel adds to a Pod's packet, which Antrea takes off the Pods' MTU (IPv4): Geneve and
 * VXLAN 50, GRE 42, STT 0 (it rides TCP segmentation), and 60 more inside Multi-cluster WireGuard.
 */
export function tunnelOverhead(t: Tunnel): number {
  const base = { geneve: 50, vxlan: 50, gre: 42, stt: 0 }[t.type];
  return base + (t.encryption === "wireGuard" ? 60 : 0);
}

export function describeTunnel(t: Tunnel): string {
  const port =
    t.port === undefined ? `IP protocol ${t.ipProtocol}` : `${t.protocol.toUpperCase()} ${t.port}`;
  return t.encryption === "wireGuard" ? `${t.type} in WireGuard (${port})` : `${t.type} (${port})`;
}

/** How far a tunnel is from Antrea's defaults (Geneve, IANA port, no encryption). */
function customization(t: Tunnel): number {
  return (
    (t.type !== "geneve" ? 2 : 0) +
    (t.tunnelPort !== ianaPort(t.type) ? 1 : 0) +
    (t.encryption !== "none" ? 1 : 0)
  );
}

/**
 * When two members' tunnels differ, the one to keep: the one nearer Antrea's defaults (ties: the
 * first). mc.tunnel-consistency asks to change the other; the AWS rules are checked for this one.
 */
export function keptTunnel(first: Tunnel, second: Tunnel): "first" | "second" {
  return customization(second) >= customization(first) ? "first" : "second";
}
