/** The pure model builder: raw API objects in, one immutable ClusterSetModel out. */

import type { RawAws, RawAwsGroup } from "../aws/types.js";
import {
  AGENT_CONFIG_KEY,
  AGENT_CONTAINER,
  agentConfigMapName,
  controllerConfigMapName,
  controllerRole,
  findAgentDaemonSet,
  findMemberController,
  MC_CONFIG_KEY,
  MC_CONTROLLER,
} from "../kube/locate.js";
import { RESOURCES } from "../kube/resources.js";
import {
  type ClusterInfoImportObject,
  type ClusterSetObject,
  type ConfigMapObject,
  type Container,
  type DaemonSetObject,
  type DeploymentObject,
  findCondition,
  type GatewayObject,
  type NodeObject,
  nameOf,
  namespaceOf,
  type PodObject,
  type ServiceCIDRObject,
} from "../kube/shapes.js";
import type {
  ApiFailure,
  Fetched,
  KubeObject,
  RawClusterSet,
  RawMember,
  ResourceKey,
} from "../kube/types.js";
import { objects, str, stringMap, strings } from "../util/json.js";
import { parseAgentConfig } from "./agent-config.js";
import { parseVersion } from "./antrea-version.js";
import { eksClusterOf, nodeCompute } from "./aws/eks.js";
import {
  allPeerings,
  awsForMember,
  awsIndex,
  placeGateways,
  podCIDRsFromVpc,
} from "./aws/member.js";
import { allTransit } from "./aws/transit.js";
import type { AwsInventory } from "./aws/types.js";
import { isIP } from "./cidr.js";
import { resolvePodCIDRs, resolveServiceCIDR } from "./cidr-sources.js";
import { gatewayNodes } from "./gateway-nodes.js";
import { known, mapKnown, unknown } from "./known.js";
import { buildLeader, leaderAwsOf } from "./leader.js";
import { parseMcConfig } from "./mc-config.js";
import { memberInstanceIds, memberNodes } from "./member-nodes.js";
import { nodePoolsOf } from "./node-lifecycle.js";
import { regionOfZone } from "./provider-id.js";
import { type Tunnel, tunnelOf } from "./tunnel.js";
import type {
  AccessProblem,
  AgentState,
  ClusterInfoImportInfo,
  ClusterSetInfo,
  ClusterSetModel,
  ControllerState,
  GatewayCR,
  GatewayNode,
  Known,
  McConfigState,
  MemberModel,
  ObjectRef,
  Sourced,
} from "./types.js";

function describeFailure(f: ApiFailure): string {
  return f.request ? `${f.request}: ${f.message}` : f.message;
}

/** An optional API the cluster does not serve (a snapshot that lacks the file says nothing). */
function notServed(raw: RawMember, key: ResourceKey): boolean {
  const fetched = raw.resources[key];
  return (
    !raw.failure &&
    RESOURCES[key].optional === true &&
    fetched?.ok === false &&
    fetched.error.kind === "not-served"
  );
}

/** The items of a collected List, or why there are none to look at. */
function items<T extends KubeObject>(raw: RawMember, key: ResourceKey): Known<readonly T[]> {
  if (raw.failure) return unknown(`the cluster could not be read: ${raw.failure.message}`);
  const fetched: Fetched | undefined = raw.resources[key];
  if (!fetched) return unknown(`${key} were not collected`);
  if (!fetched.ok) return unknown(describeFailure(fetched.error));
  return known(objects<T>(fetched.value.items));
}

/** What an optional API's `usedBy` decides by: the Nodes and the Kubernetes minor version. */
const clusterOf = (raw: RawMember) => {
  const nodes = raw.resources.nodes;
  const kubernetes = raw.version?.ok ? parseVersion(raw.version.value.gitVersion) : undefined;
  return {
    nodes: nodes?.ok ? objects<KubeObject>(nodes.value.items) : [],
    ...(kubernetes?.major === 1 ? { kubernetesMinor: kubernetes.minor } : {}),
  };
};

