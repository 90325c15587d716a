import { type QuotaUse, quotaUses } from "../analysis/aws/quotas.js";
import { QUOTAS } from "../aws/quotas.js";
import { awsFlags, runAs } from "../fixes/aws.js";
import { unknownOf } from "./aws/findings.js";
import type { Finding, MemberCheck } from "./types.js";

const UNITS: Record<QuotaUse["key"], string> = {
  peeringsPerVpc: "active peerings",
  routesPerTable: "routes",
  rulesPerGroup: "rules",
  attachmentsPerGateway: "attachments",
};

/** "(applied)" or "(the default: Service Quotas was not read)". */
const source = (u: QuotaUse) => (u.quota.applied ? "applied" : `the default: ${u.quota.note}`);

export const awsQuota: MemberCheck<"aws.quota"> = {
  id: "aws.quota",
  title: "AWS quotas",
  category: "AWS",
  severity: "error",
  scope: "member",
  docs: {
    summary:
      "what the ClusterSet needs (active peerings per VPC, routes per route table, rules per security group, attachments per transit gateway) exceeds the applied quota (read from Service Quotas; the documented default, said so, when it cannot be read)",
    why: "A full mesh of peerings needs, per VPC, one active peering per other member (default quota 50, at most 125) and, per Gateway route table, a route per peer; the tunnel rules need a security group rule per peer Gateway IP (default 60 per direction). Past a quota the next peering, route or rule is refused, so the members that joined last cannot reach the others. Quotas are per account and Region and can be raised, except past their maximum: beyond 125 peers only a transit gateway joins the VPCs.",
    fix: "Request the increase the finding names (`aws service-quotas request-service-quota-increase`, in the account and Region of the resource), or join the VPCs through a transit gateway instead of peerings.",
  },
  run(member, ctx) {
    const uses = quotaUses(member, ctx.model);
    if (!Array.isArray(uses)) return [unknownOf(uses)];
    const over = uses.filter((u) => u.used + u.needed > u.quota.value);
    if (over.length === 0) {
      const tightest = [...uses].sort(
        (a, b) => (b.used + b.needed) / b.quota.value - (a.used + a.needed) / a.quota.value,
      );
      const say = tightest
        .slice(0, 3)
        .map((u) => `${u.resource} ${u.used + u.needed} of ${u.quota.value} ${UNITS[u.key]}`);
      const defaults = [...new Set(uses.filter((u) => !u.quota.applied).map((u) => u.quota.note))];
      return [
        {
          status: "pass",
          message: `within the quotas: ${say.join(", ")}${defaults.length ? ` (documented defaults where ${defaults.join("; ")})` : " (applied values)"}`,
        },
      ];
    }
    return over.map((u): Finding => {
      const spec = QUOTAS[u.key];
      const want = u.used + u.needed;
      const needs = u.needed ? ` and the ClusterSet needs ${u.needed} more` : "";
      const message = `${u.resource}: ${u.used} ${UNITS[u.key]} in use${needs}, over the quota of ${u.quota.value} (${spec.name}, ${spec.code}; ${source(u)})`;
      if (spec.max !== undefined && want > spec.max)
        return {
          status: "fail",
          resource: u.resource,
          message: `${message}; AWS grants at most ${spec.max}${u.key === "peeringsPerVpc" ? ": join the VPCs through a transit gateway instead of peerings" : ""}`,
          manual: true,
        };
      return {
        status: "fail",
        resource: u.resource,
        message,
        remediation: `${runAs(member.name, u.aws)}aws service-quotas request-service-quota-increase --service-code ${spec.service} --quota-code ${spec.code} --desired-value ${want} ${awsFlags(u.aws)}`,
      };
    });
  },
};
