/** setup and teardown reports: the plan as a table or JSON, and what became of it. */
import type { PreflightOutcome, StepOutcome } from "../apply/run.js";
import { type Summary, summarize } from "../checks/engine.js";
import { fixableBySetup } from "../checks/registry.js";
import type { CheckResult } from "../checks/types.js";
import type { MemberAws } from "../model/types.js";
import { isRef, type ParamValue, type Plan, type Step, type Unfixable } from "../plan/types.js";
import { columns, trimLines } from "./columns.js";
import { subjectText } from "./direction.js";
import { FIX_INDENT, fixBlock } from "./fix-block.js";
import { planCommands } from "./plan-commands.js";
import type { Style } from "./style.js";
import { visibleWidth, wrap } from "./wrap.js";

export interface ActionView {
  id: string;
  member: string;
  peer?: string;
  action: string;
  region: string;
  params: Record<string, unknown>;
  reason: string;
  why: string;
  resource: string;
  after: string[];
  status: "planned" | "applied" | "failed" | "skipped";
  message?: string;
}

export interface PlanDocument {
  clusterSet: string;
  actions: ActionView[];
  applied: boolean;
  /** What setup leaves to the user, with the doctor's fix (blocking: errors that stop setup). */
  unfixable: Unfixable[];
  preflight?: { id: string; permission: string; message?: string }[];
  /** The doctor's verdict after applying. */
  doctor?: {
    summary: Summary;
    problems: { id: string; member: string; peer?: string; status: string; message: string }[];
  };
}

/** A parameter as JSON: a value an earlier step returns is shown as "<pcx from s1>". */
function view(v: ParamValue): unknown {
  if (isRef(v)) return `<${v.of ?? "pcx"} from ${v.ref}>`;
  if (Array.isArray(v)) return v.map(view);
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, view(x as ParamValue)]));
  }
  return v;
}

const STATUS: Record<StepOutcome["status"], ActionView["status"]> = {
  applied: "applied",
  "done-already": "applied",
  failed: "failed",
  "not-run": "skipped",
};

export function planDocument(
  plan: Plan,
  extra: {
    outcomes?: readonly StepOutcome[];
    preflight?: readonly PreflightOutcome[];
    doctor?: PlanDocument["doctor"];
  } = {},
): PlanDocument {
  const outcome = new Map(extra.outcomes?.map((o) => [o.step.id, o]));
  return {
    clusterSet: plan.clusterSet,
    actions: plan.steps.map((s) => {
      const o = outcome.get(s.id);
      return {
        id: s.id,
        member: s.member,
        ...(s.peer ? { peer: s.peer } : {}),
        action: s.action,
        region: s.region,
        params: view(s.params) as Record<string, unknown>,
        reason: s.reason,
        why: s.why,
        resource: s.resource,
        after: [...s.after],
        status: o ? STATUS[o.status] : "planned",
        ...(o?.message ? { message: o.message } : {}),
      };
    }),
    applied: !!extra.outcomes?.some((o) => o.status === "applied" || o.status === "done-already"),
    unfixable: [...plan.unfixable],
    ...(extra.preflight
      ? {
          preflight: extra.preflight.map((p) => ({
            id: p.step.id,
            permission: p.permission,
            ...(p.message ? { message: p.message } : {}),
          })),
        }
      : {}),
    ...(extra.doctor ? { doctor: extra.doctor } : {}),
  };
}

/** The parameters a reader needs, beyond the resource column. */
function brief(s: Step): string {
  const p = view(s.params) as Record<string, unknown>;
  const perm = (p.IpPermissions as Record<string, unknown>[] | undefined)?.[0];
  switch (s.action) {
    case "CreateVpcPeeringConnection":
      return `${p.VpcId} ↔ ${p.PeerVpcId}${p.PeerOwnerId ? ` (account ${p.PeerOwnerId})` : ""}${p.PeerRegion ? ` in ${p.PeerRegion}` : ""}`;
    case "AcceptVpcPeeringConnection":
    case "DeleteVpcPeeringConnection":
      return String(p.VpcPeeringConnectionId);
    case "CreateRoute":
    case "ReplaceRoute":
      return `${p.DestinationCidrBlock} → ${p.VpcPeeringConnectionId ?? p.TransitGatewayId}`;
    case "DeleteRoute":
    case "DeleteTransitGatewayRoute":
      return String(p.DestinationCidrBlock);
    case "CreateTransitGatewayVpcAttachment":
      return `${p.VpcId} → ${p.TransitGatewayId} (${((p.SubnetIds as string[]) ?? []).join(", ")})`;
    case "ModifyTransitGatewayVpcAttachment":
      return p.AddSubnetIds
        ? `${p.TransitGatewayAttachmentId} + ${(p.AddSubnetIds as string[]).join(", ")}`
        : `${p.TransitGatewayAttachmentId} − ${((p.RemoveSubnetIds as string[]) ?? []).join(", ")}`;
    case "DeleteTransitGatewayVpcAttachment":
    case "AcceptTransitGatewayVpcAttachment":
    case "AcceptTransitGatewayPeeringAttachment":
      return String(p.TransitGatewayAttachmentId);
    case "AssociateTransitGatewayRouteTable":
    case "DisassociateTransitGatewayRouteTable":
      return `${p.TransitGatewayAttachmentId} ↔ ${p.TransitGatewayRouteTableId}`;
    case "EnableTransitGatewayRouteTablePropagation":
    case "DisableTransitGatewayRouteTablePropagation":
      return `${p.TransitGatewayAttachmentId} propagates into ${p.TransitGatewayRouteTableId}`;
    case "CreateTransitGatewayRoute":
    case "ReplaceTransitGatewayRoute":
      return `${p.DestinationCidrBlock} → ${p.TransitGatewayAttachmentId}`;
    case "AuthorizeSecurityGroupIngress":
    case "AuthorizeSecurityGroupEgress": {
      const range = (perm?.IpRanges as { CidrIp?: string }[] | undefined)?.[0]?.CidrIp;
      const port = perm?.FromPort === undefined ? "" : ` ${perm.FromPort}`;
      const dir = s.action.endsWith("Ingress") ? "from" : "to";
      return `${perm?.IpProtocol}${port} ${dir} ${range}`;
    }
    case "RevokeSecurityGroupIngress":
    case "RevokeSecurityGroupEgress":
      return ((p.SecurityGroupRuleIds as string[]) ?? []).join(", ");
    case "CreateTags":
    case "DeleteTags":
      return ((p.Tags as { Key: string; Value?: string }[]) ?? [])
        .map((t) => (t.Value === undefined ? t.Key : `${t.Key}=${t.Value}`))
        .join(", ");
  }
}

