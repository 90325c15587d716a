import { type LeaderPathGap, leaderPathOf } from "../analysis/aws/leader-path.js";
import { leaderRuleDescription } from "../aws/tags.js";
import {
  authorizeApiServer,
  awsFlags,
  createRoute,
  replaceRoute,
  runAs,
  updatePublicAccessCidrs,
} from "../fixes/aws.js";
import type { LeaderAws } from "../model/leader.js";
import type { MemberAws, MemberModel } from "../model/types.js";
import { unknownFinding } from "./helpers.js";
import type { Finding, MemberCheck } from "./types.js";

/** The ClusterSet's name as the member has it (rule descriptions carry it). */
const clusterSetOf = (m: MemberModel) =>
  (m.clusterSets.known ? m.clusterSets.value[0]?.name : undefined) ?? "antrea-mc";

function fixOf(
  gap: LeaderPathGap,
  member: MemberModel,
  ma: MemberAws,
  leader: { name: string; aws: LeaderAws },
): Pick<Finding, "remediation" | "manual"> {
  const la = leader.aws;
  const need = gap.need;
  if (need?.kind === "route") {
    const [who, name] = need.side === "member" ? [ma, member.name] : [la, leader.name];
    const make = need.replace ? replaceRoute : createRoute;
    return {
      remediation:
        runAs(name, who) + make(need.routeTableId, need.destination, need.peeringId, who),
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
    return {
      manual: true,
      remediation: [
        `# ${member.name}'s Nodes need a way to the internet (a NAT gateway in a public subnet, and a 0.0.0.0/0 route to it), or the leader's endpoint a private way in (private access, and the VPCs peered):`,
        runAs(leader.name, la, true) +
          `aws eks update-cluster-config --name ${cluster} --resources-vpc-config endpointPrivateAccess=true ${awsFlags(la)}`,
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

export const awsLeaderPath: MemberCheck<"aws.leader-path"> = {
  id: "aws.leader-path",
  title: "Nodes to the leader's API server",
  category: "AWS",
  severity: "error",
  scope: "member",
  fixable: "setup",
  docs: {
    summary:
      "the member's Nodes cannot reach the leader's EKS API server: with private endpoint access, no active peering between the VPCs, a Node subnet's route table without the control-plane subnets through it (or a control-plane subnet's without the way back), or no security group of the control plane admitting TCP 443 from the Nodes; with public access, Nodes with no way to the internet, or egress addresses (NAT gateways' Elastic IPs, the Nodes' public IPs) outside `publicAccessCidrs`; `unknown` for a leader that is no EKS cluster",
    why: "The member controller (antrea-mc-controller, on the host network of one of the member's Nodes, any of them after a reschedule) connects to the leader's API server at the ClusterSet's `spec.leaders[].server`; without that connection the ClusterSet never becomes Ready and no Gateway or ClusterInfo is exchanged. An EKS endpoint with private access only is reached through the leader's VPC: over a VPC peering, with routes both ways and a security group rule for TCP 443 on the control plane's interfaces (the cluster security group, or the cluster's extra `securityGroupIds`). With public access the endpoint's name resolves to public addresses outside the leader's VPC, and only the addresses of `publicAccessCidrs` get in: the member's Nodes leave through their subnet's NAT gateway (its Elastic IPs) or, in a public subnet, with their own public IPs. With both on, the public path is assumed unless the member's Nodes share the leader's VPC (a member resolving the name privately, through a Route 53 Resolver rule or a private hosted zone, uses the private path; the finding says how to tell). Transit gateway paths are not followed yet.",
    fix: "setup adds the missing routes (in the member's and the leader's route tables, through the existing peering) and the TCP 443 rule on the leader's cluster security group, tagged, removed by teardown; it changes no EKS setting. Each finding has the commands: `aws ec2 create-route`, `aws ec2 authorize-security-group-ingress`, or `aws eks update-cluster-config` with the complete new `publicAccessCidrs` (the list replaces the cluster's).",
  },
  run(member, ctx) {
    const path = leaderPathOf(member, ctx.model);
    if (!path.ok) return [unknownFinding(path.reason)];
    if (path.kind === "self")
      return [
        {
          status: "pass",
          resource: `leader ${path.leader}`,
          message: `${member.name} is the leader: its controller reaches its own API server inside the cluster`,
        },
      ];
    const leader = { name: path.leader.name, aws: path.leaderAws };
    const findings: Finding[] = path.gaps.map((gap) => ({
      status: "fail",
      resource: gap.resource,
      message: `${member.name} → the leader's ${path.endpoint} endpoint (${path.why}): ${gap.message}`,
      ...fixOf(gap, member, path.member, leader),
    }));
    if (path.unknowns.length)
      findings.push(
        unknownFinding(
          `${member.name} → the leader's ${path.endpoint} endpoint: ${path.unknowns.join("; ")}`,
        ),
      );
    if (findings.length) return findings;
    return [
      {
        status: "pass",
        resource: `EKS cluster ${path.leaderAws.eks.name}`,
        message: `${member.name}'s Nodes reach the leader's ${path.endpoint} endpoint (${path.why})${path.fine.length ? `: ${path.fine.join(", ")}` : ""}`,
      },
    ];
  },
};
