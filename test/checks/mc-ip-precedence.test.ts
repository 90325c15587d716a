import { mcIpPrecedence } from "../../src/checks/mc-ip-precedence.js";
import { checkCases, pair } from "../support/check-cases.js";

checkCases(mcIpPrecedence, {
  valid: [
    { name: "private (the manifest default)" },
    {
      name: "empty means internal",
      members: pair({ mcConf: { gatewayIPPrecedence: "", podCIDRs: ["10.10.0.0/16"] } }),
    },
    {
      name: "public, with ExternalIPs on the candidates",
      members: pair({
        mcConf: { gatewayIPPrecedence: "public", podCIDRs: ["10.10.0.0/16"] },
        nodes: [
          { ip: "10.10.12.34", zone: "us-west-2a", externalIP: "54.201.10.11" },
          { ip: "10.10.45.67", zone: "us-west-2b", externalIP: "54.201.10.12" },
        ],
      }),
    },
  ],
  invalid: [
    {
      name: "a value the controller does not know (it is case-sensitive)",
      members: pair({ mcConf: { gatewayIPPrecedence: "Public", podCIDRs: ["10.10.0.0/16"] } }),
      status: "fail",
      message: /gatewayIPPrecedence "Public" is not one of private, internal, public, external/,
      remediationText: /^# {3}\+ gatewayIPPrecedence: "private"$/m,
    },
    {
      name: "external, but the Nodes sit in private subnets",
      members: pair({ mcConf: { gatewayIPPrecedence: "external", podCIDRs: ["10.10.0.0/16"] } }),
      status: "fail",
      message: /gatewayIPPrecedence is external but the active Gateway Node .* has no ExternalIP/,
    },
  ],
});
