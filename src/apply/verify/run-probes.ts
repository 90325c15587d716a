/**
 * Runs verify's probes in the members: preflight (access, then dry runs of everything); the Pod
 * paths' echoes started; verify.tunnel's observer on every Gateway until it listens, then a sender
 * on every Gateway, then the observers' logs; then the Pod paths (run-paths.ts) — and removes
 * everything it made whatever happens (success, refusal, timeout, Ctrl-C), unless --keep.
 */
import type { KubeClient } from "../../collect/kube/writer.js";
import { NAMESPACE_REF, POD_REF } from "../../kube/resources.js";
import type { Fetched, KubeObject, ResourceRef } from "../../kube/types.js";
import type { Reporter } from "../../reporter.js";
import {
  LABEL_RUN,
  namespaceManifest,
  type ProbePod,
  type ProbeRole,
  probePodManifest,
} from "../../verify/manifests.js";
import type { ProbeWire } from "../../verify/marker.js";
import type { PathProbePlan } from "../../verify/path-plan.js";
import type { PathObservations } from "../../verify/path-verdict.js";
import { observerCommand, senderCommand } from "../../verify/probe-commands.js";
import {
  type ObserverLog,
  readObserverLog,
  readSenderLog,
  type SenderLog,
} from "../../verify/probe-logs.js";
import { type ProbeEnd, type TunnelProbePlan, targetsOf } from "../../verify/tunnel-plan.js";
import type { ProbeOutcome, TunnelObservations } from "../../verify/tunnel-verdict.js";
import { type Leftover, removeExpired, removeRun } from "./cleanup.js";
import { type PodState, podState } from "./pod-state.js";
import { checkAccess, type Refusal, refusalOf } from "./preflight.js";
import {
  clientWindowMs,
  exportAndImport,
  type PathContext,
  pathObjects,
  runClients,
  startEchoes,
  untilEchoesReady,
} from "./run-paths.js";
import { Interrupted, sleep, stopIfAborted } from "./wait.js";

/** Time the senders have at least, after the observers' wait (three rounds take a second). */
const SENDERS_MS = 30_000;

/** A member verify runs probes in, with its client. */
export interface ProbeTarget {
  readonly member: string;
  readonly context: string;
  readonly client: KubeClient;
}

export interface RunProbesOptions {
  readonly plan: TunnelProbePlan;
  /** Run verify.tunnel's observers and senders. */
  readonly tunnel: boolean;
  /** The Pod-path probes to run, if any were asked for. */
  readonly paths?: PathProbePlan;
  readonly targets: ReadonlyMap<string, ProbeTarget>;
  readonly image: string;
  /** An existing namespace to use (--namespace); else one of its own per member, removed after. */
  readonly namespace?: string;
  /**
   * Each phase's wait (--timeout): the observers until they listen (the senders then get at least
   * 30 s), and the Pod paths' echoes and imports (their clients then get their own window).
   */
  readonly timeoutMs: number;
  /** How long to wait for the removal to finish. */
  readonly cleanupMs: number;
  readonly keep: boolean;
  readonly pollMs: number;
  /** After the senders: time for their last packets to reach the captures. */
  readonly graceMs: number;
  readonly signal: AbortSignal;
  readonly reporter: Reporter;
  readonly now?: () => number;
}

export interface ProbeRunResult {
  /** Preflight refusals: nothing was made (or what was, removed again). */
  readonly refusals: readonly Refusal[];
  readonly observed: TunnelObservations;
  /** Refusals of what only the Pod paths need: the tunnel probes ran without them. */
  readonly pathRefusals?: readonly Refusal[];
  /** What the Pod-path probes saw, when they ran to the end. */
  readonly paths?: PathObservations;
  /** What is still there after the run, with how to remove it. */
  readonly leftovers: readonly Leftover[];
  readonly interrupted: boolean;
}

/** What the run made in one member. */
export interface Made {
  namespace?: string;
  /** verify made the namespace (and removes it whole). */
  own: boolean;
  /** verify.tunnel's probe Pods. */
  readonly pods: Map<string, { role: ProbeRole; end: ProbeEnd }>;
  /** The Pod paths' objects: echo and client Pods, Services, ServiceExports. */
  readonly others: {
    readonly ref: ResourceRef;
    readonly namespace: string;
    readonly name: string;
  }[];
}

