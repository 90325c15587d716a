/**
 * setup: doctor's model → plan (pure) → show it → confirm → permission preflight → apply →
 * doctor again. --dry-run stops after showing the plan and changes nothing.
 */
import { doctorExitCode, runChecks, summarize } from "../checks/engine.js";
import { isIncomplete } from "../checks/registry.js";
import type { CheckResult } from "../checks/types.js";
import { type Keyed, valueFor } from "../config/settings.js";
import { UsageError } from "../errors.js";
import { EXIT } from "../exit-codes.js";
import type { ClusterSetModel } from "../model/types.js";
import { clusterSetName, FIXABLE, planSetup } from "../plan/setup.js";
import type { Plan } from "../plan/types.js";
import {
  type PlanDocument,
  planDocument,
  renderPlanTable,
  renderUnfixable,
} from "../report/plan.js";
import { planCommands } from "../report/plan-commands.js";
import { type OutputFormat, renderStructured } from "../report/structured.js";
import { makeStyle } from "../report/style.js";
import { type ChangeOptions, confirmed, preflightAndApply, writers } from "./change-aws.js";
import { noMembers } from "./doctor.js";
import type { IO } from "./io.js";
import { type LoadOptions, loadModel } from "./load.js";

export interface SetupOptions extends LoadOptions, ChangeOptions {
  readonly output: OutputFormat;
  readonly dryRun: boolean;
  readonly printCommands: boolean;
  readonly skipUnfixable: boolean;
  readonly securityGroup: Keyed;
}

/** The ClusterSet could not be read well enough to plan: exit 3, like doctor. */
function unreadable(results: readonly CheckResult[]): CheckResult[] {
  return results.filter(isIncomplete);
}

function securityGroups(model: ClusterSetModel, keyed: Keyed): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of model.members) {
    const sg = valueFor(keyed, m.context, m.name);
    if (!sg) continue;
    const enis = m.gateways.known
      ? m.gateways.value.flatMap((g) =>
          g.aws.known && g.aws.value.mapped ? [g.aws.value.eni] : [],
        )
      : [];
    const without = enis.filter((e) => !e.groupIds.includes(sg));
    if (without.length) {
      throw new UsageError(
        `--security-group ${sg}: not attached to ${without.map((e) => e.id).join(", ")} of ${m.name}'s Gateway Nodes, so its rules would not apply there`,
      );
    }
    out.set(m.name, sg);
  }
  return out;
}

/** The doctor's verdict, short, for the report after applying. */
export function verdict(results: readonly CheckResult[]): NonNullable<PlanDocument["doctor"]> {
  return {
    summary: summarize(results),
    problems: results
      .filter((r) => r.status === "fail" || (r.status === "warn" && r.severity === "error"))
      .map((r) => ({
        id: r.id,
        member: r.member,
        ...(r.peer ? { peer: r.peer } : {}),
        status: r.status,
        message: r.message,
      })),
  };
}

