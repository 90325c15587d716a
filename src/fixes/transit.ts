/**
 * The AWS CLI commands that mend a transit gateway path (src/analysis/aws/transit-path.ts), run
 * as the account that may: the VPC's owner for its attachment and ACLs, the gateway's owner for
 * its route tables and for accepting attachments.
 */
import type { TransitBreak, TransitFix } from "../analysis/aws/transit-path.js";
import type { Wire } from "../analysis/aws/wire.js";
import { freeRuleNumbers } from "../model/aws/nacl.js";
import type { MemberAws, MemberModel } from "../model/types.js";
import { awsFlags, naclArgs, runAs } from "./aws.js";

type Who = Pick<MemberAws, "region" | "settings" | "account">;

export function transitFixCommand(
  fix: TransitFix,
  who: Who,
  wire: Wire,
  /** Rule numbers already handed out per ACL and direction, so that two fixes do not collide. */
  taken: Map<string, Set<number>>,
): string {
  const flags = awsFlags(who);
  switch (fix.kind) {
    case "attach-vpc":
      return `aws ec2 create-transit-gateway-vpc-attachment --transit-gateway-id ${fix.tgwId} --vpc-id ${fix.vpcId} --subnet-ids ${fix.subnetId} ${flags}  # one subnet per Gateway zone; AWS advises a small subnet of its own in each`;
    case "accept-vpc-attachment":
      return `aws ec2 accept-transit-gateway-vpc-attachment --transit-gateway-attachment-id ${fix.attachmentId} ${flags}`;
    case "accept-peering":
      return `aws ec2 accept-transit-gateway-peering-attachment --transit-gateway-attachment-id ${fix.attachmentId} ${awsFlags(who, fix.region ?? who.region)}`;
    case "add-subnet":
      return `aws ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id ${fix.attachmentId} --add-subnet-ids ${fix.subnetId} ${flags}  # or a small subnet of its own in that zone, as AWS advises`;
    case "associate":
      return `aws ec2 associate-transit-gateway-route-table --transit-gateway-route-table-id ${fix.tableId} --transit-gateway-attachment-id ${fix.attachmentId} ${flags}`;
    case "propagate":
      return `aws ec2 enable-transit-gateway-route-table-propagation --transit-gateway-route-table-id ${fix.tableId} --transit-gateway-attachment-id ${fix.attachmentId} ${flags}`;
    case "static-route":
      return `aws ec2 ${fix.replace ? "replace" : "create"}-transit-gateway-route --transit-gateway-route-table-id ${fix.tableId} --destination-cidr-block ${fix.destination} --transit-gateway-attachment-id ${fix.attachmentId} ${flags}`;
    case "nacl": {
      const key = `${fix.acl.id}|${fix.egress}`;
      const used = taken.get(key) ?? new Set<number>();
      taken.set(key, used);
      const [n] = freeRuleNumbers(fix.acl, fix.egress, fix.before ?? 32767, 1, used);
      if (n === undefined)
        return `# renumber: no rule number is free before the deny\naws ec2 describe-network-acls --network-acl-ids ${fix.acl.id} ${flags}`;
      return `aws ec2 create-network-acl-entry --network-acl-id ${fix.acl.id} ${fix.egress ? "--egress" : "--ingress"} --rule-number ${n} ${naclArgs(wire)} --cidr-block ${fix.remoteIp}/32 --rule-action allow ${flags}`;
    }
  }
}

/**
 * Whose account and Region a break's fix runs in, with the line that says so: the sender or the
 * receiver member, or the gateway's owner (a member read in that account and Region when there
 * is one; else the account is named for the user to switch to).
 */
export function transitFixer(
  brk: TransitBreak,
  member: MemberModel,
  mine: MemberAws,
  peer: MemberModel,
  theirs: MemberAws,
  members: readonly MemberModel[],
): { who: Who; line: string } {
  if (brk.by === "sender") return { who: mine, line: runAs(member.name, mine) };
  if (brk.by === "receiver") return { who: theirs, line: runAs(peer.name, theirs, true) };
  const { owner, region } = brk.by;
  const ours = (aws: MemberAws) => (!owner || aws.account === owner) && aws.region === region;
  if (ours(mine)) return { who: mine, line: runAs(member.name, mine) };
  if (ours(theirs)) return { who: theirs, line: runAs(peer.name, theirs, true) };
  const other = members.find((m) => m.aws.known && ours(m.aws.value));
  if (other?.aws.known)
    return { who: other.aws.value, line: runAs(other.name, other.aws.value, true) };
  return {
    who: { region, settings: {}, ...(owner ? { account: owner } : {}) },
    line: `# in the transit gateway owner's account ${owner ?? "?"}, Region ${region}:\n`,
  };
}
