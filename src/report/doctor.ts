/** The doctor report: the JSON document (docs/reference.md "JSON"), and its table rendering. */
import type { Summary } from "../checks/engine.js";
import { plural } from "../checks/helpers.js";
import { CHECKS } from "../checks/registry.js";
import type { CheckResult } from "../checks/types.js";
import { EXIT } from "../exit-codes.js";
import type { SkippedContext } from "../kube/types.js";
import type { ClusterSetModel } from "../model/types.js";
import { pairsOf } from "../util/pairs.js";
import { arrowText, ORDERED } from "./direction.js";
import { FIX_INDENT, fixBlock } from "./fix-block.js";
import { type MemberView, memberView } from "./members.js";
import { renderNextSteps } from "./next-steps.js";
import { MATRIX_FROM, renderMatrix, renderPairFindings } from "./pair-matrix.js";
import type { Style } from "./style.js";
import { isFinding, renderVerdict } from "./verdict.js";
import { visibleWidth, wrap } from "./wrap.js";

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
export function renderNoMembers(doc: DoctorDocument, style: Style, width = 80): string {
  const { c } = style;
  const failed = doc.skippedContexts.filter((s) => s.failure).length;
  const others = doc.skippedContexts.length - failed;
  const headline =
    failed === 0
      ? "no context runs a member antrea-mc-controller"
      : `${plural(failed, "context")} could not be probed${others === 0 ? "" : others === 1 ? ", and the other runs no member antrea-mc-controller" : `, and the ${others} others run no member antrea-mc-controller`}`;
  const out = wrap(`No member found (exit ${EXIT.incomplete}): ${headline}.`, width, "", "  ").map(
    (l) => c.bold(l),
  );
  if (doc.skippedContexts.length > 0) {
    out.push("", c.bold("Contexts probed"));
    for (const s of doc.skippedContexts)
      out.push(...wrap(`${s.context}: ${s.reason}`, width, "  - ", "    "));
  }
  const say = (text: string) => wrap(text, width, "", "");
  out.push(
    "",
    ...say(
      "Name the members' contexts, repeated or comma-separated (kubectl config get-contexts lists them):",
    ),
    "  kubectl antrea-mc doctor --context NAME,NAME",
    ...say(
      "or analyse a snapshot written by `kubectl antrea-mc collect` — a clone of the plugin's repository has one to try:",
    ),
    "  kubectl antrea-mc doctor --snapshot examples/broken",
    "",
    ...say(`Exit ${EXIT.incomplete}: nothing was checked.`),
  );
  return `${out.join("\n")}\n`;
}

/** How the table is laid out, beyond the document. */
export interface TableOptions {
  /** Columns to fit prose into (commands and URLs stay whole). */
  readonly width: number;
  /** --all / -v: every passing check on its own line, not counted. */
  readonly all: boolean;
  /** The findings that `setup` would make pass (setup's own plan says which). */
  readonly bySetup: ReadonlySet<CheckResult>;
  /** Flags that select the same members again (" --context a,b"), for "Next steps". */
  readonly target: string;
  /** A snapshot was analysed: doctor cannot simply be run again on it to see a fix work. */
  readonly snapshot: boolean;
}

const DEFAULTS: TableOptions = {
  width: 80,
  all: false,
  bySetup: new Set(),
  target: "",
  snapshot: false,
};

/** The least room a message column needs; narrower terminals get no column. */
const MESSAGE_COLUMN = 80;

function renderResult(
  r: CheckResult,
  idWidth: number,
  o: TableOptions,
  style: Style,
  direction: string,
): string[] {
  const { c } = style;
  const columnar = isColumnar(idWidth, o);
  const id = columnar ? r.id.padEnd(idWidth) : r.id;
  const lead = `  ${style.symbolOf(r)} ${r.status === "pass" ? id : c.bold(id)}  `;
  const hang = " ".repeat(columnar ? visibleWidth(lead) : FIX_INDENT);
  const lines = wrap(`${direction}${r.message}`, o.width, lead, hang);
  if (isFinding(r)) lines.push(...fixBlock(r, o.width, style));
  return lines;
}

/**
 * Wide terminals: messages in a column after the IDs. Narrow ones: a message follows its ID and
 * goes on under the fix's indent, so that it is not squeezed into the last third of the line.
 */
