import { PRECEDENCES, usesExternalIP } from "../model/mc-config.js";
import { configFix, mcConfigFile, setting, unknownFinding } from "./helpers.js";
import { mcConfigOf } from "./inputs.js";
import type { Finding, MemberCheck } from "./types.js";

export const mcIpPrecedence: MemberCheck<"mc.ip-precedence"> = {
  id: "mc.ip-precedence",
  title: "Gateway IP precedence",
  category: "Multi-cluster",
  severity: "error",
  scope: "member",
  docs: {
    summary:
      "`gatewayIPPrecedence` in `antrea-mc-controller-config` is not one of private/internal/public/external, or is public/external while the Gateway Node has no ExternalIP",
    why: "The precedence decides which Node address becomes the Gateway IP that peers tunnel to: the InternalIP (private/internal, the default) or the ExternalIP (public/external). The controller does not validate the value: an unknown word selects no address, and then no Gateway is elected. On EKS, Nodes in private subnets have no ExternalIP.",
    fix: "Set `gatewayIPPrecedence: private` for peered VPCs; use public only when the Gateway Nodes have public IPs, or give the Gateway Node an Elastic IP with the `multicluster.antrea.io/gateway-ip` annotation. The finding's fix is a `kubectl patch` of the whole file (Kubernetes cannot patch one setting inside it) with only that line changed, then the restart; the report shows the line before and after.",
  },
  run(member) {
    const cfg = mcConfigOf(member);
    if (!cfg.ok) return [unknownFinding(cfg.reason)];
    const { config, configMap } = cfg.value;
    const p = config.gatewayIPPrecedence;
    const resource = `ConfigMap ${configMap.namespace}/${configMap.name}`;
    const fix = (value: string) =>
      configFix(member, mcConfigFile(cfg.value), [setting("gatewayIPPrecedence", value)]);
    if (p !== "" && !(PRECEDENCES as readonly string[]).includes(p)) {
      return [
        {
          status: "fail",
          resource,
          message: `gatewayIPPrecedence "${p}" is not one of ${PRECEDENCES.join(", ")}: the controller selects no address and elects no Gateway`,
          ...fix("private"),
        },
      ];
    }
    const label = p === "" ? "empty (internal)" : p;
    if (!usesExternalIP(p)) {
      return [
        {
          status: "pass",
          resource,
          message: `gatewayIPPrecedence is ${label}: Gateway IPs are Node InternalIPs`,
        },
      ];
    }
    if (!member.gateways.known)
      return [unknownFinding(`Nodes could not be read: ${member.gateways.reason}`)];
    const relevant = member.gateways.value.filter((g) => g.exists && (g.candidate || g.active));
    const hasAddress = (g: (typeof relevant)[number]) =>
      Boolean(g.externalIP || g.gatewayIPAnnotation);
    // When no candidate has an ExternalIP, no Gateway can be elected at all.
    const noneUsable = !relevant.some(hasAddress);
    const findings: Finding[] = relevant
      .filter((g) => !hasAddress(g))
      .map((g) => ({
        status: g.active || noneUsable ? ("fail" as const) : ("warn" as const),
        resource: `Node ${g.node}`,
        message: `gatewayIPPrecedence is ${p} but ${g.active ? "the active Gateway Node" : "Gateway candidate"} ${g.node} has no ExternalIP`,
        ...fix("private"),
      }));
    if (findings.length > 0) return findings;
    return [
      {
        status: "pass",
        resource,
        message: `gatewayIPPrecedence is ${p} and every Gateway candidate has an ExternalIP`,
      },
    ];
  },
};
