/**
 * The report's last block: what to do now, in order — setup for what it fixes (its plan first),
 * the findings a person fixes and the manual steps, then how to look again and at more.
 */
import { plural } from "../checks/helpers.js";
import type { CheckResult } from "../checks/types.js";
import { EXIT } from "../exit-codes.js";
import { CHECKS_DOC_URL } from "../project.js";
import { flowOf, ORDERED } from "./direction.js";
import type { Style } from "./style.js";
import { blockOf, isFinding } from "./verdict.js";
import { visibleWidth, wrap } from "./wrap.js";

const CLI = "kubectl antrea-mc";

/**
 * "west: antrea.mc-namespace, mc.gateway-candidates", one line (wrapped) per member or pair, in
 * report order; a pair's ordered checks say which way the traffic goes.
 */
function bySubject(
  rows: readonly CheckResult[],
  order: readonly string[],
  width: number,
  indent: string,
): string[] {
  const groups = new Map<string, Map<string, Set<string>>>();
  for (const r of rows) {
    const key = blockOf(r, order);
    const ids = groups.get(key) ?? new Map<string, Set<string>>();
    const ways = ids.get(r.id) ?? new Set<string>();
    if (r.peer && ORDERED.has(r.id)) {
      const { from, to } = flowOf(r);
      ways.add(`${from} → ${to}`);
    }
    ids.set(r.id, ways);
    groups.set(key, ids);
  }
  return [...groups].flatMap(([key, ids]) => {
    const items = [...ids].map(([id, ways]) =>
      ways.size === 0
        ? id
        : ways.size === 2
          ? `${id} (both ways)`
          : `${id} (${[...ways].join(", ")})`,
    );
    return wrap(`${key}: ${items.join(", ")}`, width, indent, `${indent}  `);
  });
}

export function renderNextSteps(
  doc: {
    checks: readonly CheckResult[];
    members: readonly { name: string }[];
    aws: { inspected: boolean };
  },
  exitCode: number,
  o: {
    width: number;
    bySetup: ReadonlySet<CheckResult>;
    target: string;
    all: boolean;
    snapshot: boolean;
  },
  style: Style,
): string[] {
  const { c } = style;
  const w = o.width;
  const steps: string[][] = [];
  const command = (text: string) => `     ${text}`;
  const order = doc.members.map((m) => m.name);
  const blind = doc.checks.filter((r) => r.status !== "pass" && r.id.endsWith(".access"));
  if (exitCode === EXIT.incomplete && blind.length > 0) {
    steps.push([
      "Make every member and its AWS side readable (the verdict is incomplete until then):",
      ...bySubject(blind, order, w - 2, "   "),
    ]);
  }
  const findings = doc.checks.filter(isFinding);
  const setup = findings.filter((r) => o.bySetup.has(r));
  const byHand = findings.filter((r) => !o.bySetup.has(r) && !r.manual && !blind.includes(r));
  if (byHand.length > 0)
    steps.push([
      `Fix ${plural(byHand.length, "finding")} by hand, with the fix: lines above:`,
      ...bySubject(byHand, order, w - 2, "   "),
    ]);
  if (setup.length > 0) {
    const ids = [...new Set(setup.map((r) => r.id))].join(", ");
    // setup stops while an error it does not fix remains (a manual step may take weeks).
    const blocked = findings.some(
      (r) => !o.bySetup.has(r) && r.status === "fail" && r.severity === "error",
    );
    steps.push([
      `Let setup make the AWS changes for ${plural(setup.length, "finding")} (${ids}); read its plan first${blocked ? " (while errors it does not fix remain, it applies only with --skip-unfixable)" : ""}:`,
      command(`${CLI} setup --dry-run${o.target}`),
    ]);
  }
  const manual = findings.filter((r) => r.manual);
  if (manual.length > 0)
    steps.push([
      `Plan ${plural(manual.length, "manual step")} (they re-create or disrupt something; see manual: above):`,
      ...bySubject(manual, order, w - 2, "   "),
    ]);
  const wait = setup.length > 0 ? " (add --wait after setup)" : "";
  if (steps.length > 0)
    steps.push(
      o.snapshot
        ? [`Then run doctor on the live clusters${wait}: a snapshot does not change.`]
        : [`Then check again${wait}:`, command(`${CLI} doctor${o.target}`)],
    );
  const out = ["", c.bold("Next steps")];
  if (steps.length === 0 && doc.checks.every((r) => r.status === "pass"))
    out.push(...wrap("Nothing to fix.", w, "  "));
  steps.forEach(([first, ...rest], i) => {
    out.push(...wrap(first ?? "", w, `  ${i + 1}. `, "     "), ...rest.map((l) => `  ${l}`));
  });
  const more = [
    o.all ? "" : "--all lists every check",
    "-o json has every finding with its fix",
    // One pair of many: with two members (or --pair) the report already is that.
    doc.members.length > 2 ? "--pair A,B shows one pair with every fix" : "",
  ].filter(Boolean);
  out.push(...wrap(`${more.join("; ")}.`, w, "  ", "  ").map((l) => c.dim(l)));
  // The URL stays whole: on the same line when it fits, else on its own.
  const docs = `  What each check means: ${CHECKS_DOC_URL}`;
  if (visibleWidth(docs) <= w) out.push(c.dim(docs));
  else out.push(c.dim("  What each check means:"), c.dim(`  ${CHECKS_DOC_URL}`));
  return out;
}
