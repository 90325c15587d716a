/**
 * Every check, in report order (the order of CHECK_IDS). The map is typed by the IDs: a check
 * missing here, or registered under another check's ID, does not compile.
 */
import { CHECK_IDS, type CheckId, isCheckId, type ResultId } from "../check-ids.js";
import { antreaAgentConfig } from "./antrea-agent-config.js";
import { antreaGatewayEnabled } from "./antrea-gateway-enabled.js";
import { antreaMcNamespace } from "./antrea-mc-namespace.js";
import { antreaMulticlusterGate } from "./antrea-multicluster-gate.js";
import { antreaTrafficMode } from "./antrea-traffic-mode.js";
import { antreaVersion } from "./antrea-version.js";
import { awsAccess } from "./aws-access.js";
import { awsEksCluster } from "./aws-eks-cluster.js";
import { awsInstance } from "./aws-instance.js";
import { awsLeaderPath } from "./aws-leader-path.js";
import { awsMtu } from "./aws-mtu.js";
import { awsNacl } from "./aws-nacl.js";
import { awsNodeToGateway } from "./aws-node-to-gateway.js";
import { awsPeering } from "./aws-peering.js";
import { awsPublicPath } from "./aws-public-path.js";
import { awsQuota } from "./aws-quota.js";
import { awsRoute } from "./aws-route.js";
import { awsSgEgress } from "./aws-sg-egress.js";
import { awsSgIngress } from "./aws-sg-ingress.js";
import { awsTransitGateway } from "./aws-transit-gateway.js";
import { awsVpcOverlap } from "./aws-vpc-overlap.js";
import { cidrPodConfig } from "./cidr-pod-config.js";
import { cidrPodOverlap } from "./cidr-pod-overlap.js";
import { cidrServiceOverlap } from "./cidr-service-overlap.js";
import { kubeAccess } from "./kube-access.js";
import { mcClusterInfo } from "./mc-clusterinfo.js";
import { mcClusterSet } from "./mc-clusterset.js";
import { mcController } from "./mc-controller.js";
import { mcGateway } from "./mc-gateway.js";
import { mcGatewayCandidates } from "./mc-gateway-candidates.js";
import { mcIpPrecedence } from "./mc-ip-precedence.js";
import { mcLeader } from "./mc-leader.js";
import { mcTunnelConsistency } from "./mc-tunnel-consistency.js";
import type { Check } from "./types.js";

const BY_ID: { readonly [K in CheckId]: Check & { readonly id: K } } = {
  "kube.access": kubeAccess,
  "antrea.agent-config": antreaAgentConfig,
  "antrea.traffic-mode": antreaTrafficMode,
  "antrea.multicluster-gate": antreaMulticlusterGate,
  "antrea.gateway-enabled": antreaGatewayEnabled,
  "antrea.mc-namespace": antreaMcNamespace,
  "mc.controller": mcController,
  "mc.clusterset": mcClusterSet,
  "mc.gateway-candidates": mcGatewayCandidates,
  "mc.gateway": mcGateway,
  "mc.ip-precedence": mcIpPrecedence,
  "mc.clusterinfo": mcClusterInfo,
  "mc.tunnel-consistency": mcTunnelConsistency,
  "mc.leader": mcLeader,
  "antrea.version": antreaVersion,
  "cidr.service-overlap": cidrServiceOverlap,
  "cidr.pod-overlap": cidrPodOverlap,
  "cidr.pod-config": cidrPodConfig,
  "aws.access": awsAccess,
  "aws.instance": awsInstance,
  "aws.eks-cluster": awsEksCluster,
  "aws.leader-path": awsLeaderPath,
  "aws.vpc-overlap": awsVpcOverlap,
  "aws.peering": awsPeering,
  "aws.quota": awsQuota,
  "aws.transit-gateway": awsTransitGateway,
  "aws.route": awsRoute,
  "aws.sg-ingress": awsSgIngress,
  "aws.sg-egress": awsSgEgress,
  "aws.nacl": awsNacl,
  "aws.node-to-gateway": awsNodeToGateway,
  "aws.public-path": awsPublicPath,
  "aws.mtu": awsMtu,
};

export const CHECKS: readonly Check[] = CHECK_IDS.map((id) => BY_ID[id]);

/** A check's metadata by its ID. */
export function checkOf(id: CheckId): Check {
  return BY_ID[id];
}

/** A failed access check: the member could not be read, the verdict is incomplete (exit 3). */
export function isIncomplete(r: { readonly id: ResultId; readonly status: string }): boolean {
  return r.status === "fail" && isCheckId(r.id) && BY_ID[r.id].gate === "access";
}

/** The check is one setup makes pass. */
export function fixableBySetup(id: CheckId): boolean {
  return BY_ID[id].fixable === "setup";
}
