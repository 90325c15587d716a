/**
 * Runs the Pod-path probes in the members (verify.service, verify.pod-to-pod, verify.mtu): every
 * member's echo Pod and Service, exported once the Pod is Ready; then, bounded by --timeout, the
 * exports' answers and every member's imports of its peers; then one client per member calling
 * each peer's imported ClusterIP (and echo Pod IP with Pod-to-Pod), whose log is the result.
 */
import { POD_REF, SERVICE_EXPORT_REF, SERVICE_REF } from "../../kube/resources.js";
import { findCondition } from "../../kube/shapes.js";
import type { KubeObject, ResourceRef } from "../../kube/types.js";
import {
  CLIENT_SECONDS,
  echoServerCommand,
  type PathTarget,
  pathClientCommand,
} from "../../verify/path-commands.js";
import { type PathClientLog, readPathClientLog } from "../../verify/path-logs.js";
import {
  clientPodManifest,
  echoPodManifest,
  echoServiceManifest,
  serviceExportManifest,
} from "../../verify/path-manifests.js";
import type { PathClientPlan, PathProbePlan } from "../../verify/path-plan.js";
import type { EchoPod, ExportState, PathObservations } from "../../verify/path-verdict.js";
import type { ProbeOutcome } from "../../verify/tunnel-verdict.js";
import { podState } from "./pod-state.js";
import type { Made, ProbeTarget, RunProbesOptions } from "./run-probes.js";
import { pollEach, sleep, stopIfAborted } from "./wait.js";

/** One object of the Pod paths, to dry-run and then make. */
export interface PathObject {
  readonly target: ProbeTarget;
  readonly ref: ResourceRef;
  readonly object: KubeObject;
  /** The exporter it belongs to (echo Pod, Service, ServiceExport), or the client's member. */
  readonly exporter?: number;
  readonly role: "echo" | "service" | "export" | "client";
}

export interface PathContext {
  readonly plan: PathProbePlan;
  readonly o: RunProbesOptions;
  readonly made: ReadonlyMap<string, Made>;
  readonly deadlineSeconds: number;
  readonly expires: string;
  readonly now: () => number;
}

const common = (ctx: PathContext, member: string) => ({
  run: ctx.plan.run,
  namespace: ctx.made.get(member)?.namespace ?? "",
  image: ctx.o.image,
  deadlineSeconds: ctx.deadlineSeconds,
  expires: ctx.expires,
});

/** Every object of the Pod paths; the clients without targets yet (they come with the imports). */
export function pathObjects(ctx: PathContext): PathObject[] {
  const out: PathObject[] = [];
  for (const e of ctx.plan.exporters) {
    const target = ctx.o.targets.get(e.member);
    if (!target) continue;
    const c = common(ctx, e.member);
    const base = { target, exporter: e.index };
    out.push({
      ...base,
      ref: POD_REF,
      role: "echo",
      object: echoPodManifest(echoServerCommand(ctx.plan.run), c),
    });
    out.push({
      ...base,
      ref: SERVICE_REF,
      role: "service",
      object: echoServiceManifest(e.service, c),
    });
    out.push({
      ...base,
      ref: SERVICE_EXPORT_REF,
      role: "export",
      object: serviceExportManifest(e.service, c),
    });
  }
  for (const client of ctx.plan.clients) {
    const target = ctx.o.targets.get(client.member);
    if (target)
      out.push({ target, ref: POD_REF, role: "client", object: clientOf(ctx, client, []) });
  }
  return out;
}

function clientOf(ctx: PathContext, client: PathClientPlan, targets: PathTarget[]): KubeObject {
  const large = client.large.known ? client.large.mtu : undefined;
  return clientPodManifest(
    pathClientCommand(targets, large),
    client.gateways,
    common(ctx, client.member),
  );
}

/** Makes one object and records it for the removal; its failure in the API server's words. */
async function make(
  ctx: PathContext,
  p: PathObject,
  object = p.object,
): Promise<KubeObject | string> {
  const namespace = object.metadata?.namespace ?? "";
  const r = await p.target.client.create({ ...p.ref, namespace, object });
  if (!r.ok) return r.error.message;
  const name = r.value.metadata?.name ?? "";
  ctx.made.get(p.target.member)?.others.push({ ref: p.ref, namespace, name });
  return r.value;
}

/** An echo Pod made, not yet Ready. */
interface EchoMade {
  readonly pod: string;
  readonly namespace: string;
}

/** The echo Pods and their Services, in every member at once. */
export async function startEchoes(
  ctx: PathContext,
  objects: readonly PathObject[],
): Promise<Map<number, ProbeOutcome<EchoPod> | EchoMade>> {
  const out = new Map<number, ProbeOutcome<EchoPod> | EchoMade>();
  const echoes = objects.filter((p) => p.role === "echo" || p.role === "service");
  const made = await Promise.all(echoes.map((p) => make(ctx, p)));
  for (const [i, r] of made.entries()) {
    const p = echoes[i] as PathObject;
    const index = p.exporter ?? -1;
    if (typeof r === "string")
      out.set(index, {
        problem: `its echo ${p.role === "echo" ? "Pod" : "Service"} was not created: ${r}`,
      });
    else if (p.role === "echo" && !out.has(index))
      out.set(index, { pod: r.metadata?.name ?? "", namespace: r.metadata?.namespace ?? "" });
  }
  return out;
}