export function renderUnfixable(
  items: readonly Unfixable[],
  style: Style,
  heading: string,
  width = 80,
): string[] {
  if (items.length === 0) return [];
  const { c } = style;
  const out = ["", heading];
  for (const u of items) {
    const symbol = u.blocking
      ? style.symbol("fail")
      : style.symbolOf({ status: "warn", severity: u.severity });
    const lead = `  ${symbol} ${c.bold(u.check)}  `;
    out.push(...wrap(`${subjectText(u)}: ${u.message}`, width, lead, " ".repeat(FIX_INDENT)));
    // As doctor shows it: the readable form when there is one, a manual step labelled so.
    out.push(...fixBlock(u, width, style));
  }
  return out;
}

export function renderPlanTable(
  doc: PlanDocument,
  plan: Plan,
  style: Style,
  title: string,
  /** Wider than this, each step is a block of lines instead of a table row. */
  width = Number.POSITIVE_INFINITY,
): string {
  const { c } = style;
  const out = [...wrap(title, width, "", "  ")];
  if (plan.steps.length === 0) out.push("", "Nothing to change in AWS.");
  else {
    const withStatus = doc.actions.some((a) => a.status !== "planned");
    const t = columns([
      "STEP",
      "MEMBER",
      "ACTION",
      "RESOURCE",
      "PARAMETERS",
      "WHY",
      ...(withStatus ? ["STATUS"] : []),
    ]);
    const blocks: string[] = [];
    for (const [i, s] of plan.steps.entries()) {
      const a = doc.actions[i];
      const status = a?.status ?? "planned";
      const paint = status === "failed" ? c.red : status === "applied" ? c.green : (x: string) => x;
      const shown = paint(a?.message ? `${status} (${a.message})` : status);
      const why = `${s.reason}: ${s.why}`;
      t.push([s.id, s.member, s.action, s.resource, brief(s), why, ...(withStatus ? [shown] : [])]);
      // The same, one step a block, as `terraform plan` lists changes: the parameters whole.
      blocks.push(
        "",
        `  ${c.bold(s.id)}  ${s.member}  ${s.action}  ${s.resource}${withStatus ? `  ${shown}` : ""}`,
        `      ${brief(s)}`,
        ...wrap(why, width, "      ", "        ").map((l) => c.dim(l)),
      );
    }
    const table = trimLines(t.toString());
    const fits = table.split("\n").every((l) => visibleWidth(l) <= width);
    out.push(...(fits ? ["", table] : blocks));
  }
  return out.join("\n");
}

/** setup's plan as a table: the steps, what setup leaves to the user and, on request, the CLI. */
export function renderSetupPlan(
  doc: PlanDocument,
  plan: Plan,
  style: Style,
  title: string,
  commands?: (member: string) => MemberAws | undefined,
  width = 80,
): string {
  const lines = [renderPlanTable(doc, plan, style, title, width)];
  lines.push(
    ...renderUnfixable(
      plan.unfixable,
      style,
      "Not changed by setup (✗ stops setup unless --skip-unfixable):",
      width,
    ),
  );
  if (commands && plan.steps.length) {
    lines.push(
      "",
      "The same changes with the AWS CLI:",
      "",
      planCommands(plan, commands).trimEnd(),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The doctor's verdict after setup, short, for the report. */
export function doctorVerdict(
  results: readonly CheckResult[],
): NonNullable<PlanDocument["doctor"]> {
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

/** What setup did: the steps with their outcome, a denied preflight, and doctor's verdict after. */
export function renderSetupResult(
  doc: PlanDocument,
  plan: Plan,
  style: Style,
  after: readonly CheckResult[] | undefined,
  width = Number.POSITIVE_INFINITY,
): string {
  const lines = [renderPlanTable(doc, plan, style, "Setup:", width)];
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
    const aws = (after ?? []).filter((r) => fixableBySetup(r.id) && r.status !== "pass");
    lines.push(
      "",
      `Doctor after setup: ${s.pass} passed · ${s.fail} failed · ${s.warn} warnings · ${s.unknown} unknown`,
      aws.length
        ? `  still failing in AWS: ${aws.map((r) => `${r.id} ${r.member}${r.peer ? `→${r.peer}` : ""}`).join(", ")}`
        : "  peering, routes and security groups: all pass",
    );
  }
  return `${lines.join("\n")}\n`;
}
