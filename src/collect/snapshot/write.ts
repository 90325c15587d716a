import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { UsageError } from "../../errors.js";
import { LEADER_RESOURCES, RESOURCES, VERSION_KUBECTL } from "../../kube/resources.js";
import {
  type Fetched,
  LEADER_RESOURCE_KEYS,
  type RawClusterSet,
  type RawLeaderState,
  type RawMember,
  RESOURCE_KEYS,
  type ServerVersion,
} from "../../kube/types.js";
import { VERSION } from "../../version.js";
import { writeAws } from "./aws.js";
import {
  clusterDir,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type SnapshotEntry,
  type SnapshotIndex,
  type SnapshotLeader,
  type SnapshotMember,
} from "./format.js";

/** kubectl prints JSON with 4-space indentation; so do we, so files diff cleanly against it. */
const json = (value: unknown) => `${JSON.stringify(value, null, 4)}\n`;

async function ensureEmptyDir(dir: string): Promise<void> {
  let entries: string[] = [];
  try {
    entries = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new UsageError(`--out ${dir}: ${(err as Error).message}`);
    }
  }
  if (entries.length > 0) {
    throw new UsageError(`--out ${dir} is not empty; choose a new directory`);
  }
  await mkdir(dir, { recursive: true });
}

/** SOURCE_DATE_EPOCH (reproducible-builds convention) pins the timestamp, e.g. for examples/. */
function createdAt(env = process.env): string {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  return (
    Number.isFinite(epoch) && env.SOURCE_DATE_EPOCH ? new Date(epoch * 1000) : new Date()
  ).toISOString();
}

async function writeMember(
  dir: string,
  raw: RawMember,
  facts: MemberFacts,
): Promise<SnapshotMember> {
  const rel = clusterDir(raw.name);
  await mkdir(join(dir, rel), { recursive: true });
  const ns = raw.namespace.value;
  const resources: Record<string, SnapshotEntry> = {};
  for (const key of RESOURCE_KEYS) {
    const fetched = raw.resources[key];
    if (fetched)
      resources[key] = await writeEntry(
        dir,
        `${rel}/${key}.json`,
        RESOURCES[key].kubectl(ns, raw.configMapRefs),
        fetched,
      );
  }
  const version = await writeVersion(dir, rel, raw.version);
  return {
    name: raw.name,
    context: raw.context,
    role: "member",
    region: facts.get(raw.name)?.region ?? null,
    account: facts.get(raw.name)?.account ?? null,
    namespace: raw.namespace,
    ...(raw.failure ? { failure: raw.failure } : {}),
    ...(version ? { version } : {}),
    resources,
  };
}

/** version.json: what `kubectl version -o json` prints (or the failure), when it was read. */
async function writeVersion(
  dir: string,
  rel: string,
  version: Fetched<ServerVersion> | undefined,
): Promise<SnapshotEntry | undefined> {
  if (!version) return undefined;
  if (!version.ok) return { command: VERSION_KUBECTL, error: version.error };
  const file = `${rel}/version.json`;
  await writeFile(join(dir, file), json({ serverVersion: version.value }));
  return { file, command: VERSION_KUBECTL };
}

/** One answer as a file (or its recorded failure), with the kubectl command that prints it. */
async function writeEntry(
  dir: string,
  file: string,
  command: string,
  fetched: Fetched,
): Promise<SnapshotEntry> {
  if (!fetched.ok) return { command, error: fetched.error };
  await writeFile(join(dir, file), json(fetched.value));
  return { file, command };
}

/** The leader's answers in clusters/<leader>/ (its member's directory when it is also a member). */
async function writeLeader(dir: string, state: RawLeaderState): Promise<SnapshotIndex["leader"]> {
  if (!state.found) return { found: false, reason: state.reason };
  const raw = state.leader;
  const rel = clusterDir(raw.name);
  await mkdir(join(dir, rel), { recursive: true });
  const ns = raw.namespace.value;
  const resources: Record<string, SnapshotEntry> = {};
  for (const key of LEADER_RESOURCE_KEYS) {
    const fetched = raw.resources[key];
    if (fetched)
      resources[key] = await writeEntry(
        dir,
        `${rel}/${key}.json`,
        LEADER_RESOURCES[key].kubectl(ns),
        fetched,
      );
  }
  const leader: SnapshotLeader = {
    role: "leader",
    name: raw.name,
    context: raw.context,
    found: raw.found,
    ...(raw.member ? { member: raw.member } : {}),
    namespace: raw.namespace,
    ...(raw.serverTime ? { serverTime: raw.serverTime } : {}),
    ...(raw.failure ? { failure: raw.failure } : {}),
    resources,
  };
  // A dual-role leader's version and Deployments are its member's files.
  const version = await writeVersion(dir, rel, raw.version);
  if (version) leader.version = version;
  if (raw.deployments)
    leader.deployments = await writeEntry(
      dir,
      `${rel}/deployments.json`,
      RESOURCES.deployments.kubectl(ns),
      raw.deployments,
    );
  return leader;
}

/** What snapshot.json says about a member beyond the raw answers (interpreted by the caller). */
export type MemberFacts = ReadonlyMap<
  string,
  { region?: string | undefined; account?: string | undefined }
>;

/** Writes the snapshot layout of docs/reference.md "Snapshots" into a new or empty directory. Never holds Secrets. */
export async function writeSnapshot(
  dir: string,
  raw: RawClusterSet,
  facts: MemberFacts = new Map(),
): Promise<SnapshotIndex> {
  await ensureEmptyDir(dir);
  const members: SnapshotMember[] = [];
  for (const m of raw.members) members.push(await writeMember(dir, m, facts));
  const index: SnapshotIndex = {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    createdAt: createdAt(),
    tool: { name: "kubectl-antrea_mc", version: VERSION },
    members,
    skippedContexts: raw.skippedContexts,
    ...(raw.leader ? { leader: await writeLeader(dir, raw.leader) } : {}),
    ...(raw.aws ? { aws: await writeAws(dir, raw.aws) } : {}),
  };
  await writeFile(join(dir, "snapshot.json"), json(index));
  return index;
}
