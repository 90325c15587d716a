/** doctor: collect → model → checks → report. Read-only. */
import { doctorExitCode, type FailOn, runChecks, summarize } from "../checks/engine.js";
import { CHECKS } from "../checks/registry.js";
import { type Selection, selectChecks } from "../checks/select.js";
import { UsageError } from "../errors.js";
import { buildModel } from "../model/build.js";
import { doctorDocument, renderDoctorTable } from "../report/doctor.js";
import { type OutputFormat, renderStructured } from "../report/structured.js";
import { makeStyle } from "../report/style.js";
import type { IO } from "./io.js";
import { type LoadOptions, loadRaw } from "./load.js";

export async function runDoctor(
  opts: LoadOptions & { output: OutputFormat; select?: Selection; failOn?: FailOn },
  io: IO,
): Promise<number> {
  // Bad --only/--skip IDs are usage errors: found before anything is read.
  const selected = opts.select ? selectChecks(CHECKS, opts.select) : CHECKS;
  const { raw, origin } = await loadRaw(opts);
  if (raw.members.length === 0) return noMembers(raw.skippedContexts, io);
  const model = buildModel(raw);
  const checks = runChecks(model, selected);
  const summary = summarize(checks);
  const code = withDiscovery(doctorExitCode(checks, opts.failOn), model.skippedContexts);
  const doc = doctorDocument(model, checks, summary);
  if (opts.output === "table")
    io.stdout(renderDoctorTable(doc, model, makeStyle(io.colorLevel), code, origin));
  else io.stdout(renderStructured(doc, opts.output));
  return code;
}

/**
 * A context that could not be probed may be a member that was never inspected: the verdict is then
 * incomplete (exit 3), as when a named member cannot be read.
 */
export function withDiscovery(code: number, skipped: readonly { failure?: unknown }[]): number {
  return skipped.some((s) => s.failure) ? 3 : code;
}

/** No member found among the probed contexts: 3 if some could not be probed, else bad input. */
export function noMembers(
  skipped: readonly { context: string; reason: string; failure?: unknown }[],
  io: IO,
): number {
  for (const s of skipped) io.reporter.warn(`context ${s.context}: ${s.reason}`);
  if (skipped.some((s) => s.failure)) {
    io.reporter.warn("no member found, and some contexts could not be probed");
    return 3;
  }
  throw new UsageError(
    "no context of the kubeconfig runs a member antrea-mc-controller; name the members with --context",
  );
}
