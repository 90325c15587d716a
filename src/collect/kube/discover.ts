import { UsageError } from "../../errors.js";
import { findLeaderContext, leaderWanted } from "../../kube/leader-context.js";
import { findMemberController, MC_CONTROLLER } from "../../kube/locate.js";
import type { RawClusterSet, RawLeaderState, RawMember, SkippedContext } from "../../kube/types.js";
import type { Reporter } from "../../reporter.js";
import { memberNames } from "../names.js";
import { clientFor } from "./clients.js";
import { type LoadedKubeconfig, loadKubeconfig } from "./kubeconfig.js";
import { collectLeader } from "./leader.js";
import { collectMember, isFatal, type Probe, probe } from "./member.js";
import type { KubeReader } from "./reader.js";

export interface LiveOptions {
  kubeconfig?: string;
  /** Explicit members; empty = probe every context of the kubeconfig. */
  contexts: readonly string[];
  /**
   * Members named by the ClusterSet file, used when --context is not given. A context missing from
   * the kubeconfig is then a finding of that member (kube.access), not bad usage.
   */
  fileContexts?: readonly string[];
  memberNamespace?: string;
  /** Keep of Nodes and Pods only what the model reads (collectMember's forModel). */
  forModel?: boolean;
  /** Read the leader too: through this context (--leader-context), else the one its server names. */
  leader?: { context?: string };
  /**
   * Runs side by side with reading the leader, once the members are read and the leader is found
   * (the AWS reads: they need the members and which cluster the leader is, not its objects).
   */
  alongside?: (raw: RawClusterSet, leader: LeaderRef | undefined) => Promise<void>;
  timeoutMs: number;
  reporter: Reporter;
}

/** The flag's words for a usage error about a context. */
function checkContext(loaded: LoadedKubeconfig, known: readonly string[], ctx: string, flag = "") {
  if (!known.includes(ctx)) {
    const where = loaded.files.join(", ");
    const have = known.length ? known.join(", ") : "none";
    throw new UsageError(
      `${flag}context "${ctx}" not found in kubeconfig ${where} (contexts: ${have})`,
    );
  }
  const broken = brokenContext(loaded, ctx);
  if (broken)
    throw new UsageError(
      `${flag}context "${ctx}" in kubeconfig ${loaded.files.join(", ")} ${broken}`,
    );
}

/** Reads every member from the live API servers (--context, or probe all contexts). */
export async function collectLive(opts: LiveOptions): Promise<RawClusterSet> {
  const loaded = loadKubeconfig(opts.kubeconfig);
  const known = loaded.config.getContexts().map((c) => c.name);
  for (const ctx of opts.contexts) checkContext(loaded, known, ctx);
  if (opts.leader?.context) checkContext(loaded, known, opts.leader.context, "--leader-context: ");
  const readers = new Map<string, KubeReader>();
  const readerFor = (ctx: string) => {
    let r = readers.get(ctx);
    if (!r) {
      r = clientFor(loaded, ctx, opts.timeoutMs, opts.reporter.debug);
      readers.set(ctx, r);
    }
    return r;
  };
  const chosen = opts.contexts.length > 0 ? opts.contexts : (opts.fileContexts ?? []);
  try {
    if (chosen.length > 0) {
      const names = memberNames(chosen);
      opts.reporter.progress(`Inspecting ${chosen.length} member(s)…`);
      const members = await Promise.all(
        chosen.map((ctx) => collect(readerFor(ctx), names.get(ctx) ?? ctx, opts)),
      );
      return await withLeader(
        { source: "live", members, skippedContexts: [] },
        loaded,
        readerFor,
        opts,
      );
    }
    return await withLeader(
      await discoverAll(loaded, known, readerFor, opts),
      loaded,
      readerFor,
      opts,
    );
  } finally {
    await Promise.all([...readers.values()].map((r) => r.close()));
  }
}

/** The leader as found, before it is read: which context, and the member it is, if any. */
export interface LeaderRef {
  readonly name: string;
  readonly context: string;
  readonly member?: string;
}

/**
 * The ClusterSet with its leader read, when asked for; `alongside` (the AWS reads) runs at the
 * same time, so that the leader costs no round trip of its own.
 */
async function withLeader(
  raw: RawClusterSet,
  loaded: LoadedKubeconfig,
  readerFor: (ctx: string) => KubeReader,
  opts: LiveOptions,
): Promise<RawClusterSet> {
  if (!opts.leader || raw.members.length === 0) {
    await opts.alongside?.(raw, undefined);
    return raw;
  }
  const found = findLeader(raw.members, loaded, opts);
  const [leader] = await Promise.all([
    "reason" in found ? found : readLeader(found, raw.members, readerFor, opts),
    opts.alongside?.(raw, "reason" in found ? undefined : found.ref),
  ]);
  return { ...raw, leader };
}

type Found =
  | { found: false; reason: string }
  | {
      ref: LeaderRef;
      source: string;
      namespace?: { value: string; from: string };
    };

/** Which context reads the leader: no request is made. */
function findLeader(
  members: readonly RawMember[],
  loaded: LoadedKubeconfig,
  opts: LiveOptions,
): Found {
  const clusters = new Map(loaded.config.getClusters().map((c) => [c.name, c.server]));
  const contexts = loaded.config
    .getContexts()
    .map((c) => ({ context: c.name, server: clusters.get(c.cluster) ?? "" }));
  const wanted = leaderWanted(members);
  const found = findLeaderContext(
    opts.leader?.context,
    contexts,
    wanted.servers,
    members.map((m) => m.context),
  );
  if (!found.found) return { found: false, reason: found.reason };
  const member = members.find((m) => m.context === found.context);
  const name =
    member?.name ??
    memberNames([...members.map((m) => m.context), found.context]).get(found.context) ??
    "leader";
  return {
    ref: { name, context: found.context, ...(member ? { member: member.name } : {}) },
    source: found.source,
    ...(wanted.namespace ? { namespace: wanted.namespace } : {}),
  };
}

