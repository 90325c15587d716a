import {
  agentConfigMapName,
  controllerConfigMapName,
  DEFAULT_MEMBER_NAMESPACE,
  findAgentDaemonSet,
  findMemberController,
} from "../../kube/locate.js";
import { FOR_MODEL } from "../../kube/projection.js";
import { RESOURCES } from "../../kube/resources.js";
import type { ConfigMapObject } from "../../kube/shapes.js";
import { namespaceOf } from "../../kube/shapes.js";
import type {
  ApiFailure,
  Fetched,
  KubeList,
  RawMember,
  ResourceKey,
  ServerVersion,
} from "../../kube/types.js";
import type { KubeReader } from "./reader.js";

/** Failures that mean nothing else can be read from this cluster either. */
export function isFatal(failure: ApiFailure): boolean {
  return (
    failure.kind === "unreachable" ||
    failure.kind === "unauthorized" ||
    failure.kind === "context-missing"
  );
}

/** What a probe already read, so that collection does not read it twice. */
export interface Probe {
  version: Fetched<ServerVersion>;
  deployments?: Fetched<KubeList>;
}

export async function probe(reader: KubeReader, memberNamespace?: string): Promise<Probe> {
  // Side by side: one round trip (an unreachable cluster fails both the same way).
  const [version, deployments] = await Promise.all([
    reader.version(),
    listControllers(reader, memberNamespace),
  ]);
  if (!version.ok && isFatal(version.error)) return { version };
  return { version, deployments };
}

/**
 * The antrea-mc-controller Deployments in all namespaces; a user whose RBAC is namespace-scoped may
 * not list them cluster-wide, so then the member namespace alone is tried.
 */
async function listControllers(reader: KubeReader, memberNamespace?: string): Promise<Fetched> {
  const all = await reader.list(RESOURCES.deployments);
  if (all.ok || all.error.kind !== "forbidden") return all;
  const inNamespace = await reader.list({
    ...RESOURCES.deployments,
    namespace: memberNamespace ?? DEFAULT_MEMBER_NAMESPACE,
  });
  return inNamespace.ok ? inNamespace : all;
}

function list(
  reader: KubeReader,
  key: ResourceKey,
  namespace: string | undefined,
  forModel: boolean,
): Promise<Fetched> {
  const project = forModel ? FOR_MODEL[key] : undefined;
  return reader.list({ ...RESOURCES[key], namespace, ...(project ? { project } : {}) });
}

/**
 * Reads the ConfigMaps Antrea mounts, by name, into one List (what
 * `kubectl get configmaps -n NS a b -o json` prints). Names that are missing are left out; a
 * refused read is returned as the failure.
 */
async function readConfigMaps(
  reader: KubeReader,
  wanted: readonly { namespace: string; name: string }[],
): Promise<Fetched> {
  const unique = wanted.filter(
    (w, i) => wanted.findIndex((x) => x.name === w.name && x.namespace === w.namespace) === i,
  );
  const got = await Promise.all(
    unique.map((w) =>
      reader.get({ ...RESOURCES.configmaps, namespace: w.namespace, name: w.name }),
    ),
  );
  const items: ConfigMapObject[] = [];
  for (const g of got) {
    if (g.ok) items.push(g.value);
    else if (g.error.kind !== "not-found") return g;
  }
  return { ok: true, value: { apiVersion: "v1", kind: "List", metadata: {}, items } };
}

export interface CollectMemberOptions {
  name: string;
  memberNamespace?: string;
  /**
   * Keep of Nodes and Pods only what the model reads (FOR_MODEL), for a run that builds the model
   * and nothing else; whole objects otherwise, as a snapshot holds them.
   */
  forModel?: boolean;
}

/** Reads everything doctor needs from one member, concurrently where reads are independent. */
export async function collectMember(
  reader: KubeReader,
  opts: CollectMemberOptions,
  probed?: Probe,
): Promise<RawMember> {
  const base = { name: opts.name, context: reader.context };
  const { version, deployments } = probed ?? (await probe(reader, opts.memberNamespace));
  if (!version.ok && isFatal(version.error)) {
    return {
      ...base,
      namespace: { value: opts.memberNamespace ?? DEFAULT_MEMBER_NAMESPACE, source: "default" },
      failure: version.error,
      version,
      resources: {},
    };
  }
  if (!deployments) throw new Error("a probe without a fatal failure lists the Deployments");

  const controller = deployments.ok
    ? findMemberController(deployments.value.items, opts.memberNamespace)
    : undefined;
  const namespace: RawMember["namespace"] = opts.memberNamespace
    ? { value: opts.memberNamespace, source: "flag" }
    : controller
      ? { value: namespaceOf(controller), source: "controller" }
      : { value: DEFAULT_MEMBER_NAMESPACE, source: "default" };
  const controllerConfig = {
    namespace: namespace.value,
    name: controllerConfigMapName(controller),
  };
  // The agent's ConfigMap is named by its DaemonSet, read in the same round trip: the usual name is
  // read meanwhile, and read again only if the DaemonSet names another.
  const usualAgentConfig = { namespace: "kube-system", name: agentConfigMapName(undefined) };

  const forModel = opts.forModel === true;
  const [
    nodes,
    pods,
    daemonsets,
    servicecidrs,
    nodepools,
    clustersets,
    gateways,
    clusterinfoimports,
    early,
  ] = await Promise.all([
    list(reader, "nodes", undefined, forModel),
    list(reader, "pods", undefined, forModel),
    list(reader, "daemonsets", undefined, forModel),
    list(reader, "servicecidrs", undefined, forModel),
    list(reader, "nodepools", undefined, forModel),
    list(reader, "clustersets", namespace.value, forModel),
    list(reader, "gateways", namespace.value, forModel),
    list(reader, "clusterinfoimports", namespace.value, forModel),
    readConfigMaps(reader, [usualAgentConfig, controllerConfig]),
  ]);

  const agent = daemonsets.ok ? findAgentDaemonSet(daemonsets.value.items) : undefined;
  const agentConfig = {
    namespace: agent ? namespaceOf(agent) : "kube-system",
    name: agentConfigMapName(agent),
  };
  const configMaps = [agentConfig, controllerConfig];
  const guessed =
    agentConfig.namespace === usualAgentConfig.namespace &&
    agentConfig.name === usualAgentConfig.name;
  const configmaps = guessed ? early : await readConfigMaps(reader, configMaps);

  return {
    ...base,
    namespace,
    version,
    configMapRefs: configMaps,
    resources: {
      nodes,
      pods,
      daemonsets,
      deployments,
      configmaps,
      clustersets,
      gateways,
      clusterinfoimports,
      servicecidrs,
      nodepools,
    },
  };
}
