/**
 * verify: collect → model → doctor's checks and the probe plan → probes in the members → verdicts
 * merged with doctor's → report. The probes are removed on success, failure, timeout and Ctrl-C.
 */
import { randomBytes } from "node:crypto";
import { removalCommand } from "../apply/verify/cleanup.js";
import type { Refusal } from "../apply/verify/preflight.js";
import type { ProbeRunResult } from "../apply/verify/run-probes.js";
import { type ResultId, VERIFY_IDS, type VerifyId } from "../check-ids.js";
import { runChecks, summarize } from "../checks/engine.js";
import { focusPair, pairMembers } from "../checks/focus.js";
import { kubectl } from "../checks/helpers.js";
import { CHECKS } from "../checks/registry.js";
import type { CheckResult } from "../checks/types.js";
import type { KubeClient } from "../collect/kube/writer.js";
import { UsageError } from "../errors.js";
import { EXIT } from "../exit-codes.js";
import { withKubeconfigFlag } from "../fixes/kubeconfig-flag.js";
import { shellWord } from "../fixes/shell.js";
import type { ClusterSetModel, MemberModel } from "../model/types.js";
import { docsUrl, VERIFY_DOC_URL } from "../project.js";
import { doctorDocument } from "../report/doctor.js";
import { renderJunit } from "../report/junit.js";
import { type DoctorOutputFormat, renderStructured } from "../report/structured.js";
import { makeStyle } from "../report/style.js";
import { CAPTURE_LIMIT, renderVerifyTable, type VerifyDocument } from "../report/verify.js";
import { PROBE_IMAGE, runNamespace } from "../verify/manifests.js";
import { type PathProbePlan, planPathProbes } from "../verify/path-plan.js";
import { notRun, pathVerdicts } from "../verify/path-verdict.js";
import { planTunnelProbes, type TunnelProbePlan } from "../verify/tunnel-plan.js";
import { tunnelVerdicts, type VerifyResult } from "../verify/tunnel-verdict.js";
import { reportNoMembers, withDiscovery } from "./doctor.js";
import type { IO } from "./io.js";
import { type LoadOptions, loadModel } from "./load.js";

export interface VerifyOptions extends LoadOptions {
  output: DoctorOutputFormat;
  pair?: string;
  /** verify IDs (--only); all when empty. */
  only?: string[];
  /** Probe the Gateway candidates too, not only the active Gateways. */
  candidates?: boolean;
  image?: string;
  /** An existing namespace for the probes; else verify makes (and removes) its own. */
  namespace?: string;
  /** The probes' time (--timeout). */
  probeTimeoutMs: number;
  keep?: boolean;
  /** For tests: the run's nonce, the polling pace, the removal's wait, and Ctrl-C. */
  nonce?: string;
  pollMs?: number;
  graceMs?: number;
  cleanupMs?: number;
  signal?: AbortSignal;
}

const STOP_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
/** 128 + the signal's number, as a shell reports a command the signal ended. */
const EXIT_ON = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as Record<NodeJS.Signals, number>;

export function selectVerify(only: readonly string[] | undefined): VerifyId[] {
  if (!only?.length) return [...VERIFY_IDS];
  const known = new Set<string>(VERIFY_IDS);
  const bad = only.filter((id) => !known.has(id));
  if (bad.length)
    throw new UsageError(
      `--only ${bad.join(",")}: not a verify probe (verify runs ${VERIFY_IDS.join(", ")}; doctor runs the other checks)`,
    );
  return only as VerifyId[];
}

