/** The `members` part of the JSON/YAML output (docs/reference.md "JSON"), from the model. */
import { nodeGroupsOf } from "../analysis/aws/node-to-gateway.js";
import { some } from "../checks/helpers.js";
import type { EksCluster } from "../model/aws/eks.js";
import { lifecycleOf, type NodeLifecycle } from "../model/node-lifecycle.js";
import type { Tunnel } from "../model/tunnel.js";
import type { GatewayNode, Known, MemberModel } from "../model/types.js";

export interface GatewayView {
  node: string;
  active: boolean;
  candidate: boolean;
  ready: boolean;
  gatewayIP: string | null;
  internalIP: string | null;
  externalIP: string | null;
  instanceId: string | null;
  zone: string | null;
  /**
   * What launched the Node, and so replaces it: "Karpenter NodePool gateway", "EKS Auto Mode
   * NodePool general-purpose", "managed node group ng-1", "Auto Scaling group asg-1",
   * "standalone instance"; null when not known.
   */
  launchedBy: string | null;
  /** From EC2, once AWS is read: the interface holding the Node's IP and what governs it. */
  networkInterfaceId: string | null;
  subnetId: string | null;
  routeTableId: string | null;
  securityGroupIds: string[];
  networkAclId: string | null;
  vpcId: string | null;
  vpcCidrs: string[];
  /** "mapped", why the Node could not be mapped to EC2, or why AWS was not read. */
  aws: string;
}

/** What eks:DescribeCluster says of the member's cluster; what it does not say is null. */
export interface EksView {
  name: string;
  /** Where the name came from: the context's ARN, a Gateway instance's tag. */
  nameSource: string;
  arn: string | null;
  status: string | null;
  version: string | null;
  ipFamily: string | null;
  serviceIpv4Cidr: string | null;
  vpcId: string | null;
  clusterSecurityGroupId: string | null;
  autoMode: boolean;
}

/** Linux Nodes whose primary interface shares a subnet, security groups and network ACL. */
export interface NodeGroupView {
  subnetId: string;
  securityGroupIds: string[];
  networkAclId: string | null;
  nodeCount: number;
  /** The first NODE_NAMES names: a group may hold hundreds of Nodes. */
  nodes: string[];
}

/** How many Node names a group lists. */
export const NODE_NAMES = 10;

export interface MemberView {
  name: string;
  context: string;
  clusterID: string | null;
  clusterSet: string | null;
  namespace: string;
  region: string | null;
  account: string | null;
  antreaVersion: string | null;
  kubernetesVersion: string | null;
  serviceCIDR: string | null;
  podCIDRs: string[];
  /** Where each value came from, or "unknown: <reason>". */
  sources: {
    namespace: string;
    region: string | null;
    account: string | null;
    serviceCIDR: string;
    podCIDRs: string;
    eks: string;
    nodeGroups: string;
  };
  /** How AWS was reached for this member, or why it was not. */
  aws: { profile: string | null; roleArn: string | null; status: string };
  /** Null when not known (`sources.eks` says why). */
  eks: EksView | null;
  tunnel: Tunnel | null;
  gateways: GatewayView[];
  /** The Node groups of aws.node-to-gateway; empty when not known (`sources.nodeGroups` says why). */
  nodeGroups: NodeGroupView[];
}

const orUnknown = <T>(k: Known<{ source: string } & T>) =>
  k.known ? k.value.source : `unknown: ${k.reason}`;

function launchedBy(l: NodeLifecycle): string | null {
  switch (l.kind) {
    case "karpenter":
      return `${l.autoMode ? "EKS Auto Mode" : "Karpenter"} NodePool ${l.nodePool}`;
    case "node-group":
      return `managed node group ${l.nodeGroup}`;
    case "auto-scaling-group":
      return `Auto Scaling group ${l.autoScalingGroup}`;
    case "standalone":
      return "standalone instance";
    case "unknown":
      return null;
  }
}

