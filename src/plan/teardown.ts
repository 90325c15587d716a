/**
 * teardown's plan, pure: exactly what setup made for this ClusterSet, found by its marks — route
 * table tags naming a route and its peering, tagged security group rules, tagged peerings — and
 * nothing else, even a rule or route with the same CIDR.
 */

import { isOwned, ownedRoutes } from "../aws/tags.js";
import { isTerminal } from "../model/aws/peerings.js";
import { parseCidr } from "../model/cidr.js";
import type { ClusterSetModel } from "../model/types.js";
import { PlanBuilder } from "./builder.js";
import { vpcsOf } from "./gateway-vpcs.js";
import { planTransitTeardown } from "./transit-teardown.js";
import type { Plan } from "./types.js";

/** A rule from DescribeSecurityGroupRules, already filtered by setup's tags. */
export interface OwnedRule {
  readonly member: string;
  readonly id: string;
  readonly groupId: string;
  readonly egress: boolean;
  readonly description?: string;
}

export function planTeardown(
  model: ClusterSetModel,
  clusterSet: string,
  rules: readonly OwnedRule[],
): Plan {
  const b = new PlanBuilder();
  const routeSteps: string[] = [];
  for (const m of model.members) {
    if (!m.aws.known) continue;
    const { region, inventory } = m.aws.value;
    const vpcs = vpcsOf(m);
    for (const table of inventory.routeTables) {
      if (!vpcs.has(table.vpcId)) continue;
      for (const mark of ownedRoutes(table.tags, clusterSet)) {
        const route = table.routes.find(
          (r) => r.cidr && parseCidr(r.cidr)?.canonical === mark.destination,
        );
        const ours = route?.target.id === mark.peering;
        const deleted = ours
          ? b.add({
              member: m.name,
              action: "DeleteRoute",
              region,
              params: { RouteTableId: table.id, DestinationCidrBlock: mark.destination },
              reason: "setup",
              why: `setup added ${mark.destination} → ${mark.peering}`,
              resource: table.id,
              after: [],
            })
          : undefined;
        if (deleted) routeSteps.push(deleted.ref);
        b.add({
          member: m.name,
          action: "DeleteTags",
          region,
          params: { Resources: [table.id], Tags: [{ Key: mark.key }] },
          reason: "setup",
          why: ours
            ? "the record of that route"
            : `the record of a route setup added, now ${route ? `pointing at ${route.target.id}` : "gone"}: the route is left alone`,
          resource: table.id,
          after: deleted ? [deleted.ref] : [],
        });
      }
    }
  }
  for (const r of rules) {
    const m = model.members.find((x) => x.name === r.member);
    if (!m?.aws.known) continue;
    b.add({
      member: m.name,
      action: r.egress ? "RevokeSecurityGroupEgress" : "RevokeSecurityGroupIngress",
      region: m.aws.value.region,
      params: { GroupId: r.groupId, SecurityGroupRuleIds: [r.id] },
      reason: "setup",
      why: `setup added it${r.description ? ` ("${r.description}")` : ""}`,
      resource: r.groupId,
      after: [],
    });
  }
  // Transit gateway routes, propagations, associations and attachments setup made; an attachment
  // goes after the VPC routes to its gateway.
  planTransitTeardown(b, model, clusterSet, routeSteps);
  for (const p of model.aws.peerings) {
    if (isTerminal(p) || !isOwned(p.tags, clusterSet)) continue;
    // The requester may delete in any state; the accepter only an active one.
    const owner =
      model.members.find((m) => m.aws.known && vpcsOf(m).has(p.requester.vpcId)) ??
      model.members.find((m) => m.aws.known && vpcsOf(m).has(p.accepter.vpcId));
    if (!owner?.aws.known) continue;
    const side = vpcsOf(owner).has(p.requester.vpcId) ? p.requester : p.accepter;
    b.add({
      member: owner.name,
      action: "DeleteVpcPeeringConnection",
      region: side.region ?? owner.aws.value.region,
      params: { VpcPeeringConnectionId: p.id },
      reason: "setup",
      why: `setup created it (${p.requester.vpcId} ↔ ${p.accepter.vpcId}); its routes go first`,
      resource: p.id,
      after: routeSteps,
    });
  }
  return { clusterSet, steps: b.steps, unfixable: b.unfixable };
}
