import type { RawAws } from "../aws/types.js";

/**
 * Raw Kubernetes data as the API server returned it: nothing here is interpreted. The same shapes
 * are written to, and read back from, a snapshot (docs/reference.md "Snapshots").
 */

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string;
  resourceVersion?: string;
  [key: string]: unknown;
}

/** Identifies a resource collection on the API server. */
export interface ResourceRef {
  group: string; // "" for the core group
  version: string;
  plural: string;
}

/** Any Kubernetes object, as plain JSON. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [key: string]: unknown;
}

/** What `kubectl get <resource> -o json` prints. */
export interface KubeList {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion?: string; continue?: string; [key: string]: unknown };
  items: KubeObject[];
}

/** Why a read failed, classified the way a user needs to act on it. */
export type ApiFailureKind =
  | "unreachable" // TCP/DNS/TLS failure or timeout: the API server could not be talked to
  | "unauthorized" // 401: credentials refused
  | "forbidden" // 403: RBAC denies the read
  | "not-served" // 404 on a collection: the API group/version/resource is not served (CRD missing)
  | "not-found" // 404 on a named object
  | "server-error" // 5xx or an unparseable answer
  | "context-missing" // the kubeconfig has no such context / cluster / user
  | "not-collected"; // a snapshot (made by hand) has no file for it

export interface ApiFailure {
  kind: ApiFailureKind;
  /** HTTP status when there was an answer. */
  status?: number;
  message: string;
  /** The request that failed, e.g. "list clustersets.multicluster.crd.antrea.io in kube-system". */
  request?: string;
  /** The kubeconfig's exec credential plugin that failed, when one did: what a fix needs. */
  plugin?: PluginFailure;
}

/** What is known of an exec credential plugin that gave no credentials. */
export interface PluginFailure {
  /** The command as the kubeconfig names it, e.g. "aws" or "aws-iam-authenticator". */
  command: string;
  /** It is not installed (not found on PATH, or no such file). */
  missing?: boolean;
  installHint?: string;
  /** The AWS profile it runs with: AWS_PROFILE of its env, or its --profile argument. */
  awsProfile?: string;
  /** The first line of what it said on stderr. */
  said?: string;
}

export type Fetched<T = KubeList> = { ok: true; value: T } | { ok: false; error: ApiFailure };

/** Server version as in `kubectl version -o json` → serverVersion. */
export interface ServerVersion {
  major?: string;
  minor?: string;
  gitVersion?: string;
  platform?: string;
  [key: string]: unknown;
}

/** The resources collected per member; each is one file `clusters/<member>/<key>.json`. */
export const RESOURCE_KEYS = [
  "nodes",
  "pods",
  "daemonsets",
  "deployments",
  "configmaps",
  "clustersets",
  "gateways",
  "clusterinfoimports",
  "servicecidrs",
  "nodepools",
] as const;
export type ResourceKey = (typeof RESOURCE_KEYS)[number];

/** Everything read from one member cluster. */
export interface RawMember {
  /** Stable, file-system safe member name (the `member` of every finding). */
  name: string;
  context: string;
  /** The namespace the member controller was looked for in, and why. */
  namespace: { value: string; source: "flag" | "controller" | "default" };
  /** Set when the cluster could not be talked to at all; `resources` is then empty. */
  failure?: ApiFailure;
  version?: Fetched<ServerVersion>;
  resources: Partial<Record<ResourceKey, Fetched>>;
  /** The ConfigMaps that were asked for by name (the agent's and the controller's). */
  configMapRefs?: { namespace: string; name: string }[];
}

/** A context of the kubeconfig that was probed and not used as a member. */
export interface SkippedContext {
  context: string;
  reason: string;
  /** Set when the context could not be probed (unreachable, refused). */
  failure?: ApiFailure;
}

/**
 * What is read from the leader cluster, in its namespace; each is one file
 * `clusters/<leader>/<key>.json`. "leader-clustersets": the leader's own ClusterSet, which a
 * dual-role cluster keeps beside its member one (clustersets.json).
 */
export const LEADER_RESOURCE_KEYS = [
  "leader-clustersets",
  "memberclusterannounces",
  "resourceexports",
  "serviceaccounts",
  "rolebindings",
] as const;
export type LeaderResourceKey = (typeof LEADER_RESOURCE_KEYS)[number];

/** How the leader's namespace was chosen. */
export type LeaderNamespaceSource = "clusterset" | "controller" | "default";

/** Everything read from the leader cluster (it may also be a member, read once). */
export interface RawLeader {
  /** File-system safe: the member's name when the leader is also a member. */
  name: string;
  context: string;
  /** How its context was chosen, said to the user. */
  found: string;
  /** The member this cluster also is: its version and Deployments are that member's reads. */
  member?: string;
  namespace: { value: string; source: LeaderNamespaceSource; from?: string };
  /** Set when the cluster could not be talked to at all; `resources` is then empty. */
  failure?: ApiFailure;
  /** Absent when the leader is a member: the member's. */
  version?: Fetched<ServerVersion>;
  /** The antrea-mc-controller Deployments (absent when the leader is a member: the member's). */
  deployments?: Fetched;
  /**
   * The leader API server's own clock when the announces were read (its Date header), which
   * their touch-ts is measured against: never the clock of the machine running the plugin.
   */
  serverTime?: string;
  resources: Partial<Record<LeaderResourceKey, Fetched>>;
}

/** The leader, or why it is not read. */
export type RawLeaderState =
  | { found: true; leader: RawLeader }
  | { found: false; reason: string; hint?: string };

/** The result of collection: the input of the model builder, live or from a snapshot. */
export interface RawClusterSet {
  source: "live" | "snapshot";
  members: RawMember[];
  skippedContexts: SkippedContext[];
  /** The AWS side; absent when it was not read. */
  aws?: RawAws;
  /** The leader cluster; absent when it was not looked for (a snapshot made before it). */
  leader?: RawLeaderState;
  /** A snapshot's collection time (snapshot.json createdAt). */
  takenAt?: string;
}

/** SelfSubjectAccessReview's resourceAttributes: may this user do it? */
export interface AccessAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
}
