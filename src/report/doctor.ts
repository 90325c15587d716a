/** The doctor report: the JSON document (README "JSON"), and its table rendering. */
import type { Summary } from "../checks/engine.js";
import { plural } from "../checks/helpers.js";
import { CHECKS } from "../checks/registry.js";
import type { CheckResult } from "../checks/types.js";
import { EXIT } from "../exit-codes.js";
import type { SkippedContext } from "../kube/types.js";
import type { ClusterSetModel } from "../model/types.js";
import { arrowText, ORDERED } from "./direction.js";
import { type MemberView, memberView } from "./members.js";
import { MATRIX_FROM, renderMatrix, renderPairFindings } from "./pair-matrix.js";
import type { Style } from "./style.js";

const PAIR = new Set(CHECKS.filter((ch) => ch.scope === "pair").map((ch) => ch.id));

export interface DoctorDocument {
  members: MemberView[];
  checks: CheckResult[];
  summary: Summary;
  /** Extension: contexts probed and not used as members, with the reason. */
  skippedContexts: SkippedContext[];
  /** Extension: whether the AWS side was inspected (its checks are left out when not). */
  aws: { inspected: boolean; skipped?: string };
}

export function doctorDocument(
  model: ClusterSetModel,
  checks: CheckResult[],
  summary: Summary,
  /** Only these members (doctor --pair). */
  only?: readonly string[],
): DoctorDocument {
  return {
    members: model.members.filter((m) => !only || only.includes(m.name)).map(memberView),
    checks,
    summary,
    skippedContexts: model.skippedContexts.map((s) => ({ ...s })),
    aws: {
      inspected: model.aws.inspected,
      ...(model.aws.skipped ? { skipped: model.aws.skipped } : {}),
    },
  };
}

/**
 * No context runs a member: what was probed, why each was left out, and what to do — on stdout,
 * where the report would have been.
 */
export function renderNoMembers(doc: DoctorDocument, style: Style): string {
  const { c } = style;
  const failed = doc.skippedContexts.filter((s) => s.failure).length;
  const others = doc.skippedContexts.length - failed;
  const headline =
    failed === 0
      ? "no context runs a member antrea-mc-controller"
      : `${plural(failed, "context")} could not be probed${others === 0 ? "" : others === 1 ? ", and the other runs no member antrea-mc-controller" : `, and the ${others} others run no member antrea-mc-controller`}`;
  const out = [c.bold(`No member found: ${headline}.`)];
  if (doc.skippedContexts.length > 0) {
    out.push("", c.bold("Contexts probed"));
    for (const s of doc.skippedContexts) out.push(`  - ${s.context}: ${s.reason}`);
  }
  out.push(
    "",
    "Name the members' contexts (kubectl config get-contexts lists them):",
    "  kubectl antrea-mc doctor --context CONTEXT --context CONTEXT",
    "or analyse a snapshot made by `kubectl antrea-mc collect` (the repository's examples/broken is one):",
    "  kubectl antrea-mc doctor --snapshot DIR",
    "",
    `Exit ${EXIT.incomplete}: nothing was checked.`,
  );
  return `${out.join("\n")}\n`;
}

function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((line, i) => (i === 0 ? line : `${prefix}${line}`))
    .join("\n");
}

function renderResult(r: CheckResult, width: number, style: Style, direction: string): string[] {
  const { c } = style;
  const id = r.id.padEnd(width);
  const lines = [
    `  ${style.symbolOf(r)} ${r.status === "pass" ? id : c.bold(id)}  ${direction}${r.message}`,
  ];
  if (r.status === "fail" || r.status === "warn") {
    const pad = " ".repeat(6);
    if (r.remediation)
      lines.push(`${pad}${c.cyan("fix:")}  ${indent(r.remediation, `${pad}      `)}`);
    lines.push(`${pad}${c.dim(`docs: ${r.docs}`)}`);
  }
  return lines;
}

function summaryLine(summary: Summary, style: Style, exitCode: number): string {
  const { c } = style;
  const warnings = summary.warn - summary.info;
  const parts = [
    c.green(`${summary.pass} passed`),
    summary.fail ? c.red(`${summary.fail} failed`) : `${summary.fail} failed`,
    warnings ? c.yellow(plural(warnings, "warning")) : plural(warnings, "warning"),
    ...(summary.info ? [c.cyan(`${summary.info} info`)] : []),
    summary.unknown ? c.magenta(`${summary.unknown} unknown`) : `${summary.unknown} unknown`,
  ];
  const verdict =
    exitCode === EXIT.incomplete
      ? "incomplete: a cluster or its AWS side could not be read (see the *.access findings)"
      : exitCode === EXIT.findings
        ? "problems found"
        : "no errors";
  return `Summary: ${parts.join(" · ")} — ${verdict}`;
}

