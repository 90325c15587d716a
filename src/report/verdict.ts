/**
 * The report's first lines: the verdict with its exit code, which members and pairs it is about,
 * and how much of it `setup` takes care of — before any detail.
 */
import type { Summary } from "../checks/engine.js";
import { plural } from "../checks/helpers.js";
import type { CheckResult } from "../checks/types.js";
import { EXIT } from "../exit-codes.js";
import type { Style } from "./style.js";
import { wrap } from "./wrap.js";

/** Subjects listed under the verdict; the rest are counted. */
export const SUBJECTS_LISTED = 8;

export const isFinding = (r: CheckResult) => r.status === "fail" || r.status === "warn";

/** "8 failed · 2 warnings · 1 info · 36 passed · 1 unknown": zero counts left out, passes kept. */
export function counts(s: Summary, style: Style): string {
  const { c } = style;
  const warnings = s.warn - s.info;
  return [
    s.fail ? c.red(`${s.fail} failed`) : "",
    warnings ? c.yellow(plural(warnings, "warning")) : "",
    s.info ? c.cyan(`${s.info} info`) : "",
    s.unknown ? c.magenta(`${s.unknown} not evaluated`) : "",
    c.green(`${s.pass} passed`),
  ]
    .filter(Boolean)
    .join(" · ");
}

/** The member, or the pair ("west ↔ east"), a result belongs to in the report's blocks. */
export function blockOf(r: CheckResult, order: readonly string[]): string {
  if (!r.peer) return r.member;
  const [a, b] = [r.member, r.peer].sort((x, y) => order.indexOf(x) - order.indexOf(y));
  return `${a} ↔ ${b}`;
}

function tally(rows: readonly CheckResult[], style: Style): string {
  const n = (f: (r: CheckResult) => boolean) => rows.filter(f).length;
  const fail = n((r) => r.status === "fail");
  const info = n((r) => r.status === "warn" && r.severity === "info");
  const warn = n((r) => r.status === "warn") - info;
  const unknown = n((r) => r.status === "unknown");
  return [
    fail ? `${style.symbol("fail")} ${fail} failed` : "",
    warn ? `${style.symbol("warn")} ${plural(warn, "warning")}` : "",
    info ? `${style.symbolOf({ status: "warn", severity: "info" })} ${info} info` : "",
    unknown ? `${style.symbol("unknown")} ${unknown} not evaluated` : "",
  ]
    .filter(Boolean)
    .join(" · ");
}

/** Members in failing pairs with at least this many peers are named once for all of them. */
const HUB_PEERS = 3;

/** The members that most failing pairs share, greedily, each with its number of failing peers. */
function pairHubs(
  rows: readonly CheckResult[],
  order: readonly string[],
): { name: string; peers: number }[] {
  let pairs = new Set(rows.map((r) => blockOf(r, order)));
  const hubs: { name: string; peers: number }[] = [];
  for (;;) {
    const count = new Map<string, number>();
    for (const p of pairs) for (const m of p.split(" ↔ ")) count.set(m, (count.get(m) ?? 0) + 1);
    const [name, peers] = [...count].sort((x, y) => y[1] - x[1])[0] ?? ["", 0];
    if (peers < HUB_PEERS) return hubs;
    hubs.push({ name, peers });
    pairs = new Set([...pairs].filter((p) => !p.split(" ↔ ").includes(name)));
  }
}

export function renderVerdict(
  doc: { checks: readonly CheckResult[]; summary: Summary; members: readonly { name: string }[] },
  exitCode: number,
  o: { width: number; bySetup: ReadonlySet<CheckResult> },
  style: Style,
): string[] {
  const { c } = style;
  const s = doc.summary;
  const problems = s.fail + s.warn + s.unknown;
  const [symbol, words] =
    exitCode === EXIT.incomplete
      ? [style.symbol("unknown"), "Incomplete"]
      : exitCode === EXIT.findings
        ? [style.symbol("fail"), "Problems found"]
        : problems === 0
          ? [style.symbol("pass"), "No problems"]
          : [style.symbol("pass"), "No errors"];
  const out = wrap(
    `${c.bold(`${words} (exit ${exitCode}):`)} ${counts(s, style)}`,
    o.width,
    `${symbol} `,
    "  ",
  );
  if (exitCode === EXIT.incomplete)
    out.push(
      ...wrap("a member or its AWS side could not be read (the *.access findings)", o.width, "  "),
    );
  // Which members and pairs the findings are in, in report order; a member whose pairs fail with
  // many peers is one line ("member-60 ↔ 59 peers"), as a person would say it.
  const order = doc.members.map((m) => m.name);
  const blocks = new Map<string, CheckResult[]>();
  const add = (key: string, r: CheckResult) => blocks.set(key, [...(blocks.get(key) ?? []), r]);
  const open = doc.checks.filter((r) => r.status !== "pass");
  const hubs = pairHubs(
    open.filter((r) => r.peer),
    order,
  );
  for (const r of open) {
    const hub = r.peer ? hubs.find((h) => h.name === r.member || h.name === r.peer) : undefined;
    add(hub ? `${hub.name} ↔ ${plural(hub.peers, "peer")}` : blockOf(r, order), r);
  }
  const keys = [...blocks.keys()];
  const keyWidth = Math.min(Math.max(0, ...keys.map((k) => k.length)), 30);
  for (const key of keys.slice(0, SUBJECTS_LISTED)) {
    const lead = `  ${key.padEnd(keyWidth)}  `;
    out.push(...wrap(tally(blocks.get(key) ?? [], style), o.width, lead, " ".repeat(lead.length)));
  }
  if (keys.length > SUBJECTS_LISTED)
    out.push(c.dim(`  … and ${keys.length - SUBJECTS_LISTED} more (below)`));
  const findings = doc.checks.filter(isFinding);
  const setup = findings.filter((r) => o.bySetup.has(r));
  if (setup.length > 0) {
    const ids = [...new Set(setup.map((r) => r.id))].join(", ");
    const rest = findings.length - setup.length;
    out.push(
      ...wrap(
        `setup can fix ${rest ? `${setup.length} of the ${plural(findings.length, "finding")}` : setup.length === 1 ? "the finding" : `all ${setup.length} findings`} (${ids})${rest ? `; ${rest === 1 ? "1 needs" : `${rest} need`} a person` : ""}: see Next steps`,
        o.width,
        "  ",
      ),
    );
  }
  return out;
}
