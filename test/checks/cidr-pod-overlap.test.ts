import { cidrPodOverlap } from "../../src/checks/cidr-pod-overlap.js";
import { checkCases, pair } from "../support/check-cases.js";

checkCases(cidrPodOverlap, {
  valid: [{ name: "10.10.0.0/16 and 10.20.0.0/16", peer: "east" }],
  invalid: [
    {
      name: "overlapping with Pod-to-Pod connectivity on",
      members: pair({}, { mcConf: { podCIDRs: ["10.10.128.0/17"] } }),
      peer: "east",
      status: "fail",
      message:
        /10\.10\.0\.0\/16 \(west\) and 10\.10\.128\.0\/17 \(east\) and west enables Pod-to-Pod connectivity/,
    },
    {
      name: "overlapping while Pod-to-Pod is off and endpoints are ClusterIPs",
      members: pair({ agentConf: {} }, { agentConf: {}, mcConf: { podCIDRs: ["10.10.0.0/16"] } }),
      peer: "east",
      status: "warn",
      severity: "warning",
      message: /harmless while Pod-to-Pod connectivity is off/,
    },
    {
      name: "EKS Pod CIDRs not configured (they are VPC CIDRs)",
      members: pair({}, { mcConf: {} }),
      peer: "east",
      status: "unknown",
      message: /unknown Pod CIDRs for east: .*Amazon VPC CNI/,
    },
  ],
});
