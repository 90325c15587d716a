import { agentConfigFile, configFix, setting, unknownFinding } from "./helpers.js";
import { agentConfigOf } from "./inputs.js";
import type { MemberCheck } from "./types.js";

export const antreaTrafficMode: MemberCheck<"antrea.traffic-mode"> = {
  id: "antrea.traffic-mode",
  title: "Antrea traffic mode",
  category: "Antrea",
  severity: "warning",
  scope: "member",
  docs: {
    summary: "`trafficEncapMode` is not `networkPolicyOnly` (warning)",
    why: "On EKS with the Amazon VPC CNI, Antrea runs in networkPolicyOnly mode (the `antrea-eks.yml` manifest) and only cross-cluster traffic is tunnelled, through the Gateway. In other modes Antrea also tunnels or routes Pod traffic inside the cluster, and the AWS checks, which assume the networkPolicyOnly data path, may miss what those modes need.",
    fix: "Install Antrea with `antrea-eks.yml` on EKS (it sets `trafficEncapMode: networkPolicyOnly`), or accept the warning if the cluster is deliberately in another mode.",
  },
  run(member) {
    const agent = agentConfigOf(member);
    if (!agent.ok) return [unknownFinding(agent.reason)];
    const { config } = agent.value;
    if (config.trafficEncapMode === "networkPolicyOnly") {
      return [{ status: "pass", message: "trafficEncapMode is networkPolicyOnly" }];
    }
    return [
      {
        status: "warn",
        resource: `ConfigMap ${agent.value.configMap.namespace}/${agent.value.configMap.name}`,
        message: `trafficEncapMode is "${config.trafficEncapModeRaw}", not networkPolicyOnly: this tool's AWS checks assume the networkPolicyOnly data path of Antrea on EKS`,
        ...configFix(member, agentConfigFile(agent.value), [
          setting("trafficEncapMode", "networkPolicyOnly"),
        ]),
      },
    ];
  },
};