export async function runVerify(opts: VerifyOptions, io: IO): Promise<number> {
  const ids = selectVerify(opts.only);
  const tunnel = ids.includes("verify.tunnel");
  const pathIds = ids.filter((id) => id !== "verify.tunnel");
  if (opts.snapshot) throw new UsageError("verify probes live clusters; a --snapshot has none");
  const { model } = await loadModel({ ...opts, readLeader: true });
  if (model.members.length === 0) return reportNoMembers(model, opts.output, io, "verify");
  const focus = opts.pair ? pairMembers(opts.pair, model.members) : undefined;
  const members = focus ? model.members.filter((m) => focus.includes(m.name)) : model.members;
  const all = runChecks(model, CHECKS);
  const doctor = focus ? focusPair(all, focus) : all;
  const nonce = opts.nonce ?? randomBytes(4).toString("hex");
  // Where the probes run: the --namespace given, or verify's own (one name in every member).
  const namespace = opts.namespace ?? runNamespace(nonce);
  const image = opts.image ?? PROBE_IMAGE;
  const plan = planTunnelProbes(members, nonce, { candidates: opts.candidates ?? false });
  const paths = pathIds.length ? planPathProbes(members, plan) : undefined;
  const probed = members.filter((m) => plan.ends.some((e) => e.member === m.name));
  const { openClients } = await import("../collect/kube/clients.js");
  const clients = openClients(
    opts.kubeconfig,
    probed.map((m) => m.context),
    opts.timeoutMs,
    io.reporter.debug,
  );
  const targets = new Map(
    probed.map((m) => [
      m.name,
      { member: m.name, context: m.context, client: clients.get(m.context) as KubeClient },
    ]),
  );
  const stop = new AbortController();
  const removal = () =>
    probed
      .map((m) => removalCommand(m.context, nonce, opts.namespace, paths !== undefined))
      .join("\n");
  // Ctrl-C, and the SIGTERM or SIGHUP a CI system or a closed terminal sends: the run stops and
  // removes its probes; the same signal again quits at once, with the commands that remove them.
  let stoppedBy: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stoppedBy) {
      const cmds = withKubeconfigFlag(removal(), opts.kubeconfig);
      io.reporter.warn(`${signal} again: the probes may be left; remove them with:\n${cmds}`);
      process.exit(EXIT_ON[signal]);
    }
    stoppedBy = signal;
    io.reporter.warn(
      `${signal === "SIGINT" ? "interrupted" : signal}: removing the probes (${signal === "SIGINT" ? "Ctrl-C" : signal} again to quit at once)`,
    );
    stop.abort();
  };
  if (opts.signal) opts.signal.addEventListener("abort", () => stop.abort(), { once: true });
  else for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  const { runProbes } = await import("../apply/verify/run-probes.js");
  let run: Awaited<ReturnType<typeof runProbes>>;
  try {
    run = plan.ends.length
      ? await runProbes({
          plan,
          tunnel,
          ...(paths ? { paths } : {}),
          targets,
          image,
          ...(opts.namespace ? { namespace: opts.namespace } : {}),
          timeoutMs: opts.probeTimeoutMs,
          cleanupMs: opts.cleanupMs ?? 60_000,
          keep: opts.keep ?? false,
          pollMs: opts.pollMs ?? 1000,
          graceMs: opts.graceMs ?? 1500,
          signal: stop.signal,
          reporter: io.reporter,
        })
      : {
          refusals: [],
          observed: { observers: new Map(), senders: new Map() },
          leftovers: [],
          interrupted: false,
        };
  } finally {
    if (!opts.signal) for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    await Promise.all([...clients.values()].map((c) => c.close()));
    io.reporter.done();
  }
  if (run.interrupted) {
    for (const l of run.leftovers)
      io.reporter.warn(
        `${l.member}: left ${l.what}; remove with: ${withKubeconfigFlag(l.command, opts.kubeconfig)}`,
      );
    io.reporter.warn(
      run.leftovers.length ? "interrupted" : "interrupted: every probe verify made was removed",
    );
    return EXIT_ON[stoppedBy ?? "SIGINT"];
  }
  const refused = (refusals: readonly Refusal[]) =>
    byMember(refusals, members).map((rs) =>
      refusalResult(
        rs,
        members.find((m) => m.name === rs[0]?.member),
        opts.namespace,
        opts.kubeconfig,
        !run.leftovers.some((l) => l.member === rs[0]?.member),
      ),
    );
  const results: (VerifyResult | CheckResult<ResultId>)[] = run.refusals.length
    ? refused(run.refusals)
    : [
        ...refused(run.pathRefusals ?? []),
        ...verdictsOf({
          members,
          ids,
          plan,
          paths,
          run,
          doctor,
          image,
          aws: model.aws,
          namespace,
        }),
      ];
  const code = withDiscovery(verifyExitCode(results), model.skippedContexts);
  // Commands as they must be run: with this run's --kubeconfig, as doctor's fixes are.
  const k = (cmd: string) => withKubeconfigFlag(cmd, opts.kubeconfig);
  const checks = results.map((r) => ({
    ...r,
    ...(r.remediation ? { remediation: k(r.remediation) } : {}),
  }));
  const leftovers = run.leftovers.map((l) => ({ ...l, command: k(l.command) }));
  const base = doctorDocument(model, [], summarize([]), focus);
  const doc: VerifyDocument = {
    members: base.members,
    checks,
    summary: summarize(results as CheckResult[]),
    skippedContexts: base.skippedContexts,
    aws: base.aws,
    probes: {
      run: nonce,
      image,
      namespace,
      leftovers,
      limit: CAPTURE_LIMIT,
    },
  };
  if (opts.output === "table")
    io.stdout(renderVerifyTable(doc, makeStyle(io.colorLevel), code, io.width ?? 80));
  else if (opts.output === "junit")
    io.stdout(
      renderJunit(
        {
          ...doc,
          notes: leftovers.map(
            (l) => `left in ${l.member}: ${l.what}; remove it with: ${l.command}`,
          ),
        },
        "error",
        "kubectl antrea-mc verify",
      ),
    );
  else io.stdout(renderStructured(doc, opts.output));
  return code;
}

