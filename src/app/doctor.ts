/** doctor: collect → model → checks → report. Read-only. */
import { doctorExitCode, type FailOn, runChecks, summarize } from "../checks/engine.js";
import { focusPair, pairMembers } from "../checks/focus.js";
import { CHECKS, fixableBySetup, isIncomplete } from "../checks/registry.js";
import { type Selection, selectChecks } from "../checks/select.js";
import type { CheckResult } from "../checks/types.js";
import { UsageError } from "../errors.js";
import { EXIT } from "../exit-codes.js";
import { withKubeconfigFlag } from "../fixes/kubeconfig-flag.js";
import type { ClusterSetModel } from "../model/types.js";
import { clusterSetName, planSetup } from "../plan/setup.js";
import { doctorDocument, renderDoctorTable, renderNoMembers } from "../report/doctor.js";
import { renderJunit, renderJunitNoMembers } from "../report/junit.js";
import { type DoctorOutputFormat, renderStructured } from "../report/structured.js";
import { makeStyle } from "../report/style.js";
import type { IO } from "./io.js";
import { type LoadOptions, loadModel } from "./load.js";

/** doctor --wait: read and check again until nothing fails, or until the deadline. */
export interface WaitOptions {
  timeoutMs: number;
  intervalMs: number;
}

export async function runDoctor(
  opts: LoadOptions & {
    output: DoctorOutputFormat;
    select?: Selection;
    failOn?: FailOn;
    wait?: WaitOptions;
    /** Only two members and their pair: "A,B" (names or contexts). */
    pair?: string;
    /** --all (or -v): the table lists every passing check. */
    all?: boolean;
    /** The flags that select the same members (" --context a,b"), for the report's next steps. */
    target?: string;
  },
  io: IO,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<number> {
  // Bad --only/--skip IDs are usage errors: found before anything is read.
  const selected = opts.select ? selectChecks(CHECKS, opts.select) : CHECKS;
  if (opts.wait && opts.snapshot)
    throw new UsageError("--wait reads the clusters again and again; a --snapshot never changes");
  const deadline = Date.now() + (opts.wait?.timeoutMs ?? 0);
  for (let round = 1; ; round++) {
    const { model, origin } = await loadModel({ ...opts, readLeader: true });
    if (model.members.length === 0) return reportNoMembers(model, opts.output, io);
    for (const m of model.members) io.reporter.stage(m.name, "checking…");
    const focus = opts.pair ? pairMembers(opts.pair, model.members) : undefined;
    const all = runChecks(model, selected).map((c) => withKubeconfig(c, opts.kubeconfig));
    const checks = focus ? focusPair(all, focus) : all;
    io.reporter.done();
    const summary = summarize(checks);
    const code = withDiscovery(doctorExitCode(checks, opts.failOn), model.skippedContexts);
    const wait = opts.wait;
    if (wait && code !== 0 && Date.now() + wait.intervalMs <= deadline) {
      io.reporter.notice(waitingFor(checks, round, wait.intervalMs, deadline));
      await sleep(wait.intervalMs);
      continue;
    }
    if (wait && code !== 0)
      io.reporter.warn(`gave up waiting after ${round} round(s): --timeout reached`);
    const doc = doctorDocument(model, checks, summary, focus);
    if (opts.output === "table")
      io.stdout(
        renderDoctorTable(doc, model, makeStyle(io.colorLevel), code, origin, {
          width: io.width ?? 80,
          all: opts.all ?? false,
          bySetup: setupWouldFix(model, checks),
          target: opts.target ?? "",
          snapshot: opts.snapshot !== undefined,
        }),
      );
    else if (opts.output === "junit") io.stdout(renderJunit(doc, opts.failOn));
    else io.stdout(renderStructured(doc, opts.output));
    return code;
  }
}

/** A result whose fixes' kubectl commands name the run's --kubeconfig, as run they must. */
function withKubeconfig(c: CheckResult, kubeconfig: string | undefined): CheckResult {
  if (!kubeconfig || (!c.remediation && !c.remediationText)) return c;
  return {
    ...c,
    ...(c.remediation ? { remediation: withKubeconfigFlag(c.remediation, kubeconfig) } : {}),
    ...(c.remediationText
      ? { remediationText: withKubeconfigFlag(c.remediationText, kubeconfig) }
      : {}),
  };
}

/**
 * The findings that `setup` would make pass, as its own plan decides: the failing results of the
 * checks it fixes, less those its plan lists as left to the user (a blackhole route of a peering
 * it does not own, VPCs that overlap). None when setup would refuse to run (an unreadable member,
 * no agreed ClusterSet name).
 */
export function setupWouldFix(
  model: ClusterSetModel,
  checks: readonly CheckResult[],
): Set<CheckResult> {
  const fixable = checks.filter(
    (r) => (r.status === "fail" || r.status === "warn") && fixableBySetup(r.id),
  );
  const clusterSet = clusterSetName(model.members);
  if (fixable.length === 0 || !clusterSet || checks.some(isIncomplete)) return new Set();
  const plan = planSetup(model, { clusterSet });
  const left = new Set(plan.unfixable.map((u) => `${u.check} ${u.member} ${u.peer ?? ""}`));
  return new Set(fixable.filter((r) => !left.has(`${r.id} ${r.member} ${r.peer ?? ""}`)));
}

/**
 * No member found: the document is printed all the same (no members, no checks, the contexts
 * probed and why each was left out), so that `-o json | jq` or a JUnit reader in CI always gets one; exit 3, the
 * verdict is incomplete.
 */
export function reportNoMembers(
  model: ClusterSetModel,
  output: DoctorOutputFormat,
  io: IO,
  command = "doctor",
): number {
  // Nothing was inspected, AWS included, whatever the flags asked for.
  const doc = {
    ...doctorDocument(model, [], summarize([])),
    aws: { inspected: false, skipped: "no member found" },
  };
  if (output === "table") io.stdout(renderNoMembers(doc, makeStyle(io.colorLevel), io.width));
  else {
    for (const s of model.skippedContexts) io.reporter.warn(`context ${s.context}: ${s.reason}`);
    io.stdout(
      output === "junit" ? renderJunitNoMembers(doc, command) : renderStructured(doc, output),
    );
  }
  return EXIT.incomplete;
}

/** One line per round: what still fails (the first few), and when doctor looks again. */
function waitingFor(
  checks: readonly CheckResult[],
  round: number,
  intervalMs: number,
  deadline: number,
): string {
  const open = checks
    .filter((c) => c.status === "fail" || (c.status === "warn" && c.severity === "error"))
    .map((c) => `${c.id} ${c.member}${c.peer ? `→${c.peer}` : ""}`);
  const incomplete = checks.filter(isIncomplete).length;
  const what = open.length
    ? `${open.slice(0, 4).join(", ")}${open.length > 4 ? ` and ${open.length - 4} more` : ""}`
    : incomplete
      ? "the members to be readable"
      : "the selected warnings to clear";
  const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
  return `waiting (round ${round}) for: ${what}; again in ${Math.round(intervalMs / 1000)}s, giving up in ${left}s`;
}

/**
 * A context that could not be probed may be a member that was never inspected: the verdict is then
 * incomplete (exit 3), as when a named member cannot be read.
 */
export function withDiscovery(code: number, skipped: readonly { failure?: unknown }[]): number {
  return skipped.some((s) => s.failure) ? EXIT.incomplete : code;
}

/** No member found among the probed contexts: 3 if some could not be probed, else bad input. */
export function noMembers(
  skipped: readonly { context: string; reason: string; failure?: unknown }[],
  io: IO,
): number {
  for (const s of skipped) io.reporter.warn(`context ${s.context}: ${s.reason}`);
  if (skipped.some((s) => s.failure)) {
    io.reporter.warn("no member found, and some contexts could not be probed");
    return EXIT.incomplete;
  }
  throw new UsageError(
    "no context of the kubeconfig runs a member antrea-mc-controller; name the members with --context",
  );
}
