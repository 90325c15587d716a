/** The commands that close a gap on a member's way to the leader's API server (doctor and setup). */
import { API_SERVER, type LeaderPathGap } from "../analysis/aws/leader-path.js";
import { leaderRuleDescription } from "../aws/tags.js";
import type { LeaderAws } from "../model/leader.js";
import type { MemberAws, MemberModel } from "../model/types.js";
import {
  authorizeApiServer,
  awsFlags,
  createRoute,
  describePeering,
  replaceRoute,
  runAs,
  updatePublicAccessCidrs,
} from "./aws.js";
import { transitFixCommand } from "./transit.js";

/** The ClusterSet's name as the member has it (rule descriptions carry it). */
const clusterSetOf = (m: MemberModel) =>
  (m.clusterSets.known ? m.clusterSets.value[0]?.name : undefined) ?? "antrea-mc";

export function leaderPathFix(
  gap: LeaderPathGap,
  member: MemberModel,
  ma: MemberAws,
  leader: { name: string; aws: LeaderAws },
): { remediation?: string; manual?: true } {
  const la = leader.aws;
  const need = gap.need;
  if (need?.kind === "transit") {
    const { brk } = need;
    if (!brk.fix) return {};
    // The member's side (its VPC and attachment), the leader's, or the gateway's owner.
    const by = brk.by;
    const fits = (aws: { account?: string; region: string }) =>
      typeof by === "object" && (!by.owner || aws.account === by.owner) && aws.region === by.region;
    const [who, line] =
      by === "sender" || (typeof by === "object" && fits(ma))
        ? [ma, runAs(member.name, ma)]
        : by === "receiver" || fits(la)
          ? [la, runAs(leader.name, la, true)]
          : [
              { region: by.region, settings: {}, ...(by.owner ? { account: by.owner } : {}) },
              `# in the transit gateway owner's account ${by.owner ?? "?"}, Region ${by.region}:\n`,
            ];
    return { remediation: line + transitFixCommand(brk.fix, who, API_SERVER, new Map()) };
  }
  if (need?.kind === "route") {
    const [who, name] = need.side === "member" ? [ma, member.name] : [la, leader.name];
    const make = need.replace ? replaceRoute : createRoute;
    return {
      remediation: runAs(name, who) + make(need.routeTableId, need.destination, need.target, who),
    };
  }
  if (need?.kind === "rule") {
    return {
      remediation:
        runAs(leader.name, la) +
        authorizeApiServer(
          need.groupId,
          need.cidrs,
          leaderRuleDescription(clusterSetOf(member), member.name),
          la,
        ),
    };
  }
  if (need?.kind === "public-cidrs") {
    return {
      remediation:
        runAs(leader.name, la) +
        updatePublicAccessCidrs(need.cluster, [...need.current, ...need.add], la),
    };
  }
  const cluster = la.eks.name;
  if (gap.kind === "no-egress") {
    const egress = need?.kind === "egress" ? need : undefined;
    return {
      manual: true,
      remediation: [
        `# ${member.name}'s Nodes need a way to the internet, or the leader's API server a private way in. Either`,
        ...(egress
          ? [
              `# route them to an available NAT gateway of ${egress.vpcId} (a public subnet must hold one):`,
              runAs(member.name, ma) +
                `nat=$(aws ec2 describe-nat-gateways --filter Name=vpc-id,Values=${egress.vpcId} Name=state,Values=available --query 'NatGateways[0].NatGatewayId' --output text ${awsFlags(ma)})`,
              `aws ec2 create-route --route-table-id ${egress.routeTableId} --destination-cidr-block 0.0.0.0/0 --nat-gateway-id "$nat" ${awsFlags(ma)}`,
            ]
          : []),
        `# or peer the VPCs (aws.peering) and make the leader's endpoint private — this closes its public endpoint for everyone:`,
        runAs(leader.name, la, true) +
          `aws eks update-cluster-config --name ${cluster} --resources-vpc-config endpointPrivateAccess=true,endpointPublicAccess=false ${awsFlags(la)}`,
      ].join("\n"),
    };
  }
  if (gap.kind === "peering" && gap.peering) {
    return {
      remediation: [
        `# ${gap.peering.id} is ${gap.peering.status}: it must be active (aws.peering says how), then carry the routes this check names`,
        runAs(member.name, ma) + describePeering(gap.peering.id, ma),
      ].join("\n"),
    };
  }
  if (gap.kind === "peering") {
    const [vpc, leaderVpc] = gap.resource.split(", ");
    return {
      manual: true,
      remediation: [
        `# peer ${member.name}'s VPC with the leader's (then accept it in the leader's account, and add the routes this check names):`,
        runAs(member.name, ma, true) +
          `aws ec2 create-vpc-peering-connection --vpc-id ${vpc} --peer-vpc-id ${leaderVpc}${la.account ? ` --peer-owner-id ${la.account}` : ""} --peer-region ${la.region} ${awsFlags(ma)}`,
      ].join("\n"),
    };
  }
  return {};
}
