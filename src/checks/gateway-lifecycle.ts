/**
 * mc.gateway-candidates' findings on how a candidate loses the role: the annotation is on the Node
 * object, so a replaced Node comes back without it unless a Karpenter NodePool puts it there.
 */

import { runAs } from "../fixes/aws.js";
import { protectFromScaleIn } from "../fixes/scale-in.js";
import { GATEWAY_ANNOTATION } from "../kube/locate.js";
import { AUTO_MODE_BUILT_IN_NODEPOOLS, EKS_NODEGROUP_LABEL } from "../kube/node-lifecycle.js";
import { lifecycleOf, type NodeLifecycle } from "../model/node-lifecycle.js";
import type { GatewayNode, MemberModel } from "../model/types.js";
import { kubectl, some } from "./helpers.js";
import type { Finding } from "./types.js";

type Owned = Exclude<NodeLifecycle, { kind: "standalone" } | { kind: "unknown" }>;

const ownerKey = (l: Owned) =>
  l.kind === "karpenter"
    ? `karpenter/${l.nodePool}`
    : l.kind === "node-group"
      ? `node-group/${l.nodeGroup}`
      : `asg/${l.autoScalingGroup}`;

const candidatesText = (gs: readonly GatewayNode[]) =>
  `${gs.length === 1 ? "Gateway candidate" : "Gateway candidates"} ${some(gs.map((g) => g.node))}`;

const ANNOTATE_IN_TEMPLATE = JSON.stringify({
  spec: { template: { metadata: { annotations: { [GATEWAY_ANNOTATION]: "true" } } } },
});

function karpenter(
  member: MemberModel,
  owner: Extract<Owned, { kind: "karpenter" }>,
  gs: readonly GatewayNode[],
): Finding | undefined {
  const pool = owner.nodePool;
  const who = `${candidatesText(gs)} ${gs.length === 1 ? "comes" : "come"} from Karpenter NodePool ${pool}`;
  const check = kubectl(
    member,
    `get nodepools.karpenter.sh ${pool} -o jsonpath='{.spec.template.metadata.annotations}'`,
  );
  if (!member.nodePools.known) {
    return {
      status: "unknown",
      resource: `NodePool ${pool}`,
      message: `${who}; whether it puts ${GATEWAY_ANNOTATION} on the Nodes it creates is not known: ${member.nodePools.reason}`,
      remediation: check,
    };
  }
  if (!member.nodePools.value.served) {
    return {
      status: "unknown",
      resource: `NodePool ${pool}`,
      message: `${who}, but karpenter.sh/v1 NodePools are not served (Karpenter before v1.0), so whether it puts ${GATEWAY_ANNOTATION} on the Nodes it creates is not known`,
      remediation: check,
    };
  }
  const found = member.nodePools.value.pools.find((p) => p.name === pool);
  if (found && GATEWAY_ANNOTATION in found.annotations) return undefined;
  const loses = `when Karpenter replaces ${gs.length === 1 ? "it" : "them"} (consolidation, drift, expiry, interruption) the new Node has no ${GATEWAY_ANNOTATION}`;
  if (!found) {
    return {
      status: "warn",
      resource: `NodePool ${pool}`,
      message: `${who}, which no longer exists: Karpenter removes its Nodes, and ${loses}`,
      remediation: kubectl(member, "get nodepools.karpenter.sh"),
    };
  }
  const builtIn =
    owner.autoMode && (AUTO_MODE_BUILT_IN_NODEPOOLS as readonly string[]).includes(pool);
  if (builtIn) {
    return {
      status: "warn",
      resource: `NodePool ${pool}`,
      message: `${who}, EKS Auto Mode's built-in NodePool, whose template does not set ${GATEWAY_ANNOTATION}: ${loses}. Built-in NodePools cannot be edited: run the Gateways from a NodePool of your own whose spec.template.metadata.annotations sets it`,
      remediation: kubectl(member, `get nodepools.karpenter.sh ${pool} -o yaml`),
    };
  }
  // The template is hashed for drift: changing it replaces the NodePool's Nodes, Gateways too.
  return {
    status: "warn",
    resource: `NodePool ${pool}`,
    message: `${who}, whose template does not set ${GATEWAY_ANNOTATION}: ${loses}. Set it in spec.template.metadata.annotations; Karpenter then replaces ${pool}'s Nodes as drifted, the Gateways too (a failover), as its disruption budgets allow, and every Node of ${pool} becomes a candidate: give the Gateways a NodePool of their own`,
    remediation: kubectl(
      member,
      `patch nodepools.karpenter.sh ${pool} --type merge -p '${ANNOTATE_IN_TEMPLATE}'`,
    ),
    manual: true,
  };
}