/** Several checks not evaluated for one reason (a member that could not be read): one line. */
interface Collapsed {
  readonly count: number;
  readonly ids: readonly string[];
  readonly message: string;
}

/**
 * Unknown results that say the same thing (every check of an unreadable member says "not
 * evaluated: west could not be inspected") are one line; the JSON keeps each of them.
 */
function collapseUnknowns(rows: readonly CheckResult[]): (CheckResult | Collapsed)[] {
  const same = new Map<string, CheckResult[]>();
  for (const r of rows)
    if (r.status === "unknown") same.set(r.message, [...(same.get(r.message) ?? []), r]);
  const out: (CheckResult | Collapsed)[] = [];
  const done = new Set<string>();
  for (const r of rows) {
    const group = r.status === "unknown" ? (same.get(r.message) ?? []) : [];
    if (group.length < 3) {
      out.push(r);
      continue;
    }
    if (done.has(r.message)) continue;
    done.add(r.message);
    out.push({
      count: group.length,
      ids: [...new Set(group.map((g) => g.id))],
      message: r.message,
    });
  }
  return out;
}

function renderCollapsed(r: Collapsed, width: number, style: Style): string[] {
  const { c } = style;
  // The IDs, a few to a line: they fit 80 columns.
  const lines: string[] = [];
  for (const id of r.ids) {
    const last = lines.length - 1;
    if (last >= 0 && `${lines[last]}, ${id}`.length <= 72) lines[last] = `${lines[last]}, ${id}`;
    else lines.push(id);
  }
  return [
    `  ${style.symbol("unknown")} ${c.bold(`${r.count} checks`.padEnd(width))}  ${r.message}`,
    ...lines.map((l, i) => `      ${c.dim(i < lines.length - 1 ? `${l},` : l)}`),
  ];
}

export function renderDoctorTable(
  doc: DoctorDocument,
  model: ClusterSetModel,
  style: Style,
  exitCode: number,
  origin: string,
): string {
  const { c } = style;
  const out: string[] = [];
  const width = Math.max(...doc.checks.map((r) => r.id.length), 10);
  const names = doc.members.map((m) => m.name);
  const compact = names.length >= MATRIX_FROM;
  out.push(
    c.bold(
      `Antrea Multi-cluster doctor — ${names.length} member(s): ${names.join(", ")} (${origin})`,
    ),
  );
  for (const m of model.members.filter((x) => names.includes(x.name))) {
    const view = doc.members.find((v) => v.name === m.name);
    const facts = [
      `context ${m.context}`,
      view?.clusterID ? `cluster ID ${view.clusterID}` : undefined,
      `namespace ${m.namespace.value}`,
      m.antreaVersion ? `Antrea ${m.antreaVersion}` : undefined,
    ].filter(Boolean);
    out.push("", `${c.bold(m.name)}  ${c.dim(facts.join(" · "))}`);
    const own = doc.checks.filter((x) => x.member === m.name && !PAIR.has(x.id));
    // Many members: a member's passes take one line.
    const shown = compact ? own.filter((r) => r.status !== "pass") : own;
    for (const r of collapseUnknowns(shown))
      out.push(
        ...("count" in r ? renderCollapsed(r, width, style) : renderResult(r, width, style, "")),
      );
    if (shown.length < own.length)
      out.push(
        `  ${style.symbol("pass")} ${c.dim(`${own.length - shown.length} other check(s) passed`)}`,
      );
  }
  if (compact) {
    const ids = { pair: PAIR, ordered: ORDERED };
    out.push(
      "",
      ...renderMatrix(names, doc.checks, ids, style),
      ...renderPairFindings(doc.checks, ids, style),
    );
  }
  for (let i = 0; i < names.length && !compact; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = names[i];
      const b = names[j];
      const rows = doc.checks.filter(
        (r) =>
          PAIR.has(r.id) && ((r.member === a && r.peer === b) || (r.member === b && r.peer === a)),
      );
      if (rows.length === 0) continue;
      out.push("", c.bold(`${a} ↔ ${b}`));
      for (const r of collapseUnknowns(rows)) {
        if ("count" in r) {
          out.push(...renderCollapsed(r, width, style));
          continue;
        }
        const direction = ORDERED.has(r.id) ? c.dim(`${arrowText(r)}: `) : "";
        out.push(...renderResult(r, width, style, direction));
      }
    }
  }
  if (doc.skippedContexts.length > 0) {
    out.push("", c.bold("Contexts not used as members"));
    for (const s of doc.skippedContexts) out.push(`  - ${s.context}: ${s.reason}`);
  }
  if (!doc.aws.inspected)
    out.push("", c.dim(`AWS checks not run: ${doc.aws.skipped ?? "AWS was not inspected"}`));
  out.push("", summaryLine(doc.summary, style, exitCode));
  return `${out.join("\n")}\n`;
}
