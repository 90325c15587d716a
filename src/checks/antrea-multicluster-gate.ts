import { agentConfigFile, configFix, setting, unknownFinding } from "./helpers.js";
import { agentConfigOf } from "./inputs.js";
import type { MemberCheck } from "./types.js";

export const antreaMulticlusterGate: MemberCheck<"antrea.multicluster-gate"> = {
  id: "antrea.multicluster-gate",
  title: "Multicluster feature gate",
  category: "Antrea",
  severity: "error",
  scope: "member",
  docs: {
    summary: "`featureGates.Multicluster` is not `true` in antrea-agent.conf",
    why: "The gate is off by default (Alpha). Without it antrea-agent ignores every `multicluster.*` setting: it creates no Gateway tunnel and installs no cross-cluster flows.",
    fix: "Set `featureGates: {Multicluster: true}` in antrea-agent.conf and restart the antrea-agent DaemonSet. The finding's fix is a `kubectl patch` of the whole file (Kubernetes cannot patch one setting inside it) with only that line changed, then the restart; the report shows the line before and after.",
  },
  run(member) {
    const agent = agentConfigOf(member);
    if (!agent.ok) return [unknownFinding(agent.reason)];
    if (agent.value.config.multiclusterGate) {
      return [{ status: "pass", message: "featureGates.Multicluster is true" }];
    }
    const cm = agent.value.configMap;
    return [
      {
        status: "fail",
        resource: `ConfigMap ${cm.namespace}/${cm.name}`,
        message: `featureGates.Multicluster is not true in ${cm.namespace}/${cm.name}: antrea-agent ignores all multicluster settings`,
        ...configFix(member, agentConfigFile(agent.value), [
          setting("featureGates.Multicluster", true),
        ]),
      },
    ];
  },
};
