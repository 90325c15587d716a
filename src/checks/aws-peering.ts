import { isTerminal, peeringsBetween } from "../model/aws/peerings.js";
import type { MemberAws, MemberModel } from "../model/types.js";
import {
  awsFlags,
  pairEndpoints,
  peeringNeed,
  runAs,
  statusOf,
  unreadFinding,
} from "./aws/path.js";
import type { Finding, PairCheck } from "./types.js";

interface Side {
  vpc: string;
  aws: MemberAws;
  member: MemberModel;
}

/** The member that owns a VPC, among the two. */
const ownerOf = (vpcId: string, a: Side, b: Side) => (vpcId === a.vpc ? a : b);

export const awsPeering: PairCheck<"aws.peering"> = {
  id: "aws.peering",
  fixable: "setup",
  title: "VPC peering",
  category: "AWS",
  severity: "error",
  scope: "pair",
  ordered: false,
  docs: {
    summary:
      "the Gateways talk over private IPs across two VPCs and there is no VPC peering connection between them, or it is not `active` (pending-acceptance, rejected, expired, deleted, failed)",
    why: "Private Gateway IPs of two VPCs only reach each other over a VPC peering connection (or a transit gateway, which this tool does not check). A request must be accepted by the accepter VPC's owner, in the accepter's Region, within 7 days; routes to a peering that is not active carry nothing.",
    fix: "Create the peering from one VPC and accept it with the other VPC's account in its Region; then add the routes (aws.route).",
  },
  run(member, peer, ctx) {
    const pair = pairEndpoints(member, peer);
    if (!pair.ok) return [pair.finding];
    const need = peeringNeed(pair.mine.endpoints, pair.theirs.endpoints);
    if ("none" in need) return [{ status: "pass", message: need.none }];
    const { a, b, severity } = need;
    // Only a failover candidate needs it: a warning.
    const failing = { status: statusOf(severity), severity } as const;
    const vpcA = a.placed.eni.vpcId;
    const vpcB = b.placed.eni.vpcId;
    const A: Side = { vpc: vpcA, aws: pair.mine.aws, member };
    const B: Side = { vpc: vpcB, aws: pair.theirs.aws, member: peer };
    const all = peeringsBetween(ctx.model.aws.peerings, vpcA, vpcB);
    const live = all.filter((p) => !isTerminal(p));
    if (live.length === 0) {
      // Both owners see a peering; with one answer missing, "none" may be wrong.
      const gap =
        unreadFinding(member, A.aws, ["DescribeVpcPeeringConnections"]) ??
        unreadFinding(peer, B.aws, ["DescribeVpcPeeringConnections"]);
      if (gap) return [gap.finding];
      const dead = all.map((p) => `${p.id} is ${p.status}${p.message ? ` (${p.message})` : ""}`);
      const accountB = B.aws.account ? ` --peer-owner-id ${B.aws.account}` : "";
      const switching = !!(A.aws.settings.roleArn || B.aws.settings.roleArn);
      return [
        {
          ...failing,
          resource: `${vpcA}, ${vpcB}`,
          message: `no VPC peering connection between ${vpcA} (${member.name}) and ${vpcB} (${peer.name})${dead.length ? `: ${dead.join("; ")}` : ""}`,
          // Runnable as is in a POSIX shell: the ID flows from one command to the next.
          remediation: [
            `${runAs(member.name, A.aws, switching)}pcx=$(aws ec2 create-vpc-peering-connection --vpc-id ${vpcA} --peer-vpc-id ${vpcB}${accountB} --peer-region ${B.aws.region} --query VpcPeeringConnection.VpcPeeringConnectionId --output text ${awsFlags(A.aws)})`,
            `${runAs(peer.name, B.aws, switching)}aws ec2 wait vpc-peering-connection-exists --vpc-peering-connection-ids "$pcx" ${awsFlags(B.aws)}`,
            `aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id "$pcx" ${awsFlags(B.aws)}`,
          ].join("\n"),
        },
      ];
    }
    if (live.length > 1) {
      return [
        {
          ...failing,
          resource: live.map((p) => p.id).join(", "),
          message: `${live.length} peering connections between ${vpcA} and ${vpcB}: AWS allows one`,
        },
      ];
    }
    const p = live[0];
    if (!p) return [];
    if (p.status === "active") {
      return [
        {
          status: "pass",
          resource: p.id,
          message: `${p.id} between ${vpcA} and ${vpcB} is active`,
        },
      ];
    }
    if (p.status === "pending-acceptance") {
      const accepter = ownerOf(p.accepter.vpcId, A, B);
      const f: Finding = {
        ...failing,
        owner: accepter === A ? "member" : "peer",
        resource: p.id,
        message: `${p.id} is pending acceptance: ${accepter.member.name} (account ${p.accepter.ownerId ?? accepter.aws.account ?? "?"}) must accept it in ${p.accepter.region ?? accepter.aws.region}${p.expirationTime ? ` before ${p.expirationTime}` : ""}`,
        remediation: `${runAs(accepter.member.name, accepter.aws)}aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id ${p.id} ${awsFlags(accepter.aws, p.accepter.region ?? accepter.aws.region)}`,
      };
      return [f];
    }
    return [
      {
        status: "warn",
        severity: "warning",
        resource: p.id,
        message: `${p.id} is ${p.status}: re-check in a minute`,
        remediation: `${runAs(member.name, A.aws)}aws ec2 describe-vpc-peering-connections --vpc-peering-connection-ids ${p.id} ${awsFlags(A.aws)}`,
      },
    ];
  },
};
