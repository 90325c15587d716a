/**
 * What creates and replaces a Node, as its labels say: Karpenter (its NodePool, which can put
 * annotations on the Nodes it creates), an EKS managed node group, or EKS Auto Mode (Karpenter run
 * by EKS). The AWS side (instance tags) is in src/aws/node-lifecycle-tags.ts.
 */
import type { KubeObject } from "./types.js";

/** Karpenter v0.32+ labels every Node it creates with its NodePool's name. */
export const KARPENTER_NODEPOOL_LABEL = "karpenter.sh/nodepool";
/** EKS labels the Nodes of a managed node group with its name. */
export const EKS_NODEGROUP_LABEL = "eks.amazonaws.com/nodegroup";
/** "auto" on EKS Auto Mode Nodes, "fargate" on Fargate ones. */
export const EKS_COMPUTE_TYPE_LABEL = "eks.amazonaws.com/compute-type";

/** The labels the model reads to tell who manages a Node (kept by the model projection). */
export const NODE_LIFECYCLE_LABELS = [
  KARPENTER_NODEPOOL_LABEL,
  EKS_NODEGROUP_LABEL,
  EKS_COMPUTE_TYPE_LABEL,
] as const;

/** Karpenter's NodePool (karpenter.sh/v1): what it stamps on the Nodes it creates. */
export interface NodePoolObject extends KubeObject {
  spec?: {
    template?: {
      metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
    };
  };
}

/** EKS Auto Mode's built-in NodePools, which EKS manages: they cannot be edited. */
export const AUTO_MODE_BUILT_IN_NODEPOOLS = ["general-purpose", "system"] as const;
