/**
 * A KubeReader that answers from a FakeCluster in memory, through the same API semantics as the
 * HTTP test server. Unit tests of the model and checks use it to run the real collector quickly.
 */
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
import type {
  ApiFailure,
  Fetched,
  KubeList,
  KubeObject,
  RawClusterSet,
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

export async function rawClusterSet(
  members: ScenarioMember[],
  over: Record<string, MemberOverrides> = {},
): Promise<RawClusterSet> {
  return {
    source: "live",
    members: await Promise.all(members.map((m) => rawMember(m, over[m.name]))),
    skippedContexts: [],
  };
}

export async function modelOf(
  members: ScenarioMember[],
  over: Record<string, MemberOverrides> = {},
): Promise<ClusterSetModel> {
  return buildModel(await rawClusterSet(members, over));
}
