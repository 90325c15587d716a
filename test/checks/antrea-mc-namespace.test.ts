import { antreaMcNamespace } from "../../src/checks/antrea-mc-namespace.js";
import { checkCases, mutated, pair } from "../support/check-cases.js";
import { patchObjects } from "../support/scenarios.js";

checkCases(antreaMcNamespace, {
  valid: [
    { name: "empty: the agent's namespace kube-system, where the controller runs" },
    {
      name: "set explicitly to kube-system",
      members: pair({ agentConf: { "multicluster.namespace": "kube-system" } }),
    },
    {
      name: "the member controller in its own namespace, and the agent told so",
      members: pair({
        namespace: "antrea-mc",
        agentConf: { "multicluster.namespace": "antrea-mc" },
      }),
    },
  ],
  invalid: [
    {
      name: "pointing at the leader namespace",
      members: pair({ agentConf: { "multicluster.namespace": "antrea-multicluster" } }),
      status: "fail",
      message:
        /multicluster\.namespace is "antrea-multicluster", but the member antrea-mc-controller runs in kube-system/,
      remediation: /patch configmap antrea-config --type merge -p '.*namespace: \\"kube-system\\"/,
      remediationText: /^# {3}\+ {3}namespace: "kube-system"$/m,
    },
    {
      name: "the controller moved to another namespace, the agent left at its default",
      members: pair({ namespace: "antrea-mc" }),
      status: "fail",
      message:
        /uses its own namespace kube-system, but the member antrea-mc-controller runs in antrea-mc/,
    },
    {
      name: "no member controller to compare with",
      members: mutated("west", (m) => {
        m.objects = patchObjects(m.objects, "Deployment", "antrea-mc-controller", (d) =>
          d.metadata?.namespace === "kube-system" ? null : d,
        );
      }),
      status: "unknown",
      message: /no member controller to compare with/,
    },
  ],
});
