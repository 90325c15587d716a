/**
 * The table report for large ClusterSets (tens of members, hundreds of pairs): a members × members
 * matrix with one symbol per direction, then each failing pair finding once, grouped by check,
 * with the fix shown once per check (the others differ only in names and IDs).
 */
import type { CheckResult, Status } from "../checks/types.js";
import { flowOf, pairText } from "./direction.js";
import type { Style } from "./style.js";
import { visibleWidth, wrap, wrapComment } from "./wrap.js";

/** From this many members on, pairs are shown as a matrix. */
export const MATRIX_FROM = 4;

/** Findings listed per check under the matrix; -o json and --pair give the rest. */
export const LISTED_PER_CHECK = 8;

const WORST: readonly Status[] = ["fail", "unknown", "warn", "pass"];
const worst = (a: Status | undefined, b: Status): Status =>
  a === undefined || WORST.indexOf(b) < WORST.indexOf(a) ? b : a;

export interface PairIds {
  /** Pair checks. */
  readonly pair: ReadonlySet<string>;
  /** Pair checks with a direction (the traffic's: `direction`, else member → peer). */
  readonly ordered: ReadonlySet<string>;
}

/** Worst status of the pair checks from row member to column member. */
export function pairCells(
  names: readonly string[],
  checks: readonly CheckResult[],
  ids: PairIds,
): Map<string, Status> {
  const cells = new Map<string, Status>();
  const put = (a: string, b: string, s: Status) =>
    cells.set(`${a}\0${b}`, worst(cells.get(`${a}\0${b}`), s));
  const known = new Set(names);
  for (const r of checks) {
    if (!ids.pair.has(r.id) || !r.peer || !known.has(r.member) || !known.has(r.peer)) continue;
    // Ordered checks: the cell of the traffic's direction (row sends, column receives).
    const { from, to } = flowOf(r);
    put(from, to, r.status);
    if (!ids.ordered.has(r.id)) put(to, from, r.status);
  }
  return cells;
}

export function renderMatrix(
  names: readonly string[],
  checks: readonly CheckResult[],
  ids: PairIds,
  style: Style,
  width = 80,
): string[] {
  const { c } = style;
  const cells = pairCells(names, checks, ids);
  return [
    c.bold(`Pairs (${names.length} members, ${(names.length * (names.length - 1)) / 2} pairs)`),
    ...legend(
      "traffic row → column: ✓ all pass · ✗ an error · ‼ a warning · ? not evaluated",
      style,
      width,
    ),
    ...matrixGrid(
      names,
      (a, b) => {
        const s = cells.get(`${a}\0${b}`);
        return s ? style.symbol(s) : " ";
      },
      style,
    ),
  ];
}

/** A matrix's legend, dimmed and wrapped. */
export function legend(text: string, style: Style, width: number): string[] {
  return wrap(text, width, "  ", "    ").map((l) => style.c.dim(l));
}

/**
 * Members × members, one symbol per cell (`cell(row, column)`, the traffic row → column): the
 * members numbered down the side, their numbers as column headers one digit per line, a gap every
 * ten columns. doctor's pair matrix and verify's use it.
 */
export function matrixGrid(
  names: readonly string[],
  cell: (from: string, to: string) => string,
  style: Style,
): string[] {
  const { c } = style;
  const num = (i: number) => String(i + 1);
  const digits = String(names.length).length;
  const label = (i: number) => `${num(i).padStart(digits)} ${names[i]}`;
  const labels = Math.max(...names.map((_, i) => label(i).length));
  const gap = (j: number) => (j > 0 && j % 10 === 0 ? " " : "");
  const header: string[] = [];
  for (let d = 0; d < digits; d++) {
    const row = names.map((_, j) => `${gap(j)}${num(j).padStart(digits)[d] ?? " "}`).join("");
    header.push(`${" ".repeat(labels)}  ${c.dim(row)}`);
  }
  const rows = names.map((a, i) => {
    const row = names.map((b, j) => `${gap(j)}${i === j ? c.dim("·") : cell(a, b)}`).join("");
    return `${label(i).padEnd(labels)}  ${row}`;
  });
  return [...header, ...rows];
}

/** The pair findings that are not passes, once each, grouped by check. */
export function renderPairFindings(
  checks: readonly CheckResult[],
  ids: PairIds,
  style: Style,
  width = 80,
): string[] {
  const { c } = style;
  const byCheck = new Map<string, CheckResult[]>();
  for (const r of checks) {
    if (!ids.pair.has(r.id) || r.status === "pass") continue;
    byCheck.set(r.id, [...(byCheck.get(r.id) ?? []), r]);
  }
  const out: string[] = [];
  for (const [id, found] of [...byCheck].sort(
    ([, x], [, y]) => WORST.indexOf(x[0]?.status ?? "pass") - WORST.indexOf(y[0]?.status ?? "pass"),
  )) {
    const pairs = new Set(found.map((r) => [r.member, r.peer].sort().join("\0"))).size;
    out.push(
      "",
      `${style.symbolOf(found[0] ?? { status: "fail" })} ${c.bold(id)}  ${found.length} finding(s) on ${pairs} pair(s)`,
    );
    for (const r of found.slice(0, LISTED_PER_CHECK)) {
      out.push(
        ...wrap(`${pairText(r, ids.ordered.has(id))}: ${r.message}`, width, "    ", "      "),
      );
    }
    if (found.length > LISTED_PER_CHECK)
      out.push(c.dim(`    … and ${found.length - LISTED_PER_CHECK} more (-o json lists them all)`));
    const first = found.find((r) => r.remediation);
    const fix = first?.remediationText ?? first?.remediation;
    if (first && fix) {
      const pad = "      ";
      out.push(
        ...wrap(
          `${c.cyan(first.manual ? "manual" : "fix")} ${c.dim(`(${pairText(first, ids.ordered.has(id))}; the others alike, or see one pair with --pair ${first.member},${first.peer}):`)}`,
          width,
          "    ",
          "      ",
        ),
        ...fix
          .split("\n")
          .flatMap((l) => (l.startsWith("#") ? wrapComment(l, width, pad) : [`${pad}${l}`])),
      );
    }
    const docs = found[0] ? `    docs: ${found[0].docs}` : "";
    if (docs && visibleWidth(docs) <= width) out.push(c.dim(docs));
  }
  return out;
}
