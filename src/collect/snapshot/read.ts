import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { UsageError } from "../../errors.js";
import { RESOURCES } from "../../kube/resources.js";
import {
  type ApiFailure,
  type ApiFailureKind,
  type Fetched,
  type KubeList,
  type KubeObject,
  type RawClusterSet,
  type RawMember,
  RESOURCE_KEYS,
  type ServerVersion,
} from "../../kube/types.js";
import { readAws } from "./aws.js";
import {
  clusterDir,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type SnapshotIndex,
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
    const entry = m.resources?.[key];
    if (entry?.error) {
      resources[key] = { ok: false, error: validFailure(entry.error) };
      continue;
    }
    const file = entry?.file ?? `${clusterDir(m.name)}/${key}.json`;
    if (!existsSync(join(dir, file))) {
      if (entry?.file) throw new UsageError(`snapshot ${dir}: ${file} is listed but missing`);
      // A hand-made snapshot without this file: the inspection is incomplete, and says how to fix it.
      resources[key] = {
        ok: false,
        error: {
          kind: "not-collected",
          message: `the snapshot has no ${file}`,
          request: RESOURCES[key].kubectl(namespace.value),
        },
      };
      continue;
    }
    resources[key] = { ok: true, value: asList(await readJson(dir, file), dir, file) };
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

export interface SnapshotRead {
  raw: RawClusterSet;
  index: SnapshotIndex;
}

/** Reads a snapshot; `contexts` (when given) selects members by context or member name. */
export async function readSnapshot(
  dir: string,
  contexts: readonly string[] = [],
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
  return {
    raw: { source: "snapshot", members, skippedContexts: index.skippedContexts ?? [], aws },
    index,
  };
}
