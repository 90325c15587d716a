/**
 * Routes from one member's Gateway subnets to the peer, from the route analysis doctor uses: the
 * routes it finds missing are created (a route to a peering that is gone is repointed); a route to
 * another target, or a longer prefix that carves the block, is left to the user with doctor's fix.
 */
import type { Pair } from "../analysis/aws/endpoints.js";
import { doctorRouteGaps } from "../analysis/aws/peerings.js";
import { type PeeringTarget, type RouteGap, routeGaps } from "../analysis/aws/routes.js";
import { routeFixCommands, runAs } from "../fixes/aws.js";
import { describeTarget } from "../model/aws/route.js";
import { parseCidr } from "../model/cidr.js";
import type { ClusterSetModel, MemberModel } from "../model/types.js";
import type { PlanBuilder } from "./builder.js";
import { addMarkedRoute } from "./marked-route.js";
import type { PeeringUse } from "./peering-steps.js";
import type { TransitPlanner } from "./transit-steps.js";
import { isRef } from "./types.js";

export interface RouteDirection {
  readonly member: MemberModel;
  readonly peer: MemberModel;
  /** The member's side (mine) and the peer's (theirs). */
  readonly pair: Pair;
  /** The peering between the two VPCs, as setup will have it. */
  readonly peering: PeeringUse;
}

const pcxText = (p: PeeringUse) =>
  isRef(p.peering) ? `the peering of ${p.peering.ref}` : p.peering;

/** Why setup leaves a gap to the user, or undefined when setup closes it (or the peering does). */
function leftToUser(gap: RouteGap, wanted: string, d: RouteDirection): string | undefined {
  const table = gap.table.id;
  switch (gap.fix.kind) {
    case "delete": {
      const t = gap.fix.target;
      return `${t.destination.text} → ${describeTarget(t.route)} in ${table} is more specific than ${wanted} and takes part of ${d.peer.name}'s traffic; setup does not remove routes`;
    }
    case "replace":
      if (gap.kind === "dead-peering") return undefined;
      if (gap.kind === "blackhole")
        return `${wanted} in ${table} goes to ${pcxText(d.peering)}, which is active, but EC2 calls the route a blackhole: setup does not replace a route it did not make`;
      return `${wanted} in ${table} goes to ${gap.match?.route.target.id} (${gap.match?.route.target.kind}), not to ${pcxText(d.peering)}; setup does not repoint a route to another target`;
    case "create": {
      // A CIDR route beats a prefix-list route of the same block: creating one would repoint
      // the prefix list's target, which setup leaves to the user as any other target.
      const m = gap.match;
      const want = parseCidr(wanted);
      if (gap.kind !== "other-target" || !m || m.route.cidr || !want) return undefined;
      if (m.destination.prefix !== want.prefix) return undefined;
      return `${wanted} in ${table} goes to ${m.route.target.id || m.route.target.kind} (through prefix list ${m.route.prefixListId}), not to ${pcxText(d.peering)}; setup does not repoint a route to another target`;
    }
    case "accept":
      // Setup's own accept step makes the peering active; anything else it cannot change.
      if (d.peering.ready) return undefined;
      return `${gap.match?.route.cidr ?? wanted} in ${table} goes to ${gap.fix.peering}, which is ${gap.peering.status === "active" ? "active, but the route is a blackhole" : gap.peering.status}: setup cannot make it carry traffic`;
    default:
      return undefined;
  }
}

/** Plans the direction's routes; false when the analysis lacks an input (doctor says which). */
export function planRoutes(
  b: PlanBuilder,
  model: ClusterSetModel,
  clusterSet: string,
  d: RouteDirection,
): boolean {
  const aws = d.pair.mine.aws;
  // Routes point at the peering as setup leaves it: active once setup accepts or creates it.
  const status = d.peering.ready ? "active" : (d.peering.status ?? "active");
  const target: PeeringTarget = isRef(d.peering.peering)
    ? { status }
    : { id: d.peering.peering, status };
  const analysis = routeGaps(d.peer, d.pair, () => target, model.aws.peerings);
  if (!analysis.ok) return false; // doctor's aws.route says why (unknown)
  // One step per table and destination, the peer's Pod CIDRs first, whichever gaps ask for it.
  const pods = d.peer.podCIDRs.known ? d.peer.podCIDRs.value.value : [];
  const rank = (cidr: string) => {
    const i = pods.findIndex((p) => parseCidr(p)?.canonical === cidr);
    return i < 0 ? pods.length : i;
  };
  const tables = [...new Set(analysis.gaps.map((g) => g.table.id))];
  const planned = new Map<string, { gap: RouteGap; destination: string }>();
  for (const gap of analysis.gaps) {
    // The peering setup accepts or creates: its routes' blackhole state is the pending peering's.
    if (gap.kind === "blackhole" && d.peering.ready) continue;
    const wanted = parseCidr(gap.wanted)?.canonical ?? gap.wanted;
    if (gap.unroutable) {
      // The tunnel does not need it, and no route could carry it: nothing to add, nothing blocked.
      b.cannot({
        member: d.member.name,
        peer: d.peer.name,
        check: "aws.route",
        resource: gap.table.id,
        message: `no route for ${d.peer.name}'s Pod CIDR ${wanted} is added: ${gap.unroutable} (the tunnel between the Gateways does not need it)`,
        blocking: false,
      });
      continue;
    }
    const why = leftToUser(gap, wanted, d);
    if (why) {
      leaveRoute(b, d, gap, why);
      continue;
    }
    if (gap.fix.kind !== "create" && gap.fix.kind !== "replace") continue; // accept: the peering's step
    const destination = parseCidr(gap.fix.destination)?.canonical ?? gap.fix.destination;
    const key = `${gap.table.id}|${destination}`;
    if (!planned.has(key)) planned.set(key, { gap, destination });
  }
  const ordered = [...planned.values()].sort(
    (x, y) =>
      tables.indexOf(x.gap.table.id) - tables.indexOf(y.gap.table.id) ||
      rank(x.destination) - rank(y.destination),
  );
  for (const { gap, destination } of ordered) {
    const table = gap.table;
    const replace = gap.fix.kind === "replace";
    addMarkedRoute(b, clusterSet, {
      member: d.member.name,
      peer: d.peer.name,
      region: aws.region,
      table: table.id,
      destination,
      target: d.peering.peering,
      replace,
      reason: "aws.route",
      why: replace
        ? `${destination} still points at ${gap.match?.route.target.id}, a peering that is gone`
        : `${table.id} (${table.main ? "main table" : "Gateway subnets"}) has no route for ${d.peer.name}'s ${destination}`,
      after: d.peering.ready ? [d.peering.ready.ref] : [],
      waitFor: { peering: d.peering.peering, status: "active" },
    });
  }
  return true;
}

