/**
 * A finding's fix as both reports print it (doctor's findings, setup's "not changed" list):
 * labelled `fix:` or `manual:`, commands whole on their own lines as they paste, comments wrapped
 * like prose, and the docs link where it fits.
 */
import type { Style } from "./style.js";
import { visibleWidth, wrapComment } from "./wrap.js";

export interface Fixable {
  readonly remediation?: string;
  readonly remediationText?: string;
  readonly manual?: true;
  readonly docs?: string;
}

/** The fix block's labels, padded to one column. */
const LABEL = 8;
export const FIX_INDENT = 6;

export function fixBlock(r: Fixable, width: number, style: Style): string[] {
  const { c } = style;
  const text = r.remediationText ?? r.remediation;
  const pad = " ".repeat(FIX_INDENT);
  const body = " ".repeat(FIX_INDENT + LABEL);
  const out: string[] = [];
  if (text) {
    const label = (r.manual ? "manual:" : "fix:").padEnd(LABEL);
    text.split("\n").forEach((line, i) => {
      const lines = line.startsWith("#") ? wrapComment(line, width, body) : [`${body}${line}`];
      if (i === 0) lines[0] = `${pad}${c.cyan(label)}${(lines[0] ?? "").slice(body.length)}`;
      out.push(...lines);
    });
  }
  // A URL cannot be wrapped; where it does not fit, doctor's "Next steps" names the page once.
  const docs = r.docs ? `${pad}${"docs:".padEnd(LABEL)}${r.docs}` : "";
  if (docs && visibleWidth(docs) <= width) out.push(c.dim(docs));
  return out;
}
