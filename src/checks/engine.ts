/** Runs checks over the model. Pure: the same model always gives the same results. */

import { EXIT, type ExitCode } from "../exit-codes.js";
import type { ClusterSetModel, MemberModel } from "../model/types.js";
import { docsUrl } from "../project.js";
import { pairsOf } from "../util/pairs.js";
import { CHECKS, isIncomplete } from "./registry.js";
import type { Check, CheckResult, Finding, Severity, Status } from "./types.js";

function toResult(
  check: Check,
  member: MemberModel,
  finding: Finding,
  peer?: MemberModel,
): CheckResult {
  const peerName = peer?.name ?? finding.peer;
  const severity =
    finding.status === "fail" || finding.status === "warn"
      ? (finding.severity ??
        (finding.status === "warn" && check.severity === "error" ? "warning" : check.severity))
      : undefined;
  // Ordered pair checks say which way the traffic goes: not always member → peer.
  const flow =
    check.scope === "pair" && check.ordered ? (finding.flow ?? check.flow ?? "to-peer") : undefined;
  const direction =
    flow && peer
      ? flow === "to-peer"
        ? { from: member.name, to: peer.name }
        : { from: peer.name, to: member.name }
      : undefined;
  return {
    id: check.id,
    member: member.name,
    ...(peerName ? { peer: peerName } : {}),
    status: finding.status,
    ...(severity ? { severity } : {}),
    ...(finding.resource ? { resource: finding.resource } : {}),
    message: finding.message,
    ...(finding.remediation ? { remediation: finding.remediation } : {}),
    ...(finding.remediationText ? { remediationText: finding.remediationText } : {}),
    ...(finding.manual ? { manual: true as const } : {}),
    docs: docsUrl(check.id),
    ...(direction ? { direction } : {}),
    ...(finding.leg ? { leg: finding.leg } : {}),
  };
}

function unreachable(members: readonly MemberModel[]): Finding | undefined {
  const down = members.filter((m) => !m.reachable);
  if (down.length === 0) return undefined;
  return {
    status: "unknown",
    message: `not evaluated: ${down.map((m) => m.name).join(" and ")} could not be inspected (see kube.access)`,
  };
}

export function runChecks(model: ClusterSetModel, all: readonly Check[] = CHECKS): CheckResult[] {
  const ctx = { model };
  // Without AWS data (--no-aws, or a snapshot without it) the AWS checks are not run at all.
  const checks = model.aws.inspected ? all : all.filter((c) => c.category !== "AWS");
  const results: CheckResult[] = [];
  const { members } = model;
  for (const member of members) {
    for (const check of checks) {
      if (check.scope !== "member") continue;
      const blocked = check.runsWhenUnreachable ? undefined : unreachable([member]);
      const findings = blocked ? [blocked] : check.run(member, ctx);
      for (const f of findings) results.push(toResult(check, member, f));
    }
  }
  for (const [a, b] of pairsOf(members)) {
    for (const check of checks) {
      if (check.scope !== "pair") continue;
      const orders: [MemberModel, MemberModel][] = check.ordered
        ? [
            [a, b],
            [b, a],
          ]
        : [[a, b]];
      for (const [m, p] of orders) {
        const blocked = unreachable([m, p]);
        const findings = blocked ? [blocked] : check.run(m, p, ctx);
        for (const f of findings) {
          results.push(f.owner === "peer" ? toResult(check, p, f, m) : toResult(check, m, f, p));
        }
      }
    }
  }
  return results;
}

/**
 * Results by status, as the JSON's `summary` has always counted them (an info finding is a
 * `warn`), and `info`: how many of the warns are only information.
 */
export type Summary = Record<Status, number> & { info: number };

export function summarize(results: readonly CheckResult[]): Summary {
  const summary: Summary = { pass: 0, fail: 0, warn: 0, unknown: 0, info: 0 };
  for (const r of results) {
    summary[r.status]++;
    if (r.status === "warn" && r.severity === "info") summary.info++;
  }
  return summary;
}

/** The lowest severity that fails the run (--fail-on). */
export type FailOn = Severity;

/** --fail-on X fails the run on findings of severity X or worse. */
const AT_LEAST: Record<FailOn, readonly Severity[]> = {
  error: ["error"],
  warning: ["error", "warning"],
  info: ["error", "warning", "info"],
};

/**
 * The exit code (docs/reference.md "Exit codes"): incomplete when an access check failed, else findings on
 * any finding at `failOn` or worse (default: errors only), else ok.
 */
export function doctorExitCode(
  results: readonly CheckResult[],
  failOn: FailOn = "error",
): ExitCode {
  if (results.some(isIncomplete)) return EXIT.incomplete;
  if (results.some((r) => failsRun(r, failOn))) return EXIT.findings;
  return EXIT.ok;
}

/** The result is a finding at `failOn` or worse: one that makes doctor exit 1 (-o junit's failures). */
export function failsRun(
  r: Pick<CheckResult, "status" | "severity">,
  failOn: FailOn = "error",
): boolean {
  return (
    (r.status === "fail" || r.status === "warn") &&
    r.severity !== undefined &&
    AT_LEAST[failOn].includes(r.severity)
  );
}