function accessProblems(raw: RawMember): AccessProblem[] {
  if (raw.failure) return [{ resource: "cluster", failure: raw.failure }];
  const problems: AccessProblem[] = [];
  for (const [key, fetched] of Object.entries(raw.resources)) {
    if (!fetched || fetched.ok) continue;
    const spec = RESOURCES[key as ResourceKey];
    if (fetched.error.kind === "not-found") continue;
    // An API this Kubernetes version does not serve (or a hand-made snapshot leaves out) is no gap.
    if (
      (fetched.error.kind === "not-served" || fetched.error.kind === "not-collected") &&
      spec.optional
    ) {
      continue;
    }
    // Refused where the cluster does not use it (RBAC answers 403 before the API is looked up).
    if (fetched.error.kind === "forbidden" && spec.usedBy && !spec.usedBy(clusterOf(raw))) continue;
    const resource = spec.group ? `${spec.plural}.${spec.group}` : spec.plural;
    problems.push({ resource, key: key as ResourceKey, failure: fetched.error });
  }
  return problems;
}

const ref = (obj: KubeObject): ObjectRef => ({ namespace: namespaceOf(obj), name: nameOf(obj) });

function findConfigMap(
  cms: readonly ConfigMapObject[],
  namespace: string,
  name: string,
): ConfigMapObject | undefined {
  return cms.find((c) => nameOf(c) === name && namespaceOf(c) === namespace);
}

function agentImage(ds: DaemonSetObject): string | undefined {
  const containers = objects<Container>(ds.spec?.template?.spec?.containers);
  return str((containers.find((c) => c.name === AGENT_CONTAINER) ?? containers[0])?.image);
}

function imageTag(image: string | undefined): string | undefined {
  const tag = image?.split("@")[0]?.split("/").pop()?.split(":")[1];
  return tag || undefined;
}

function agentState(
  daemonsets: Known<readonly DaemonSetObject[]>,
  configmaps: Known<readonly ConfigMapObject[]>,
): Known<AgentState> {
  if (!daemonsets.known) return daemonsets;
  const ds = findAgentDaemonSet(daemonsets.value);
  if (!ds) {
    return known({
      status: "missing-daemonset",
      message: "no antrea-agent DaemonSet in any namespace: Antrea is not installed",
    });
  }
  const daemonSet = ref(ds);
  const configMap = { namespace: daemonSet.namespace, name: agentConfigMapName(ds) };
  if (!configmaps.known) return configmaps;
  const cm = findConfigMap(configmaps.value, configMap.namespace, configMap.name);
  const where = `ConfigMap ${configMap.namespace}/${configMap.name}`;
  if (!cm) {
    return known({
      status: "missing-configmap",
      daemonSet,
      configMap,
      message: `${where}, mounted by DaemonSet ${daemonSet.namespace}/${daemonSet.name}, does not exist`,
    });
  }
  const text = cm.data?.[AGENT_CONFIG_KEY];
  if (typeof text !== "string") {
    return known({
      status: "missing-key",
      daemonSet,
      configMap,
      message: `${where} has no ${AGENT_CONFIG_KEY} key`,
    });
  }
  const parsed = parseAgentConfig(text);
  if (!parsed.ok) {
    return known({
      status: "invalid",
      daemonSet,
      configMap,
      message: `${where} key ${AGENT_CONFIG_KEY} does not parse: ${parsed.error}`,
    });
  }
  const image = agentImage(ds);
  return known({
    status: "ok",
    daemonSet,
    configMap,
    config: parsed.config,
    text,
    ...(image ? { image } : {}),
  });
}

function controllerState(
  deployments: Known<readonly DeploymentObject[]>,
  raw: RawMember,
): Known<ControllerState> {
  if (!deployments.known) return deployments;
  const ns = raw.namespace.value;
  const dep = findMemberController(deployments.value, ns);
  if (!dep) {
    const elsewhere = findMemberController(deployments.value);
    const leader = deployments.value.find((d) => controllerRole(d) === "leader");
    const hint = elsewhere
      ? ` (there is one in namespace ${namespaceOf(elsewhere)})`
      : leader
        ? ` (only a leader-mode one, in namespace ${namespaceOf(leader)})`
        : "";
    return known({
      status: "missing",
      message: `no member-mode ${MC_CONTROLLER} Deployment in namespace ${ns}${hint}`,
    });
  }
  const available = findCondition(dep.status?.conditions, "Available");
  const replicas = typeof dep.spec?.replicas === "number" ? dep.spec.replicas : 1;
  const ready =
    typeof dep.status?.availableReplicas === "number" ? dep.status.availableReplicas : 0;
  const isAvailable = ready >= 1 && available?.status !== "False";
  const image = str(objects<Container>(dep.spec?.template?.spec?.containers)[0]?.image);
  return known({
    status: "ok",
    deployment: ref(dep),
    available: isAvailable,
    availability:
      `${ready}/${replicas} replicas available` +
      (available?.status === "False" && available.message ? `: ${available.message}` : ""),
    ...(image ? { image } : {}),
  });
}

