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
    summary: "`multicluster.enableGateway` is not `true` in antrea-agent.conf",
    why: "Cross-cluster traffic leaves every member through its Gateway Node. With `enableGateway: false` (the default) antrea-agent sets up no tunnel to the peers' Gateways. The key was `multicluster.enable` before Antrea v1.16; Antrea v2 ignores the old key.",
    fix: "Set `multicluster.enableGateway: true` in antrea-agent.conf and restart the antrea-agent DaemonSet. The finding's fix is a `kubectl patch` of the whole file (Kubernetes cannot patch one setting inside it) with only that line changed, then the restart; the report shows the line before and after.",
  },
  run(member) {
    const agent = agentConfigOf(member);
    if (!agent.ok) return [unknownFinding(agent.reason)];
    const { config, configMap: cm } = agent.value;
    if (config.enableGateway) {
      return [{ status: "pass", message: "multicluster.enableGateway is true" }];
    }
    const legacy =
      config.legacyEnable === true
        ? " (multicluster.enable: true is set, but that key was replaced by enableGateway and is ignored by Antrea v2)"
        : "";
    return [
      {
        status: "fail",
        resource: `ConfigMap ${cm.namespace}/${cm.name}`,
        message: `multicluster.enableGateway is not true in ${cm.namespace}/${cm.name}${legacy}`,
        ...configFix(member, agentConfigFile(agent.value), [
          setting("multicluster.enableGateway", true),
        ]),
      },
    ];
  },
};
