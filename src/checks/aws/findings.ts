/** What the AWS checks share: turning an analysis into findings. */
import type { Impact, Missing } from "../../analysis/aws/endpoints.js";
import type { SecurityGroupGap, SecurityGroupGaps } from "../../analysis/aws/security-groups.js";
import type { Finding, Severity } from "../types.js";

/** A missing input is `unknown`, with the reason. */
export const unknownOf = (m: Missing): Finding => ({ status: "unknown", message: m.reason });

/** Today's traffic is an error; a path only a Gateway candidate would use, a warning. */
export function severityOf(impact: Impact): Severity {
  return impact === "active" ? "error" : "warning";
}

export function statusOf(severity: Severity): "fail" | "warn" {
  return severity === "error" ? "fail" : "warn";
}

/** The status and severity of a gap with this impact. */
export function failing(impact: Impact): { status: "fail" | "warn"; severity: Severity } {
  const severity = severityOf(impact);
  return { status: statusOf(severity), severity };
}

/** A security group check's findings: one per gap, `unknown` for unread groups, else the pass. */
export function gapFindings(
  { gaps, unread }: SecurityGroupGaps,
  pass: () => Finding,
  finding: (g: SecurityGroupGap) => Finding,
): Finding[] {
  const notRead: Finding[] = unread.size
    ? [
        {
          status: "unknown",
          message: `security groups ${[...unread].join(", ")} were not in the DescribeSecurityGroups answer, so their rules are not known`,
        },
      ]
    : [];
  if (gaps.length === 0) return notRead.length ? notRead : [pass()];
  return [...gaps.map(finding), ...notRead];
}
