import { pairEndpoints } from "../analysis/aws/endpoints.js";
import { securityGroupGaps } from "../analysis/aws/security-groups.js";
import { agreedWire } from "../analysis/aws/wire.js";
import { authorizeTunnel, runAs } from "../fixes/aws.js";
import { failing, gapFindings, unknownOf } from "./aws/findings.js";
import { some } from "./helpers.js";
import type { PairCheck } from "./types.js";

export const awsSgEgress: PairCheck<"aws.sg-egress"> = {
  id: "aws.sg-egress",
  fixable: "setup",
  title: "Security groups let the tunnel out",
  category: "AWS",
  severity: "error",
  scope: "pair",
  ordered: true,
  docs: {
    summary:
      "the security groups of a Gateway's network interface do not let its tunnel traffic out to the peer's Gateway IP (the peer's tunnel protocol and port)",
    why: "New security groups allow all outbound traffic, but hardened ones often restrict it; then tunnel packets to the peer's Gateway are dropped at the sender.",
    fix: "Add an outbound rule for the tunnel protocol and port to each peer Gateway candidate's IP /32 (or the peer's VPC CIDR).",
  },
  run(member, peer, ctx) {
    const pair = pairEndpoints(member, peer, {
      mine: ["DescribeSecurityGroups", "GetManagedPrefixListEntries"],
    });
    if (!pair.ok) return [unknownOf(pair)];
    const agreed = agreedWire(member, peer);
    if (!agreed.ok) return [unknownOf(agreed)];
    const { wire } = agreed;
    const gaps = securityGroupGaps(pair.mine, pair.theirs, "egress", wire, ctx.model);
    return gapFindings(
      gaps,
      () => {
        const groups = [...new Set(pair.mine.endpoints.flatMap((a) => a.placed.eni.groupIds))];
        return {
          status: "pass",
          resource: groups.join(", "),
          message: `${groups.join(", ")} let ${wire.label} out to ${peer.name}'s Gateway IPs`,
        };
      },
      (g) => ({
        ...failing(g.impact),
        resource: g.group.id,
        message: `no security group of ${some([...g.locals])} lets ${wire.label} out to ${peer.name}'s Gateway IP${g.remotes.size > 1 ? "s" : ""} ${[...g.remotes].join(", ")}${g.reference ? ` (${g.reference})` : ""}`,
        remediation:
          runAs(member.name, pair.mine.aws) +
          authorizeTunnel(
            "egress",
            g.group.id,
            wire,
            [...g.remotes],
            `antrea-mc tunnel to ${peer.name}`,
            pair.mine.aws,
          ),
      }),
    );
  },
};
