import { antreaTrafficMode } from "../../src/checks/antrea-traffic-mode.js";
import { checkCases, pair } from "../support/check-cases.js";

checkCases(antreaTrafficMode, {
  valid: [
    { name: "networkPolicyOnly (antrea-eks.yml)" },
    {
      name: "matched case-insensitively, as antrea-agent does",
      members: pair({ agentConf: { trafficEncapMode: "NetworkPolicyOnly" } }),
    },
  ],
  invalid: [
    {
      name: "encap mode",
      members: pair({ agentConf: { trafficEncapMode: "encap" } }),
      status: "warn",
      severity: "warning",
      message: /trafficEncapMode is "encap", not networkPolicyOnly/,
      remediationText: /^# {3}\+ trafficEncapMode: "networkPolicyOnly"$/m,
    },
    {
      name: "no agent config to judge",
      overrides: { west: { forbidden: [{ resource: "daemonsets.apps" }] } },
      status: "unknown",
    },
  ],
});
