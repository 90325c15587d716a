/**
 * The parts of raw Kubernetes objects this tool reads. Everything is optional because input may come
 * from a hand-made snapshot; readers must tolerate any field being absent or of the wrong type.
 */
import type { KubeObject, ObjectMeta } from "./types.js";

export interface Container {
  name?: string;
  image?: string;
  command?: string[];
  args?: string[];
  volumeMounts?: { name?: string; mountPath?: string; subPath?: string }[];
}

export interface PodSpecShape {
  containers?: Container[];
  volumes?: { name?: string; configMap?: { name?: string } }[];
  hostNetwork?: boolean;
  nodeName?: string;
}

export interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface NodeObject extends KubeObject {
  spec?: { providerID?: string; podCIDR?: string; podCIDRs?: string[]; unschedulable?: boolean };
  status?: {
    addresses?: { type?: string; address?: string }[];
    conditions?: Condition[];
    nodeInfo?: { operatingSystem?: string; kubeletVersion?: string };
  };
}

export interface PodObject extends KubeObject {
  spec?: PodSpecShape;
  status?: { phase?: string; podIP?: string; podIPs?: { ip?: string }[]; hostIP?: string };
}

export interface DaemonSetObject extends KubeObject {
  spec?: { template?: { spec?: PodSpecShape } };
  status?: { desiredNumberScheduled?: number; numberReady?: number; numberAvailable?: number };
}

export interface DeploymentObject extends KubeObject {
  spec?: { replicas?: number; template?: { spec?: PodSpecShape } };
  status?: { availableReplicas?: number; readyReplicas?: number; conditions?: Condition[] };
}

export interface ConfigMapObject extends KubeObject {
  data?: Record<string, string>;
}

export interface ClusterSetObject extends KubeObject {
  spec?: {
    clusterID?: string;
    namespace?: string;
    leaders?: { clusterID?: string; server?: string; secret?: string }[];
  };
  status?: {
    conditions?: Condition[];
    readyClusters?: number;
    totalClusters?: number;
    /** On the leader: one per member, with its ClusterConnected condition. */
    clusterStatuses?: { clusterID?: string; conditions?: Condition[] }[];
  };
}

/** multicluster.crd.antrea.io/v1alpha1 MemberClusterAnnounce (leader namespace): top-level fields. */
export interface MemberClusterAnnounceObject extends KubeObject {
  clusterID?: string;
  clusterSetID?: string;
  leaderClusterID?: string;
}

/** multicluster.crd.antrea.io/v1alpha1 ResourceExport (leader namespace). */
export interface ResourceExportObject extends KubeObject {
  spec?: { clusterID?: string; kind?: string; name?: string; namespace?: string };
  status?: { conditions?: Condition[] };
}

export interface RoleBindingObject extends KubeObject {
  roleRef?: { kind?: string; name?: string };
  subjects?: { kind?: string; name?: string; namespace?: string }[];
}

/** multicluster.crd.antrea.io/v1alpha1 Gateway: fields are top-level (no spec). */
export interface GatewayObject extends KubeObject {
  gatewayIP?: string;
  internalIP?: string;
  serviceCIDR?: string;
  wireGuard?: { publicKey?: string };
}

export interface ClusterInfoImportObject extends KubeObject {
  spec?: {
    clusterID?: string;
    serviceCIDR?: string;
    gatewayInfos?: { gatewayIP?: string }[];
    podCIDRs?: string[];
    wireGuard?: { publicKey?: string };
  };
}

export interface ServiceCIDRObject extends KubeObject {
  spec?: { cidrs?: string[] };
}

export function meta(obj: KubeObject): ObjectMeta {
  return obj.metadata ?? {};
}

export function nameOf(obj: KubeObject): string {
  return typeof obj.metadata?.name === "string" ? obj.metadata.name : "";
}

export function namespaceOf(obj: KubeObject): string {
  return typeof obj.metadata?.namespace === "string" ? obj.metadata.namespace : "";
}

export function findCondition(conditions: unknown, type: string): Condition | undefined {
  if (!Array.isArray(conditions)) return undefined;
  return (conditions as Condition[]).find((c) => c && c.type === type);
}
