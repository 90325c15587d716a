/**
 * setup's plan, a pure function of the model and the doctor's findings: for every pair of members,
 * the peering, routes and security group rules that make aws.peering, aws.route, aws.sg-ingress
 * and aws.sg-egress pass; and everything else the doctor found, which setup leaves to the user.
 */
import { pairEndpoints, peeringNeed } from "../checks/aws/path.js";
import { agreedWire, isWire } from "../checks/aws/tunnel-flow.js";
import type { CheckResult } from "../checks/types.js";
import type { ClusterSetModel, MemberModel } from "../model/types.js";
import { PlanBuilder } from "./builder.js";
import { type PeeringUse, planPeering } from "./peering-steps.js";
import { checkQuotas } from "./quotas.js";
import { planRoutes } from "./route-steps.js";
import { planRules } from "./rule-steps.js";
import type { Plan } from "./types.js";

/** What setup changes; every other finding is reported, not fixed. */
export const FIXABLE = new Set(["aws.peering", "aws.route", "aws.sg-ingress", "aws.sg-egress"]);

export interface SetupOptions {
  /** Names the tags and rule descriptions (the ClusterSet's name). */
  readonly clusterSet: string;
  /** --security-group: the group to open per member name, instead of the one doctor picks. */
  readonly securityGroups?: ReadonlyMap<string, string>;
}

export function planSetup(
  model: ClusterSetModel,
  results: readonly CheckResult[],
  opts: SetupOptions,
): Plan {
  const b = new PlanBuilder();
  const { clusterSet } = opts;
  const overlapping = new Set(
    results
      .filter((r) => r.id === "aws.vpc-overlap" && r.status !== "pass" && r.peer)
      .map((r) => [r.member, r.peer].sort().join("|")),
  );
  const members = model.members;
  for (const [i, a] of members.entries()) {
    for (const z of members.slice(i + 1)) {
      const pair = pairEndpoints(a, z);
      if (!pair.ok) continue; // its findings say why (unknown)
      const A = { member: a, aws: pair.mine.aws, ends: pair.mine.endpoints };
      const Z = { member: z, aws: pair.theirs.aws, ends: pair.theirs.endpoints };
      let peering: PeeringUse | undefined;
      const need = peeringNeed(A.ends, Z.ends);
      if (!("none" in need) && !overlapping.has([a.name, z.name].sort().join("|"))) {
        peering = planPeering(
          b,
          model,
          clusterSet,
          { member: a, aws: A.aws, vpcId: need.a.placed.eni.vpcId },
          { member: z, aws: Z.aws, vpcId: need.b.placed.eni.vpcId },
        );
      }
      for (const [x, y] of [
        [A, Z],
        [Z, A],
      ] as const) {
        if (peering) {
          planRoutes(b, model, clusterSet, {
            member: x.member,
            aws: x.aws,
            mine: x.ends,
            peer: y.member,
            theirs: y.ends,
            peering,
          });
        }
        const wire = agreedWire(x.member, y.member);
        if (!isWire(wire)) continue;
        const group = opts.securityGroups?.get(x.member.name);
        planRules(b, model, clusterSet, {
          member: x.member,
          aws: x.aws,
          mine: x.ends,
          peer: y.member,
          peerAws: y.aws,
          theirs: y.ends,
          wire,
          ...(group ? { group } : {}),
        });
      }
    }
  }
  checkQuotas(b, model);
  for (const r of results) {
    if (r.status === "pass") continue;
    if (FIXABLE.has(r.id) && r.status !== "unknown") continue; // the steps above, or b.cannot
    b.cannot({
      member: r.member,
      ...(r.peer ? { peer: r.peer } : {}),
      check: r.id,
      ...(r.resource ? { resource: r.resource } : {}),
      message: r.status === "unknown" ? `not known: ${r.message}` : r.message,
      ...(r.remediation ? { remediation: r.remediation } : {}),
      blocking: r.status === "fail" && r.severity === "error",
    });
  }
  return { clusterSet, steps: b.steps, unfixable: b.unfixable };
}

/** The ClusterSet's name, as the members' ClusterSet resources have it. */
export function clusterSetName(members: readonly MemberModel[]): string | undefined {
  const names = new Set(
    members.flatMap((m) => (m.clusterSets.known ? m.clusterSets.value.map((c) => c.name) : [])),
  );
  return names.size === 1 ? [...names][0] : undefined;
}
