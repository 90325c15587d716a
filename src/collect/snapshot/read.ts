import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { UsageError } from "../../errors.js";
import { DEFAULT_LEADER_NAMESPACE } from "../../kube/locate.js";
import { LEADER_RESOURCES, RESOURCES } from "../../kube/resources.js";
import {
  type ApiFailure,
  type ApiFailureKind,
  type Fetched,
  type KubeList,
  type KubeObject,
  LEADER_RESOURCE_KEYS,
  type RawClusterSet,
  type RawLeader,
  type RawLeaderState,
  type RawMember,
  RESOURCE_KEYS,
  type ServerVersion,
} from "../../kube/types.js";
import { readAws } from "./aws.js";
import {
  clusterDir,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type SnapshotEntry,
  type SnapshotIndex,
  type SnapshotLeader,
  type SnapshotMember,
} from "./format.js";

export async function readJson(dir: string, file: string): Promise<unknown> {
  const path = join(dir, file);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new UsageError(`snapshot ${dir}: cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`snapshot ${dir}: ${file} is not valid JSON: ${(err as Error).message}`);
  }
}

/** A List as kubectl prints it; a single object (kubectl get KIND NAME -o json) is wrapped in one. */
function asList(value: unknown, dir: string, file: string): KubeList {
  if (value && typeof value === "object" && Array.isArray((value as KubeList).items)) {
    const list = value as KubeList;
    return {
      apiVersion: list.apiVersion ?? "v1",
      kind: list.kind ?? "List",
      metadata: list.metadata ?? {},
      items: list.items,
    };
  }
  if (value && typeof value === "object" && (value as KubeObject).metadata) {
    return { apiVersion: "v1", kind: "List", metadata: {}, items: [value as KubeObject] };
  }
  throw new UsageError(`snapshot ${dir}: ${file} is neither a Kubernetes List nor an object`);
}

const FAILURE_KINDS: readonly ApiFailureKind[] = [
  "unreachable",
  "unauthorized",
  "forbidden",
  "not-served",
  "not-found",
  "server-error",
  "context-missing",
  "not-collected",
];

/** A recorded read failure; anything malformed still counts as a failed read. */
function validFailure(value: unknown): ApiFailure {
  const f = (value && typeof value === "object" ? value : {}) as Partial<ApiFailure>;
  const kind = FAILURE_KINDS.includes(f.kind as ApiFailureKind)
    ? (f.kind as ApiFailureKind)
    : "server-error";
  return {
    kind,
    message: typeof f.message === "string" ? f.message : JSON.stringify(value),
    ...(typeof f.status === "number" ? { status: f.status } : {}),
    ...(typeof f.request === "string" ? { request: f.request } : {}),
  };
}

function validNamespace(value: unknown): RawMember["namespace"] {
  const ns = value as Partial<RawMember["namespace"]> | undefined;
  const sources = ["flag", "controller", "default"] as const;
  if (ns && typeof ns.value === "string" && ns.value !== "") {
    return { value: ns.value, source: sources.find((s) => s === ns.source) ?? "default" };
  }
  return { value: "kube-system", source: "default" };
}

function validIndex(value: unknown, dir: string): SnapshotIndex {
  const index = value as Partial<SnapshotIndex> | null;
  if (!index || typeof index !== "object" || !Array.isArray(index.members)) {
    throw new UsageError(`snapshot ${dir}: snapshot.json has no "members" list`);
  }
  if (index.format !== undefined && index.format !== SNAPSHOT_FORMAT) {
    throw new UsageError(
      `snapshot ${dir}: snapshot.json format "${index.format}" is not ${SNAPSHOT_FORMAT}`,
    );
  }
  const version = (index as { version?: unknown }).version;
  if (version !== undefined && (typeof version !== "number" || !Number.isInteger(version)))
    throw new UsageError(`snapshot ${dir}: snapshot.json "version" is not a whole number`);
  if (typeof version === "number" && version > SNAPSHOT_VERSION) {
    const by = (index as { tool?: { version?: unknown } }).tool?.version;
    throw new UsageError(
      `snapshot ${dir} has format version ${version}${typeof by === "string" ? ` (written by kubectl-antrea_mc ${by})` : ""}; this kubectl-antrea_mc reads version ${SNAPSHOT_VERSION}: upgrade it`,
    );
  }
  for (const m of index.members) {
    if (!m || typeof m.name !== "string" || !/^[A-Za-z0-9._-]+$/.test(m.name)) {
      throw new UsageError(`snapshot ${dir}: a member in snapshot.json has no valid "name"`);
    }
  }
  return index as SnapshotIndex;
}

/**
 * Reads one member: a recorded error wins; otherwise clusters/<member>/<resource>.json is read when
 * it exists, so that a snapshot made by hand with kubectl needs only the files and a short index.
 */
async function readMember(dir: string, m: SnapshotMember): Promise<RawMember> {
  const resources: RawMember["resources"] = {};
  const namespace = validNamespace(m.namespace);
  const failure = m.failure === undefined ? undefined : validFailure(m.failure);
  for (const key of RESOURCE_KEYS) {
    if (failure) break; // the cluster could not be read at all: there are no files
    // A hand-made snapshot without a file: the inspection is incomplete, and says how to fix it.
    resources[key] = await readEntry(
      dir,
      m.resources?.[key],
      `${clusterDir(m.name)}/${key}.json`,
      RESOURCES[key].kubectl(namespace.value),
    );
  }
  let version: Fetched<ServerVersion> | undefined;
  if (m.version?.error) version = { ok: false, error: validFailure(m.version.error) };
  else {
    const file = m.version?.file ?? `${clusterDir(m.name)}/version.json`;
    if (existsSync(join(dir, file))) {
      const v = (await readJson(dir, file)) as { serverVersion?: ServerVersion };
      if (v?.serverVersion) version = { ok: true, value: v.serverVersion };
    }
  }
  return {
    name: m.name,
    context: typeof m.context === "string" ? m.context : m.name,
    namespace,
    ...(failure ? { failure } : {}),
    ...(version ? { version } : {}),
    resources,
  };
}

/**
 * One answer: a recorded error, the listed file, else the file at its usual place (a snapshot
 * made by hand), else not collected, with the command that collects it.
 */
async function readEntry(
  dir: string,
  entry: Partial<SnapshotEntry> | undefined,
  usual: string,
  command: string,
): Promise<Fetched> {
  if (entry?.error) return { ok: false, error: validFailure(entry.error) };
  const file = typeof entry?.file === "string" ? entry.file : usual;
  if (!existsSync(join(dir, file))) {
    if (entry?.file) throw new UsageError(`snapshot ${dir}: ${file} is listed but missing`);
    return {
      ok: false,
      error: { kind: "not-collected", message: `the snapshot has no ${file}`, request: command },
    };
  }
  return { ok: true, value: asList(await readJson(dir, file), dir, file) };
}

const NAMESPACE_SOURCES = ["clusterset", "controller", "default"] as const;

/** The leader of snapshot.json; one without the entry was not read when it was taken. */
async function readLeader(
  dir: string,
  entry: SnapshotIndex["leader"] | undefined,
  members: readonly RawMember[],
): Promise<RawLeaderState> {
  if (!entry || typeof entry !== "object")
    return {
      found: false,
      reason: `snapshot ${dir} holds no leader (collect reads it, from its kubeconfig context)`,
    };
  if ("found" in entry && entry.found === false)
    return { found: false, reason: typeof entry.reason === "string" ? entry.reason : "not found" };
  const l = entry as Partial<SnapshotLeader>;
  if (typeof l.name !== "string" || !/^[A-Za-z0-9._-]+$/.test(l.name))
    throw new UsageError(`snapshot ${dir}: the leader in snapshot.json has no valid "name"`);
  const rel = clusterDir(l.name);
  const ns = l.namespace as Partial<RawLeader["namespace"]> | undefined;
  const namespace: RawLeader["namespace"] =
    ns && typeof ns.value === "string" && ns.value
      ? {
          value: ns.value,
          source: NAMESPACE_SOURCES.find((s) => s === ns.source) ?? "default",
          ...(typeof ns.from === "string" ? { from: ns.from } : {}),
        }
      : { value: DEFAULT_LEADER_NAMESPACE, source: "default" };
  const member =
    typeof l.member === "string" && members.some((m) => m.name === l.member) ? l.member : undefined;
  const failure = l.failure === undefined ? undefined : validFailure(l.failure);
  const resources: RawLeader["resources"] = {};
  if (!failure) {
    for (const key of LEADER_RESOURCE_KEYS) {
      resources[key] = await readEntry(
        dir,
        l.resources?.[key],
        `${rel}/${key}.json`,
        LEADER_RESOURCES[key].kubectl(namespace.value),
      );
    }
  }
  // A dual-role leader's Deployments are its member's, read with it.
  const deployments =
    member || failure
      ? undefined
      : await readEntry(
          dir,
          l.deployments,
          `${rel}/deployments.json`,
          RESOURCES.deployments.kubectl(namespace.value),
        );
  return {
    found: true,
    leader: {
      name: l.name,
      context: typeof l.context === "string" ? l.context : l.name,
      found: typeof l.found === "string" ? l.found : "snapshot.json",
      ...(member ? { member } : {}),
      namespace,
      ...(failure ? { failure } : {}),
      ...(deployments ? { deployments } : {}),
      ...(typeof l.serverTime === "string" && !Number.isNaN(Date.parse(l.serverTime))
        ? { serverTime: l.serverTime }
        : {}),
      resources,
    },
  };
}

export interface SnapshotRead {
  raw: RawClusterSet;
  index: SnapshotIndex;
}

/** Reads a snapshot; `contexts` (when given) selects members by context or member name. */
export async function readSnapshot(
  dir: string,
  contexts: readonly string[] = [],
  leaderContext?: string,
): Promise<SnapshotRead> {
  if (!existsSync(join(dir, "snapshot.json"))) {
    throw new UsageError(
      `--snapshot ${dir}: no snapshot.json (write one with "kubectl antrea-mc collect --out DIR")`,
    );
  }
  const index = validIndex(await readJson(dir, "snapshot.json"), dir);
  let chosen = index.members;
  if (contexts.length > 0) {
    for (const c of contexts) {
      if (!index.members.some((m) => m.context === c || m.name === c)) {
        const have = index.members.map((m) => m.context).join(", ");
        throw new UsageError(`context "${c}" is not in snapshot ${dir} (contexts: ${have})`);
      }
    }
    chosen = index.members.filter((m) => contexts.includes(m.context) || contexts.includes(m.name));
  }
  const members = await Promise.all(chosen.map((m) => readMember(dir, m)));
  const aws = await readAws(dir, index.aws, (file) => readJson(dir, file));
  const leader = await readLeader(dir, index.leader, members);
  if (leaderContext !== undefined) {
    const recorded = leader.found ? leader.leader.context : undefined;
    if (recorded !== leaderContext)
      throw new UsageError(
        `--leader-context ${leaderContext}: snapshot ${dir} ${recorded ? `holds the leader of context ${recorded}` : "holds no leader"}; a snapshot is judged with the leader it was taken with`,
      );
  }
  return {
    raw: {
      source: "snapshot",
      members,
      skippedContexts: index.skippedContexts ?? [],
      aws,
      leader,
      // A snapshot made by hand may say when in createdAt; a collected one records the leader's
      // own clock (serverTime), and never stands in the collecting machine's for it.
      ...(typeof index.createdAt === "string" && !index.tool ? { takenAt: index.createdAt } : {}),
    },
    index,
  };
}
