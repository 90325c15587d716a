import { antreaGatewayEnabled } from "../../src/checks/antrea-gateway-enabled.js";
import { checkCases, pair } from "../support/check-cases.js";

checkCases(antreaGatewayEnabled, {
  valid: [
    { name: "multicluster.enableGateway: true" },
    {
      name: "a YAML 1.1 word, which go-yaml v3 still decodes into a bool",
      members: pair({
        agentConf: { "featureGates.Multicluster": true, "multicluster.enableGateway": "on" },
      }),
    },
  ],
  invalid: [
    {
      name: "left at the manifest default false",
      members: pair({ agentConf: { "multicluster.enableGateway": false } }),
      status: "fail",
      message: /multicluster\.enableGateway is not true/,
      remediation:
        /^kubectl .* -n kube-system patch configmap antrea-config --type merge -p '\{"data":\{"antrea-agent\.conf":".*enableGateway: true.*"\}\}'\n.* rollout restart daemonset\/antrea-agent$/,
      remediationText:
        /^# ConfigMap kube-system\/antrea-config, key antrea-agent\.conf: change the line\n# {3}- {3}enableGateway: false\n# {3}\+ {3}enableGateway: true\n.* -n kube-system edit configmap antrea-config\n.* rollout restart daemonset\/antrea-agent$/,
    },
    {
      name: "the pre-v1.16 key multicluster.enable",
      members: pair({
        agentConf: { "multicluster.enableGateway": undefined, "multicluster.enable": true },
      }),
      status: "fail",
      message: /multicluster\.enable: true is set, but that key was replaced by enableGateway/,
    },
  ],
});