/** Waits (bounded) until every echo Pod is Ready, with its IP; else says why not. */
export async function untilEchoesReady(
  ctx: PathContext,
  started: Map<number, ProbeOutcome<EchoPod> | EchoMade>,
  deadline: number,
): Promise<Map<number, ProbeOutcome<EchoPod>>> {
  const out = new Map<number, ProbeOutcome<EchoPod>>();
  const made = new Map<number, EchoMade>();
  for (const [index, s] of started)
    if ("pod" in s) made.set(index, s);
    else out.set(index, s);
  const seen = await pollEach(
    [...made.keys()],
    async (index, late): Promise<ProbeOutcome<EchoPod> | undefined> => {
      const s = made.get(index) as EchoMade;
      const target = ctx.o.targets.get(ctx.plan.exporters[index]?.member ?? "");
      const got = await target?.client.get({ ...POD_REF, namespace: s.namespace, name: s.pod });
      if (!got?.ok)
        return late
          ? { problem: `the echo Pod could not be read: ${got?.error.message ?? ""}` }
          : undefined;
      const state = podState(got.value);
      if (state.ready && state.podIP)
        return { log: { podIP: state.podIP, node: state.node ?? "" } };
      if (state.problem) return { problem: state.problem };
      return late
        ? { problem: `not Ready within --timeout (${state.pending ?? state.phase})` }
        : undefined;
    },
    {
      ...waitOf(ctx, deadline),
      waiting: (n) => ctx.o.reporter.debug(`waiting for ${n} echo Pod(s)`),
    },
  );
  for (const [index, v] of seen) out.set(index, v);
  return out;
}

function waitOf(ctx: PathContext, deadline: number) {
  return { deadline, now: ctx.now, pollMs: ctx.o.pollMs, signal: ctx.o.signal };
}

/**
 * Exports the Ready echoes, then waits (bounded, with progress) for each export's Valid condition
 * and for every member's import of each peer's echo Service, with its ClusterIP.
 */
export async function exportAndImport(
  ctx: PathContext,
  objects: readonly PathObject[],
  echoes: ReadonlyMap<number, ProbeOutcome<EchoPod>>,
  deadline: number,
  started: number,
): Promise<Pick<PathObservations, "exports" | "imports" | "importWaitSeconds">> {
  const exports = new Map<number, ExportState>();
  const imports = new Map<string, Map<number, string>>(
    ctx.plan.clients.map((c) => [c.member, new Map()]),
  );
  const exportsToMake = objects.filter(
    (p) => p.role === "export" && !("problem" in (echoes.get(p.exporter ?? -1) ?? { problem: "" })),
  );
  const answered = new Set<number>();
  await Promise.all(
    exportsToMake.map(async (p) => {
      const r = await make(ctx, p);
      if (typeof r === "string") {
        exports.set(p.exporter ?? -1, {
          exported: false,
          reason: "NotCreated",
          message: `the ServiceExport was not created: ${r}`,
        });
        answered.add(p.exporter ?? -1);
      }
    }),
  );
  const exporting = exportsToMake.filter((p) => !answered.has(p.exporter ?? -1));
  let said = "";
  for (;;) {
    stopIfAborted(ctx.o.signal);
    await Promise.all([
      ...exporting.map(async (p) => {
        const index = p.exporter ?? -1;
        if (settledExport(exports.get(index))) return;
        const got = await p.target.client.get({
          ...SERVICE_EXPORT_REF,
          namespace: p.object.metadata?.namespace ?? "",
          name: p.object.metadata?.name ?? "",
        });
        exports.set(
          index,
          got.ok ? validOf(got.value) : { exported: false, message: got.error.message },
        );
      }),
      ...ctx.plan.clients.map(async (c) => {
        const target = ctx.o.targets.get(c.member);
        const namespace = ctx.made.get(c.member)?.namespace;
        if (!target || !namespace) return;
        const list = await target.client.list({ ...SERVICE_REF, namespace });
        if (!list.ok) return;
        const byName = new Map(list.value.items.map((s) => [s.metadata?.name ?? "", s]));
        for (const peer of c.peers) {
          const ip = (byName.get(peer.imported)?.spec as { clusterIP?: string } | undefined)
            ?.clusterIP;
          if (ip && ip !== "None") imports.get(c.member)?.set(peer.index, ip);
        }
      }),
    ]);
    // Imports are awaited for the valid exports; a refused one will not be imported.
    const valid = new Set(
      exporting.map((p) => p.exporter ?? -1).filter((i) => exports.get(i)?.exported),
    );
    let wanted = 0;
    let have = 0;
    for (const c of ctx.plan.clients)
      for (const peer of c.peers)
        if (valid.has(peer.index)) {
          wanted++;
          if (imports.get(c.member)?.has(peer.index)) have++;
        }
    const settled = exporting.every((p) => settledExport(exports.get(p.exporter ?? -1)));
    if ((settled && have >= wanted) || ctx.now() >= deadline) break;
    const now = `${valid.size} of ${exporting.length} exported, ${have} of ${wanted} imported`;
    if (now !== said)
      ctx.o.reporter.progress(
        `Waiting for the exports and imports: ${now} (up to ${Math.max(0, Math.round((deadline - ctx.now()) / 1000))} s more)…`,
      );
    said = now;
    await sleep(ctx.o.pollMs, ctx.o.signal);
  }
  return { exports, imports, importWaitSeconds: Math.round((ctx.now() - started) / 1000) };
}

