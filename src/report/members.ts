/** The `members` part of the JSON/YAML output (docs/reference.md "JSON"), from the model. */
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
  };
  /** How AWS was reached for this member, or why it was not. */
  aws: { profile: string | null; roleArn: string | null; status: string };
  tunnel: Tunnel | null;
  gateways: GatewayView[];
}

const orUnknown = <T>(k: Known<{ source: string } & T>) =>
  k.known ? k.value.source : `unknown: ${k.reason}`;

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

const ACCOUNT_SOURCES = { sts: "sts:GetCallerIdentity", instances: "the instances' owner" };

export function memberView(m: MemberModel): MemberView {
  const cs = m.clusterSets.known ? m.clusterSets.value[0] : undefined;
  const aws = m.aws.known ? m.aws.value : undefined;
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
    },
    aws: {
      profile: m.awsSettings?.profile ?? null,
      roleArn: m.awsSettings?.roleArn ?? null,
      status: m.aws.known ? "read" : m.aws.reason,
    },
    tunnel: m.tunnel.known ? m.tunnel.value : null,
    gateways: m.gateways.known ? m.gateways.value.map((g) => gatewayView(g, m)) : [],
  };
}