function isColumnar(idWidth: number, o: TableOptions): boolean {
  return o.width - (idWidth + 6) >= MESSAGE_COLUMN;
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

function renderCollapsed(r: Collapsed, idWidth: number, o: TableOptions, style: Style): string[] {
  const { c } = style;
  const columnar = isColumnar(idWidth, o);
  // Directional checks count once per direction: results, then, not checks.
  const label = r.count === r.ids.length ? `${r.count} checks` : `${r.count} results`;
  const lead = `  ${style.symbol("unknown")} ${c.bold(columnar ? label.padEnd(idWidth) : label)}  `;
  const hang = " ".repeat(columnar ? visibleWidth(lead) : FIX_INDENT);
  return [
    ...wrap(r.message, o.width, lead, hang),
    ...wrap(r.ids.join(", "), o.width, hang, hang).map((l) => c.dim(l)),
  ];
}

/** A block's results: findings and unknowns each shown, passes one line unless --all. */
function renderRows(
  rows: readonly CheckResult[],
  idWidth: number,
  o: TableOptions,
  style: Style,
  direction: (r: CheckResult) => string,
): string[] {
  const { c } = style;
  const shown = o.all ? rows : rows.filter((r) => r.status !== "pass");
  const out: string[] = [];
  for (const r of collapseUnknowns(shown))
    out.push(
      ...("count" in r
        ? renderCollapsed(r, idWidth, o, style)
        : renderResult(r, idWidth, o, style, direction(r))),
    );
  const passed = rows.length - shown.length;
  if (passed > 0) out.push(`  ${style.symbol("pass")} ${c.dim(`${passed} passed`)}`);
  return out;
}

/** What the report is about, in one or two lines. */
function header(names: readonly string[], origin: string, o: TableOptions, style: Style) {
  const { c } = style;
  const listed = names.length <= 6 ? `: ${names.join(", ")}` : "";
  return [
    ...wrap(
      `Antrea Multi-cluster doctor · ${plural(names.length, "member")}${listed}`,
      o.width,
      "",
      "  ",
    ).map((l) => c.bold(l)),
    ...wrap(origin, o.width, "  ", "  ").map((l) => c.dim(l)),
  ];
}

export function renderDoctorTable(
  doc: DoctorDocument,
  model: ClusterSetModel,
  style: Style,
  exitCode: number,
  origin: string,
  options: Partial<TableOptions> = {},
): string {
  const o = { ...DEFAULTS, ...options };
  const { c } = style;
  const names = doc.members.map((m) => m.name);
  const compact = names.length >= MATRIX_FROM;
  const idWidth = Math.max(...doc.checks.map((r) => r.id.length), 10);
  const out = [...header(names, origin, o, style), "", ...renderVerdict(doc, exitCode, o, style)];
  const own = (name: string) => doc.checks.filter((x) => x.member === name && !PAIR.has(x.id));
  // Many members: those whose own checks all pass are one line together.
  const quiet =
    compact && !o.all ? names.filter((n) => own(n).every((r) => r.status === "pass")) : [];
  for (const m of model.members.filter((x) => names.includes(x.name) && !quiet.includes(x.name))) {
    const view = doc.members.find((v) => v.name === m.name);
    const facts = [
      `context ${m.context}`,
      view?.clusterID ? `cluster ID ${view.clusterID}` : undefined,
      `namespace ${m.namespace.value}`,
      m.antreaVersion ? `Antrea ${m.antreaVersion}` : undefined,
    ].filter(Boolean);
    const head = wrap(facts.join(" · "), o.width, `${m.name}  `, "    ");
    out.push("", c.bold(m.name) + c.dim((head[0] ?? "").slice(m.name.length)));
    out.push(...head.slice(1).map((l) => c.dim(l)));
    out.push(...renderRows(own(m.name), idWidth, o, style, () => ""));
  }
  if (quiet.length > 0) {
    const count = own(quiet[0] ?? "").length;
    out.push(
      "",
      ...wrap(
        `${plural(quiet.length, quiet.length < names.length ? "other member" : "member")}: each of their ${count} own checks passed (--all lists them)`,
        o.width,
        `${style.symbol("pass")} `,
        "  ",
      ),
    );
  }
  if (compact) {
    const ids = { pair: PAIR, ordered: ORDERED };
    out.push(
      "",
      ...renderMatrix(names, doc.checks, ids, style, o.width),
      ...renderPairFindings(doc.checks, ids, style, o.width),
    );
  }
  for (const [a, b] of compact ? [] : pairsOf(names)) {
    const rows = doc.checks.filter(
      (r) =>
        PAIR.has(r.id) && ((r.member === a && r.peer === b) || (r.member === b && r.peer === a)),
    );
    if (rows.length === 0) continue;
    out.push("", c.bold(`${a} ↔ ${b}`));
    out.push(
      ...renderRows(rows, idWidth, o, style, (r) => (ORDERED.has(r.id) ? `${arrowText(r)}: ` : "")),
    );
  }
  if (doc.skippedContexts.length > 0) {
    out.push("", c.bold("Contexts not used as members"));
    for (const s of doc.skippedContexts)
      out.push(...wrap(`${s.context}: ${s.reason}`, o.width, "  - ", "    "));
  }
  if (!doc.aws.inspected)
    out.push(
      "",
      ...wrap(`AWS checks not run: ${doc.aws.skipped ?? "AWS was not inspected"}`, o.width, "").map(
        (l) => c.dim(l),
      ),
    );
  out.push(...renderNextSteps(doc, exitCode, o, style));
  return `${out.map((l) => l.trimEnd()).join("\n")}\n`;
}