/** A refusal of what only the Pod paths need: the tunnel probes can still run without them. */
const pathsOnly = (r: Refusal) =>
  r.resource === "services" || r.resource.startsWith("serviceexports");

export async function runProbes(asked: RunProbesOptions): Promise<ProbeRunResult> {
  let o = asked;
  const now = o.now ?? Date.now;
  const targets = [...o.targets.values()];
  const observers = new Map<number, ProbeOutcome<ObserverLog>>();
  const senders = new Map<number, ProbeOutcome<SenderLog>>();
  const observed = { observers, senders };
  o.reporter.progress(`Checking access in ${targets.length} member(s)…`);
  const denied = (
    await Promise.all(
      targets.map((t) => checkAccess(t.member, t.client, o.namespace, o.paths !== undefined)),
    )
  ).flat();
  // Credentials bound to an older ClusterRole (no Services, no ServiceExports) still probe the
  // tunnel; the Pod paths' refusal is reported beside its results.
  const degraded = o.tunnel && denied.length > 0 && denied.every(pathsOnly);
  if (degraded) {
    const { paths: _, ...tunnelOnly } = o;
    o = tunnelOnly;
  } else if (denied.length)
    return { refusals: denied, observed, leftovers: [], interrupted: false };
  const made = new Map<string, Made>(
    targets.map((t) => [t.member, { own: false, pods: new Map(), others: [] }]),
  );
  let refusals: Refusal[] = [];
  let paths: PathObservations | undefined;
  let interrupted = false;
  let leftovers: Leftover[] = [];
  try {
    ({ refusals, paths } = await probe(o, made, now, observers, senders));
  } catch (err) {
    if (!(err instanceof Interrupted)) throw err;
    interrupted = true;
  } finally {
    // Success, refusal, timeout, Ctrl-C or a failure: what was made goes (unless --keep).
    leftovers = await removeRun(targets, made, o);
  }
  return {
    refusals,
    ...(degraded ? { pathRefusals: denied } : {}),
    observed,
    ...(paths ? { paths } : {}),
    leftovers,
    interrupted,
  };
}

/** Everything between the access check and the removal: the dry runs' refusals, or what was seen. */
async function probe(
  o: RunProbesOptions,
  made: Map<string, Made>,
  now: () => number,
  observers: Map<number, ProbeOutcome<ObserverLog>>,
  senders: Map<number, ProbeOutcome<SenderLog>>,
): Promise<{ refusals: Refusal[]; paths?: PathObservations }> {
  const targets = [...o.targets.values()];
  // Pods end by themselves once the whole run's time is over, whatever happens to verify: the
  // tunnel probes (--timeout, the senders' own time, the grace), the Pod paths' wait (--timeout)
  // and their clients' time, and a minute to spare.
  const seconds = Math.ceil(o.timeoutMs / 1000);
  const tunnelSeconds = o.tunnel ? seconds + SENDERS_MS / 1000 + Math.ceil(o.graceMs / 1000) : 0;
  const pathSeconds = o.paths ? seconds + Math.ceil(clientWindowMs(o.timeoutMs) / 1000) : 0;
  const deadlineSeconds = tunnelSeconds + pathSeconds + 60;
  const expires = new Date(now() + (deadlineSeconds + 60) * 1000).toISOString();
  stopIfAborted(o.signal);
  await Promise.all(
    targets.map((t) => removeExpired(t, o.namespace, now(), o.reporter, o.paths !== undefined)),
  );
  stopIfAborted(o.signal);
  const refused = await makeNamespaces(targets, made, o, expires);
  if (refused.length) return { refusals: refused };
  const pods = o.tunnel ? podsOf(o.plan, made, o, deadlineSeconds, expires) : [];
  const ctx: PathContext | undefined = o.paths && {
    plan: o.paths,
    o,
    made,
    deadlineSeconds,
    expires,
    now,
  };
  const objects = ctx ? pathObjects(ctx) : [];
  const admitted = await dryRun(
    [
      ...pods.map((p) => ({ target: p.target, ref: POD_REF, object: p.object })),
      // A ServiceExport its CRD does not serve is the Service probe's finding, not a refusal.
      ...objects.filter((p) => p.role !== "export"),
    ],
    o,
  );
  if (admitted.length) return { refusals: admitted };
  const deadline = now() + o.timeoutMs;
  const echoing = ctx && (await startEchoes(ctx, objects));
  if (o.tunnel) {
    o.reporter.progress(`Starting ${o.plan.ends.length} observer(s) on the Gateways…`);
    await createPods(pods, "observer", made, o, observers);
    await untilObserversListen(made, o, deadline, now, observers);
    o.reporter.progress(`Sending from ${o.plan.ends.length} Gateway(s)…`);
    await createPods(pods, "sender", made, o, senders);
    // The senders have their own time: a slow observer must not leave them none.
    const sendersBy = Math.max(deadline, now() + Math.min(o.timeoutMs, SENDERS_MS));
    await untilSendersEnd(made, o, sendersBy, now, senders);
    await sleep(o.graceMs, o.signal);
    await readObservers(made, o, observers);
  }
  if (!ctx || !echoing) return { refusals: [] };
  const started = now();
  o.reporter.progress(`Waiting for ${ctx.plan.exporters.length} echo Pod(s)…`);
  // The imports get --timeout from here at least, whatever the tunnel probes took.
  const pathsBy = Math.max(deadline, started + o.timeoutMs);
  const echoes = await untilEchoesReady(ctx, echoing, pathsBy);
  const exchanged = await exportAndImport(ctx, objects, echoes, pathsBy, started);
  o.reporter.progress(`Calling the peers from ${ctx.plan.clients.length} member(s)…`);
  const clients = await runClients(ctx, objects, echoes, exchanged.imports);
  return { refusals: [], paths: { echoes, ...exchanged, clients } };
}