function gatewayView(g: GatewayNode, member: MemberModel): GatewayView {
  const cr = member.gatewayCRs.known
    ? member.gatewayCRs.value.find((x) => x.name === g.node)
    : undefined;
  const expected = g.expected.ok ? g.expected : undefined;
  const placed = g.aws.known && g.aws.value.mapped ? g.aws.value : undefined;
  return {
    node: g.node,
    active: g.active,
    candidate: g.candidate,
    ready: g.ready,
    gatewayIP: cr?.gatewayIP || expected?.gatewayIP || null,
    internalIP: cr?.internalIP || g.internalIP || null,
    externalIP: g.externalIP ?? null,
    instanceId: g.instanceId ?? null,
    zone: g.zone ?? null,
    launchedBy: launchedBy(lifecycleOf(g, member)),
    networkInterfaceId: placed?.eni.id ?? null,
    subnetId: placed?.eni.subnetId ?? null,
    routeTableId: placed?.routeTable?.id ?? null,
    securityGroupIds: placed ? [...placed.eni.groupIds] : [],
    networkAclId: placed?.nacl?.id ?? null,
    vpcId: placed?.eni.vpcId ?? null,
    vpcCidrs: placed?.vpc ? [...placed.vpc.cidrs] : [],
    aws: g.aws.known
      ? g.aws.value.mapped
        ? "mapped"
        : g.aws.value.problem
      : `unknown: ${g.aws.reason}`,
  };
}

function eksView(e: EksCluster): EksView {
  return {
    name: e.name,
    nameSource: e.nameSource,
    arn: e.arn ?? null,
    status: e.status ?? null,
    version: e.version ?? null,
    ipFamily: e.ipFamily ?? null,
    serviceIpv4Cidr: e.serviceIpv4Cidr ?? null,
    vpcId: e.vpcId ?? null,
    clusterSecurityGroupId: e.clusterSecurityGroupId ?? null,
    autoMode: e.autoMode,
  };
}

/** The member's Node groups, and where they came from or why they are not known. */
function nodeGroupsView(m: MemberModel): { groups: NodeGroupView[]; source: string } {
  const r = nodeGroupsOf(m);
  if (!r.ok) return { groups: [], source: `unknown: ${r.reason}` };
  const notPlaced = r.unplaced.length ? `; not placed in EC2: ${some([...r.unplaced])}` : "";
  return {
    groups: r.groups.map((g) => ({
      subnetId: g.subnetId,
      securityGroupIds: [...g.groupIds],
      networkAclId: g.naclId ?? null,
      nodeCount: g.nodes.length,
      nodes: g.nodes.slice(0, NODE_NAMES).map((n) => n.node),
    })),
    source: `the Nodes' primary network interfaces in EC2${notPlaced}`,
  };
}

const ACCOUNT_SOURCES = { sts: "sts:GetCallerIdentity", instances: "the instances' owner" };

export function memberView(m: MemberModel): MemberView {
  const cs = m.clusterSets.known ? m.clusterSets.value[0] : undefined;
  const aws = m.aws.known ? m.aws.value : undefined;
  const nodeGroups = nodeGroupsView(m);
  return {
    name: m.name,
    context: m.context,
    clusterID: m.clusterID ?? null,
    clusterSet: cs?.name ?? null,
    namespace: m.namespace.value,
    region: aws?.region ?? m.region?.value ?? null,
    account: aws?.account ?? null,
    antreaVersion: m.antreaVersion ?? null,
    kubernetesVersion: m.kubernetesVersion ?? null,
    serviceCIDR: m.serviceCIDR.known ? m.serviceCIDR.value.value : null,
    podCIDRs: m.podCIDRs.known ? [...m.podCIDRs.value.value] : [],
    sources: {
      namespace: m.namespace.source,
      region: aws ? (aws.settings.regionSource ?? null) : (m.region?.source ?? null),
      account: aws?.accountSource ? ACCOUNT_SOURCES[aws.accountSource] : null,
      serviceCIDR: orUnknown(m.serviceCIDR),
      podCIDRs: orUnknown(m.podCIDRs),
      eks: m.eks.known ? "eks:DescribeCluster" : `unknown: ${m.eks.reason}`,
      nodeGroups: nodeGroups.source,
    },
    aws: {
      profile: m.awsSettings?.profile ?? null,
      roleArn: m.awsSettings?.roleArn ?? null,
      status: m.aws.known ? "read" : m.aws.reason,
    },
    eks: m.eks.known ? eksView(m.eks.value) : null,
    tunnel: m.tunnel.known ? m.tunnel.value : null,
    gateways: m.gateways.known ? m.gateways.value.map((g) => gatewayView(g, m)) : [],
    nodeGroups: nodeGroups.groups,
  };
}
