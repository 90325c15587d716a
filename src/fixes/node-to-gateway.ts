/** The AWS CLI commands that close a Node-to-Gateway gap, for doctor's fix and setup's leftovers. */
import type { NodeGatewayGap } from "../analysis/aws/node-to-gateway.js";
import type { Wire } from "../analysis/aws/wire.js";
import { freeRuleNumbers } from "../model/aws/nacl.js";
import type { MemberAws } from "../model/types.js";
import { authorizeFromGroup, awsFlags, naclArgs } from "./aws.js";

/** The description of the rules doctor suggests (setup's carry the ClusterSet's name). */
export const NODE_RULE = "antrea-mc tunnel between Nodes and Gateway";

/** The commands that close a gap: group-reference rules, then network ACL allows. */
export function nodeGatewayFix(
  gap: NodeGatewayGap,
  aws: MemberAws,
  wire: Wire,
  taken: Map<string, Set<number>>,
  /** rules: false leaves the security group rules out (setup makes those). */
  opts: { rules: boolean } = { rules: true },
): string | undefined {
  const lines = (opts.rules ? gap.fixes : []).map((f) =>
    authorizeFromGroup(f.direction, f.groupId, wire, f.peerGroupId, NODE_RULE, aws),
  );
  for (const b of gap.blocks) {
    if (!b.acl || !b.otherCidr) continue;
    const egress = b.kind === "nacl-egress";
    const key = `${b.acl.id}|${egress}`;
    const used = taken.get(key) ?? new Set<number>();
    taken.set(key, used);
    const [n] = freeRuleNumbers(b.acl, egress, b.ruleNumber ?? 32767, 1, used);
    if (n === undefined) {
      lines.push(
        `# no rule number is free before ${b.rule} of ${b.acl.id}: renumber it, then allow ${b.otherCidr}\naws ec2 describe-network-acls --network-acl-ids ${b.acl.id} ${awsFlags(aws)}`,
      );
      continue;
    }
    const ports = naclArgs(wire);
    lines.push(
      `aws ec2 create-network-acl-entry --network-acl-id ${b.acl.id} ${egress ? "--egress" : "--ingress"} --rule-number ${n} ${ports} --cidr-block ${b.otherCidr} --rule-action allow ${awsFlags(aws)}`,
    );
  }
  return lines.length ? lines.join("\n") : undefined;
}
