/**
 * The verify report: the verdict, then every direction between the Gateways with the probe's result
 * and doctor's beside it (a matrix for large ClusterSets), then each finding with its fix, then
 * what a capture cannot prove. `-o json`/`yaml` print the document; `-o junit` one test case each.
 */

import { VERIFY_IDS, type VerifyId } from "../check-ids.js";
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

/** What the Pod-path probes prove and do not: in the table, the JSON and the docs. */
export const PATH_LIMIT =
  "The Pod-path probes cross the Gateways from one probe Pod per member to one per peer: an answer proves that path (the import, both tunnels, OVS and Antrea on the way), not every Node's, and not what NetworkPolicies allow other Pods.";

const VERDICT: Record<number, string> = {
  [EXIT.ok]: "the tunnel crosses between every pair of Gateways",
  [EXIT.findings]: "the tunnel does not cross everywhere",
  [EXIT.incomplete]: "verify could not probe everything: the verdict is incomplete",
};

const VERDICT_PATHS: Record<number, string> = {
  [EXIT.ok]: "every probe crosses between every pair of members",
  [EXIT.findings]: "traffic does not cross everywhere",
  [EXIT.incomplete]: VERDICT[EXIT.incomplete] as string,
};

/** Each probe's section: its heading, and its result in a few words. */
const SECTIONS: Record<VerifyId, { title: string; words: (r: VerifyResult) => string }> = {
  "verify.tunnel": {
    title: "Tunnel between the Gateways (sender → receiver), doctor's verdict beside it",
    words: (r) => {
      if (r.status === "pass") {
        const count = /(\d+ of \d+)/.exec(r.message)?.[1];
        return count ? `seen ${count}` : "seen";
      }
      return r.status === "unknown" ? "not probed" : "not seen";
    },
  },
  "verify.service": {
    title: "Exported Service, called by the member's Pod (member → peer's Service)",
    words: (r) =>
      r.status === "pass"
        ? "answered"
        : r.status === "unknown"
          ? "not probed"
          : /did not export|did not answer the ServiceExport/.test(r.message)
            ? "not exported"
            : /had not imported/.test(r.message)
              ? "not imported"
              : "no answer",
  },
  "verify.pod-to-pod": {
    title: "Pod to Pod by Pod IP (member → peer's Pod)",
    words: (r) =>
      r.status === "pass" ? "answered" : r.status === "unknown" ? "not probed" : "no answer",
  },
  "verify.mtu": {
    title: "Largest packet, Don't Fragment (member → peer, echoed back)",
    words: (r) =>
      r.status === "pass" ? "fits" : r.status === "unknown" ? "not probed" : "too big",
  },
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
  const onlyTunnel = doc.checks.every(
    (r) => r.id !== "verify.service" && r.id !== "verify.pod-to-pod" && r.id !== "verify.mtu",
  );
  const verdict = (onlyTunnel ? VERDICT : VERDICT_PATHS)[exitCode] ?? "";
  out.push(`${head} ${c.bold(`verify: ${verdict}`)} (exit ${exitCode})`);
  out.push(`  ${counts(doc.summary, style)}`);
  const probes = new Set<string>(VERIFY_IDS);
  const blocked = doc.checks.filter((r) => !probes.has(r.id));
  for (const r of blocked) {
    out.push(
      "",
      ...wrap(`${style.symbolOf(r)} ${r.id}  ${r.member}: ${r.message}`, width, "", "    "),
    );
    out.push(...fixBlock(r, width, style));
  }
  const names = doc.members.map((m) => m.name);
  for (const id of VERIFY_IDS) {
    const results = doc.checks.filter((r): r is VerifyResult => r.id === id);
    if (results.length) out.push(...section(id, results, names, style, width));
  }
  if (doc.checks.some((r) => r.id === "verify.tunnel"))
    out.push("", ...wrap(doc.probes.limit, width, "").map((l) => c.dim(l)));
  if (doc.checks.some((r) => r.id !== "verify.tunnel" && probes.has(r.id)))
    out.push("", ...wrap(PATH_LIMIT, width, "").map((l) => c.dim(l)));
  for (const l of doc.probes.leftovers) {
    out.push("", ...wrap(`left in ${l.member}: ${l.what}; remove it with:`, width, "", "  "));
    out.push(`  ${l.command}`);
  }
  return `${out.join("\n")}\n`;
}

/** One probe's heading, its pairs (a list, or a matrix for large ClusterSets), then its findings. */
function section(
  id: VerifyId,
  results: readonly VerifyResult[],
  names: readonly string[],
  style: Style,
  width: number,
): string[] {
  const { c } = style;
  const words = SECTIONS[id].words;
  const out = [
    "",
    c.bold(SECTIONS[id].title),
    ...(names.length >= MATRIX_FROM
      ? matrix(names, results, style, width, id)
      : list(results, style, width, words)),
  ];
  const found = results.filter((r) => r.status !== "pass");
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
  return out;
}

function doctorText(d: DoctorOpinion | undefined, style: Style): string {
  if (!d) return "";
  return `doctor ${style.symbol(d.status)}${d.ids.length ? ` ${d.ids.join(", ")}` : ""}`;
}

function list(
  results: readonly VerifyResult[],
  style: Style,
  width: number,
  probeText: (r: VerifyResult) => string,
): string[] {
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
  id: VerifyId,
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
      id === "verify.tunnel"
        ? "row → column: ✓ seen · ✗ not seen, doctor names the cause · ‼ not seen though doctor passes (dropped where doctor cannot see) · ? not probed"
        : "row → column: ✓ crosses · ✗ does not, doctor names the cause · ‼ does not though doctor passes · ? not probed",
      style,
      width,
    ),
    ...matrixGrid(names, (a, b) => cell.get(`${a}\0${b}`) ?? " ", style),
  ];
}
