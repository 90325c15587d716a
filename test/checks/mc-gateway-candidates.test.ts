import { mcGatewayCandidates } from "../../src/checks/mc-gateway-candidates.js";
import { checkCases, pair } from "../support/check-cases.js";

const westNodes = [
  { ip: "10.10.12.34", zone: "us-west-2a" },
  { ip: "10.10.45.67", zone: "us-west-2b" },
  { ip: "10.10.78.9", zone: "us-west-2c" },
];

checkCases(mcGatewayCandidates, {
  valid: [{ name: "two Ready candidates in two zones" }],
  invalid: [
    {
      name: "no annotated Node",
      members: pair({ candidates: [], active: null }),
      status: "fail",
      message: /no Node is annotated multicluster\.antrea\.io\/gateway/,
      remediation:
        /annotate node ip-10-10-12-34\.us-west-2\.compute\.internal multicluster\.antrea\.io\/gateway=true/,
    },
    {
      name: "a single candidate: no failover",
      members: pair({ candidates: [0] }),
      status: "warn",
      severity: "info",
      message: /only one usable Gateway candidate/,
      remediation: /annotate node ip-10-10-45-67/,
    },
    {
      name: "a NotReady candidate",
      members: pair({
        nodes: [westNodes[0], { ...westNodes[1], ready: false }, westNodes[2]] as typeof westNodes,
      }),
      status: "warn",
      severity: "warning",
      message:
        /ip-10-10-45-67.* is not Ready \(Ready=Unknown \(Kubelet stopped posting node status\.\)\)/,
    },
    {
      name: "annotated =false, which still counts",
      members: pair({
        nodes: [
          westNodes[0],
          { ...westNodes[1], annotations: { "multicluster.antrea.io/gateway": "false" } },
          westNodes[2],
        ] as typeof westNodes,
      }),
      status: "warn",
      message:
        /annotated multicluster\.antrea\.io\/gateway="false": the controller checks only the key/,
      remediation: /multicluster\.antrea\.io\/gateway-$/,
    },
    {
      name: "a gateway-ip annotation that is not an IP",
      members: pair({
        nodes: [
          westNodes[0],
          {
            ...westNodes[1],
            annotations: { "multicluster.antrea.io/gateway-ip": "eip-gw.example.com" },
          },
          westNodes[2],
        ] as typeof westNodes,
      }),
      status: "warn",
      message: /gateway-ip="eip-gw\.example\.com" is not an IP address/,
    },
    {
      name: "a Windows candidate",
      members: pair({
        nodes: [westNodes[0], { ...westNodes[1], os: "windows" }, westNodes[2]] as typeof westNodes,
      }),
      status: "warn",
      message: /runs windows: the Multicluster feature is Linux-only/,
    },
  ],
});
