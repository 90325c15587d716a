/** The `members` part of the JSON/YAML output (CONTRACT §4), from the model. */

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
  /** Filled in once AWS is inspected. */
  networkInterfaceId: string | null;
  subnetId: string | null;
  routeTableId: string | null;
  securityGroupIds: string[];
  networkAclId: string | null;
  vpcId: string | null;
}

export interface MemberView {
  name: string;
  context: string;
  clusterID: string | null;
  clusterSet: string | null;
  namespace: string;
  region: string | null;
  antreaVersion: string | null;
  kubernetesVersion: string | null;
  serviceCIDR: string | null;
  podCIDRs: string[];
  /** Where each value came from, or "unknown: <reason>". */
  sources: { namespace: string; region: string | null; serviceCIDR: string; podCIDRs: string };
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
    networkInterfaceId: null,
    subnetId: null,
    routeTableId: null,
    securityGroupIds: [],
    networkAclId: null,
    vpcId: null,
  };
}

export function memberView(m: MemberModel): MemberView {
  const cs = m.clusterSets.known ? m.clusterSets.value[0] : undefined;
  return {
    name: m.name,
    context: m.context,
    clusterID: m.clusterID ?? null,
    clusterSet: cs?.name ?? null,
    namespace: m.namespace.value,
    region: m.region?.value ?? null,
    antreaVersion: m.antreaVersion ?? null,
    kubernetesVersion: m.kubernetesVersion ?? null,
    serviceCIDR: m.serviceCIDR.known ? m.serviceCIDR.value.value : null,
    podCIDRs: m.podCIDRs.known ? [...m.podCIDRs.value.value] : [],
    sources: {
      namespace: m.namespace.source,
      region: m.region?.source ?? null,
      serviceCIDR: orUnknown(m.serviceCIDR),
      podCIDRs: orUnknown(m.podCIDRs),
    },
    tunnel: m.tunnel.known ? m.tunnel.value : null,
    gateways: m.gateways.known ? m.gateways.value.map((g) => gatewayView(g, m)) : [],
  };
}