async function makeNamespaces(
  targets: readonly ProbeTarget[],
  made: Map<string, Made>,
  o: RunProbesOptions,
  expires: string,
): Promise<Refusal[]> {
  if (o.namespace) {
    for (const m of made.values()) m.namespace = o.namespace;
    return [];
  }
  const object = namespaceManifest(o.plan.nonce, expires);
  const dry = await Promise.all(
    targets.map((t) => t.client.create({ ...NAMESPACE_REF, object, dryRun: true })),
  );
  const refused = dry.flatMap((r, i) =>
    r.ok ? [] : [refusalOf(targets[i]?.member ?? "", "namespaces", undefined, r.error, true)],
  );
  if (refused.length) return refused;
  stopIfAborted(o.signal);
  // The namespace is the one thing made before the Pods' dry run (which needs it to exist).
  const created = await Promise.all(
    targets.map((t) => t.client.create({ ...NAMESPACE_REF, object })),
  );
  const out: Refusal[] = [];
  for (const [i, r] of created.entries()) {
    const t = targets[i] as ProbeTarget;
    if (!r.ok) out.push(refusalOf(t.member, "namespaces", undefined, r.error, false));
    else {
      const m = made.get(t.member) as Made;
      m.namespace = r.value.metadata?.name ?? "";
      m.own = true;
    }
  }
  return out;
}

interface PodToMake {
  readonly target: ProbeTarget;
  readonly role: ProbeRole;
  readonly end: ProbeEnd;
  readonly object: KubeObject;
}

function podsOf(
  plan: TunnelProbePlan,
  made: ReadonlyMap<string, Made>,
  o: RunProbesOptions,
  deadlineSeconds: number,
  expires: string,
): PodToMake[] {
  const wires: ProbeWire[] = plan.ends.map((e) => e.wire);
  const seconds = Math.ceil(o.timeoutMs / 1000) + 30;
  const out: PodToMake[] = [];
  for (const end of plan.ends) {
    const target = o.targets.get(end.member);
    const namespace = made.get(end.member)?.namespace;
    if (!target || !namespace) continue;
    const peers = targetsOf(plan, end).map((e) => ({ index: e.index, ip: e.gatewayIP }));
    const pods: ProbePod[] = [
      {
        role: "observer",
        node: end.node,
        member: end.member,
        wire: end.wire,
        command: observerCommand(wires, plan.nonce, seconds),
      },
      {
        role: "sender",
        node: end.node,
        member: end.member,
        wire: end.wire,
        command: senderCommand(end.wire, plan.nonce, { index: end.index, ip: end.sourceIP }, peers),
      },
    ];
    for (const p of pods)
      out.push({
        target,
        role: p.role,
        end,
        object: probePodManifest(p, {
          run: plan.nonce,
          namespace,
          image: o.image,
          deadlineSeconds,
          expires,
        }),
      });
  }
  return out;
}