/** 3 when something could not be probed or was refused (it wins), 1 when a probe failed, else 0. */
export function verifyExitCode(
  results: readonly { status: string; id: string; severity?: string }[],
): number {
  // An unknown of severity info had nothing to probe (Pod-to-Pod not set up): nothing left open.
  if (
    results.some((r) => (r.status === "unknown" && r.severity !== "info") || r.id === "kube.access")
  )
    return EXIT.incomplete;
  if (results.some((r) => r.status === "fail")) return EXIT.findings;
  return EXIT.ok;
}

/**
 * A member's refusals as one kube.access finding: what it may not do, where, who refused, and how
 * to grant it (RBAC) or what to allow (admission).
 */
function refusalResult(
  refusals: readonly Refusal[],
  member: MemberModel | undefined,
  namespace: string | undefined,
  kubeconfig: string | undefined,
  nothingLeft: boolean,
): CheckResult<ResultId> {
  const first = refusals[0] as Refusal;
  const what = refusals
    .map((r) => `${r.verb} ${r.resource}${r.namespace ? ` in namespace ${r.namespace}` : ""}`)
    .join(", ");
  const where = namespace || refusals.some((r) => r.namespace) ? "" : " (cluster-wide)";
  const by = [...new Set(refusals.map((r) => r.by))].join(", ");
  const said = [...new Set(refusals.map((r) => r.message))].join("; ");
  const rbac = refusals.every((r) => r.by.startsWith("RBAC"));
  const admission = refusals.some((r) => r.by.startsWith("admission"));
  const binding = namespace
    ? `create rolebinding antrea-mc-verify -n ${shellWord(namespace)}`
    : "create clusterrolebinding antrea-mc-verify";
  const grant = member && [
    `# the ClusterRole verify needs (docs/verify.md, Permissions), bound to who runs verify`,
    kubectl(member, `apply -f ${VERIFY_RBAC_URL}`),
    `user="$(${withKubeconfigFlag(kubectl(member, "auth whoami -o jsonpath='{.status.userInfo.username}'"), kubeconfig)})"`,
    kubectl(member, `${binding} --clusterrole=antrea-mc-verify --user="$user"`),
  ];
  return {
    id: "kube.access",
    member: first.member,
    status: "fail",
    severity: "error",
    message: `verify may not ${what}${where}: ${by} refused: ${said}.${nothingLeft ? " Nothing was left in the cluster." : " Not everything could be removed: see below."}`,
    ...(rbac && grant ? { remediation: grant.join("\n") } : {}),
    ...(admission
      ? {
          remediationText: `# ${by} refused the probes. Allow host-network Pods with NET_RAW, SETUID and SETGID in the probes' namespace (verify makes antrea-mc-verify-… labelled pod-security.kubernetes.io/enforce=privileged), or name a namespace where they are allowed with --namespace.`,
        }
      : !rbac
        ? {
            remediationText: `# ${by} refused: its words above say why${namespace ? ` (--namespace ${namespace} must exist)` : ""}; run verify again once it is fixed.`,
          }
        : {}),
    docs: docsUrl("kube.access"),
  };
}

/** verify.tunnel's verdicts and the Pod paths' (which read the tunnel's), pair by pair. */
function verdictsOf(v: {
  members: readonly MemberModel[];
  ids: readonly VerifyId[];
  plan: TunnelProbePlan;
  paths: PathProbePlan | undefined;
  run: ProbeRunResult;
  doctor: readonly CheckResult[];
  image: string;
  aws: ClusterSetModel["aws"];
  namespace: string;
}): VerifyResult[] {
  const { members, plan, doctor } = v;
  const tunnels = v.ids.includes("verify.tunnel")
    ? tunnelVerdicts({
        members,
        plan,
        observed: v.run.observed,
        doctor,
        image: v.image,
        aws: v.aws,
      })
    : [];
  const paths = v.paths
    ? pathVerdicts({
        members,
        plan: v.paths,
        observed:
          v.run.paths ??
          notRun(
            v.run.pathRefusals?.length
              ? `verify may not make their Services and ServiceExports in ${[...new Set(v.run.pathRefusals.map((r) => r.member))].join(", ")} (kube.access says what to grant)`
              : "the run ended before them",
          ),
        ids: v.ids,
        tunnel: tunnels,
        doctor,
        namespace: v.namespace,
        aws: v.aws,
      })
    : [];
  const at = (name: string | undefined) => members.findIndex((m) => m.name === name);
  return [...tunnels, ...paths].sort(
    (a, b) =>
      at(a.member) - at(b.member) ||
      at(a.peer) - at(b.peer) ||
      v.ids.indexOf(a.id) - v.ids.indexOf(b.id),
  );
}

/** The refusals of each member, in the order of the members. */
function byMember(refusals: readonly Refusal[], members: readonly MemberModel[]): Refusal[][] {
  return members
    .map((m) => refusals.filter((r) => r.member === m.name))
    .filter((rs) => rs.length > 0);
}

export const VERIFY_RBAC_URL = VERIFY_DOC_URL.replace(
  "/blob/main/docs/verify.md",
  "/raw/main/docs/verify-rbac.yaml",
);
