/**
 * Security group rules for the tunnel, from the security group analysis doctor uses: exactly its
 * protocol and port, from (or to) each Gateway IP of the peer as a /32 — every candidate, so that
 * a failover still works — one rule per call so that a rule already there fails alone. Egress
 * only where egress is restricted.
 */
import type { Pair } from "../analysis/aws/endpoints.js";
import { securityGroupGaps } from "../analysis/aws/security-groups.js";
import type { Wire } from "../analysis/aws/wire.js";
import { ownedTags, ruleDescription } from "../aws/tags.js";
import type { ClusterSetModel, MemberModel } from "../model/types.js";
import type { PlanBuilder } from "./builder.js";
import type { Params } from "./types.js";

export interface RuleDirection {
  readonly member: MemberModel;
  readonly peer: MemberModel;
  /** The member's side (mine) and the peer's (theirs). */
  readonly pair: Pair;
  readonly wire: Wire;
  /** --security-group for this member. */
  readonly group?: string;
}

const PROTOCOL_NAMES: Record<string, string> = { "6": "tcp", "17": "udp" };

function permission(wire: Wire, cidr: string, description: string): Params {
  return {
    IpProtocol: PROTOCOL_NAMES[wire.protocol] ?? wire.protocol,
    ...(wire.port === undefined ? {} : { FromPort: wire.port, ToPort: wire.port }),
    IpRanges: [{ CidrIp: cidr, Description: description }],
  };
}

/** Plans the direction's rules, both ways (they always can be analysed once the wire is known). */
export function planRules(
  b: PlanBuilder,
  model: ClusterSetModel,
  clusterSet: string,
  d: RuleDirection,
): void {
  const aws = d.pair.mine.aws;
  for (const direction of ["ingress", "egress"] as const) {
    const { gaps, unread } = securityGroupGaps(
      d.pair.mine,
      d.pair.theirs,
      direction,
      d.wire,
      model,
    );
    const check = direction === "ingress" ? "aws.sg-ingress" : "aws.sg-egress";
    if (unread.size) {
      b.cannot({
        member: d.member.name,
        peer: d.peer.name,
        check,
        resource: [...unread].join(", "),
        message: `the rules of ${[...unread].join(", ")} were not read: setup cannot tell what they allow`,
        blocking: false,
      });
    }
    for (const gap of gaps) {
      const group = d.group ?? gap.group.id;
      const word = direction === "ingress" ? "from" : "to";
      for (const ip of gap.remotes) {
        b.add({
          member: d.member.name,
          peer: d.peer.name,
          action:
            direction === "ingress"
              ? "AuthorizeSecurityGroupIngress"
              : "AuthorizeSecurityGroupEgress",
          region: aws.region,
          params: {
            GroupId: group,
            IpPermissions: [
              permission(d.wire, `${ip}/32`, ruleDescription(clusterSet, word, d.peer.name)),
            ],
            TagSpecifications: [
              { ResourceType: "security-group-rule", Tags: ownedTags(clusterSet) },
            ],
          },
          reason: check,
          why: `${d.wire.label} ${word} ${d.peer.name}'s Gateway IP ${ip} is not ${direction === "ingress" ? "admitted" : "let out"}`,
          resource: group,
          after: [],
        });
      }
    }
  }
}
