import { antreaMulticlusterGate } from "../../src/checks/antrea-multicluster-gate.js";
import { checkCases, pair } from "../support/check-cases.js";

checkCases(antreaMulticlusterGate, {
  valid: [{ name: "featureGates.Multicluster: true" }],
  invalid: [
    {
      name: "the gate left commented out, as in the manifest",
      members: pair({
        agentConf: { "featureGates.Multicluster": undefined, "multicluster.enableGateway": true },
      }),
      status: "fail",
      message: /featureGates\.Multicluster is not true in kube-system\/antrea-config/,
      remediation:
        /patch configmap antrea-config --type merge -p .*\n.*rollout restart daemonset\/antrea-agent$/,
      // The gate only in a comment, under an empty `featureGates: {}`: the mapping gets it.
      remediationText:
        /^# ConfigMap kube-system\/antrea-config, key antrea-agent\.conf: change the line\n# {3}- featureGates: \{\}\n# {3}\+ featureGates: \{Multicluster: true\}\n.*edit configmap antrea-config\n.*rollout restart daemonset\/antrea-agent$/,
    },
    {
      name: "the gate set to false",
      members: pair({ agentConf: { "featureGates.Multicluster": false } }),
      status: "fail",
      resource: /ConfigMap kube-system\/antrea-config/,
    },
  ],
});
