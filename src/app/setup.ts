/**
 * setup: doctor's model → plan (pure) → show it → confirm → permission preflight → apply →
 * doctor again. --dry-run stops after showing the plan and changes nothing.
 */
import { runChecks } from "../checks/engine.js";
import { fixableBySetup, isIncomplete } from "../checks/registry.js";
import type { CheckResult } from "../checks/types.js";
import { type Keyed, valueFor } from "../config/settings.js";
import { UsageError } from "../errors.js";
import { EXIT } from "../exit-codes.js";
import type { ClusterSetModel } from "../model/types.js";
import { clusterSetName, planSetup } from "../plan/setup.js";
import type { Unfixable } from "../plan/types.js";
import {
  doctorVerdict,
  type PlanDocument,
  planDocument,
  renderSetupPlan,
  renderSetupResult,
} from "../report/plan.js";
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

/**
 * --via per member name: the gateway named for it, else the one of the bare --via gateways in its
 * Region; each must be read in the member's Region.
 */
function viaGateways(model: ClusterSetModel, keyed: Keyed | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!keyed) return out;
  const gateways = model.aws.transit.gateways;
  const bare = (keyed.all ?? "").split(",").filter((v) => v !== "");
  const unseen = bare.filter((id) => !gateways.has(id));
  if (unseen.length)
    throw new UsageError(
      `--via ${unseen.join(",")}: no member's account sees ${unseen.length > 1 ? "these transit gateways" : "this transit gateway"} in its Region; create one (aws ec2 create-transit-gateway) or share it with the account through AWS RAM, then name it`,
    );
  for (const m of model.members) {
    if (!m.aws.known) continue;
    const { region, account } = m.aws.value;
    const named = keyed.byMember[m.context] ?? keyed.byMember[m.name];
    const here = bare.filter((id) => gateways.get(id)?.region === region);
    if (!named && here.length > 1)
      throw new UsageError(
        `--via ${here.join(",")}: all in ${region}, ${m.name}'s Region: name the one for it (--via ${m.name}=tgw-…)`,
      );
    const tgw = named ?? here[0];
    if (!tgw) continue;
    const seen = gateways.get(tgw);
    // The member's own account must see it (its owner's, or shared with it through AWS RAM).
    if (seen?.region !== region || !m.aws.value.inventory.transitGateways.has(tgw)) {
      throw new UsageError(
        `--via ${tgw}: ${m.name}'s account${account ? ` ${account}` : ""} sees no such transit gateway in ${region}${seen ? ` (it is in ${seen.region}: a VPC attaches to a gateway of its own Region)` : ""}; create one (aws ec2 create-transit-gateway --region ${region}) or share it with the account through AWS RAM, then name it`,
      );
    }
    out.set(m.name, tgw);
  }
  return out;
}

/**
 * What doctor found that setup's own steps do not handle: every finding of a check setup does not
 * fix, and the ones of checks it fixes whose answer is not known. Errors stop setup.
 */
export function leftToUser(results: readonly CheckResult[]): Unfixable[] {
  return results
    .filter((r) => r.status !== "pass" && !(fixableBySetup(r.id) && r.status !== "unknown"))
    .map((r) => ({
      member: r.member,
      ...(r.peer ? { peer: r.peer } : {}),
      check: r.id,
      ...(r.resource ? { resource: r.resource } : {}),
      message: r.status === "unknown" ? `not known: ${r.message}` : r.message,
      ...(r.remediation ? { remediation: r.remediation } : {}),
      ...(r.remediationText ? { remediationText: r.remediationText } : {}),
      ...(r.manual ? { manual: r.manual } : {}),
      blocking: r.status === "fail" && r.severity === "error",
      ...(r.severity ? { severity: r.severity } : {}),
      ...(r.direction ? { direction: r.direction } : {}),
    }));
}

export async function runSetup(opts: SetupOptions, io: IO): Promise<number> {
  if (opts.snapshot && !opts.dryRun)
    throw new UsageError("--snapshot can only be planned: add --dry-run");
  if (!opts.aws.enabled) throw new UsageError("setup changes AWS: --no-aws cannot be used with it");
  // The leader too: setup plans the members' way to its API server (aws.leader-path).
  const { model, origin } = await loadModel({ ...opts, readLeader: true });
  if (model.members.length === 0) return noMembers(model.skippedContexts, io);
  const results = runChecks(model);
  const style = makeStyle(io.colorLevel);
  // The ClusterSet could not be read well enough to plan: incomplete, like doctor.
  const blind = results.filter(isIncomplete);
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
  const via = viaGateways(model, opts.aws.choices.transitGateway);
  const plan = planSetup(
    model,
    {
      clusterSet,
      securityGroups: securityGroups(model, opts.securityGroup),
      ...(via.size ? { via } : {}),
    },
    leftToUser(results),
  );
  const blocked = plan.unfixable.some((u) => u.blocking) && !opts.skipUnfixable;
  const awsOf = (name: string) => {
    const m = model.members.find((x) => x.name === name);
    return m?.aws.known ? m.aws.value : undefined;
  };
  const show = (doc: PlanDocument, title: string) =>
    io.stdout(
      opts.output === "table"
        ? renderSetupPlan(
            doc,
            plan,
            style,
            title,
            opts.printCommands ? awsOf : undefined,
            io.width ?? 80,
          )
        : renderStructured(doc, opts.output),
    );
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
      ...(after ? { doctor: doctorVerdict(after) } : {}),
    });
    io.stdout(
      opts.output === "table"
        ? renderSetupResult(doc, plan, style, after, io.width)
        : renderStructured(doc, opts.output),
    );
    if (!done.outcomes) return EXIT.findings; // a permission was denied: nothing changed
    if (done.outcomes.some((o) => o.status === "failed" || o.status === "not-run"))
      return EXIT.findings;
    const remaining = after?.filter(
      (r) => fixableBySetup(r.id) && r.status === "fail" && r.severity === "error",
    );
    return remaining?.length ? EXIT.findings : EXIT.ok;
  } finally {
    close();
  }
}

async function doctorAgain(opts: SetupOptions, io: IO): Promise<CheckResult[]> {
  io.reporter.progress("Running doctor again…");
  const { model } = await loadModel(opts);
  return runChecks(model);
}
