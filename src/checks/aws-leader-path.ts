import { leaderPathOf } from "../analysis/aws/leader-path.js";
import { leaderPathFix } from "../fixes/leader-path.js";
import { unknownFinding } from "./helpers.js";
import type { Finding, MemberCheck } from "./types.js";

export const awsLeaderPath: MemberCheck<"aws.leader-path"> = {
  id: "aws.leader-path",
  title: "Nodes to the leader's API server",
  category: "AWS",
  severity: "error",
  scope: "member",
  fixable: "setup",
  docs: {
    summary:
      "the member's Nodes cannot reach the leader's EKS API server: with private endpoint access, no active peering (nor a transit gateway) between the VPCs, a Node subnet's route table without the control-plane subnets through it (or a control-plane subnet's without the way back), a break of the path through the transit gateways, or no security group of the control plane admitting TCP 443 from the Nodes; with public access, Nodes with no way to the internet, or egress addresses (NAT gateways' Elastic IPs, the Nodes' public IPs) outside `publicAccessCidrs`; `unknown` for a leader that is no EKS cluster",
    why: "The member controller (antrea-mc-controller, on the host network of one of the member's Nodes, any of them after a reschedule) connects to the leader's API server at the ClusterSet's `spec.leaders[].server`; without that connection the ClusterSet never becomes Ready and no Gateway or ClusterInfo is exchanged. An EKS endpoint with private access only is reached through the leader's VPC: over a VPC peering, with routes both ways and a security group rule for TCP 443 on the control plane's interfaces (the cluster security group, or the cluster's extra `securityGroupIds`). With public access the endpoint's name resolves to public addresses outside the leader's VPC, and only the addresses of `publicAccessCidrs` get in: the member's Nodes leave through their subnet's NAT gateway (its Elastic IPs) or, in a public subnet, with their own public IPs. With both on, the public path is assumed unless the member's Nodes share the leader's VPC (a member resolving the name privately, through a Route 53 Resolver rule or a private hosted zone, uses the private path; the finding says how to tell). Where a transit gateway joins the VPCs (the Node subnets route the control plane to it, or no peering does and a gateway joins them), the Node subnets and the control-plane subnets must route each other to it, and the path through the gateways is followed hop by hop as for the Gateways (aws.transit-gateway): TCP 443 there, the answers back.",
    fix: "setup adds the missing routes through the existing peering or transit gateway (in the member's tables, and in the leader's when the leader is also a member) and, for a leader that is a member, the TCP 443 rule on its cluster security group, tagged, removed by teardown; a route to another target is repointed only when it points at a peering that is gone. For a leader of its own, and for what EKS governs (`publicAccessCidrs`, endpoint access) or a Node's way to the internet, setup lists the commands and changes nothing. Each finding has them: `aws ec2 create-route` or `replace-route`, `aws ec2 authorize-security-group-ingress`, or `aws eks update-cluster-config` with the complete new `publicAccessCidrs` (the list replaces the cluster's).",
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
      message: `${member.name} → the leader ${path.leader.name}'s ${path.endpoint} endpoint (${path.why}): ${gap.message}`,
      ...leaderPathFix(gap, member, path.member, leader),
    }));
    if (path.unknowns.length)
      findings.push(
        unknownFinding(
          `${member.name} → the leader ${path.leader.name}'s ${path.endpoint} endpoint: ${path.unknowns.join("; ")}`,
        ),
      );
    if (findings.length) return findings;
    return [
      {
        status: "pass",
        resource: `EKS cluster ${path.leaderAws.eks.name}`,
        message: `${member.name}'s Nodes reach the leader ${path.leader.name}'s ${path.endpoint} endpoint (${path.why})${path.fine.length ? `: ${path.fine.join(", ")}` : ""}`,
      },
    ];
  },
};
