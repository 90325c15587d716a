/**
 * `show`'s Paths: per pair and direction, the hops of TUNNEL_PATH on one line, each with the IDs of
 * what the traffic crosses and the verdict of the check that decides it, taken from the same
 * results doctor reports.
 */
import { type PathHop, pathOf } from "../analysis/tunnel-path.js";
import type { CheckResult, Status } from "../checks/types.js";
import type { ClusterSetModel } from "../model/types.js";
import { pairsOf } from "../util/pairs.js";
import type { Style } from "./style.js";
import { visibleWidth } from "./wrap.js";

export interface PathView {
  readonly from: string;
  readonly to: string;
  /** The hops, each with its status (undefined: no result of its check for it). */
  readonly hops: readonly { readonly at: PathHop; readonly status: Status | undefined }[];
  /** False: AWS was not inspected, only the Gateways are on the line. */
  readonly aws: boolean;
}

const WORST: readonly Status[] = ["fail", "unknown", "warn", "pass"];

/**
 * The status of one hop in one direction, from the check results. A result counts when it is
 * about the hop's member (and pair) and, for ordered checks, about this direction of traffic
 * (`direction`) or, inside a member, this leg between its Nodes and its Gateway (`leg`); an unknown
 * counts whichever way it points, since the input is missing for both.
 * A check that reported on the pair but nothing against this direction passed it: aws.nacl, for
 * one, reports only the blocked way when the other is open.
 */
export function hopStatus(
  results: readonly CheckResult[],
  h: PathHop,
  from: string,
  to: string,
): Status | undefined {
  const { check, side } = h.hop;
  const about = results.filter((r) => {
    if (r.id !== check) return false;
    if (side === "pair")
      return (r.member === from && r.peer === to) || (r.member === to && r.peer === from);
    return r.member === h.member && (r.peer === undefined || r.peer === h.peer);
  });
  if (about.length === 0) return undefined;
  const here = about.filter(
    (r) =>
      r.status === "unknown" ||
      ((!r.direction || (r.direction.from === from && r.direction.to === to)) &&
        (!r.leg || r.leg === h.hop.leg)),
  );
  for (const s of WORST) if (here.some((r) => r.status === s)) return s;
  return "pass";
}

/** Both directions of every pair, in ClusterSet order. */
export function pathViews(model: ClusterSetModel, results: readonly CheckResult[]): PathView[] {
  const out: PathView[] = [];
  for (const [a, b] of pairsOf(model.members)) {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      out.push({
        from: x.name,
        to: y.name,
        aws: model.aws.inspected,
        hops: pathOf(x, y, model.aws).map((at) => ({
          at,
          status: hopStatus(results, at, x.name, y.name),
        })),
      });
    }
  }
  return out;
}

/** "sg-075da331b561a60df" → "sg-075d…"; anything that is not an AWS ID is kept. */
export function shortId(id: string): string {
  const m = /^([a-z]+-)([0-9a-f]{8,})$/.exec(id);
  return m ? `${m[1]}${m[2]?.slice(0, 4)}…` : id;
}

const PREFIX: Partial<Record<PathHop["hop"]["resource"], string>> = {
  gateway: "gw ",
  import: "to ",
};

/** One hop as printed: "sg-075d… out ✓". Never broken across lines. */
export function hopText(h: PathView["hops"][number], style: Style, short: boolean): string {
  const { hop, ids } = h.at;
  const shown = ids.length ? ids.map((id) => (short ? shortId(id) : id)).join(",") : hop.name;
  const mark = h.status ? style.symbol(h.status) : style.symbol("unknown");
  return `${PREFIX[hop.resource] ?? ""}${shown}${hop.way ? ` ${hop.way}` : ""} ${mark}`;
}

const SEP = " › ";
const width = visibleWidth;

/**
 * Words on lines of at most `max` columns: the first after `head`, the others after `indent`
 * spaces; a break only between words, the separator ending the line it leaves.
 */
export function wrapHops(head: string, words: readonly string[], max: number, indent: number) {
  const lines: string[] = [];
  let line = head;
  let empty = true;
  for (const [i, w] of words.entries()) {
    const tail = i < words.length - 1 ? SEP.trimEnd() : "";
    if (!empty && width(line) + width(SEP) + width(w) + width(tail) > max) {
      lines.push(`${line}${SEP.trimEnd()}`);
      line = `${" ".repeat(indent)}${w}`;
    } else {
      line = empty ? `${line}${w}` : `${line}${SEP}${w}`;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** Full IDs while every path fits on this many lines; past that, every ID is shortened. */
const FULL_IDS_UP_TO_LINES = 2;

/**
 * The Paths section: one line per direction (wrapped with a hanging indent), or only the failing
 * ones plus a count when `failingOnly`.
 */
export function renderPaths(
  paths: readonly PathView[],
  style: Style,
  max: number,
  failingOnly = false,
): string[] {
  const { c } = style;
  const shown = failingOnly ? paths.filter((p) => p.hops.some((h) => h.status === "fail")) : paths;
  const arrows = shown.map((p) => `${p.from} → ${p.to}`);
  const labelWidth = Math.max(0, ...arrows.map((a) => a.length));
  // A label wider than half the line would leave too little room: hang the rest at 6 instead.
  const indent = 2 + labelWidth + 2 <= max / 2 ? 2 + labelWidth + 2 : 6;
  const render = (short: boolean) =>
    shown.map((p, i) => {
      const head = `  ${c.bold((arrows[i] ?? "").padEnd(labelWidth))}  `;
      const words = p.hops.map((h) => hopText(h, style, short));
      // Without AWS only the Kubernetes hops are known; the line says why once, before the
      // receiving Gateway, where the AWS hops would be.
      if (!p.aws) words.splice(words.length - 1, 0, c.dim("AWS not inspected"));
      return wrapHops(head, words, max, indent);
    });
  const full = render(false);
  const lines = full.every((l) => l.length <= FULL_IDS_UP_TO_LINES) ? full : render(true);
  const out = [c.bold("Paths"), ...lines.flat()];
  if (failingOnly) {
    const hidden = paths.length - shown.length;
    out.push(
      c.dim(
        `  ${shown.length} of ${paths.length} paths have a failing hop; ${hidden} without one not listed (show --context A,B lists a pair)`,
      ),
    );
  }
  return out;
}
