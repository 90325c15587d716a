/**
 * setup's and teardown's planners as the tests call them: the one place that knows their
 * signatures, so that the tables that use them do not change with them.
 */
import { leftToUser } from "../../src/app/setup.js";
import { runChecks } from "../../src/checks/engine.js";
import type { ClusterSetModel } from "../../src/model/types.js";
import { planSetup } from "../../src/plan/setup.js";
import { type OwnedRule, planTeardown } from "../../src/plan/teardown.js";
import type { Plan, Step, Unfixable } from "../../src/plan/types.js";

export interface PlanOptions {
  /** The ClusterSet's name (default antrea-mc, as the fixtures' ClusterSet). */
  readonly clusterSet?: string;
  /** --security-group per member name. */
  readonly securityGroups?: Readonly<Record<string, string>>;
  /** --via per member name (gateways the model has read). */
  readonly via?: Readonly<Record<string, string>>;
}

/** setup's plan for the model, as `setup --dry-run` makes it. */
export function planFor(model: ClusterSetModel, opts: PlanOptions = {}): Plan {
  return planSetup(
    model,
    {
      clusterSet: opts.clusterSet ?? "antrea-mc",
      ...(opts.securityGroups
        ? { securityGroups: new Map(Object.entries(opts.securityGroups)) }
        : {}),
      ...(opts.via ? { via: new Map(Object.entries(opts.via)) } : {}),
    },
    leftToUser(runChecks(model)),
  );
}

/** teardown's plan for the model and the rules setup tagged (DescribeSecurityGroupRules). */
export function teardownFor(
  model: ClusterSetModel,
  rules: readonly OwnedRule[] = [],
  clusterSet = "antrea-mc",
): Plan {
  return planTeardown(model, clusterSet, rules);
}

/** "s1 west CreateVpcPeeringConnection vpc-0west" per step, with "after s…" when it waits. */
export const stepLines = (plan: Plan): string[] =>
  plan.steps.map(
    (s: Step) =>
      `${s.id} ${s.member} ${s.action} ${s.resource}${s.after.length ? ` after ${s.after.join(",")}` : ""}`,
  );

/** "check member→peer" per unfixable item, ✗ when it blocks. */
export const cannotLines = (plan: Plan): string[] =>
  plan.unfixable.map(
    (u: Unfixable) =>
      `${u.blocking ? "✗" : "-"} ${u.check} ${u.member}${u.peer ? `→${u.peer}` : ""}`,
  );