export async function runSetup(opts: SetupOptions, io: IO): Promise<number> {
  if (opts.snapshot && !opts.dryRun)
    throw new UsageError("--snapshot can only be planned: add --dry-run");
  if (!opts.aws.enabled) throw new UsageError("setup changes AWS: --no-aws cannot be used with it");
  const { model, origin } = await loadModel(opts);
  if (model.members.length === 0) return noMembers(model.skippedContexts, io);
  const results = runChecks(model);
  const style = makeStyle(io.colorLevel);
  const blind = unreadable(results);
  if (blind.length) {
    for (const r of blind) io.reporter.warn(`${r.member}: ${r.id}: ${r.message}`);
    io.reporter.warn("setup needs every member readable; run doctor for the details");
    return EXIT.incomplete;
  }
  const clusterSet = clusterSetName(model.members);
  if (!clusterSet) {
    throw new UsageError(
      "the members do not agree on one ClusterSet name (see mc.clusterset), which names what setup creates",
    );
  }
  const plan = planSetup(model, results, {
    clusterSet,
    securityGroups: securityGroups(model, opts.securityGroup),
  });
  const blocked = plan.unfixable.some((u) => u.blocking) && !opts.skipUnfixable;
  const awsOf = (name: string) => {
    const m = model.members.find((x) => x.name === name);
    return m?.aws.known ? m.aws.value : undefined;
  };
  const show = (doc: PlanDocument, title: string) => {
    if (opts.output !== "table") return io.stdout(renderStructured(doc, opts.output));
    const lines = [renderPlanTable(doc, plan, style, title)];
    lines.push(
      ...renderUnfixable(
        plan.unfixable,
        style,
        "Not changed by setup (✗ stops setup unless --skip-unfixable):",
      ),
    );
    if (opts.printCommands && plan.steps.length) {
      lines.push("", "The same changes with the AWS CLI:", "", planCommands(plan, awsOf).trimEnd());
    }
    io.stdout(`${lines.join("\n")}\n`);
  };
  const title = `Setup plan for ClusterSet ${clusterSet} (${origin}): ${plan.steps.length} change(s)`;
  const stop = opts.dryRun || blocked || plan.steps.length === 0;
  if (stop || opts.output === "table") show(planDocument(plan), title);
  if (blocked) {
    io.reporter.warn(
      `setup ${opts.dryRun ? "would stop" : "stopped, nothing changed"}: fix the ✗ items first, or pass --skip-unfixable to make the AWS changes anyway`,
    );
    return EXIT.findings;
  }
  if (stop) return plan.unfixable.some((u) => u.blocking) ? EXIT.findings : EXIT.ok;
  if (!(await confirmed(plan, opts, io, "setup"))) {
    io.reporter.warn("nothing changed");
    return EXIT.findings;
  }
  const { writerFor, limitKey, close } = await writers(model.members, opts, io);
  try {
    const done = await preflightAndApply(plan, writerFor, limitKey, opts, io);
    const after = done.outcomes ? await doctorAgain(opts, io) : undefined;
    const doc = planDocument(plan, {
      preflight: done.preflight,
      ...(done.outcomes ? { outcomes: done.outcomes } : {}),
      ...(after ? { doctor: verdict(after.results) } : {}),
    });
    if (opts.output !== "table") io.stdout(renderStructured(doc, opts.output));
    else io.stdout(`${renderResult(doc, plan, style, after?.results)}\n`);
    if (!done.outcomes) return EXIT.findings; // a permission was denied: nothing changed
    if (done.outcomes.some((o) => o.status === "failed" || o.status === "not-run"))
      return EXIT.findings;
    const remaining = after?.results.filter(
      (r) => FIXABLE.has(r.id) && r.status === "fail" && r.severity === "error",
    );
    return remaining?.length ? EXIT.findings : EXIT.ok;
  } finally {
    close();
  }
}

async function doctorAgain(opts: SetupOptions, io: IO) {
  io.reporter.progress("Running doctor again…");
  const { model } = await loadModel(opts);
  const results = runChecks(model);
  return { model, results, code: doctorExitCode(results) };
}

function renderResult(
  doc: PlanDocument,
  plan: Plan,
  style: ReturnType<typeof makeStyle>,
  after: readonly CheckResult[] | undefined,
): string {
  const lines = [renderPlanTable(doc, plan, style, "Setup:")];
  if (doc.preflight?.some((p) => p.permission === "denied")) {
    lines.push("", "Nothing changed: the preflight (DryRun) was denied for:");
    for (const p of doc.preflight.filter((x) => x.permission === "denied")) {
      const s = plan.steps.find((x) => x.id === p.id);
      lines.push(
        `  ${style.symbol("fail")} ${s?.member}: ${s?.action} ${s?.resource}: ${p.message ?? ""}`,
      );
    }
    lines.push("  Grant the setup policy of docs/iam.md and run setup again.");
  }
  if (doc.doctor) {
    const s = doc.doctor.summary;
    const aws = (after ?? []).filter((r) => FIXABLE.has(r.id) && r.status !== "pass");
    lines.push(
      "",
      `Doctor after setup: ${s.pass} passed · ${s.fail} failed · ${s.warn} warnings · ${s.unknown} unknown`,
      aws.length
        ? `  still failing in AWS: ${aws.map((r) => `${r.id} ${r.member}${r.peer ? `→${r.peer}` : ""}`).join(", ")}`
        : "  peering, routes and security groups: all pass",
    );
  }
  return lines.join("\n");
}
