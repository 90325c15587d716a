/**
 * The leader cluster as the model sees it: what its ClusterSet says of each member, the members'
 * MemberClusterAnnounces and ResourceExports, and the ServiceAccounts that are their identities.
 * Facts only: mc.leader judges them.
 */

import type { AwsSettings, RawAws, RawAwsGroup } from "../aws/types.js";
import { controllerRole, findLeaderController, MC_CONTROLLER } from "../kube/locate.js";
import {
  type ClusterSetObject,
  type Container,
  type DeploymentObject,
  findCondition,
  type MemberClusterAnnounceObject,
  nameOf,
  namespaceOf,
  type ResourceExportObject,
  type RoleBindingObject,
} from "../kube/shapes.js";
import type {
  ApiFailure,
  Fetched,
  KubeObject,
  LeaderResourceKey,
  RawLeader,
  RawLeaderState,
  RawMember,
} from "../kube/types.js";
import { objects, str, stringMap } from "../util/json.js";
import { imageTag } from "./antrea-version.js";
import { type EksCluster, eksClusterOf } from "./aws/eks.js";
import type { AwsInventory } from "./aws/types.js";
import { type Known, known, mapKnown, unknown } from "./known.js";
import type { MemberModel, ObjectRef, Sourced } from "./types.js";

/** The member's MemberClusterAnnounce's annotation that the member refreshes (RFC 3339). */
export const TOUCH_ANNOTATION = "touch-ts";
/** The annotation that binds a member token's ServiceAccount to one ClusterID (Antrea v2.7+). */
export const CLUSTER_ID_ANNOTATION = "multicluster.antrea.io/cluster-id";
/** The Role a member token's RoleBinding grants (`antctl mc create membertoken`). */
export const MEMBER_ROLE = "antrea-mc-member-cluster-role";

/**
 * Antrea's timing (multicluster/controllers/multicluster/): the member refreshes its announce's
 * touch-ts every 10 s (commonarea/remote_common_area.go); the leader counts a member
 * disconnected after 30 s without an update (leader/memberclusterannounce_controller.go,
 * ConnectionTimeout) and deletes an announce untouched for 24 h, with the member's
 * ResourceExports (leader/stale_controller.go).
 */
export const ANNOUNCE_REFRESH_SECONDS = 10;
export const LEADER_TIMEOUT_SECONDS = 30;
export const ANNOUNCE_DELETED_AFTER_HOURS = 24;

/** What the leader's ClusterSet says of one member (status.clusterStatuses[]). */
export interface LeaderMemberStatus {
  readonly clusterID: string;
  /** The Ready condition the leader writes per member (True: "Member Connected"). */
  readonly connected: "True" | "False" | "Unknown";
  readonly message: string;
  readonly since?: string;
}

export interface LeaderClusterSet {
  readonly name: string;
  readonly namespace: string;
  readonly clusterID: string;
  readonly members: readonly LeaderMemberStatus[];
}

export interface Announce {
  readonly name: string;
  readonly clusterID: string;
  readonly clusterSetID: string;
  readonly leaderClusterID: string;
  /** touch-ts as written; absent: the member created it and never refreshed it. */
  readonly touched?: string;
}

export interface ExportInfo {
  readonly name: string;
  readonly clusterID: string;
  readonly kind: string;
  /** The exported object, "namespace/name". */
  readonly of: string;
  /** A Failure condition: the leader could not converge it into a ResourceImport. */
  readonly failed?: { readonly reason: string; readonly message: string; readonly since?: string };
}

/** A ServiceAccount of the leader namespace bound to a ClusterID, and whether it may write. */
export interface Identity {
  readonly serviceAccount: string;
  readonly clusterID: string;
  /** RoleBindings that grant it the member Role. */
  readonly roleBindings: readonly string[];
}

export type LeaderController =
  | { readonly status: "ok"; readonly deployment: ObjectRef; readonly image?: string }
  | { readonly status: "missing"; readonly message: string };

/** Where the leader's API server sits in AWS, for aws.leader-path. */
export interface LeaderAws {
  readonly settings: AwsSettings;
  readonly region: string;
  readonly account?: string;
  /** What eks:DescribeCluster says of it: the endpoint's access, its VPC, subnets and groups. */
  readonly eks: EksCluster;
  /** The reads of its account and Region (its control plane's VPC and groups among them). */
  readonly inventory: AwsInventory;
}

export interface LeaderModel {
  /** The snapshot directory name; the member's name when the leader is also a member. */
  readonly name: string;
  readonly context: string;
  /** How its context was chosen. */
  readonly found: string;
  /** The member this cluster also is. */
  readonly member?: string;
  readonly namespace: Sourced<string>;
  readonly reachable: boolean;
  /** Reads the leader refused or failed (by resource), so what depends on them is unknown. */
  readonly problems: readonly { readonly resource: string; readonly failure: ApiFailure }[];
  /** The leader's clock when its objects were read (announce ages are measured by it). */
  readonly clock: Known<Sourced<string>>;
  readonly controller: Known<LeaderController>;
  /** Its ClusterSet in the leader namespace; undefined: there is none. */
  readonly clusterSet: Known<LeaderClusterSet | undefined>;
  readonly announces: Known<readonly Announce[]>;
  readonly exports: Known<readonly ExportInfo[]>;
  readonly identities: Known<readonly Identity[]>;
  /** Its EKS cluster and the AWS reads around it, or why they are not known (no EKS, no AWS). */
  readonly aws: Known<LeaderAws>;
}