/**
 * Whether the export's answer is final: valid, or refused for a reason waiting does not change
 * (ServiceWithoutEndpoints does: the echo's endpoint may not be published yet).
 */
function settledExport(s: ExportState | undefined): boolean {
  return (
    s !== undefined &&
    (s.exported || (s.reason !== undefined && s.reason !== "ServiceWithoutEndpoints"))
  );
}

/** The ServiceExport's Valid condition, as the member's antrea-mc-controller set it. */
function validOf(o: KubeObject): ExportState {
  const valid = findCondition(
    (o.status as { conditions?: unknown } | undefined)?.conditions,
    "Valid",
  );
  if (!valid) return { exported: false, message: "no Valid condition" };
  if (valid.status === "True") return { exported: true };
  return {
    exported: false,
    ...(valid.reason ? { reason: valid.reason } : {}),
    message: valid.message ?? "",
  };
}

/** The clients' time: their calls have their own bounds, and the Pods get time to start on top. */
export function clientWindowMs(timeoutMs: number): number {
  return Math.max(timeoutMs, CLIENT_SECONDS * 1000 + 30_000);
}

/** One client per member, calling what came in; then (bounded) each one's log. */
export async function runClients(
  ctx: PathContext,
  objects: readonly PathObject[],
  echoes: ReadonlyMap<number, ProbeOutcome<EchoPod>>,
  imports: ReadonlyMap<string, ReadonlyMap<number, string>>,
): Promise<PathObservations["clients"]> {
  const out = new Map<string, ProbeOutcome<PathClientLog> & { node?: string }>();
  const started: { member: string; target: ProbeTarget; namespace: string; name: string }[] = [];
  await Promise.all(
    ctx.plan.clients.map(async (client) => {
      const p = objects.find((x) => x.role === "client" && x.target.member === client.member);
      if (!p) return;
      const targets: PathTarget[] = [];
      for (const peer of client.peers) {
        const ip = imports.get(client.member)?.get(peer.index);
        if (ip) targets.push({ kind: "service", peer: peer.index, ip });
        const echo = echoes.get(peer.index);
        if (!peer.podToPodOff && echo && "log" in echo)
          targets.push({ kind: "pod", peer: peer.index, ip: echo.log.podIP });
      }
      if (targets.length === 0) {
        out.set(client.member, { problem: "nothing came in for it to call" });
        return;
      }
      const r = await make(ctx, p, clientOf(ctx, client, targets));
      if (typeof r === "string") out.set(client.member, { problem: `it was not created: ${r}` });
      else
        started.push({
          member: client.member,
          target: p.target,
          namespace: r.metadata?.namespace ?? "",
          name: r.metadata?.name ?? "",
        });
    }),
  );
  const deadline = ctx.now() + clientWindowMs(ctx.o.timeoutMs);
  type Outcome = ProbeOutcome<PathClientLog> & { node?: string };
  const seen = await pollEach(
    started,
    async (s, late): Promise<Outcome | undefined> => {
      const got = await s.target.client.get({ ...POD_REF, namespace: s.namespace, name: s.name });
      // A failed read is tried again until the time is over; a Pod gone is gone.
      if (!got.ok)
        return got.error.kind === "not-found" || late
          ? { problem: `the client Pod could not be read: ${got.error.message}` }
          : undefined;
      const state = podState(got.value);
      const at = state.node ? { node: state.node } : {};
      if (state.problem && !state.ended) return { problem: state.problem, ...at };
      if (!state.running && !state.ended)
        return late
          ? { problem: `not running within --timeout (${state.pending ?? state.phase})`, ...at }
          : undefined;
      const log = await s.target.client.logs(s.namespace, s.name);
      const read = log.ok ? readPathClientLog(log.value, ctx.plan.run) : undefined;
      if (read && (read.done || state.ended || late)) return { log: read, ...at };
      if (!read && (state.ended || late))
        return { problem: `its log could not be read: ${log.ok ? "" : log.error.message}`, ...at };
      return undefined;
    },
    {
      ...waitOf(ctx, deadline),
      waiting: (n) => ctx.o.reporter.debug(`waiting for ${n} client(s)`),
    },
  );
  for (const [s, v] of seen) out.set(s.member, v);
  return out;
}