function nodeGroup(member: MemberModel, name: string, gs: readonly GatewayNode[]): Finding {
  return {
    status: "warn",
    resource: `node group ${name}`,
    message: `${candidatesText(gs)} ${gs.length === 1 ? "is" : "are"} in EKS managed node group ${name}: its updates (AMI, Kubernetes version) and node repair replace Nodes, scale-in removes them, and new Nodes lack ${GATEWAY_ANNOTATION} (node groups set labels, not annotations). Annotate new Nodes after each update, or run the Gateways from a Karpenter NodePool that sets it`,
    remediation: `# after each update of ${name} (every Node of it becomes a candidate):\n${kubectl(member, `annotate nodes -l ${EKS_NODEGROUP_LABEL}=${name} ${GATEWAY_ANNOTATION}=true --overwrite`)}`,
  };
}

function autoScalingGroup(member: MemberModel, name: string, gs: readonly GatewayNode[]): Finding {
  const ids = gs.map((g) => g.instanceId).filter((id): id is string => id !== undefined);
  const aws = member.aws.known ? member.aws.value : undefined;
  const nodes = gs.map((g) => g.node).join(" ");
  return {
    status: "warn",
    resource: `Auto Scaling group ${name}`,
    message: `${candidatesText(gs)} ${gs.length === 1 ? "runs" : "run"} in Auto Scaling group ${name}: scale-in (the group's, or Cluster Autoscaler's) removes instances, a health check or an instance refresh replaces them, and new Nodes lack ${GATEWAY_ANNOTATION} (kubelet flags set labels, not annotations). Protect the instances from scale-in and annotate new Nodes after a replacement, or run the Gateways from a Karpenter NodePool that sets it`,
    ...(aws && ids.length
      ? {
          remediation: [
            `${runAs(member.name, aws)}# the group's scale-in passes them by (a health-check replacement does not):`,
            protectFromScaleIn(aws, name, ids),
            "# Cluster Autoscaler, if it runs, scales them down only without this:",
            kubectl(
              member,
              `annotate nodes ${nodes} cluster-autoscaler.kubernetes.io/scale-down-disabled=true`,
            ),
          ].join("\n"),
        }
      : {}),
  };
}

/** One finding per NodePool, node group or Auto Scaling group whose candidates may lose the role. */
export function lifecycleFindings(
  member: MemberModel,
  candidates: readonly GatewayNode[],
): Finding[] {
  const groups = new Map<string, { owner: Owned; nodes: GatewayNode[] }>();
  for (const g of candidates) {
    const owner = lifecycleOf(g, member);
    if (owner.kind === "standalone" || owner.kind === "unknown") continue;
    const key = ownerKey(owner);
    const entry = groups.get(key) ?? { owner, nodes: [] };
    entry.nodes.push(g);
    groups.set(key, entry);
  }
  const findings: Finding[] = [];
  for (const { owner, nodes } of groups.values()) {
    const f =
      owner.kind === "karpenter"
        ? karpenter(member, owner, nodes)
        : owner.kind === "node-group"
          ? nodeGroup(member, owner.nodeGroup, nodes)
          : autoScalingGroup(member, owner.autoScalingGroup, nodes);
    if (f) findings.push(f);
  }
  return findings;
}