async function readLeader(
  found: Extract<Found, { ref: LeaderRef }>,
  members: readonly RawMember[],
  readerFor: (ctx: string) => KubeReader,
  opts: LiveOptions,
): Promise<RawLeaderState> {
  const { name, context } = found.ref;
  const member = members.find((m) => m.name === found.ref.member);
  const wanted = { namespace: found.namespace };
  opts.reporter.debug(`reading context ${context} as the leader (${found.source})`);
  opts.reporter.stage(`${name} (leader)`, "reading the leader…");
  const leader = await collectLeader(readerFor(context), {
    name,
    found: found.source,
    ...(member ? { member } : {}),
    ...(wanted.namespace ? { namespace: wanted.namespace } : {}),
    ...(opts.forModel ? { forModel: true } : {}),
  });
  opts.reporter.stage(`${name} (leader)`, leader.failure ? "could not be read" : "read");
  return { found: true, leader };
}

async function collect(
  reader: KubeReader,
  name: string,
  opts: LiveOptions,
  probed?: Probe,
): Promise<RawMember> {
  const { reporter, memberNamespace, forModel } = opts;
  reporter.debug(`reading context ${reader.context} as member ${name}`);
  reporter.stage(name, "discovering (Kubernetes)…");
  const member = await collectMember(reader, { name, memberNamespace, forModel }, probed);
  if (member.failure) reporter.debug(`${reader.context}: ${member.failure.message}`);
  reporter.stage(name, member.failure ? "could not be read" : "discovered");
  return member;
}

async function discoverAll(
  loaded: LoadedKubeconfig,
  contexts: readonly string[],
  readerFor: (ctx: string) => KubeReader,
  opts: LiveOptions,
): Promise<RawClusterSet> {
  if (contexts.length === 0) {
    throw new UsageError(`kubeconfig ${loaded.files.join(", ")} has no contexts`);
  }
  opts.reporter.progress(`Probing ${contexts.length} context(s) for a member ${MC_CONTROLLER}…`);
  const probes = await Promise.all(contexts.map((ctx) => probeForMember(readerFor(ctx), opts)));
  const chosen: { ctx: string; probe: Probe }[] = [];
  const skippedContexts: SkippedContext[] = [];
  probes.forEach((p, i) => {
    const ctx = contexts[i] ?? "";
    if (p.skip) skippedContexts.push({ context: ctx, ...p.skip });
    else chosen.push({ ctx, probe: p.probe });
  });
  for (const s of skippedContexts) opts.reporter.debug(`skipped context ${s.context}: ${s.reason}`);
  const names = memberNames(chosen.map((c) => c.ctx));
  const members = await Promise.all(
    chosen.map((c) => collect(readerFor(c.ctx), names.get(c.ctx) ?? c.ctx, opts, c.probe)),
  );
  return { source: "live", members, skippedContexts };
}

type ProbeOutcome = { probe: Probe; skip?: undefined } | { skip: Omit<SkippedContext, "context"> };

/**
 * A context is a member when it runs a member-mode antrea-mc-controller. Listing Deployments in all
 * namespaces may be forbidden to namespace-scoped users; then the member namespace is tried.
 */
async function probeForMember(reader: KubeReader, opts: LiveOptions): Promise<ProbeOutcome> {
  const p = await probe(reader, opts.memberNamespace);
  if (!p.version.ok && isFatal(p.version.error)) {
    return {
      skip: {
        // Without an HTTP status no request was sent: the credentials were missing, not the server.
        reason:
          p.version.error.kind === "unauthorized" && !p.version.error.status
            ? `no credentials: ${p.version.error.message}`
            : `not reachable: ${p.version.error.message}`,
        failure: p.version.error,
      },
    };
  }
  const deployments = p.deployments;
  if (!deployments?.ok) {
    const error = deployments?.error;
    return {
      skip: {
        reason: `could not list Deployments: ${error?.message ?? "no answer"}`,
        ...(error ? { failure: error } : {}),
      },
    };
  }
  const controller = findMemberController(deployments.value.items, opts.memberNamespace);
  if (!controller) {
    const where = opts.memberNamespace ? ` in namespace ${opts.memberNamespace}` : "";
    return { skip: { reason: `no member ${MC_CONTROLLER} Deployment${where}` } };
  }
  return { probe: { ...p, deployments } };
}

/** What makes a named context unusable as kubectl would find it: a cluster or user it names is missing. */
function brokenContext(loaded: LoadedKubeconfig, name: string): string | undefined {
  const ctx = loaded.config.getContexts().find((c) => c.name === name);
  if (!ctx) return undefined;
  if (!ctx.cluster) return "names no cluster";
  const cluster = loaded.config.getClusters().find((c) => c.name === ctx.cluster);
  if (!cluster) return `names cluster "${ctx.cluster}", which is not in the kubeconfig`;
  if (!cluster.server) return `names cluster "${ctx.cluster}", which has no server URL`;
  if (ctx.user && !loaded.config.getUsers().some((u) => u.name === ctx.user))
    return `names user "${ctx.user}", which is not in the kubeconfig`;
  return undefined;
}
