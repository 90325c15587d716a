import { parseVersion } from "../model/antrea-version.js";
import { LEGACY_ENABLE_SOURCES, legacyEnableKey } from "./antrea-known-problems.js";
import { agentConfigFile, configFix, setting, unknownFinding } from "./helpers.js";
import { agentConfigOf } from "./inputs.js";
import type { MemberCheck } from "./types.js";

export const antreaGatewayEnabled: MemberCheck<"antrea.gateway-enabled"> = {
  id: "antrea.gateway-enabled",
  title: "Multi-cluster Gateway enabled",
  category: "Antrea",
  severity: "error",
  scope: "member",
  docs: {
    summary:
      "`multicluster.enableGateway` is not `true` in antrea-agent.conf (nor the legacy `multicluster.enable`, where the agent's release still reads it)",
    why: `Cross-cluster traffic leaves every member through its Gateway Node. With \`enableGateway: false\` (the default) antrea-agent sets up no tunnel to the peers' Gateways. The key was \`multicluster.enable\` up to v1.10; v1.11.0 renamed it and v1.11–v1.15 still read the old key as an alias; v2.0.0 removed it and ignores it (antrea.version says which release a member runs). Sources: ${LEGACY_ENABLE_SOURCES.join("; ")}.`,
    fix: "Set `multicluster.enableGateway: true` in antrea-agent.conf and restart the antrea-agent DaemonSet. The finding's fix is a `kubectl patch` of the whole file (Kubernetes cannot patch one setting inside it) with only that line changed, then the restart; the report shows the line before and after.",
  },
  run(member) {
    const agent = agentConfigOf(member);
    if (!agent.ok) return [unknownFinding(agent.reason)];
    const { config, configMap: cm } = agent.value;
    if (config.enableGateway) {
      return [{ status: "pass", message: "multicluster.enableGateway is true" }];
    }
    const version = parseVersion(member.antreaVersion);
    const meaning = legacyEnableKey(version);
    // Up to v1.10 the agent decodes strictly and knows only the old key: enableGateway would stop it.
    const key = meaning === "sole-key" ? "multicluster.enable" : "multicluster.enableGateway";
    const fix = configFix(member, agentConfigFile(agent.value), [setting(key, true)]);
    if (config.legacyEnable === true) {
      if (meaning === "sole-key" || meaning === "alias") {
        return [
          {
            status: "pass",
            message: `multicluster.enable is true, which antrea-agent ${version?.text} reads as ${meaning === "alias" ? "an alias of enableGateway (removed in v2.0.0: see antrea.version)" : "its Gateway switch"}`,
          },
        ];
      }
      if (meaning === "unknown") {
        return [
          {
            status: "unknown",
            resource: `ConfigMap ${cm.namespace}/${cm.name}`,
            message: `only the legacy multicluster.enable: true is set in ${cm.namespace}/${cm.name}; antrea-agent v1.11–v1.15 read it as enableGateway, v2 ignores it, and this member's Antrea release is not known`,
            ...fix,
          },
        ];
      }
    }
    const legacy =
      config.legacyEnable === true
        ? ` (multicluster.enable: true is set, but antrea-agent ${version?.text} ignores that key: v2.0.0 removed it)`
        : meaning === "sole-key"
          ? ` (antrea-agent ${version?.text} knows only the old key multicluster.enable)`
          : "";
    return [
      {
        status: "fail",
        resource: `ConfigMap ${cm.namespace}/${cm.name}`,
        message: `${key} is not true in ${cm.namespace}/${cm.name}${legacy}`,
        ...fix,
      },
    ];
  },
};
