/**
 * A VPC route setup adds, with the tag on its route table that records it for teardown (routes
 * carry no tags): the one way the Gateways' routes (to a peering or a transit gateway) and the
 * leader path's are made.
 */
import { routeTagKey } from "../aws/tags.js";
import type { PlanBuilder } from "./builder.js";
import { isRef, type Ref, type Step } from "./types.js";

export interface MarkedRoute
  extends Pick<Step, "member" | "peer" | "region" | "reason" | "why" | "after" | "waitFor"> {
  readonly table: string;
  readonly destination: string;
  /** A peering (pcx-…, or the step that creates one) or a transit gateway (tgw-…). */
  readonly target: string | Ref;
  /** Replace the route the table has for the destination. */
  readonly replace: boolean;
}

export function addMarkedRoute(b: PlanBuilder, clusterSet: string, r: MarkedRoute): Ref {
  const { table, destination, target, replace, ...at } = r;
  const gateway = !isRef(target) && target.startsWith("tgw-");
  // In the key order of every other step (the JSON plan prints them so).
  const route = b.add({
    member: at.member,
    ...(at.peer ? { peer: at.peer } : {}),
    action: replace ? "ReplaceRoute" : "CreateRoute",
    region: at.region,
    params: {
      RouteTableId: table,
      DestinationCidrBlock: destination,
      ...(gateway ? { TransitGatewayId: target } : { VpcPeeringConnectionId: target }),
    },
    reason: at.reason,
    why: at.why,
    resource: table,
    after: at.after,
    ...(at.waitFor ? { waitFor: at.waitFor } : {}),
  });
  b.add({
    member: at.member,
    ...(at.peer ? { peer: at.peer } : {}),
    action: "CreateTags",
    region: at.region,
    params: {
      Resources: [table],
      Tags: [{ Key: routeTagKey(clusterSet, destination), Value: target }],
    },
    reason: at.reason,
    why: "routes carry no tags: the table records this one for teardown",
    resource: table,
    after: [route.ref],
  });
  return route;
}