/** How long a new namespace may lack its default ServiceAccount (kube-controller-manager adds it). */
const SERVICE_ACCOUNT_MS = 15_000;

/** One object's server-side dry run, before anything of the probes is made. */
interface ToDryRun {
  readonly target: ProbeTarget;
  readonly ref: ResourceRef;
  readonly object: KubeObject;
}

async function dryRun(objects: readonly ToDryRun[], o: RunProbesOptions): Promise<Refusal[]> {
  stopIfAborted(o.signal);
  const answers = await Promise.all(objects.map((p) => dryRunOne(p, o)));
  const out: Refusal[] = [];
  const seen = new Set<string>();
  for (const [i, r] of answers.entries()) {
    const p = objects[i] as ToDryRun;
    if (r.ok) continue;
    const refusal = refusalOf(
      p.target.member,
      p.ref.plural,
      p.object.metadata?.namespace,
      r.error,
      true,
    );
    // One per member and resource: its probe Pods are refused alike (the first one's words say why).
    const key = `${refusal.member}/${refusal.resource}`;
    if (!seen.has(key)) out.push(refusal);
    seen.add(key);
  }
  return out;
}

/**
 * An object's dry run. In a namespace made a moment ago, the ServiceAccount admission refuses Pods
 * until the namespace's `default` ServiceAccount exists: that is waited for, not reported.
 */
async function dryRunOne(p: ToDryRun, o: RunProbesOptions): Promise<Fetched<KubeObject>> {
  const until = Date.now() + SERVICE_ACCOUNT_MS;
  for (;;) {
    const r = await p.target.client.create({
      ...p.ref,
      namespace: p.object.metadata?.namespace ?? "",
      object: p.object,
      dryRun: true,
    });
    if (r.ok || !/service ?account/i.test(r.error.message) || Date.now() >= until) return r;
    await sleep(Math.min(500, o.pollMs * 5), o.signal);
  }
}

/**
 * Creates the Pods of one role. A create the API server refuses now (it admitted the dry run: a
 * quota, an overloaded server) is that probe's outcome, not the run's end.
 */
async function createPods(
  pods: readonly PodToMake[],
  role: ProbeRole,
  made: ReadonlyMap<string, Made>,
  o: RunProbesOptions,
  outcomes: Map<number, ProbeOutcome<ObserverLog>> | Map<number, ProbeOutcome<SenderLog>>,
): Promise<void> {
  stopIfAborted(o.signal);
  const chosen = pods.filter((p) => p.role === role);
  const answers = await Promise.all(
    chosen.map((p) =>
      p.target.client.create({
        ...POD_REF,
        namespace: p.object.metadata?.namespace ?? "",
        object: p.object,
      }),
    ),
  );
  for (const [i, r] of answers.entries()) {
    const p = chosen[i] as PodToMake;
    if (r.ok)
      made.get(p.target.member)?.pods.set(r.value.metadata?.name ?? "", { role, end: p.end });
    else
      outcomes.set(p.end.index, { problem: `its ${role} Pod was not created: ${r.error.message}` });
  }
}

/** One Pod the run made, and what the API server has of it now (nothing: it is gone). */
interface PolledPod {
  readonly target: ProbeTarget;
  readonly namespace: string;
  readonly name: string;
  readonly end: ProbeEnd;
  readonly pod?: KubeObject;
}

/** Our Pods of one role in every member, with their states, read once. */
async function poll(
  made: ReadonlyMap<string, Made>,
  o: RunProbesOptions,
  role: ProbeRole,
): Promise<PolledPod[]> {
  const out: PolledPod[] = [];
  await Promise.all(
    [...made].map(async ([member, m]) => {
      const target = o.targets.get(member);
      if (!target || !m.namespace) return;
      const list = await target.client.list({
        ...POD_REF,
        namespace: m.namespace,
        labelSelector: `${LABEL_RUN}=${o.plan.nonce}`,
      });
      const byName = new Map(
        (list.ok ? list.value.items : []).map((p) => [p.metadata?.name ?? "", p]),
      );
      for (const [name, p] of m.pods) {
        if (p.role !== role) continue;
        const pod = byName.get(name);
        out.push({ target, namespace: m.namespace, name, end: p.end, ...(pod ? { pod } : {}) });
      }
    }),
  );
  return out;
}

