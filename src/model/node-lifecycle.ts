/**
 * What creates and replaces a Gateway candidate's Node. The annotation that makes a candidate
 * lives on the Node object, so it goes when the Node is replaced; only Karpenter can put it on a
 * new Node (its NodePool's template), so whether a candidate keeps the role depends on this.
 */
import {
  ASG_NAME_TAG,
  EKS_NODEGROUP_TAG,
  KARPENTER_NODEPOOL_TAG,
} from "../aws/node-lifecycle-tags.js";
import {
  EKS_COMPUTE_TYPE_LABEL,
  EKS_NODEGROUP_LABEL,
  KARPENTER_NODEPOOL_LABEL,
  type NodePoolObject,
} from "../kube/node-lifecycle.js";
import type { NodeObject } from "../kube/shapes.js";
import { nameOf } from "../kube/shapes.js";
import type { KubeObject } from "../kube/types.js";
import { stringMap } from "../util/json.js";
import type { GatewayNode, Known, MemberModel, NodeLifecycleLabels, NodePools } from "./types.js";

export function lifecycleLabels(node: NodeObject): NodeLifecycleLabels {
  const labels = stringMap(node.metadata?.labels);
  const pick = (key: string) => (labels[key] ? labels[key] : undefined);
  const nodePool = pick(KARPENTER_NODEPOOL_LABEL);
  const nodeGroup = pick(EKS_NODEGROUP_LABEL);
  const computeType = pick(EKS_COMPUTE_TYPE_LABEL);
  return {
    ...(nodePool ? { nodePool } : {}),
    ...(nodeGroup ? { nodeGroup } : {}),
    ...(computeType ? { computeType } : {}),
  };
}

/** What replaces a Node, and so whether a replacement is a Gateway candidate again. */
export type NodeLifecycle =
  | {
      readonly kind: "karpenter";
      readonly nodePool: string;
      /** An EKS Auto Mode Node (Karpenter run by EKS). */
      readonly autoMode: boolean;
    }
  | { readonly kind: "node-group"; readonly nodeGroup: string; readonly autoScalingGroup?: string }
  | { readonly kind: "auto-scaling-group"; readonly autoScalingGroup: string }
  /** An EC2 instance no Auto Scaling group or Karpenter launched: nothing replaces it. */
  | { readonly kind: "standalone" }
  | { readonly kind: "unknown"; readonly reason: string };

/**
 * From the Node's labels, else its instance's tags (a self-managed Auto Scaling group labels
 * nothing). Without the instance, a Node without those labels is unknown.
 */
export function lifecycleOf(g: GatewayNode, member: Pick<MemberModel, "aws">): NodeLifecycle {
  const l = g.lifecycleLabels;
  // The instance, also when the Node could not be placed on one of its interfaces.
  const placed =
    g.aws.known && g.aws.value.mapped
      ? g.aws.value.instance
      : g.instanceId && member.aws.known
        ? member.aws.value.inventory.instances.get(g.instanceId)
        : undefined;
  const tags = placed?.tags ?? {};
  const nodePool = l.nodePool ?? tags[KARPENTER_NODEPOOL_TAG];
  if (nodePool) return { kind: "karpenter", nodePool, autoMode: l.computeType === "auto" };
  const asg = tags[ASG_NAME_TAG];
  const nodeGroup = l.nodeGroup ?? tags[EKS_NODEGROUP_TAG];
  if (nodeGroup)
    return { kind: "node-group", nodeGroup, ...(asg ? { autoScalingGroup: asg } : {}) };
  if (asg) return { kind: "auto-scaling-group", autoScalingGroup: asg };
  if (placed) return { kind: "standalone" };
  return {
    kind: "unknown",
    reason: g.aws.known
      ? `its labels name no NodePool or node group, and its EC2 instance ${g.instanceId ?? "(no EC2 providerID)"} was not read`
      : `its labels name no NodePool or node group, and ${g.aws.reason}`,
  };
}

/**
 * Karpenter's NodePools, or that Karpenter (v1.0+) is not installed: a NodePool API that is not
 * served is a fact, not a failed read.
 */
export function nodePoolsOf(
  fetched: Known<readonly KubeObject[]>,
  notServed: boolean,
): Known<NodePools> {
  if (notServed) return { known: true, value: { served: false, pools: [] } };
  if (!fetched.known) return fetched;
  return {
    known: true,
    value: {
      served: true,
      pools: fetched.value.map((p) => ({
        name: nameOf(p),
        annotations: stringMap((p as NodePoolObject).spec?.template?.metadata?.annotations),
      })),
    },
  };
}