/**
 * Routes from the member's Gateway subnets to the transit gateway that joins the pair (as setup's
 * plan leaves the gateways): a missing route is created, a route to a peering that is gone is
 * repointed, anything else is left to the user with doctor's fix. False when the analysis lacks
 * an input (doctor says which).
 */
export function planTransitRoutes(
  b: PlanBuilder,
  planner: TransitPlanner,
  clusterSet: string,
  d: Omit<RouteDirection, "peering">,
): boolean {
  const analysis = doctorRouteGaps(d.peer, d.pair, planner.aws);
  if (!analysis.ok) return false;
  const aws = d.pair.mine.aws;
  for (const gap of analysis.gaps) {
    if (gap.unroutable || gap.peering.kind !== "transit-gateway" || !gap.peering.id) continue;
    if (gap.fix.kind === "transit") {
      // The attachment the route needs is gone even after the plan: aws.transit-gateway's fix.
      if (gap.required)
        leaveRoute(
          b,
          d,
          gap,
          `${gap.table.id} routes ${d.peer.name}'s ${parseCidr(gap.wanted)?.canonical ?? gap.wanted} to ${gap.peering.id}, a blackhole: the VPC's attachment to ${gap.peering.id} is gone or not available (aws.transit-gateway)`,
        );
      continue;
    }
    const tgwId = gap.peering.id;
    const wanted = parseCidr(gap.wanted)?.canonical ?? gap.wanted;
    const dead = gap.kind === "dead-peering";
    // Repointed: a route to a peering that is gone, or one EC2 calls a blackhole though the
    // attachment carries traffic.
    const repoint = gap.fix.kind === "replace" && (dead || gap.kind === "blackhole");
    if (gap.fix.kind !== "create" && !repoint) {
      leaveRoute(
        b,
        d,
        gap,
        gap.fix.kind === "delete"
          ? `a more specific route in ${gap.table.id} takes part of ${d.peer.name}'s ${wanted} elsewhere; setup does not remove routes`
          : `${wanted} in ${gap.table.id} goes to ${gap.match?.route.target.id}, not to transit gateway ${tgwId}; setup does not repoint a route to another target`,
      );
      continue;
    }
    const destination = parseCidr(gap.fix.destination)?.canonical ?? gap.fix.destination;
    if (!planner.claimRoute(gap.table.id, destination)) continue;
    const needs = planner.attachmentNeeds(tgwId, gap.table.vpcId);
    addMarkedRoute(b, clusterSet, {
      member: d.member.name,
      peer: d.peer.name,
      region: aws.region,
      table: gap.table.id,
      destination,
      target: tgwId,
      replace: repoint,
      reason: "aws.route",
      why: dead
        ? `${destination} still points at ${gap.match?.route.target.id}, a peering that is gone`
        : repoint
          ? `EC2 calls ${destination} → ${tgwId} a blackhole though the VPC's attachment carries traffic`
          : `${gap.table.id} (${gap.table.main ? "main table" : "Gateway subnets"}) has no route for ${d.peer.name}'s ${destination}`,
      after: needs?.after ?? [],
      ...(needs?.waitFor ? { waitFor: needs.waitFor } : {}),
    });
  }
  return true;
}

/** A route gap left to the user, with doctor's fix in the member's account and Region. */
function leaveRoute(
  b: PlanBuilder,
  d: Omit<RouteDirection, "peering">,
  gap: RouteGap,
  message: string,
): void {
  const aws = d.pair.mine.aws;
  const fix = routeFixCommands(gap, aws);
  b.cannot({
    member: d.member.name,
    peer: d.peer.name,
    check: "aws.route",
    resource: gap.table.id,
    message,
    ...(fix ? { remediation: runAs(d.member.name, aws) + fix } : {}),
    // A Pod CIDR route only follows Antrea's guide (doctor warns): it blocks nothing.
    blocking: gap.impact === "active" && gap.required,
  });
}
