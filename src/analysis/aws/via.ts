/**
 * Which way a Gateway's tunnel packets take to a peer Gateway: the route the Gateway subnet's
 * table chooses for the peer Gateway IP (longest prefix) decides between a VPC peering and a
 * transit gateway. Without such a route, the way the VPCs are joined tells what the route should
 * point at: a live peering, else a transit gateway both VPCs attach to (directly or through peered
 * gateways), else a peering that is still to be made. doctor and setup both ask here.
 */
import { livePeering } from "../../model/aws/peerings.js";
import { routeFor } from "../../model/aws/route.js";
import { GONE_ATTACHMENT, type TransitView } from "../../model/aws/transit.js";
import type { Peering, TgwAttachment } from "../../model/aws/types.js";
import type { MemberAws } from "../../model/types.js";
import type { Endpoint } from "./endpoints.js";

export type Via =
  /** Both Gateways in one VPC: the local route. */
  | { readonly kind: "local" }
  /** A public Gateway IP: the internet (aws.public-path). */
  | { readonly kind: "internet" }
  /** `routed`: the Gateway subnet's route to the peer Gateway IP points at it. */
  | { readonly kind: "peering"; readonly routed: boolean; readonly peeringId?: string }
  | { readonly kind: "transit-gateway"; readonly routed: boolean; readonly tgwId: string };

export const liveAttachment = (a: TgwAttachment) => !GONE_ATTACHMENT.includes(a.state);

/** The live attachments of a VPC, per transit gateway. */
export function vpcAttachments(transit: TransitView, vpcId: string): TgwAttachment[] {
  return (transit.byVpc.get(vpcId) ?? []).filter(liveAttachment);
}

/**
 * A transit gateway that joins two VPCs: one both attach to, else one of the first VPC's whose
 * live peering attachment reaches a gateway the second attaches to.
 */
export function joiningGateway(
  transit: TransitView,
  vpcA: string,
  vpcB: string,
): string | undefined {
  const mine = vpcAttachments(transit, vpcA).map((a) => a.tgwId);
  const theirs = new Set(vpcAttachments(transit, vpcB).map((a) => a.tgwId));
  const shared = mine.find((t) => theirs.has(t));
  if (shared) return shared;
  return mine.find((t) => [...theirs].some((u) => gatewaysJoined(transit, t, u)));
}

/** The same gateway, or two joined by a live gateway peering. */
export function gatewaysJoined(transit: TransitView, a: string, b: string): boolean {
  return (
    a === b ||
    (transit.byGateway.get(a) ?? []).some(
      (p) =>
        p.resourceType === "peering" && liveAttachment(p) && (p.peer?.tgwId ?? p.resourceId) === b,
    )
  );
}

/** The way from `a` to `b` (`aws`: a's account and Region, for its prefix lists). */
export function viaOf(
  a: Endpoint,
  b: Endpoint,
  aws: MemberAws,
  peerings: readonly Peering[],
  transit: TransitView,
): Via {
  if (a.placed.eni.vpcId === b.placed.eni.vpcId) return { kind: "local" };
  if (a.isPublic || b.isPublic) return { kind: "internet" };
  const table = a.placed.routeTable;
  const match = table ? routeFor(table, b.gatewayIP, aws.inventory.prefixLists) : undefined;
  const target = match?.route.target;
  const live = livePeering(peerings, a.placed.eni.vpcId, b.placed.eni.vpcId);
  // A route to a gateway the VPC is not attached to, beside a live peering, is a stray route to
  // repoint (aws.route), not a transit gateway path.
  const attached = (tgwId: string) =>
    vpcAttachments(transit, a.placed.eni.vpcId).some((x) => x.tgwId === tgwId);
  if (target?.kind === "transit-gateway" && (!live || attached(target.id)))
    return { kind: "transit-gateway", routed: true, tgwId: target.id };
  if (target?.kind === "peering") return { kind: "peering", routed: true, peeringId: target.id };
  if (live) return { kind: "peering", routed: false, peeringId: live.id };
  const tgwId = joiningGateway(transit, a.placed.eni.vpcId, b.placed.eni.vpcId);
  if (tgwId) return { kind: "transit-gateway", routed: false, tgwId };
  return { kind: "peering", routed: false };
}

/**
 * For a pair of members, the transit gateway that carries an endpoint pair's tunnel both ways
 * (each side's route chooses it, or no route does and a gateway joins the VPCs), else undefined:
 * such a pair needs no VPC peering.
 */
export function transitBothWays(
  pair: {
    readonly mine: { readonly aws: MemberAws };
    readonly theirs: { readonly aws: MemberAws };
  },
  peerings: readonly Peering[],
  transit: TransitView,
): (a: Endpoint, b: Endpoint) => string | undefined {
  return (a, b) => {
    const there = viaOf(a, b, pair.mine.aws, peerings, transit);
    const back = viaOf(b, a, pair.theirs.aws, peerings, transit);
    if (there.kind !== "transit-gateway" || back.kind !== "transit-gateway") return undefined;
    return there.tgwId === back.tgwId ? there.tgwId : `${there.tgwId} and ${back.tgwId}`;
  };
}
