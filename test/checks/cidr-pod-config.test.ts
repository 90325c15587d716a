import { cidrPodConfig } from "../../src/checks/cidr-pod-config.js";
import { awsPair } from "../support/aws-scenarios.js";
import { checkCases, pair } from "../support/check-cases.js";

checkCases(cidrPodConfig, {
  valid: [
    { name: "Pod-to-Pod on, podCIDRs = the VPC CIDR holding every Pod IP" },
    { name: "Pod-to-Pod off and no podCIDRs", members: pair({ agentConf: {}, mcConf: {} }) },
  ],
  invalid: [
    {
      name: "Pod-to-Pod on without podCIDRs",
      members: pair({ mcConf: {} }),
      status: "fail",
      message: /enablePodToPodConnectivity is true but podCIDRs is empty/,
      remediation:
        /edit configmap antrea-mc-controller-config\n# {3}controller_manager_config\.yaml: set podCIDRs to the CIDR blocks your Pods use/,
    },
    {
      name: "podCIDRs that miss Pods in other subnets",
      members: pair({ mcConf: { podCIDRs: ["10.10.0.0/19"] } }),
      status: "fail",
      message: /4 of 7 Pod IPs are outside podCIDRs \[10\.10\.0\.0\/19\], e\.g\. 10\.10\.(45|78)\./,
    },
    {
      name: "podCIDRs exported but Pod-to-Pod off",
      members: pair({ agentConf: {} }),
      status: "warn",
      message: /podCIDRs is set \(10\.10\.0\.0\/16\) but enablePodToPodConnectivity is false/,
      remediationText: /^# {3}\+ {3}enablePodToPodConnectivity: true$/m,
    },
    {
      name: "Pod-to-Pod on without podCIDRs, the VPC known: the fix names its block",
      members: awsPair({ mcConf: {} }),
      aws: {},
      status: "fail",
      remediationText:
        /^# ConfigMap kube-system\/antrea-mc-controller-config, key controller_manager_config\.yaml: change the lines\n# {3}- podCIDRs:\n# {3}- {3}- ""\n# {3}\+ podCIDRs: \["10\.10\.0\.0\/16"\]\n.*edit configmap antrea-mc-controller-config\n.*rollout restart deployment\/antrea-mc-controller$/,
    },
    {
      name: "podCIDRs that miss Pods, the VPC known: its block replaces the narrower one",
      members: awsPair({ mcConf: { podCIDRs: ["10.10.0.0/19"] } }),
      aws: {},
      status: "fail",
      message: /Pod IPs are outside podCIDRs \[10\.10\.0\.0\/19\]/,
      remediationText: /^# {3}\+ podCIDRs: \["10\.10\.0\.0\/16"\]$/m,
    },
    {
      name: "without AWS the VPC is not known: the fix says what to look for",
      members: pair({ mcConf: {} }),
      status: "fail",
      remediation:
        /set podCIDRs to the CIDR blocks your Pods use \(on EKS: the VPC's CIDR blocks\)\n/,
      remediationText: null,
    },
    {
      name: "PodIP endpoints without podCIDRs",
      members: pair({ agentConf: {}, mcConf: { endpointIPType: "PodIP" } }),
      status: "fail",
      message: /endpointIPType is PodIP but podCIDRs is empty/,
    },
  ],
});
