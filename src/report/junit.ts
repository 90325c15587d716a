/**
 * doctor -o junit: the doctor document as a JUnit XML report (the Jenkins/Ant dialect, which
 * GitLab, GitHub Actions' report actions and Jenkins read), one test case per entry of `checks[]`.
 * A test case fails exactly where --fail-on fails the run; a finding below that threshold passes
 * and keeps its text in <system-out>; an unknown result is skipped, with the reason.
 */
import { type FailOn, failsRun } from "../checks/engine.js";
import { isIncomplete } from "../checks/registry.js";
import type { CheckResult, ResultId } from "../checks/types.js";
import { arrowText } from "./direction.js";
import { type DoctorDocument, renderNoMembers } from "./doctor.js";
import { makeStyle } from "./style.js";

const SUITE = "kubectl antrea-mc doctor";

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escapes are what is removed
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[@-Z\\-_]/g;
/** Not a character of XML 1.0 (its Char production); lone surrogates included. */
const ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Text as XML 1.0 can hold it: colour codes dropped, any other character XML cannot carry (ESC,
 * NUL, a lone surrogate) replaced by U+FFFD, so that the report always parses.
 */
export function xmlSafe(text: string): string {
  return text.replace(ANSI, "").replace(ILLEGAL, "\uFFFD");
}

function escapeText(text: string): string {
  return xmlSafe(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r/g, "&#13;");
}

/** Attribute values (in double quotes): " escaped, line breaks and tabs as references (else read as spaces). */
function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\t/g, "&#9;");
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`)
    .join("");
}

/**
 * "west", "west ConfigMap kube-system/antrea-config", "west→east rtb-0abc": a directional check's
 * name follows the traffic (an inbound rule of east that drops west's tunnel is "west→east", as
 * the table says), others are member→peer.
 */
function baseName(r: CheckResult<ResultId>): string {
  const way = r.direction ? `${r.direction.from}→${r.direction.to}` : `${r.member}→${r.peer}`;
  const who = r.peer ? way : r.member;
  return xmlSafe(r.resource ? `${who} ${r.resource}` : who);
}

/**
 * Test case names, unique within each check (classname): CI systems key a test's history on
 * classname and name, and merge or drop cases that share both. A repeated name gets " (2)",
 * " (3)", … in checks[] order, which is the same from one run to the next.
 */
export function testCaseNames(checks: readonly CheckResult<ResultId>[]): string[] {
  const taken = new Map<string, Set<string>>();
  return checks.map((r) => {
    const names = taken.get(r.id) ?? new Set<string>();
    taken.set(r.id, names);
    const base = baseName(r);
    let name = base;
    for (let n = 2; names.has(name); n++) name = `${base} (${n})`;
    names.add(name);
    return name;
  });
}

/** The finding as the table prints it: message, the traffic's way, the fix as printed, docs. */
function findingText(r: CheckResult<ResultId>, first: string): string {
  return [
    first,
    ...(r.direction ? [`traffic: ${arrowText(r)}`] : []),
    ...(r.remediation ? [r.manual ? "manual:" : "fix:", r.remediation] : []),
    `docs: ${r.docs}`,
  ].join("\n");
}

/** Fails the run with --fail-on: a failed access check makes it incomplete (exit 3) at any level. */
function fails(r: CheckResult<ResultId>, failOn: FailOn): boolean {
  return isIncomplete(r) || failsRun(r, failOn);
}

function testCase(r: CheckResult<ResultId>, name: string, failOn: FailOn): string {
  const open = `    <testcase${attrs({ classname: r.id, name })}`;
  if (r.status === "unknown")
    return `${open}>\n      <skipped${attrs({ message: r.message })}/>\n    </testcase>`;
  if (fails(r, failOn)) {
    const failure = attrs({ type: r.severity ?? "error", message: r.message });
    return `${open}>\n      <failure${failure}>${escapeText(findingText(r, r.message))}</failure>\n    </testcase>`;
  }
  if (r.status === "fail" || r.status === "warn") {
    const head = `${r.severity ?? r.status}, below --fail-on ${failOn}: ${r.message}`;
    return `${open}>\n      <system-out>${escapeText(findingText(r, head))}</system-out>\n    </testcase>`;
  }
  return `${open}/>`;
}

function document(
  suite: { tests: number; failures: number; errors: number; skipped: number },
  body: string[],
  name = SUITE,
): string {
  const { tests, failures, errors, skipped } = suite;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name, tests, failures, errors })}>`,
    `  <testsuite${attrs({ name, tests, failures, errors, skipped })}>`,
    ...body,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}

/** What the report reads of the doctor document. */
export type JunitInput = Pick<DoctorDocument, "skippedContexts" | "aws"> & {
  readonly checks: readonly CheckResult<ResultId>[];
  readonly members: readonly { readonly name: string }[];
  /** More lines for the suite's <system-out> (verify: what it could not remove). */
  readonly notes?: readonly string[];
};

/** The doctor (or verify) document as JUnit XML; `failOn` as given to --fail-on. */
export function renderJunit(doc: JunitInput, failOn: FailOn = "error", suite = SUITE): string {
  const names = testCaseNames(doc.checks);
  const cases = doc.checks.map((r, i) => testCase(r, names[i] ?? r.member, failOn));
  const notes = [
    ...doc.skippedContexts.map((s) => `context not used as a member: ${s.context}: ${s.reason}`),
    ...(doc.aws.inspected
      ? []
      : [`AWS checks not run: ${doc.aws.skipped ?? "AWS was not inspected"}`]),
    ...(doc.notes ?? []),
  ];
  const properties = [
    "    <properties>",
    `      <property${attrs({ name: "fail-on", value: failOn })}/>`,
    `      <property${attrs({ name: "members", value: doc.members.map((m) => m.name).join(",") })}/>`,
    "    </properties>",
  ];
  return document(
    {
      tests: doc.checks.length,
      failures: doc.checks.filter((r) => fails(r, failOn)).length,
      errors: 0,
      skipped: doc.checks.filter((r) => r.status === "unknown").length,
    },
    [
      ...properties,
      ...cases,
      ...(notes.length ? [`    <system-out>${escapeText(notes.join("\n"))}</system-out>`] : []),
    ],
    suite,
  );
}

/**
 * No member found (exit 3): one test case in error, which says so and what to do. A report with
 * no test case is shown as an empty report (GitLab), "no test results" (Jenkins' junit step) or
 * nothing at all (GitHub's report actions), none of which says why the job failed; an error (not a
 * failure: JUnit's word for a test that could not run) puts the reason where people look.
 */
export function renderJunitNoMembers(doc: DoctorDocument, command = "doctor"): string {
  // Not wrapped: a CI system shows the text at its own width.
  const text = renderNoMembers(doc, makeStyle(0), Number.POSITIVE_INFINITY).trimEnd();
  const headline = text.split("\n")[0] ?? "No member found";
  const error = attrs({ type: "incomplete", message: headline });
  return document(
    { tests: 1, failures: 0, errors: 1, skipped: 0 },
    [
      `    <testcase${attrs({ classname: command, name: "no member found" })}>`,
      `      <error${error}>${escapeText(text)}</error>`,
      "    </testcase>",
    ],
    `kubectl antrea-mc ${command}`,
  );
}