function mcConfigState(
  deployments: Known<readonly DeploymentObject[]>,
  configmaps: Known<readonly ConfigMapObject[]>,
  raw: RawMember,
): Known<McConfigState> {
  if (!configmaps.known) return configmaps;
  const dep = deployments.known
    ? findMemberController(deployments.value, raw.namespace.value)
    : undefined;
  const configMap = { namespace: raw.namespace.value, name: controllerConfigMapName(dep) };
  const where = `ConfigMap ${configMap.namespace}/${configMap.name}`;
  const cm = findConfigMap(configmaps.value, configMap.namespace, configMap.name);
  if (!cm)
    return known({ status: "missing-configmap", configMap, message: `${where} does not exist` });
  const text = cm.data?.[MC_CONFIG_KEY];
  if (typeof text !== "string") {
    return known({
      status: "missing-key",
      configMap,
      message: `${where} has no ${MC_CONFIG_KEY} key`,
    });
  }
  const parsed = parseMcConfig(text);
  if (!parsed.ok) {
    return known({
      status: "invalid",
      configMap,
      message: `${where} key ${MC_CONFIG_KEY} does not parse: ${parsed.error}`,
    });
  }
  return known({ status: "ok", configMap, config: parsed.config, text });
}

const text = (v: unknown) => str(v) ?? "";

function clusterSetInfo(cs: ClusterSetObject): ClusterSetInfo {
  const ready = findCondition(cs.status?.conditions, "Ready");
  const status = ready?.status === "True" || ready?.status === "False" ? ready.status : "Unknown";
  const leader = cs.spec?.leaders?.[0];
  const leaderNamespace = text(cs.spec?.namespace);
  const leaderEntry = objects<{ clusterID?: unknown; conditions?: unknown }>(
    cs.status?.clusterStatuses,
  ).find((s) => s.clusterID === leader?.clusterID);
  const connection = findCondition(leaderEntry?.conditions, "Ready");
  return {
    name: nameOf(cs),
    namespace: namespaceOf(cs),
    clusterID: text(cs.spec?.clusterID),
    ...(text(leader?.server) ? { leaderServer: text(leader?.server) } : {}),
    ...(text(leader?.clusterID) ? { leaderClusterID: text(leader?.clusterID) } : {}),
    ...(leaderNamespace ? { leaderNamespace } : {}),
    ready: status,
    readyMessage: ready ? (ready.message ?? ready.reason ?? "") : "no Ready condition yet",
    ...(connection
      ? {
          leaderConnection: {
            status: text(connection.status) || "Unknown",
            message: text(connection.message),
          },
        }
      : {}),
  };
}

function gatewayCR(g: GatewayObject): GatewayCR {
  const key = text(g.wireGuard?.publicKey);
  return {
    name: nameOf(g),
    gatewayIP: text(g.gatewayIP),
    internalIP: text(g.internalIP),
    serviceCIDR: text(g.serviceCIDR),
    ...(key ? { wireGuardPublicKey: key } : {}),
  };
}

function clusterInfoImport(c: ClusterInfoImportObject): ClusterInfoImportInfo {
  const spec = c.spec ?? {};
  const key = text(spec.wireGuard?.publicKey);
  return {
    name: nameOf(c),
    clusterID: text(spec.clusterID),
    gatewayIPs: (Array.isArray(spec.gatewayInfos) ? spec.gatewayInfos : [])
      .map((g) => text(g?.gatewayIP))
      .filter((ip) => ip !== ""),
    serviceCIDR: text(spec.serviceCIDR),
    podCIDRs: strings(spec.podCIDRs),
    ...(key ? { wireGuardPublicKey: key } : {}),
  };
}

