/**
 * What EKS itself says about a member (eks:DescribeCluster) against what the Multi-cluster setup
 * assumes: the Service CIDR peers are told, IPv4, compute that can run antrea-agent, and the
 * cluster security group the Antrea guide adds the tunnel rule to.
 */
import { autoModeOf } from "../analysis/aws/auto-mode.js";
import { pairEndpoints } from "../analysis/aws/endpoints.js";
import { securityGroupGaps } from "../analysis/aws/security-groups.js";
import { agreedWire } from "../analysis/aws/wire.js";
import { parseCidr } from "../model/cidr.js";
import type { ClusterSetModel, MemberModel, Sourced } from "../model/types.js";
import { configFix, mcConfigFile, setting } from "./helpers.js";
import type { Finding, MemberCheck } from "./types.js";

/** The Service CIDR the member's Gateway publishes to its peers (or its controller would). */
function published(m: MemberModel): Sourced<string> | undefined {
  const gw = m.gatewayCRs.known
    ? m.gatewayCRs.value.find((g) => parseCidr(g.serviceCIDR))
    : undefined;
  if (gw) return { value: gw.serviceCIDR, source: `Gateway ${gw.name}` };
  const mc = m.mcConfig.known && m.mcConfig.value.status === "ok" ? m.mcConfig.value : undefined;
  if (mc?.config.serviceCIDR && parseCidr(mc.config.serviceCIDR))
    return {
      value: mc.config.serviceCIDR,
      source: `ConfigMap ${mc.configMap.namespace}/${mc.configMap.name}`,
    };
  return undefined;
}

function fargateOnly(m: MemberModel): Finding | undefined {
  if (!m.nodeCompute.known) return undefined;
  const { total, fargate } = m.nodeCompute.value;
  if (total === 0 || fargate < total) return undefined;
  return {
    status: "fail",
    resource: "Nodes",
    message: `all ${total} Node${total === 1 ? "" : "s"} of ${m.name} run on Fargate (eks.amazonaws.com/compute-type: fargate): Fargate runs no DaemonSets, so no antrea-agent runs and networkPolicyOnly Multi-cluster cannot work there; add EC2 Nodes (a managed node group) for the Gateway and the workloads that talk across clusters`,
  };
}

/** Does every peer's tunnel reach the active Gateway through the groups it has? */
function tunnelAdmittedWithout(member: MemberModel, model: ClusterSetModel): boolean {
  const peers = model.members.filter((p) => p.name !== member.name);
  if (!peers.length) return false;
  return peers.every((peer) => {
    const pair = pairEndpoints(member, peer, { mine: ["DescribeSecurityGroups"] });
    const agreed = agreedWire(member, peer);
    if (!pair.ok || !agreed.ok) return false;
    const { gaps } = securityGroupGaps(pair.mine, pair.theirs, "ingress", agreed.wire, model);
    return gaps.every((g) => g.impact !== "active");
  });
}

function clusterSecurityGroup(
  member: MemberModel,
  sg: string,
  model: ClusterSetModel,
): Finding | undefined {
  const active = member.gateways.known ? member.gateways.value.find((g) => g.active) : undefined;
  const placed = active?.aws.known && active.aws.value.mapped ? active.aws.value : undefined;
  if (!placed || placed.eni.groupIds.includes(sg)) return undefined;
  // Without the tunnel admitted, aws.sg-ingress reports the missing rule (an error) instead.
  if (!tunnelAdmittedWithout(member, model)) return undefined;
  return {
    status: "warn",
    severity: "info",
    resource: placed.eni.id,
    message: `the Gateway's interface ${placed.eni.id} lacks the EKS cluster security group ${sg}, where the Antrea guide adds the tunnel rule; its groups ${placed.eni.groupIds.join(", ")} admit the tunnel from every peer, so traffic flows — add rules for the tunnel to those groups, not to ${sg}`,
  };
}