const text = (v: unknown) => str(v) ?? "";

function describe(f: ApiFailure): string {
  return f.request ? `${f.request}: ${f.message}` : f.message;
}

function itemsOf<T extends KubeObject>(
  fetched: Fetched | undefined,
  what: string,
): Known<readonly T[]> {
  if (!fetched) return unknown(`${what} were not collected`);
  if (!fetched.ok) return unknown(describe(fetched.error));
  return known(objects<T>(fetched.value.items));
}

function clusterSetOf(items: readonly ClusterSetObject[]): LeaderClusterSet | undefined {
  const cs = items[0];
  if (!cs) return undefined;
  return {
    name: nameOf(cs),
    namespace: namespaceOf(cs),
    clusterID: text(cs.spec?.clusterID),
    members: objects<{ clusterID?: unknown; conditions?: unknown }>(cs.status?.clusterStatuses).map(
      (s) => {
        // Antrea writes Ready per member; ClusterConnected is the type its API reserves for it.
        const c =
          findCondition(s.conditions, "Ready") ?? findCondition(s.conditions, "ClusterConnected");
        const status = c?.status === "True" || c?.status === "False" ? c.status : "Unknown";
        return {
          clusterID: text(s.clusterID),
          connected: status,
          message: text(c?.message) || text(c?.reason),
          ...(c?.lastTransitionTime ? { since: c.lastTransitionTime } : {}),
        };
      },
    ),
  };
}

function announceOf(a: MemberClusterAnnounceObject): Announce {
  const touched = stringMap(a.metadata?.annotations)[TOUCH_ANNOTATION];
  return {
    name: nameOf(a),
    clusterID: text(a.clusterID),
    clusterSetID: text(a.clusterSetID),
    leaderClusterID: text(a.leaderClusterID),
    ...(touched ? { touched } : {}),
  };
}

function exportOf(e: ResourceExportObject): ExportInfo {
  const conditions = objects<{ type?: unknown }>(e.status?.conditions);
  // The leader writes one condition: Succeeded, or Failure (with status False, as Antrea does).
  const failure = findCondition(conditions, "Failure");
  const succeeded = findCondition(conditions, "Succeeded");
  const failed =
    failure && !(succeeded?.status === "True" && later(succeeded, failure))
      ? {
          reason: text(failure.reason),
          message: text(failure.message),
          ...(failure.lastTransitionTime ? { since: failure.lastTransitionTime } : {}),
        }
      : undefined;
  const ns = text(e.spec?.namespace);
  const name = text(e.spec?.name);
  return {
    name: nameOf(e),
    clusterID: text(e.spec?.clusterID) || (stringMap(e.metadata?.labels).sourceClusterID ?? ""),
    kind: text(e.spec?.kind),
    of: ns ? `${ns}/${name}` : name,
    ...(failed ? { failed } : {}),
  };
}

function later(a: { lastTransitionTime?: string }, b: { lastTransitionTime?: string }): boolean {
  return Date.parse(a.lastTransitionTime ?? "") > Date.parse(b.lastTransitionTime ?? "");
}

function identitiesOf(
  accounts: readonly KubeObject[],
  bindings: readonly RoleBindingObject[],
  namespace: string,
): Identity[] {
  return accounts.flatMap((sa) => {
    const clusterID = stringMap(sa.metadata?.annotations)[CLUSTER_ID_ANNOTATION];
    if (clusterID === undefined) return [];
    const name = nameOf(sa);
    const roleBindings = bindings
      .filter(
        (b) =>
          b.roleRef?.name === MEMBER_ROLE &&
          objects<{ kind?: unknown; name?: unknown; namespace?: unknown }>(b.subjects).some(
            (s) =>
              s.kind === "ServiceAccount" &&
              s.name === name &&
              (s.namespace ?? namespace) === namespace,
          ),
      )
      .map(nameOf)
      .sort();
    return [{ serviceAccount: name, clusterID, roleBindings }];
  });
}

function controllerOf(deployments: Known<readonly DeploymentObject[]>, namespace: string) {
  return mapKnown(deployments, (list): LeaderController => {
    const dep = findLeaderController(list, namespace);
    if (!dep) {
      const elsewhere = list.find(
        (d) => nameOf(d) === MC_CONTROLLER && controllerRole(d) === "leader",
      );
      return {
        status: "missing",
        message: `no leader-mode ${MC_CONTROLLER} Deployment in namespace ${namespace}${elsewhere ? ` (there is one in namespace ${namespaceOf(elsewhere)})` : ""}`,
      };
    }
    const image = str(objects<Container>(dep.spec?.template?.spec?.containers)[0]?.image);
    return {
      status: "ok",
      deployment: { namespace: namespaceOf(dep), name: nameOf(dep) },
      ...(image ? { image } : {}),
    };
  });
}

