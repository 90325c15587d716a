import { agentConfigFile, configFix, setting, unknownFinding } from "./helpers.js";
import { agentConfigOf, controllerNamespace } from "./inputs.js";
import type { MemberCheck } from "./types.js";

export const antreaMcNamespace: MemberCheck<"antrea.mc-namespace"> = {
  id: "antrea.mc-namespace",
  title: "Multi-cluster namespace",
  category: "Antrea",
  severity: "error",
  scope: "member",
  docs: {
    summary:
      "`multicluster.namespace` in antrea-agent.conf (empty = the agent's own namespace) differs from the namespace of the member antrea-mc-controller",
    why: "antrea-agent watches Gateway and ClusterInfoImport objects only in that namespace. If it differs from where the member controller writes them, the agent never learns the Gateway or the peers and routes nothing across clusters.",
    fix: "Set `multicluster.namespace` to the member controller's namespace (or leave it empty when both are kube-system) and restart antrea-agent. The finding's fix is a `kubectl patch` of the whole file (Kubernetes cannot patch one setting inside it) with only that line changed, then the restart; the report shows the line before and after.",
  },
  run(member) {
    const agent = agentConfigOf(member);
    if (!agent.ok) return [unknownFinding(agent.reason)];
    const controllerNs = controllerNamespace(member);
    if (!controllerNs.ok)
      return [unknownFinding(`no member controller to compare with: ${controllerNs.reason}`)];
    const { config, daemonSet, configMap } = agent.value;
    const effective = config.mcNamespace || daemonSet.namespace;
    const how = config.mcNamespace
      ? `multicluster.namespace is "${config.mcNamespace}"`
      : `multicluster.namespace is empty, so the agent uses its own namespace ${daemonSet.namespace}`;
    if (effective === controllerNs.value) {
      return [{ status: "pass", message: `${how}, where the member controller runs` }];
    }
    return [
      {
        status: "fail",
        resource: `ConfigMap ${configMap.namespace}/${configMap.name}`,
        message: `${how}, but the member antrea-mc-controller runs in ${controllerNs.value}: the agent will not see the Gateway or ClusterInfoImports`,
        ...configFix(member, agentConfigFile(agent.value), [
          setting("multicluster.namespace", controllerNs.value),
        ]),
      },
    ];
  },
};
