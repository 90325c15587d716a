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
    {
      name: "only the legacy multicluster.enable on v1.15.2, which still reads it as an alias",
      members: pair({
        antreaVersion: "v1.15.2",
        agentConf: { "multicluster.enableGateway": undefined, "multicluster.enable": true },
      }),
      message:
        "multicluster.enable is true, which antrea-agent v1.15.2 reads as an alias of enableGateway (removed in v2.0.0: see antrea.version)",
    },
    {
      name: "multicluster.enable on v1.10.1, where it is the only key",
      members: pair({
        antreaVersion: "v1.10.1",
        agentConf: { "multicluster.enableGateway": undefined, "multicluster.enable": true },
      }),
      message: /antrea-agent v1\.10\.1 reads as its Gateway switch/,
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
      name: "the legacy key multicluster.enable on v2.7.0, which ignores it",
      members: pair({
        agentConf: { "multicluster.enableGateway": undefined, "multicluster.enable": true },
      }),
      status: "fail",
      message:
        /multicluster\.enable: true is set, but antrea-agent v2\.7\.0 ignores that key: v2\.0\.0 removed it/,
      remediation: /enableGateway: true/,
    },
    {
      name: "the legacy key on a release that is not known",
      members: pair({
        antreaVersion: "latest",
        agentConf: { "multicluster.enableGateway": undefined, "multicluster.enable": true },
      }),
      status: "unknown",
      message:
        /only the legacy multicluster\.enable: true is set .* this member's Antrea release is not known/,
      remediation: /enableGateway: true/,
    },
    {
      name: "neither key on v1.10.1: the fix sets the key that release knows",
      members: pair({
        antreaVersion: "v1.10.1",
        agentConf: { "multicluster.enableGateway": undefined },
      }),
      status: "fail",
      message:
        /^multicluster\.enable is not true in kube-system\/antrea-config \(antrea-agent v1\.10\.1 knows only the old key multicluster\.enable\)$/,
      remediation: /enable: true/,
    },
  ],
});