/** The release tag of the leader controller's image, if it has one. */
export function leaderControllerTag(leader: LeaderModel): string | undefined {
  const c = leader.controller;
  return c.known && c.value.status === "ok" ? imageTag(c.value.image) : undefined;
}

const NOT_READ =
  "the leader was not read (doctor, show and collect read it, from its kubeconfig context)";

/**
 * The leader, from what collection read. `members`: a dual-role leader's Deployments are its
 * member's; `fallbackClock`: a snapshot's collection time, for a leader read without a Date.
 */
export function buildLeader(
  state: RawLeaderState | undefined,
  members: readonly RawMember[],
  fallbackClock?: Sourced<string>,
): Known<LeaderModel> {
  if (!state) return unknown(NOT_READ);
  if (!state.found) return unknown(state.reason);
  const raw: RawLeader = state.leader;
  const member = raw.member ? members.find((m) => m.name === raw.member) : undefined;
  const failure = raw.failure ?? member?.failure;
  const ns = raw.namespace.value;
  const read = (key: LeaderResourceKey, what: string) =>
    failure
      ? unknown<readonly never[]>(`the leader could not be read: ${failure.message}`)
      : itemsOf(raw.resources[key], what);
  const deployments: Known<readonly DeploymentObject[]> = failure
    ? unknown(`the leader could not be read: ${failure.message}`)
    : itemsOf(raw.deployments ?? member?.resources.deployments, "Deployments");
  const clusterSets = read("leader-clustersets", "the leader's ClusterSets");
  const accounts = read("serviceaccounts", "ServiceAccounts");
  const bindings = read("rolebindings", "RoleBindings");
  const problems = failure
    ? [{ resource: "cluster", failure }]
    : Object.entries(raw.resources).flatMap(([key, f]) =>
        f && !f.ok ? [{ resource: key, failure: f.error }] : [],
      );
  const clock: Known<Sourced<string>> = raw.serverTime
    ? known({ value: raw.serverTime, source: "the leader API server's clock, its Date header" })
    : fallbackClock
      ? known(fallbackClock)
      : unknown("the leader API server sent no Date header");
  return known({
    name: raw.name,
    context: raw.context,
    found: raw.found,
    ...(raw.member ? { member: raw.member } : {}),
    namespace: {
      value: ns,
      source:
        raw.namespace.source === "clusterset"
          ? (raw.namespace.from ?? "the members' ClusterSets")
          : raw.namespace.source === "controller"
            ? `the leader ${MC_CONTROLLER} Deployment`
            : "default",
    },
    reachable: !failure,
    problems,
    clock,
    controller: controllerOf(deployments, ns),
    clusterSet: mapKnown(clusterSets, (l) => clusterSetOf(l as readonly ClusterSetObject[])),
    announces: mapKnown(
      read("memberclusterannounces", "MemberClusterAnnounces"),
      (l: readonly MemberClusterAnnounceObject[]) => l.map(announceOf),
    ),
    exports: mapKnown(
      read("resourceexports", "ResourceExports"),
      (l: readonly ResourceExportObject[]) => l.map(exportOf),
    ),
    identities:
      accounts.known && bindings.known
        ? known(identitiesOf(accounts.value, bindings.value as readonly RoleBindingObject[], ns))
        : accounts.known
          ? (bindings as Known<never>)
          : accounts,
    aws: unknown("AWS was not inspected"),
  });
}

/**
 * The leader's AWS side: a member's, when the leader is one; else the group of reads made for it
 * (its own credentials and Region, its EKS cluster named by its context ARN or --config).
 */
export function leaderAwsOf(
  leader: LeaderModel,
  members: readonly MemberModel[],
  raw: RawAws | undefined,
  index: ReadonlyMap<RawAwsGroup, AwsInventory>,
): Known<LeaderAws> {
  if (!raw) return unknown("AWS was not inspected");
  if (raw.skipped) return unknown(raw.skipped);
  const member = leader.member ? members.find((m) => m.name === leader.member) : undefined;
  if (member) {
    if (!member.aws.known) return unknown(`AWS of ${member.name}: ${member.aws.reason}`);
    if (!member.eks.known) return unknown(member.eks.reason);
    const a = member.aws.value;
    return known({
      settings: a.settings,
      region: a.region,
      ...(a.account ? { account: a.account } : {}),
      eks: member.eks.value,
      inventory: a.inventory,
    });
  }
  const group = raw.groups.find((g) => g.leader === leader.name);
  if (!group) return unknown("AWS was not read for the leader");
  const inv = index.get(group);
  if (group.failure || !inv || !group.region)
    return unknown(group.failure?.message ?? "AWS could not be read for the leader");
  const eks = eksClusterOf(leader.name, leader.context, group, []).eks;
  if (!eks.known) return eks;
  return known({
    settings: group.settings,
    region: group.region,
    ...(group.account ? { account: group.account } : {}),
    eks: eks.value,
    inventory: inv,
  });
}
