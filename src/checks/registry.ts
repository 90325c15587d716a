/** Every check, in report order. IDs are stable: add, never renumber or reuse. */
import { antreaAgentConfig } from "./antrea-agent-config.js";
import { antreaGatewayEnabled } from "./antrea-gateway-enabled.js";
import { antreaMcNamespace } from "./antrea-mc-namespace.js";
import { antreaMulticlusterGate } from "./antrea-multicluster-gate.js";
import { antreaTrafficMode } from "./antrea-traffic-mode.js";
import { awsAccess } from "./aws-access.js";
import { awsInstance } from "./aws-instance.js";
import { awsMtu } from "./aws-mtu.js";
import { awsNacl } from "./aws-nacl.js";
import { awsPeering } from "./aws-peering.js";
import { awsPublicPath } from "./aws-public-path.js";
import { awsRoute } from "./aws-route.js";
import { awsSgEgress } from "./aws-sg-egress.js";
import { awsSgIngress } from "./aws-sg-ingress.js";
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
import { mcTunnelConsistency } from "./mc-tunnel-consistency.js";
import type { Check } from "./types.js";

export const CHECKS: readonly Check[] = [
  kubeAccess,
  antreaAgentConfig,
  antreaTrafficMode,
  antreaMulticlusterGate,
  antreaGatewayEnabled,
  antreaMcNamespace,
  mcController,
  mcClusterSet,
  mcGatewayCandidates,
  mcGateway,
  mcIpPrecedence,
  mcClusterInfo,
  mcTunnelConsistency,
  cidrServiceOverlap,
  cidrPodOverlap,
  cidrPodConfig,
  awsAccess,
  awsInstance,
  awsVpcOverlap,
  awsPeering,
  awsRoute,
  awsSgIngress,
  awsSgEgress,
  awsNacl,
  awsPublicPath,
  awsMtu,
];

/** Checks that run even when a member's API server cannot be reached. */
export const ACCESS_CHECKS: ReadonlySet<string> = new Set([kubeAccess.id]);
