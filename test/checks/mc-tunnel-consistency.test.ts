import { mcTunnelConsistency } from "../../src/checks/mc-tunnel-consistency.js";
import { checkCases, pair } from "../support/check-cases.js";

const p2p = { "multicluster.enablePodToPodConnectivity": true };

checkCases(mcTunnelConsistency, {
  valid: [
    { name: "both Geneve on 6081", peer: "east" },
    {
      name: "both VXLAN",
      members: pair(
        { agentConf: { ...p2p, tunnelType: "vxlan" } },
        { agentConf: { ...p2p, tunnelType: "vxlan" } },
      ),
      peer: "east",
    },
    {
      name: "both WireGuard on the same port",
      members: pair(
        { agentConf: { ...p2p, "multicluster.trafficEncryptionMode": "wireGuard" } },
        { agentConf: { ...p2p, "multicluster.trafficEncryptionMode": "WireGuard" } },
      ),
      peer: "east",
    },
  ],
  invalid: [
    {
      name: "VXLAN in one member: the finding is on the member that strays from the default",
      members: pair({}, { agentConf: { ...p2p, tunnelType: "vxlan" } }),
      member: "east",
      peer: "west",
      status: "fail",
      message: /tunnelType vxlan \(east\) vs geneve \(west\)/,
      remediation:
        /^kubectl --context \S+cluster\/east -n kube-system patch configmap antrea-config /,
      remediationText:
        /^# ConfigMap kube-system\/antrea-config, key antrea-agent\.conf: change the line \(as west has it\)\n# {3}- tunnelType: "vxlan"\n# {3}\+ tunnelType: "geneve"\n\S+ --context \S+cluster\/east -n kube-system edit configmap antrea-config\n/,
    },
    {
      name: "a custom tunnelPort in one member",
      members: pair({ agentConf: { ...p2p, tunnelPort: 6082 } }),
      member: "west",
      peer: "east",
      status: "fail",
      message: /tunnel port 6082 \(west\) vs 6081 \(east\)/,
      remediationText: /^# {3}- tunnelPort: 6082\n# {3}\+ tunnelPort: 0$/m,
    },
    {
      name: "WireGuard in one member only",
      members: pair(
        {},
        { agentConf: { ...p2p, "multicluster.trafficEncryptionMode": "wireGuard" } },
      ),
      member: "east",
      status: "fail",
      message: /multicluster\.trafficEncryptionMode wireGuard \(east\) vs none \(west\)/,
    },
    {
      name: "WireGuard on different ports",
      members: pair(
        { agentConf: { ...p2p, "multicluster.trafficEncryptionMode": "wireGuard" } },
        {
          agentConf: {
            ...p2p,
            "multicluster.trafficEncryptionMode": "wireGuard",
            "multicluster.wireGuard.port": 51900,
          },
        },
      ),
      member: "east",
      status: "fail",
      message: /multicluster\.wireGuard\.port 51900 \(east\) vs 51821 \(west\)/,
    },
  ],
});
