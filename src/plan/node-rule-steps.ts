/**
 * Security group rules between a member's Nodes and its Gateways, from the analysis doctor's
 * aws.node-to-gateway reports: per gap, the receiving (or sending) side's group names the other
 * side's group — the narrowest rule, valid inside the VPC — for exactly the tunnel protocol and
 * port, tagged like the Gateway rules so that teardown finds it. A rule closing several gaps is
 * added once. Network ACL entries are left to the user with doctor's commands.
 */
import { nodeToGateway } from "../analysis/aws/node-to-gateway.js";
import { nodeRuleDescription, ownedTags } from "../aws/tags.js";
import { runAs } from "../fixes/aws.js";
import { nodeGatewayFix } from "../fixes/node-to-gateway.js";
import type { MemberModel } from "../model/types.js";
import type { PlanBuilder } from "./builder.js";

const PROTOCOL_NAMES: Record<string, string> = { "6": "tcp", "17": "udp" };

/** Plans the member's rules; false when the path could not be analysed (doctor says why). */
export function planNodeRules(b: PlanBuilder, clusterSet: string, member: MemberModel): boolean {
  const r = nodeToGateway(member);
  if (!r.ok) return false;
  const { wire, aws } = r;
  if (r.unreadGroups.size) {
    const ids = [...r.unreadGroups].join(", ");
    b.cannot({
      member: member.name,
      check: "aws.node-to-gateway",
      resource: ids,
      message: `the rules of ${ids} were not read: setup cannot tell what they allow between Nodes and Gateways`,
      blocking: false,
    });
  }
  const added = new Set<string>();
  const taken = new Map<string, Set<number>>();
  for (const gap of r.gaps) {
    for (const f of gap.fixes) {
      const key = `${f.direction} ${f.groupId} ${f.peerGroupId}`;
      if (added.has(key)) continue;
      added.add(key);
      b.add({
        member: member.name,
        action:
          f.direction === "ingress"
            ? "AuthorizeSecurityGroupIngress"
            : "AuthorizeSecurityGroupEgress",
        region: aws.region,
        params: {
          GroupId: f.groupId,
          IpPermissions: [
            {
              IpProtocol: PROTOCOL_NAMES[wire.protocol] ?? wire.protocol,
              ...(wire.port === undefined ? {} : { FromPort: wire.port, ToPort: wire.port }),
              UserIdGroupPairs: [
                {
                  GroupId: f.peerGroupId,
                  ...(f.peerAccount ? { UserId: f.peerAccount } : {}),
                  Description: nodeRuleDescription(clusterSet),
                },
              ],
            },
          ],
          TagSpecifications: [{ ResourceType: "security-group-rule", Tags: ownedTags(clusterSet) }],
        },
        reason: "aws.node-to-gateway",
        why: `${wire.label} ${f.direction === "ingress" ? "from" : "to"} ${f.peerGroupId} (${f.side === "nodes" ? "the Gateway" : "Nodes"}) is not ${f.direction === "ingress" ? "admitted" : "let out"} by ${f.groupId} (${f.side === "nodes" ? "Nodes" : "the Gateway"})`,
        resource: f.groupId,
        after: [],
      });
    }
    // What a security group rule cannot fix: network ACLs, or a group in another VPC.
    const left = gap.blocks.filter(
      (b) =>
        b.kind.startsWith("nacl") ||
        !gap.fixes.some((f) => f.groupId === b.resource && `sg-${f.direction}` === b.kind),
    );
    if (left.length === 0) continue;
    const fix = nodeGatewayFix({ ...gap, blocks: left }, aws, wire, taken, { rules: false });
    const gw = gap.gateway;
    b.cannot({
      member: member.name,
      check: "aws.node-to-gateway",
      resource: [...new Set(left.map((x) => x.resource))].join(", "),
      message: `${left.map((x) => x.resource).join(", ")} ${gap.leg === "to-gateway" ? `drop ${wire.label} from Nodes in ${gap.group.subnetId} to` : `drop ${wire.label} to Nodes in ${gap.group.subnetId} from`} ${gw.impact === "active" ? "the active Gateway" : "Gateway candidate"} ${gw.node.node}: ${left.some((x) => x.kind.startsWith("nacl")) ? "setup does not change network ACLs" : "a security group reference does not reach across VPCs"}`,
      ...(fix ? { remediation: runAs(member.name, aws) + fix } : {}),
      blocking: gw.impact === "active",
      severity: gw.impact === "active" ? "error" : "warning",
    });
  }
  return true;
}
