/**
 * teardown: find what setup made for this ClusterSet (its tags and marks), plan removing exactly
 * that (pure), show it, confirm, preflight, apply.
 */
import { runChecks } from "../checks/engine.js";
import { isIncomplete } from "../checks/registry.js";
import { UsageError } from "../errors.js";
import { EXIT } from "../exit-codes.js";
import { buildModel } from "../model/build.js";
import type { ClusterSetModel } from "../model/types.js";
import { clusterSetName } from "../plan/setup.js";
import { type OwnedRule, planTeardown } from "../plan/teardown.js";
import { planDocument, renderPlanTable } from "../report/plan.js";
import { type OutputFormat, renderStructured } from "../report/structured.js";
import { makeStyle } from "../report/style.js";
import { type ChangeOptions, confirmed, preflightAndApply, writers } from "./change-aws.js";
import { noMembers } from "./doctor.js";
import type { IO } from "./io.js";
import { type LoadOptions, loadRaw } from "./load.js";

export interface TeardownOptions extends LoadOptions, ChangeOptions {
  readonly output: OutputFormat;
  readonly dryRun: boolean;
}

async function rulesOf(
  model: ClusterSetModel,
  clusterSet: string,
  opts: TeardownOptions,
  io: IO,
): Promise<OwnedRule[]> {
  const { ownedRules } = await import("../collect/aws/owned-rules.js");
  // One read per account and Region (members that share them share the rules).
  const seen = new Set<string>();
  const out: OwnedRule[] = [];
  for (const m of model.members) {
    if (!m.aws.known || !m.awsSettings) continue;
    const key = `${m.aws.value.account}|${m.aws.value.region}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const settings = { ...m.awsSettings, region: m.aws.value.region };
    const raw = await ownedRules(settings, clusterSet, opts.timeoutMs, (op) =>
      io.reporter.debug(`AWS ${settings.region} as ${m.name}: request ${op}`),
    );
    for (const r of raw) {
      if (typeof r.SecurityGroupRuleId !== "string" || typeof r.GroupId !== "string") continue;
      out.push({
        member: m.name,
        id: r.SecurityGroupRuleId,
        groupId: r.GroupId,
        egress: r.IsEgress === true,
        ...(typeof r.Description === "string" ? { description: r.Description } : {}),
      });
    }
  }
  return out;
}

export async function runTeardown(opts: TeardownOptions, io: IO): Promise<number> {
  if (opts.snapshot) throw new UsageError("teardown reads live AWS: --snapshot cannot be used");
  if (!opts.aws.enabled)
    throw new UsageError("teardown changes AWS: --no-aws cannot be used with it");
  const { raw } = await loadRaw({ ...opts, readLeader: true });
  if (raw.members.length === 0) return noMembers(raw.skippedContexts, io);
  const model = buildModel(raw);
  const blind = runChecks(model).filter(isIncomplete);
  if (blind.length) {
    for (const r of blind) io.reporter.warn(`${r.member}: ${r.id}: ${r.message}`);
    io.reporter.warn(
      "teardown needs every member readable, or it could leave some of setup's changes",
    );
    return EXIT.incomplete;
  }
  const clusterSet = clusterSetName(model.members);
  if (!clusterSet)
    throw new UsageError("the members do not agree on one ClusterSet name (see mc.clusterset)");
  const plan = planTeardown(model, clusterSet, await rulesOf(model, clusterSet, opts, io));
  const style = makeStyle(io.colorLevel);
  const title = `Teardown plan for ClusterSet ${clusterSet}: ${plan.steps.length} change(s)`;
  if (opts.dryRun || plan.steps.length === 0 || opts.output === "table") {
    const doc = planDocument(plan);
    io.stdout(
      opts.output === "table"
        ? `${renderPlanTable(doc, plan, style, title, io.width)}\n`
        : renderStructured(doc, opts.output),
    );
  }
  if (opts.dryRun || plan.steps.length === 0) return EXIT.ok;
  if (!(await confirmed(plan, opts, io, "teardown"))) {
    io.reporter.warn("nothing changed");
    return EXIT.findings;
  }
  const { writerFor, limitKey, close } = await writers(model.members, opts, io);
  try {
    const done = await preflightAndApply(plan, writerFor, limitKey, opts, io);
    const doc = planDocument(plan, {
      preflight: done.preflight,
      ...(done.outcomes ? { outcomes: done.outcomes } : {}),
    });
    io.stdout(
      opts.output === "table"
        ? `${renderPlanTable(doc, plan, style, "Teardown:", io.width)}\n`
        : renderStructured(doc, opts.output),
    );
    if (!done.outcomes) return EXIT.findings;
    return done.outcomes.every((o) => o.status === "applied" || o.status === "done-already")
      ? EXIT.ok
      : EXIT.findings;
  } finally {
    close();
  }
}
