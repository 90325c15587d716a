/**
 * A KubeReader that answers from a FakeCluster in memory, through the same API semantics as the
 * HTTP test server. Unit tests of the model and checks use it to run the real collector quickly.
 */
import { collectLeader } from "../../src/collect/kube/leader.js";
import { collectMember } from "../../src/collect/kube/member.js";
import {
  asKubectlList,
  collectionPath,
  describeGet,
  describeList,
  failureFromStatus,
  type GetRequest,
  type KubeReader,
  type ListRequest,
} from "../../src/collect/kube/reader.js";
import { leaderWanted } from "../../src/kube/leader-context.js";
import type {
  ApiFailure,
  Fetched,
  KubeList,
  KubeObject,
  RawClusterSet,
  RawLeaderState,
  RawMember,
  ServerVersion,
} from "../../src/kube/types.js";
import { buildModel } from "../../src/model/build.js";
import type { ClusterSetModel } from "../../src/model/types.js";
import { type Answer, FakeCluster, type FakeClusterOptions } from "./fake-cluster.js";
import { clusterOptions, type ScenarioMember } from "./scenarios.js";

function fetched<T>(a: Answer, request: string, collection: boolean): Fetched<T> {
  if (a.status >= 200 && a.status < 300) return { ok: true, value: a.body as T };
  return {
    ok: false,
    error: failureFromStatus(a.status, JSON.stringify(a.body), request, collection),
  };
}

export class MemoryReader implements KubeReader {
  readonly cluster: FakeCluster;

  constructor(
    readonly context: string,
    opts: FakeClusterOptions,
    /** Every request fails like this (an unreachable server, refused credentials). */
    private readonly failure?: ApiFailure,
  ) {
    this.cluster = new FakeCluster(opts);
  }

  async version(): Promise<Fetched<ServerVersion>> {
    if (this.failure) return { ok: false, error: { ...this.failure, request: "get /version" } };
    return fetched(this.cluster.version(), "get /version", false);
  }

  async list(req: ListRequest): Promise<Fetched<KubeList>> {
    const q = new URLSearchParams();
    if (req.fieldSelector) q.set("fieldSelector", req.fieldSelector);
    if (req.labelSelector) q.set("labelSelector", req.labelSelector);
    const answer = fetched<KubeList>(
      this.cluster.resource(collectionPath(req, req.namespace), q),
      describeList(req),
      true,
    );
    return answer.ok ? { ok: true, value: asKubectlList(answer.value, req.project) } : answer;
  }

  async get(req: GetRequest): Promise<Fetched<KubeObject>> {
    const path = `${collectionPath(req, req.namespace)}/${encodeURIComponent(req.name)}`;
    return fetched(this.cluster.resource(path, new URLSearchParams()), describeGet(req), false);
  }

  serverTime(): string | undefined {
    return this.cluster.opts.clock;
  }

  async close(): Promise<void> {}
}

export type MemberOverrides = Partial<FakeClusterOptions> & {
  memberNamespace?: string;
  failure?: ApiFailure;
};

export async function rawMember(m: ScenarioMember, over: MemberOverrides = {}): Promise<RawMember> {
  const { failure, memberNamespace: _ns, ...cluster } = over;
  const reader = new MemoryReader(m.context, { ...clusterOptions(m), ...cluster }, failure);
  return collectMember(reader, {
    name: m.name,
    ...(over.memberNamespace ? { memberNamespace: over.memberNamespace } : {}),
  });
}

/**
 * Which cluster is read as the leader: the member whose spec runs the leader (read through its
 * context, as a kubeconfig naming its server would), none, or a cluster of its own.
 */
export type LeaderChoice =
  | { kind: "member" }
  | { kind: "none"; reason?: string }
  | { kind: "cluster"; context: string; options: FakeClusterOptions; failure?: ApiFailure };

export async function rawClusterSet(
  members: ScenarioMember[],
  over: Record<string, MemberOverrides> = {},
  leader: LeaderChoice = { kind: "member" },
): Promise<RawClusterSet> {
  const raws = await Promise.all(members.map((m) => rawMember(m, over[m.name])));
  return {
    source: "live",
    members: raws,
    skippedContexts: [],
    leader: await rawLeader(members, raws, over, leader),
  };
}

async function rawLeader(
  members: ScenarioMember[],
  raws: RawMember[],
  over: Record<string, MemberOverrides>,
  choice: LeaderChoice,
): Promise<RawLeaderState> {
  const namespace = leaderWanted(raws).namespace;
  const found = "--leader-context";
  if (choice.kind === "cluster") {
    const reader = new MemoryReader(choice.context, choice.options, choice.failure);
    const leader = await collectLeader(reader, {
      name: "leader",
      found,
      ...(namespace ? { namespace } : {}),
    });
    return { found: true, leader };
  }
  const m = choice.kind === "member" ? members.find((x) => x.spec.leader) : undefined;
  const raw = m && raws.find((r) => r.name === m.name);
  if (!m || !raw)
    return {
      found: false,
      reason:
        (choice.kind === "none" ? choice.reason : undefined) ??
        "no kubeconfig context's cluster server is the leader server the members name: pass --leader-context",
    };
  const { failure, memberNamespace: _ns, ...cluster } = over[m.name] ?? {};
  const reader = new MemoryReader(m.context, { ...clusterOptions(m), ...cluster }, failure);
  const leader = await collectLeader(reader, {
    name: m.name,
    found,
    member: raw,
    ...(namespace ? { namespace } : {}),
  });
  return { found: true, leader };
}

export async function modelOf(
  members: ScenarioMember[],
  over: Record<string, MemberOverrides> = {},
  leader?: LeaderChoice,
): Promise<ClusterSetModel> {
  return buildModel(await rawClusterSet(members, over, leader));
}
