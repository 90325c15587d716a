import Table from "cli-table3";
import { visibleWidth, wrap } from "./wrap.js";

/** Borderless columns, like `kubectl get`. */
export function columns(head: string[]): Table.Table {
  return new Table({
    head,
    chars: {
      top: "",
      "top-mid": "",
      "top-left": "",
      "top-right": "",
      bottom: "",
      "bottom-mid": "",
      "bottom-left": "",
      "bottom-right": "",
      left: "  ",
      "left-mid": "",
      mid: "",
      "mid-mid": "",
      right: "",
      "right-mid": "",
      middle: "   ",
    },
    style: { head: [], border: [], "padding-left": 0, "padding-right": 0 },
  });
}

export const trimLines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trimEnd())
    .join("\n");

/** A column header as a label in running text: "GATEWAY IP" → "gateway IP". */
const ACRONYMS: Record<string, string> = {
  IP: "IP",
  ACL: "ACL",
  ENI: "ENI",
  VPC: "VPC",
  CIDR: "CIDR",
  CIDRS: "CIDRs",
};
const label = (h: string) =>
  h
    .split(" ")
    .map((w) => ACRONYMS[w] ?? w.toLowerCase())
    .join(" ");

/** A row whose cells after the first are one note (a Node that could not be mapped, say). */
export interface NoteRow {
  readonly first: string;
  readonly note: string;
}

/**
 * kubectl-style columns when they fit in `max` columns; else one block per row, its first cell
 * on a line of its own and the others as "HEADER value" pairs wrapped below it, so that no line
 * is wider than the terminal.
 */
export function fittedColumns(
  head: readonly string[],
  rows: readonly (readonly string[] | NoteRow)[],
  max: number,
): string[] {
  const t = columns([...head]);
  for (const r of rows) {
    if ("note" in r) t.push([r.first, { colSpan: head.length - 1, content: r.note }]);
    else t.push([...r]);
  }
  const table = trimLines(t.toString()).split("\n");
  if (table.every((l) => visibleWidth(l) <= max)) return table;
  return rows.flatMap((r) => {
    const rest =
      "note" in r
        ? r.note
        : head
            .slice(1)
            // No-break spaces: a label and its value stay on one line.
            .map((h, i) => `${label(h)} ${r[i + 1] ?? "-"}`.replaceAll(" ", "\u00a0"))
            .join(" · ");
    return ["first" in r ? `  ${r.first}` : `  ${r[0]}`, ...wrap(rest, max, "      ")];
  });
}
