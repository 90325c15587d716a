/**
 * The verify report: the verdict, then every direction between the Gateways with the probe's result
 * and doctor's beside it (a matrix for large ClusterSets), then each finding with its fix, then
 * what a capture cannot prove. `-o json`/`yaml` print the document; `-o junit` one test case each.
 */
import type { Summary } from "../checks/engine.js";
import type { CheckResult, ResultId, Status } from "../checks/types.js";
import { EXIT } from "../exit-codes.js";
import type { SkippedContext } from "../kube/types.js";
import type { DoctorOpinion, VerifyResult } from "../verify/tunnel-verdict.js";
import { fixBlock } from "./fix-block.js";
import type { MemberView } from "./members.js";
import { LISTED_PER_CHECK, legend, MATRIX_FROM, matrixGrid } from "./pair-matrix.js";
import type { Style } from "./style.js";
import { counts } from "./verdict.js";
import { visibleWidth, wrap } from "./wrap.js";

/** What a capture proves and does not: in the table, the JSON and the docs. */
export const CAPTURE_LIMIT =
  "A capture sees packets before the receiving Node's own firewall: seen means AWS and the sending Node carry the tunnel, not that Antrea receives it.";

export interface VerifyDocument {
  members: MemberView[];
  /** verify.* results, and kube.access when a member refused the probes (nothing was made). */
  checks: (VerifyResult | CheckResult<ResultId>)[];
  summary: Summary;
  skippedContexts: SkippedContext[];
  aws: { inspected: boolean; skipped?: string };
  /** Extension: the run's probes. */
  probes: {
    run: string;
    image: string;
    /** Where they ran: verify's own namespace per member, or the one --namespace named. */
    namespace: string;
    /** Still there after the run (--keep, or a removal that did not finish), with the command. */
    leftovers: { member: string; what: string; command: string }[];
    limit: string;
  };
}

const VERDICT: Record<number, string> = {
  [EXIT.ok]: "the tunnel crosses between every pair of Gateways",
  [EXIT.findings]: "the tunnel does not cross everywhere",
  [EXIT.incomplete]: "verify could not probe everything: the verdict is incomplete",
};

export function renderVerifyTable(
  doc: VerifyDocument,
  style: Style,
  exitCode: number,
  width: number,
): string {
  const { c } = style;
  const out: string[] = [];
  const head =
    exitCode === EXIT.ok
      ? style.symbol("pass")
      : exitCode === EXIT.findings
        ? style.symbol("fail")
        : style.symbol("unknown");
  out.push(`${head} ${c.bold(`verify: ${VERDICT[exitCode] ?? ""}`)} (exit ${exitCode})`);
  out.push(`  ${counts(doc.summary, style)}`);
  const tunnel = doc.checks.filter((r): r is VerifyResult => r.id === "verify.tunnel");
  const blocked = doc.checks.filter((r) => r.id !== "verify.tunnel");
  for (const r of blocked) {
    out.push(
      "",
      ...wrap(`${style.symbolOf(r)} ${r.id}  ${r.member}: ${r.message}`, width, "", "    "),
    );
    out.push(...fixBlock(r, width, style));
  }
  const names = doc.members.map((m) => m.name);
  if (tunnel.length) {
    out.push(
      "",
      c.bold("Tunnel between the Gateways (sender → receiver), doctor's verdict beside it"),
    );
    out.push(
      ...(names.length >= MATRIX_FROM
        ? matrix(names, tunnel, style, width)
        : list(tunnel, style, width)),
    );
    const found = tunnel.filter((r) => r.status !== "pass");
    for (const r of found.slice(0, LISTED_PER_CHECK)) {
      out.push("");
      out.push(
        ...wrap(
          `${style.symbolOf(r)} ${c.bold(r.id)}  ${r.member} → ${r.peer}${r.resource ? ` (${r.resource})` : ""}: ${r.message}`,
          width,
          "",
          "    ",
        ),
      );
      out.push(...fixBlock(r, width, style));
    }
    if (found.length > LISTED_PER_CHECK)
      out.push(
        "",
        c.dim(
          `… and ${found.length - LISTED_PER_CHECK} more (-o json lists them all; --pair A,B shows one pair)`,
        ),
      );
    out.push("", ...wrap(doc.probes.limit, width, "").map((l) => c.dim(l)));
  }
  for (const l of doc.probes.leftovers) {
    out.push("", ...wrap(`left in ${l.member}: ${l.what}; remove it with:`, width, "", "  "));
    out.push(`  ${l.command}`);
  }
  return `${out.join("\n")}\n`;
}

function doctorText(d: DoctorOpinion | undefined, style: Style): string {
  if (!d) return "";
  return `doctor ${style.symbol(d.status)}${d.ids.length ? ` ${d.ids.join(", ")}` : ""}`;
}

function probeText(r: VerifyResult): string {
  if (r.status === "pass") {
    const count = /(\d+ of \d+)/.exec(r.message)?.[1];
    return count ? `seen ${count}` : "seen";
  }
  if (r.status === "unknown") return "not probed";
  return "not seen";
}

function list(results: readonly VerifyResult[], style: Style, width: number): string[] {
  const label = (r: VerifyResult) =>
    `${r.member} → ${r.peer}${r.resource ? ` (${r.resource})` : ""}`;
  const w = Math.max(...results.map((r) => label(r).length));
  const p = Math.max(...results.map((r) => probeText(r).length));
  const says = legend(
    "doctor on the same direction: ✓ passes · ✗ names a cause · ? cannot judge (AWS not read)",
    style,
    width,
  );
  return [
    ...says,
    ...results.flatMap((r) => {
      const row = `  ${label(r).padEnd(w)}  ${style.symbolOf(r)} ${probeText(r).padEnd(p)}  ${doctorText(r.doctor, style)}`;
      // Aligned when it fits; else wrapped, as a person still reads it.
      return visibleWidth(row) <= width ? [row.trimEnd()] : wrap(row, width, "", "      ");
    }),
  ];
}

const WORST: readonly Status[] = ["fail", "unknown", "warn", "pass"];

/**
 * One symbol per cell, the traffic row → column, as doctor's matrix: the probe's result, with a
 * not-seen direction doctor passes marked apart (‼): the drop is where doctor cannot see.
 */
function matrix(
  names: readonly string[],
  results: readonly VerifyResult[],
  style: Style,
  width: number,
): string[] {
  const { c } = style;
  const cell = new Map<string, string>();
  const rank = new Map<string, number>();
  for (const r of results) {
    const key = `${r.member}\0${r.peer}`;
    const worse = WORST.indexOf(r.status);
    if ((rank.get(key) ?? 99) <= worse) continue;
    rank.set(key, worse);
    const beyond = r.status === "fail" && r.doctor?.status === "pass";
    cell.set(key, beyond ? c.yellow("‼") : style.symbol(r.status));
  }
  return [
    ...legend(
      "row → column: ✓ seen · ✗ not seen, doctor names the cause · ‼ not seen though doctor passes (dropped where doctor cannot see) · ? not probed",
      style,
      width,
    ),
    ...matrixGrid(names, (a, b) => cell.get(`${a}\0${b}`) ?? " ", style),
  ];
}
