/**
 * Reads the leader cluster: its ClusterSet, the members' MemberClusterAnnounces and
 * ResourceExports, and the ServiceAccounts and RoleBindings that are the members' identities, all
 * in the leader's namespace. A leader that is also a member is read once: its version and
 * Deployments are the member's reads.
 */
import { DEFAULT_LEADER_NAMESPACE, findLeaderController } from "../../kube/locate.js";
import { resourceExportForModel } from "../../kube/projection.js";
import { LEADER_RESOURCES } from "../../kube/resources.js";
import { namespaceOf } from "../../kube/shapes.js";
import {
  type Fetched,
  LEADER_RESOURCE_KEYS,
  type LeaderResourceKey,
  type RawLeader,
  type RawMember,
} from "../../kube/types.js";
import { isFatal, probe } from "./member.js";
import type { KubeReader } from "./reader.js";

export interface CollectLeaderOptions {
  name: string;
  /** How the context was chosen. */
  found: string;
  /** The member this cluster also is (read already). */
  member?: RawMember;
  /** The leader namespace the members' ClusterSets name (spec.namespace), and which says so. */
  namespace?: { value: string; from: string };
  /** Keep of ResourceExports only what the model reads. */
  forModel?: boolean;
}

export async function collectLeader(
  reader: KubeReader,
  opts: CollectLeaderOptions,
): Promise<RawLeader> {
  const base = {
    name: opts.name,
    context: reader.context,
    found: opts.found,
    ...(opts.member ? { member: opts.member.name } : {}),
  };
  const own = opts.member ? undefined : await probe(reader);
  const failure = opts.member
    ? opts.member.failure
    : own && !own.version.ok && isFatal(own.version.error)
      ? own.version.error
      : undefined;
  const deployments = opts.member ? opts.member.resources.deployments : own?.deployments;
  const controller =
    deployments?.ok === true ? findLeaderController(deployments.value.items) : undefined;
  const namespace: RawLeader["namespace"] = opts.namespace
    ? { value: opts.namespace.value, source: "clusterset", from: opts.namespace.from }
    : controller
      ? { value: namespaceOf(controller), source: "controller" }
      : { value: DEFAULT_LEADER_NAMESPACE, source: "default" };
  const mine = {
    ...(own ? { version: own.version } : {}),
    ...(own?.deployments ? { deployments: own.deployments } : {}),
  };
  if (failure) return { ...base, namespace, failure, ...mine, resources: {} };

  const read = (key: LeaderResourceKey): Promise<Fetched> => {
    const project = key === "resourceexports" && opts.forModel ? resourceExportForModel : undefined;
    return reader.list({
      ...LEADER_RESOURCES[key],
      namespace: namespace.value,
      ...(project ? { project } : {}),
    });
  };
  // The leader's clock as its answer of the announces says it (the others come side by side).
  let serverTime: string | undefined;
  const answers = await Promise.all(
    LEADER_RESOURCE_KEYS.map((key) =>
      read(key).then((answer) => {
        if (key === "memberclusterannounces") serverTime = reader.serverTime();
        return answer;
      }),
    ),
  );
  const resources: RawLeader["resources"] = {};
  LEADER_RESOURCE_KEYS.forEach((key, i) => {
    const answer = answers[i];
    if (answer) resources[key] = answer;
  });
  return { ...base, namespace, ...mine, ...(serverTime ? { serverTime } : {}), resources };
}