function podIPs(pods: readonly PodObject[]): string[] {
  const ips = new Set<string>();
  for (const p of pods) {
    // Only running Pods hold an address (a hand-made snapshot may list finished ones too).
    if (p.spec?.hostNetwork === true || p.status?.phase !== "Running") continue;
    const list = objects<{ ip?: unknown }>(p.status?.podIPs).map((x) => x.ip);
    for (const ip of [...list, p.status?.podIP])
      if (typeof ip === "string" && isIP(ip)) ips.add(ip);
  }
  return [...ips];
}

const REGION_LABELS = ["topology.kubernetes.io/region", "failure-domain.beta.kubernetes.io/region"];

function regionOf(nodes: readonly NodeObject[]): Sourced<string> | undefined {
  for (const n of nodes) {
    for (const label of REGION_LABELS) {
      const r = stringMap(n.metadata?.labels)[label];
      if (r) return { value: r, source: `Node ${nameOf(n)} label ${label}` };
    }
  }
  for (const n of nodes) {
    const zone = /^aws:\/\/\/([^/]+)\//.exec(str(n.spec?.providerID) ?? "")?.[1];
    const r = zone ? regionOfZone(zone) : undefined;
    if (r) return { value: r, source: `Node ${nameOf(n)} providerID zone ${zone}` };
  }
  return undefined;
}

function tunnelState(agent: Known<AgentState>): Known<Tunnel> {
  if (!agent.known) return agent;
  if (agent.value.status !== "ok") return unknown(agent.value.message);
  const tunnel = tunnelOf(agent.value.config);
  return tunnel
    ? known(tunnel)
    : unknown(`tunnelType "${agent.value.config.tunnelTypeRaw}" is not valid`);
}

/** The MTU the VPC CNI configures (aws-node env AWS_VPC_ENI_MTU), which Antrea lowers for Pods. */
function vpcCniMtu(daemonsets: Known<readonly DaemonSetObject[]>): Sourced<number> | undefined {
  if (!daemonsets.known) return undefined;
  const ds = daemonsets.value.find((d) => nameOf(d) === "aws-node");
  if (!ds) return undefined;
  const env = objects<Container>(ds.spec?.template?.spec?.containers).flatMap((c) =>
    objects<{ name?: unknown; value?: unknown }>((c as { env?: unknown }).env),
  );
  const set = Number(str(env.find((e) => e.name === "AWS_VPC_ENI_MTU")?.value));
  return Number.isInteger(set) && set >= 576
    ? { value: set, source: "aws-node AWS_VPC_ENI_MTU" }
    : { value: 9001, source: "Amazon VPC CNI default" };
}

