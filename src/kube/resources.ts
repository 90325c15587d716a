import { stringMap } from "../util/json.js";
import { MC_CONTROLLER, MC_GROUP } from "./locate.js";
import { KARPENTER_NODEPOOL_LABEL } from "./node-lifecycle.js";
import type { KubeObject, LeaderResourceKey, ResourceKey, ResourceRef } from "./types.js";

/** How one snapshot file is read: the API request and the kubectl command that prints the same. */
export interface ResourceSpec extends ResourceRef {
  key: ResourceKey | LeaderResourceKey;
  /** cluster: cluster-scoped; all: all namespaces; member: the member namespace; named: by name. */
  scope: "cluster" | "all" | "member" | "named";
  fieldSelector?: string;
  /** A 404 only means the API is not served on this Kubernetes version: not an access problem. */
  optional?: boolean;
  /**
   * Whether the cluster uses this optional API, from its Nodes and its Kubernetes minor version:
   * where it does not, a refused read is no access problem either (kube-apiserver authorizes
   * before it looks the API up, so RBAC without it answers 403 where the API is not served).
   */
  usedBy?: (cluster: {
    readonly nodes: readonly KubeObject[];
    readonly kubernetesMinor?: number;
  }) => boolean;
  kubectl: (namespace: string, refs?: readonly { namespace: string; name: string }[]) => string;
}

const mc = (plural: string, version: string): Omit<ResourceSpec, "key" | "scope" | "kubectl"> => ({
  group: MC_GROUP,
  version,
  plural,
});

export const RESOURCES: Record<ResourceKey, ResourceSpec> = {
  nodes: {
    key: "nodes",
    group: "",
    version: "v1",
    plural: "nodes",
    scope: "cluster",
    kubectl: () => "kubectl get nodes -o json",
  },
  pods: {
    key: "pods",
    group: "",
    version: "v1",
    plural: "pods",
    scope: "all",
    fieldSelector: "status.phase=Running",
    kubectl: () => "kubectl get pods -A --field-selector=status.phase=Running -o json",
  },
  daemonsets: {
    key: "daemonsets",
    group: "apps",
    version: "v1",
    plural: "daemonsets",
    scope: "all",
    kubectl: () => "kubectl get daemonsets.apps -A -o json",
  },
  deployments: {
    key: "deployments",
    group: "apps",
    version: "v1",
    plural: "deployments",
    scope: "all",
    fieldSelector: `metadata.name=${MC_CONTROLLER}`,
    kubectl: () =>
      `kubectl get deployments.apps -A --field-selector=metadata.name=${MC_CONTROLLER} -o json`,
  },
  configmaps: {
    key: "configmaps",
    group: "",
    version: "v1",
    plural: "configmaps",
    scope: "named",
    kubectl: (
      ns,
      refs = [
        { namespace: ns, name: "antrea-config" },
        { namespace: ns, name: "antrea-mc-controller-config" },
      ],
    ) => {
      // One command per namespace; when there are two, their items go into one List.
      const byNs = new Map<string, string[]>();
      for (const r of refs) byNs.set(r.namespace, [...(byNs.get(r.namespace) ?? []), r.name]);
      const commands = [...byNs].map(
        ([n, names]) => `kubectl get configmaps -n ${n} ${names.join(" ")} -o json`,
      );
      return commands.length > 1
        ? `${commands.join("; ")} (merge the items into one List)`
        : (commands[0] ?? "");
    },
  },
  clustersets: {
    key: "clustersets",
    ...mc("clustersets", "v1alpha2"),
    scope: "member",
    kubectl: (ns) => `kubectl get clustersets.v1alpha2.${MC_GROUP} -n ${ns} -o json`,
  },
  gateways: {
    key: "gateways",
    ...mc("gateways", "v1alpha1"),
    scope: "member",
    kubectl: (ns) => `kubectl get gateways.v1alpha1.${MC_GROUP} -n ${ns} -o json`,
  },
  clusterinfoimports: {
    key: "clusterinfoimports",
    ...mc("clusterinfoimports", "v1alpha1"),
    scope: "member",
    kubectl: (ns) => `kubectl get clusterinfoimports.v1alpha1.${MC_GROUP} -n ${ns} -o json`,
  },
  servicecidrs: {
    key: "servicecidrs",
    group: "networking.k8s.io",
    version: "v1",
    plural: "servicecidrs",
    scope: "cluster",
    optional: true,
    // Served from Kubernetes 1.33 on.
    usedBy: ({ kubernetesMinor }) => kubernetesMinor === undefined || kubernetesMinor >= 33,
    kubectl: () => "kubectl get servicecidrs.v1.networking.k8s.io -o json",
  },
  // Karpenter's NodePools say whether a Gateway candidate's replacement gets the annotation back;
  // a cluster without Karpenter (v1.0+) does not serve them.
  nodepools: {
    key: "nodepools",
    group: "karpenter.sh",
    version: "v1",
    plural: "nodepools",
    scope: "cluster",
    optional: true,
    // Nodes that Karpenter made carry their NodePool's name.
    usedBy: ({ nodes }) =>
      nodes.some((n) => stringMap(n.metadata?.labels)[KARPENTER_NODEPOOL_LABEL] !== undefined),
    kubectl: () => "kubectl get nodepools.v1.karpenter.sh -o json",
  },
};

/**
 * What is read from the leader, all in its namespace (the namespace of its ClusterSet). Secrets
 * are never read: a ServiceAccount's annotation names the member it is for, and its RoleBinding
 * says that it may write.
 */
export const LEADER_RESOURCES: Record<LeaderResourceKey, ResourceSpec> = {
  "leader-clustersets": {
    key: "leader-clustersets",
    ...mc("clustersets", "v1alpha2"),
    scope: "member",
    kubectl: (ns) => `kubectl get clustersets.v1alpha2.${MC_GROUP} -n ${ns} -o json`,
  },
  memberclusterannounces: {
    key: "memberclusterannounces",
    ...mc("memberclusterannounces", "v1alpha1"),
    scope: "member",
    kubectl: (ns) => `kubectl get memberclusterannounces.v1alpha1.${MC_GROUP} -n ${ns} -o json`,
  },
  resourceexports: {
    key: "resourceexports",
    ...mc("resourceexports", "v1alpha1"),
    scope: "member",
    kubectl: (ns) => `kubectl get resourceexports.v1alpha1.${MC_GROUP} -n ${ns} -o json`,
  },
  serviceaccounts: {
    key: "serviceaccounts",
    group: "",
    version: "v1",
    plural: "serviceaccounts",
    scope: "member",
    kubectl: (ns) => `kubectl get serviceaccounts -n ${ns} -o json`,
  },
  rolebindings: {
    key: "rolebindings",
    group: "rbac.authorization.k8s.io",
    version: "v1",
    plural: "rolebindings",
    scope: "member",
    kubectl: (ns) => `kubectl get rolebindings.rbac.authorization.k8s.io -n ${ns} -o json`,
  },
};

export const VERSION_KUBECTL = "kubectl version -o json";

/** The core Pods and Namespaces, as verify creates, lists and deletes them. */
export const POD_REF: ResourceRef = { group: "", version: "v1", plural: "pods" };
export const NAMESPACE_REF: ResourceRef = { group: "", version: "v1", plural: "namespaces" };
/** The echo Service of verify's Pod paths, and the MCS ServiceExport that exports it. */
export const SERVICE_REF: ResourceRef = { group: "", version: "v1", plural: "services" };
export const SERVICE_EXPORT_REF: ResourceRef = {
  group: "multicluster.x-k8s.io",
  version: "v1alpha1",
  plural: "serviceexports",
};
