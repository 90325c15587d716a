import { pairEndpoints } from "../analysis/aws/endpoints.js";
import { securityGroupGaps } from "../analysis/aws/security-groups.js";
import { agreedWire } from "../analysis/aws/wire.js";
import { authorizeTunnel, runAs } from "../fixes/aws.js";
import { failing, gapFindings, unknownOf } from "./aws/findings.js";
import { some } from "./helpers.js";
import type { PairCheck } from "./types.js";

export const awsSgIngress: PairCheck<"aws.sg-ingress"> = {
  id: "aws.sg-ingress",
  fixable: "setup",
  title: "Security groups admit the peer's tunnel",
  category: "AWS",
  severity: "error",
  scope: "pair",
  ordered: true,
  flow: "from-peer",
  docs: {
    summary:
      "no security group on a Gateway's network interface admits the tunnel from the peer's Gateway IP: the protocol and port of the live Antrea config (Geneve UDP 6081, VXLAN UDP 4789, STT TCP 7471, GRE IP protocol 47, a custom tunnelPort, or Multi-cluster WireGuard UDP 51821 / its port)",
    why: "Both Gateways send tunnel packets to each other's fixed port, so each side needs an inbound rule; neither flow is the reply of the other. Rules of every group on the interface add up; `-1` means every protocol; a security group reference only matches private IPs of the peer's interfaces, in the same VPC, across an active peering in the same Region, or inbound across one transit gateway in the same Region that has `SecurityGroupReferencingSupport` enabled (off by default; on by default for its VPC attachments). The EKS cluster security group admits only itself by default.",
    fix: "Add an inbound rule for the tunnel protocol and port from each peer Gateway candidate's IP /32 (or the peer's VPC CIDR) to the security group of the Gateway Nodes — on EKS, the cluster security group.",
  },
  run(member, peer, ctx) {
    const pair = pairEndpoints(member, peer, {
      mine: ["DescribeSecurityGroups", "GetManagedPrefixListEntries"],
    });
    if (!pair.ok) return [unknownOf(pair)];
    const agreed = agreedWire(member, peer);
    if (!agreed.ok) return [unknownOf(agreed)];
    const { wire } = agreed;
    const gaps = securityGroupGaps(pair.mine, pair.theirs, "ingress", wire, ctx.model);
    return gapFindings(
      gaps,
      () => {
        const groups = [...new Set(pair.mine.endpoints.flatMap((a) => a.placed.eni.groupIds))];
        return {
          status: "pass",
          resource: groups.join(", "),
          message: `${groups.join(", ")} admit ${wire.label} from ${peer.name}'s Gateway IPs ${pair.theirs.endpoints.map((b) => b.gatewayIP).join(", ")}`,
        };
      },
      (g) => ({
        ...failing(g.impact),
        resource: g.group.id,
        message: `no security group of ${some([...g.locals])} admits ${wire.label} from ${peer.name}'s Gateway IP${g.remotes.size > 1 ? "s" : ""} ${[...g.remotes].join(", ")}${g.reference ? ` (${g.reference})` : ""}`,
        remediation:
          runAs(member.name, pair.mine.aws) +
          authorizeTunnel(
            "ingress",
            g.group.id,
            wire,
            [...g.remotes],
            `antrea-mc tunnel from ${peer.name}`,
            pair.mine.aws,
          ),
      }),
    );
  },
};