export const awsEksCluster: MemberCheck<"aws.eks-cluster"> = {
  id: "aws.eks-cluster",
  title: "What EKS says about the cluster",
  category: "AWS",
  severity: "error",
  scope: "member",
  docs: {
    summary:
      "what EKS says about the member (`eks:DescribeCluster`) contradicts the setup: the Service CIDR EKS reports differs from the one the member's Gateway publishes (error), the cluster is IPv6 (error: Multi-cluster Gateways are IPv4-only), every Node runs on Fargate (error: no antrea-agent can run), or the Gateway's interface lacks the cluster security group while its other groups admit the tunnel (info). EKS Auto Mode is said here and changes the `aws.mtu` fix. The cluster is the one the member's `eksCluster` in `--config` names, else its EKS context ARN, else a Gateway instance's `eks:cluster-name` (managed node groups), `eks:eks-cluster-name` (Karpenter, Auto Mode) or `aws:eks:cluster-name` tag; with none, `unknown`",
    why: "Peers route the Service CIDR a member's Gateway publishes into the tunnel to it, so a published range other than the one EKS gives ClusterIPs sends Service traffic to the wrong range. Antrea's Multi-cluster Gateway supports IPv4 only ([user guide](https://github.com/antrea-io/antrea/blob/main/docs/multicluster/user-guide.md); the agent refuses Multi-cluster on IPv6-only clusters). Fargate Pods run on Nodes that run no DaemonSets ([EKS user guide](https://docs.aws.amazon.com/eks/latest/userguide/fargate.html)), so no antrea-agent and no Gateway exist there. The EKS cluster security group (`resourcesVpcConfig.clusterSecurityGroupId`, [DescribeCluster](https://docs.aws.amazon.com/eks/latest/APIReference/API_DescribeCluster.html)) is where the Antrea EKS guide adds the tunnel rule; other groups work as well. In [EKS Auto Mode](https://docs.aws.amazon.com/eks/latest/userguide/auto-networking.html) EKS runs the Pod network itself, and configuration options of the VPC CNI do not apply. When Antrea's own sources say nothing, the Service CIDR EKS reports is the one `cidr.service-overlap` compares.",
    fix: "Service CIDR: set `serviceCIDR` in antrea-mc-controller-config to the range EKS reports and restart the member controller (the finding prints it). IPv6 or Fargate-only: a member needs an IPv4 cluster with EC2 Nodes (a new cluster, or a managed node group), a manual step. Cluster security group: nothing to do; add tunnel rules to the groups the Gateway has.",
  },
  run(member, ctx) {
    const findings: Finding[] = [];
    const fargate = fargateOnly(member);
    if (fargate) findings.push(fargate);
    if (!member.eks.known)
      return fargate ? findings : [{ status: "unknown", message: member.eks.reason }];
    const eks = member.eks.value;
    const cluster = `EKS cluster ${eks.name}`;
    if (eks.ipFamily === "ipv6") {
      findings.push({
        status: "fail",
        resource: cluster,
        message: `${cluster} is IPv6 (kubernetesNetworkConfig.ipFamily: ipv6): Antrea Multi-cluster Gateways are IPv4-only, so ${member.name} cannot join a ClusterSet's data path; an IPv4 cluster is needed`,
        manual: true,
      });
    }
    const mine = published(member);
    const reported = eks.serviceIpv4Cidr ? parseCidr(eks.serviceIpv4Cidr) : undefined;
    const theirs = mine ? parseCidr(mine.value) : undefined;
    if (reported && theirs && mine && reported.canonical !== theirs.canonical) {
      const mc =
        member.mcConfig.known && member.mcConfig.value.status === "ok"
          ? member.mcConfig.value
          : undefined;
      findings.push({
        status: "fail",
        resource: mine.source,
        message: `${cluster} gives ClusterIPs from ${reported.text} (eks:DescribeCluster) but ${mine.source} publishes ${theirs.text} to the peers: they would send Service traffic for ${member.name} to the wrong range`,
        ...(mc
          ? configFix(
              member,
              mcConfigFile(mc),
              [setting("serviceCIDR", reported.text)],
              "as EKS reports it",
            )
          : {}),
      });
    }
    const sg = eks.clusterSecurityGroupId;
    const lacking = sg ? clusterSecurityGroup(member, sg, ctx.model) : undefined;
    if (lacking) findings.push(lacking);
    if (findings.length) return findings;
    const auto = autoModeOf(member);
    const facts = [
      reported ? `Service CIDR ${reported.text}${theirs ? " as the Gateway publishes" : ""}` : "",
      eks.ipFamily ? eks.ipFamily.toUpperCase() : "",
      auto ? `${auto}: VPC CNI settings do not apply` : "",
    ].filter(Boolean);
    return [
      {
        status: "pass",
        // Named other than by the context ARN: say how, since the user never typed that name.
        message: `${cluster}${eks.nameFrom === "arn" ? "" : ` (${eks.nameSource})`}: ${facts.join("; ") || "nothing contradicts the setup"}`,
      },
    ];
  },
};