export function buildMember(
  raw: RawMember,
  rawAws?: RawAws,
  index: ReadonlyMap<RawAwsGroup, AwsInventory> = new Map(),
): MemberModel {
  const nodes = items<NodeObject>(raw, "nodes");
  const daemonsets = items<DaemonSetObject>(raw, "daemonsets");
  const deployments = items<DeploymentObject>(raw, "deployments");
  const configmaps = items<ConfigMapObject>(raw, "configmaps");
  const agent = agentState(daemonsets, configmaps);
  const mcConfig = mcConfigState(deployments, configmaps, raw);
  const clusterSets = mapKnown(items<ClusterSetObject>(raw, "clustersets"), (l) =>
    l.map(clusterSetInfo),
  );
  const gatewayCRs = mapKnown(items<GatewayObject>(raw, "gateways"), (l) => l.map(gatewayCR));
  const precedence =
    mcConfig.known && mcConfig.value.status === "ok"
      ? mcConfig.value.config.gatewayIPPrecedence
      : "";
  const vpcCni = daemonsets.known && daemonsets.value.some((d) => nameOf(d) === "aws-node");
  const readyLinuxNodes = nodes.known
    ? nodes.value
        .filter((n) => findCondition(n.status?.conditions, "Ready")?.status === "True")
        .filter((n) => (n.status?.nodeInfo?.operatingSystem ?? "linux") === "linux")
        .map(nameOf)
        .sort()
    : [];
  const agentOk = agent.known && agent.value.status === "ok" ? agent.value : undefined;
  const antreaVersion = imageTag(agentOk?.image);
  const region = nodes.known ? regionOf(nodes.value) : undefined;
  const version = raw.version?.ok ? raw.version.value.gitVersion : undefined;
  const clusterID = clusterSets.known
    ? clusterSets.value.find((c) => c.clusterID)?.clusterID
    : undefined;

  const awsSide = awsForMember(raw.name, rawAws, index);
  const gateways: Known<readonly GatewayNode[]> = nodes.known
    ? known(
        placeGateways(
          gatewayNodes(nodes.value, gatewayCRs.known ? gatewayCRs.value : [], precedence),
          awsSide.aws,
          awsSide.problems,
          gatewayCRs.known ? gatewayCRs.value : [],
        ),
      )
    : nodes;
  const pods = mapKnown(items<PodObject>(raw, "pods"), podIPs);
  const allNodes = mapKnown(nodes, memberNodes);
  const instanceIds = memberInstanceIds(
    gateways.known ? gateways.value : [],
    allNodes.known ? allNodes.value : [],
  );
  const eks = rawAws?.skipped
    ? { eks: unknown(rawAws.skipped) }
    : eksClusterOf(raw.name, raw.context, awsSide.group, instanceIds);
  const fromConfig = resolvePodCIDRs(mcConfig, nodes, vpcCni);
  const fromVpc =
    !fromConfig.known && vpcCni && gateways.known
      ? podCIDRsFromVpc(gateways.value, pods)
      : undefined;
  const mtu = vpcCniMtu(daemonsets);

  return {
    name: raw.name,
    context: raw.context,
    namespace: { value: raw.namespace.value, source: raw.namespace.source },
    reachable: !raw.failure,
    access: accessProblems(raw),
    ...(version ? { kubernetesVersion: version } : {}),
    ...(antreaVersion ? { antreaVersion } : {}),
    agent,
    controller: controllerState(deployments, raw),
    mcConfig,
    clusterSets,
    ...(clusterID ? { clusterID } : {}),
    gatewayCRs,
    gateways,
    nodes: allNodes,
    readyLinuxNodes,
    clusterInfoImports: mapKnown(items<ClusterInfoImportObject>(raw, "clusterinfoimports"), (l) =>
      l.map(clusterInfoImport),
    ),
    serviceCIDR: resolveServiceCIDR(
      mcConfig,
      gatewayCRs,
      items<ServiceCIDRObject>(raw, "servicecidrs"),
      eks.eks,
    ),
    podCIDRs: fromVpc ? known(fromVpc) : fromConfig,
    podIPs: pods,
    tunnel: tunnelState(agent),
    ...(region ? { region } : {}),
    vpcCni,
    ...(mtu ? { vpcCniMtu: mtu } : {}),
    aws: awsSide.aws,
    eks: eks.eks,
    nodeCompute: mapKnown(nodes, nodeCompute),
    nodePools: nodePoolsOf(items(raw, "nodepools"), notServed(raw, "nodepools")),
    ...(awsSide.group ? { awsSettings: awsSide.group.settings } : {}),
    awsProblems: eks.problem ? [...awsSide.problems, eks.problem] : awsSide.problems,
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export function buildModel(raw: RawClusterSet): ClusterSetModel {
  const index = awsIndex(raw.aws);
  const members = raw.members.map((m) => buildMember(m, raw.aws, index));
  const leader = mapKnown(
    buildLeader(
      raw.leader,
      raw.members,
      raw.takenAt ? { value: raw.takenAt, source: "the snapshot's collection time" } : undefined,
    ),
    (l) => ({ ...l, aws: leaderAwsOf(l, members, raw.aws, index) }),
  );
  return deepFreeze({
    source: raw.source,
    members,
    leader,
    skippedContexts: raw.skippedContexts.map((s) => ({ ...s })),
    aws: {
      inspected: raw.aws !== undefined && !raw.aws.skipped,
      ...(raw.aws?.skipped ? { skipped: raw.aws.skipped } : {}),
      peerings: allPeerings(index),
      transit: allTransit(index.values()),
    },
  });
}
