/**
 * Security group rules for the tunnel: exactly its protocol and port, from (or to) each Gateway
 * IP of the peer as a /32 — every candidate, so that a failover still works — one rule per call so
 * that a rule already there fails alone. Egress only where egress is restricted.
 */

import { ownedTags, ruleDescription } from "../aws/tags.js";
import type { Endpoint } from "../checks/aws/path.js";
import { securityGroupGaps } from "../checks/aws/security-group-gaps.js";
import type { Wire } from "../checks/aws/tunnel-flow.js";
import type { ClusterSetModel, MemberAws, MemberModel } from "../model/types.js";
import type { PlanBuilder } from "./builder.js";
import type { Params } from "./types.js";

export interface RuleDirection {
  readonly member: MemberModel;
  readonly aws: MemberAws;
  readonly mine: readonly Endpoint[];
  readonly peer: MemberModel;
  readonly peerAws: MemberAws;
  readonly theirs: readonly Endpoint[];
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

export function planRules(
  b: PlanBuilder,
  model: ClusterSetModel,
  clusterSet: string,
  d: RuleDirection,
): void {
  for (const direction of ["ingress", "egress"] as const) {
    const { gaps, missing } = securityGroupGaps(
      { ok: true, aws: d.aws, endpoints: d.mine },
      { ok: true, aws: d.peerAws, endpoints: d.theirs },
      direction,
      d.wire,
      model,
    );
    const check = `aws.sg-${direction}`;
    if (missing.size) {
      b.cannot({
        member: d.member.name,
        peer: d.peer.name,
        check,
        resource: [...missing].join(", "),
        message: `the rules of ${[...missing].join(", ")} were not read: setup cannot tell what they allow`,
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
          region: d.aws.region,
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
