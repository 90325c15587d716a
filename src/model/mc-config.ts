/**
 * controller_manager_config.yaml of the member antrea-mc-controller (MultiClusterConfig,
 * multicluster/cmd/multicluster-controller/options.go).
 */
import { parseCidr } from "./cidr.js";
import { memo } from "./memo.js";
import { ConfigReader, parseYamlObject } from "./yaml-config.js";

export const PRECEDENCES = ["private", "internal", "public", "external"] as const;
export const ENDPOINT_IP_TYPES = ["ClusterIP", "PodIP"] as const;

export interface McConfig {
  /** "" = discovered by the controller. */
  readonly serviceCIDR: string;
  /** Empty strings dropped, as the controller does. */
  readonly podCIDRs: readonly string[];
  /** As written; "" means internal. */
  readonly gatewayIPPrecedence: string;
  readonly endpointIPType: string;
  readonly problems: readonly string[];
}

export type ParsedMcConfig = { ok: true; config: McConfig } | { ok: false; error: string };

/** True when the Gateway IP is the Node's ExternalIP. Unknown values select neither address. */
export function usesExternalIP(precedence: string): boolean {
  return precedence === "public" || precedence === "external";
}

/** Members usually share one configuration: parsed once per distinct text. */
export const parseMcConfig = memo(parseMcConfigOnce);

function parseMcConfigOnce(text: string): ParsedMcConfig {
  const parsed = parseYamlObject(text);
  if (!parsed.ok) return parsed;
  const r = new ConfigReader(parsed.value);
  const config = {
    serviceCIDR: r.string("serviceCIDR", "").trim(),
    podCIDRs: r
      .stringList("podCIDRs")
      .map((c) => c.trim())
      .filter((c) => c !== ""),
    gatewayIPPrecedence: r.string("gatewayIPPrecedence", ""),
    endpointIPType: r.string("endpointIPType", "ClusterIP") || "ClusterIP",
  };
  const problems = [...r.problems];
  if (config.serviceCIDR && !parseCidr(config.serviceCIDR)) {
    problems.push(
      `serviceCIDR "${config.serviceCIDR}" is not a CIDR (the controller will not start)`,
    );
  }
  for (const c of config.podCIDRs) {
    if (!parseCidr(c)) problems.push(`podCIDRs entry "${c}" is not a CIDR`);
  }
  if (!(ENDPOINT_IP_TYPES as readonly string[]).includes(config.endpointIPType)) {
    problems.push(
      `endpointIPType "${config.endpointIPType}" is not ClusterIP or PodIP (the controller will not start)`,
    );
  }
  return { ok: true, config: { ...config, problems } };
}
