/**
 * antrea-agent.conf, the fields multi-cluster depends on, with antrea-agent's defaults
 * (cmd/antrea-agent/options.go, pkg/config/agent/config.go).
 */

import { memo } from "./memo.js";
import { ConfigReader, parseYamlObject } from "./yaml-config.js";

export const ENCAP_MODES = ["encap", "noEncap", "hybrid", "networkPolicyOnly"] as const;
export type EncapMode = (typeof ENCAP_MODES)[number];
export const TUNNEL_TYPES = ["geneve", "vxlan", "gre", "stt"] as const;
export type TunnelType = (typeof TUNNEL_TYPES)[number];

export interface AgentConfig {
  /** As written; matched case-insensitively by the agent. */
  readonly trafficEncapModeRaw: string;
  readonly trafficEncapMode: EncapMode | undefined;
  readonly multiclusterGate: boolean;
  readonly enableGateway: boolean;
  /** multicluster.enable: the key up to v1.10, an alias in v1.11–v1.15, ignored from v2.0. */
  readonly legacyEnable: boolean | undefined;
  /** "" means the agent's own namespace. */
  readonly mcNamespace: string;
  readonly enablePodToPodConnectivity: boolean;
  /** multicluster.trafficEncryptionMode as written (none / wireGuard, case-insensitive). */
  readonly mcEncryptionRaw: string;
  readonly mcWireGuard: boolean;
  readonly mcWireGuardPort: number;
  /** tunnelType as written; the agent compares it exactly. */
  readonly tunnelTypeRaw: string;
  readonly tunnelType: TunnelType | undefined;
  /** 0 means the protocol's IANA port. */
  readonly tunnelPort: number;
  readonly trafficEncryptionMode: string;
  /** What antrea-agent would refuse to start with. */
  readonly problems: readonly string[];
  /** What antrea-agent accepts but probably not as meant. */
  readonly warnings: readonly string[];
}

export type ParsedAgentConfig = { ok: true; config: AgentConfig } | { ok: false; error: string };

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Members usually share one configuration: parsed once per distinct text. */
export const parseAgentConfig = memo(parseAgentConfigOnce);

function parseAgentConfigOnce(text: string): ParsedAgentConfig {
  const parsed = parseYamlObject(text);
  if (!parsed.ok) return parsed;
  const r = new ConfigReader(parsed.value);
  // antrea-agent treats empty strings and a zero port as "use the default" (options.go).
  const trafficEncapModeRaw = r.string("trafficEncapMode", "") || "encap";
  const tunnelTypeRaw = r.string("tunnelType", "geneve") || "geneve";
  const mcEncryptionRaw = r.string("multicluster.trafficEncryptionMode", "") || "none";
  const config: Omit<AgentConfig, "problems" | "warnings"> = {
    trafficEncapModeRaw,
    trafficEncapMode: ENCAP_MODES.find((m) => eq(m, trafficEncapModeRaw)),
    multiclusterGate: r.bool("featureGates.Multicluster", false),
    enableGateway: r.bool("multicluster.enableGateway", false),
    legacyEnable: r.has("multicluster.enable") ? r.bool("multicluster.enable", false) : undefined,
    mcNamespace: r.string("multicluster.namespace", ""),
    enablePodToPodConnectivity: r.bool("multicluster.enablePodToPodConnectivity", false),
    mcEncryptionRaw,
    mcWireGuard: eq(mcEncryptionRaw, "wireGuard"),
    mcWireGuardPort: r.int("multicluster.wireGuard.port", 0) || 51821,
    tunnelTypeRaw,
    tunnelType: TUNNEL_TYPES.find((t) => t === tunnelTypeRaw),
    tunnelPort: r.int("tunnelPort", 0),
    trafficEncryptionMode: r.string("trafficEncryptionMode", "") || "none",
  };
  const problems = [...r.problems];
  if (!config.trafficEncapMode) {
    problems.push(
      `trafficEncapMode "${trafficEncapModeRaw}" is not one of ${ENCAP_MODES.join(", ")}`,
    );
  }
  if (!config.tunnelType) {
    problems.push(`tunnelType "${tunnelTypeRaw}" is not one of ${TUNNEL_TYPES.join(", ")}`);
  }
  if (config.tunnelPort < 0 || config.tunnelPort > 65535) {
    problems.push(`tunnelPort ${config.tunnelPort} is not a valid port`);
  }
  const warnings: string[] = [];
  if (!["none", "ipsec", "wireguard"].includes(mcEncryptionRaw.toLowerCase())) {
    // The agent ignores the parse error and only compares with WireGuard.
    warnings.push(
      `multicluster.trafficEncryptionMode "${mcEncryptionRaw}" is not none or wireGuard: the agent treats it as none`,
    );
  }
  if (config.mcWireGuard && (config.mcWireGuardPort < 1 || config.mcWireGuardPort > 65535)) {
    problems.push(`multicluster.wireGuard.port ${config.mcWireGuardPort} is not a valid port`);
  }
  if (config.mcWireGuard && !eq(config.trafficEncryptionMode, "none")) {
    problems.push(
      `multicluster WireGuard cannot be combined with trafficEncryptionMode "${config.trafficEncryptionMode}"`,
    );
  }
  return { ok: true, config: { ...config, problems, warnings } };
}