/** Each Pod's state, and its log when `wants` says so: the logs fetched side by side. */
async function withLogs(
  pods: readonly PolledPod[],
  wants: (state: PodState) => boolean,
): Promise<{ p: PolledPod; state?: PodState; log?: Fetched<string> }[]> {
  return Promise.all(
    pods.map(async (p) => {
      const state = p.pod ? podState(p.pod) : undefined;
      if (!state || !wants(state)) return { p, ...(state ? { state } : {}) };
      return { p, state, log: await p.target.client.logs(p.namespace, p.name) };
    }),
  );
}

async function untilObserversListen(
  made: ReadonlyMap<string, Made>,
  o: RunProbesOptions,
  deadline: number,
  now: () => number,
  observers: Map<number, ProbeOutcome<ObserverLog>>,
): Promise<void> {
  const waiting = new Map<number, string>();
  for (;;) {
    stopIfAborted(o.signal);
    const pods = (await poll(made, o, "observer")).filter((p) => !observers.has(p.end.index));
    let open = 0;
    const read = await withLogs(pods, (s) => !s.problem && (s.running || s.ended));
    for (const { p, state, log } of read) {
      if (!state) {
        waiting.set(p.end.index, "the Pod is gone");
        open++;
      } else if (state.problem) observers.set(p.end.index, { problem: state.problem });
      else if (log) {
        const said = log.ok ? readObserverLog(log.value, o.plan.nonce) : undefined;
        if (said?.listening || said?.error || state.ended) {
          observers.set(
            p.end.index,
            said ? { log: said } : { problem: log.ok ? "no log" : log.error.message },
          );
        } else {
          waiting.set(p.end.index, "tcpdump has not said it is listening yet");
          open++;
        }
      } else {
        waiting.set(p.end.index, state.pending ?? state.phase);
        open++;
      }
    }
    if (open === 0) return;
    if (now() >= deadline) {
      for (const [index, why] of waiting)
        if (!observers.has(index))
          observers.set(index, { problem: `not capturing within --timeout (${why})` });
      return;
    }
    o.reporter.debug(`waiting for ${open} observer(s)`);
    await sleep(o.pollMs, o.signal);
  }
}

async function untilSendersEnd(
  made: ReadonlyMap<string, Made>,
  o: RunProbesOptions,
  deadline: number,
  now: () => number,
  senders: Map<number, ProbeOutcome<SenderLog>>,
): Promise<void> {
  for (;;) {
    stopIfAborted(o.signal);
    const pods = (await poll(made, o, "sender")).filter((p) => !senders.has(p.end.index));
    let open = 0;
    const late = now() >= deadline;
    const read = await withLogs(pods, (s) => !(s.problem && !s.ended) && (s.running || s.ended));
    for (const { p, state, log } of read) {
      if (state?.problem && !state.ended) senders.set(p.end.index, { problem: state.problem });
      else if (state && log) {
        const said = log.ok ? readSenderLog(log.value) : undefined;
        if (said?.done || state.ended || late)
          senders.set(
            p.end.index,
            said ? { log: said } : { problem: log.ok ? "no log" : log.error.message },
          );
        else open++;
      } else if (late)
        senders.set(p.end.index, {
          problem: `not running within --timeout (${state?.pending ?? "the Pod is gone"})`,
        });
      else open++;
    }
    if (open === 0) return;
    await sleep(o.pollMs, o.signal);
  }
}

async function readObservers(
  made: ReadonlyMap<string, Made>,
  o: RunProbesOptions,
  observers: Map<number, ProbeOutcome<ObserverLog>>,
): Promise<void> {
  const pods = await poll(made, o, "observer");
  await Promise.all(
    pods.map(async (p) => {
      const had = observers.get(p.end.index);
      if (!had || "problem" in had) return;
      const log = await p.target.client.logs(p.namespace, p.name);
      // Without the last log, what the capture saw after the senders is not known.
      observers.set(
        p.end.index,
        log.ok
          ? { log: readObserverLog(log.value, o.plan.nonce) }
          : { problem: `its log could not be read at the end: ${log.error.message}` },
      );
    }),
  );
}
