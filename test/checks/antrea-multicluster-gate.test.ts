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
        /edit configmap antrea-config\n# {3}antrea-agent\.conf: set featureGates\.Multicluster: true\n.*rollout restart daemonset\/antrea-agent/,
    },
    {
      name: "the gate set to false",
      members: pair({ agentConf: { "featureGates.Multicluster": false } }),
      status: "fail",
      resource: /ConfigMap kube-system\/antrea-config/,
    },
  ],
});
