/**
 * The VPC peering a pair of members needs, and the state it is in: none (to create), pending
 * (to accept, by whom), several, in transition, or active. doctor reports the state; setup plans
 * from it.
 */
import { isTerminal, peeringsBetween } from "../../model/aws/peerings.js";
import type { TransitView } from "../../model/aws/transit.js";
import type { Peering } from "../../model/aws/types.js";
import type { MemberAws, MemberModel } from "../../model/types.js";
import {
  type Endpoint,
  type Impact,
  type Missing,
  type Pair,
  peeringNeed,
  unread,
} from "./endpoints.js";
import { type PeeringTarget, type RouteAnalysis, routeGaps } from "./routes.js";
import { sidePairMemo } from "./side-memo.js";
import { carries } from "./transit-path.js";
import { transitBothWays, viaOf, vpcAttachments } from "./via.js";

/** One member of the pair, with the VPC of its Gateway that needs the peering. */
export interface PeeringSide {
  readonly member: MemberModel;
  readonly aws: MemberAws;
  readonly vpcId: string;
  readonly endpoint: Endpoint;
}

interface Needed {
  readonly impact: Impact;
  /** The pair's first member's side (the requester, when setup creates it) and the second's. */
  readonly a: PeeringSide;
  readonly z: PeeringSide;
}

export type PeeringState =
  /** The Gateways share a VPC, or both use public IPs. */
  | { readonly kind: "not-needed"; readonly reason: string }
  /** No live peering: `dead` lists the terminal ones (deleted, rejected, …). */
  | (Needed & { readonly kind: "none"; readonly dead: readonly Peering[] })
  /**
   * More than one live peering between the two VPCs (AWS allows one; two appear when requests
   * cross). `keep`: the one most routes of the two members point at (the lowest ID on a tie).
   */
  | (Needed & {
      readonly kind: "several";
      readonly live: readonly Peering[];
      readonly keep: Peering;
    })
  | (Needed & {
      readonly kind: "pending-acceptance";
      readonly peering: Peering;
      /** The side whose VPC must accept it, and the other. */
      readonly accepter: PeeringSide;
      readonly requester: PeeringSide;
      /** The peering waits for another account than the one the accepter is read as. */
      readonly otherAccount?: string;
    })
  /** Provisioning, initiating-request, …: it may become active on its own. */
  | (Needed & { readonly kind: "transitional"; readonly peering: Peering })
  | (Needed & { readonly kind: "active"; readonly peering: Peering });

/** The peering state of a pair of members, or the answer that is missing to tell. */
const statesMade = sidePairMemo<PeeringState | Missing>();

export function peeringState(
  member: MemberModel,
  peer: MemberModel,
  pair: Pair,
  aws: { readonly peerings: readonly Peering[]; readonly transit: TransitView },
): PeeringState | Missing {
  // Keyed by the pair's inputs together: setup asks again of a transit view it has changed.
  return statesMade(pair.mine, pair.theirs, aws, () =>
    stateOf(member, peer, pair, aws.peerings, aws.transit),
  );
}

function stateOf(
  member: MemberModel,
  peer: MemberModel,
  pair: Pair,
  peerings: readonly Peering[],
  transit: TransitView,
): PeeringState | Missing {
  const need = peeringNeed(
    pair.mine.endpoints,
    pair.theirs.endpoints,
    transitBothWays(pair, peerings, transit),
  );
  if ("none" in need) return { kind: "not-needed", reason: need.none };
  const a: PeeringSide = {
    member,
    aws: pair.mine.aws,
    vpcId: need.a.placed.eni.vpcId,
    endpoint: need.a,
  };
  const z: PeeringSide = {
    member: peer,
    aws: pair.theirs.aws,
    vpcId: need.b.placed.eni.vpcId,
    endpoint: need.b,
  };
  const needed = { impact: need.impact, a, z };
  const all = peeringsBetween(peerings, a.vpcId, z.vpcId);
  const live = all.filter((p) => !isTerminal(p));
  if (live.length === 0) {
    // Both owners see a peering; with one answer missing, "none" may be wrong.
    const gap =
      unread(member, a.aws, ["DescribeVpcPeeringConnections"]) ??
      unread(peer, z.aws, ["DescribeVpcPeeringConnections"]);
    if (gap) return gap;
    return { ...needed, kind: "none", dead: all };
  }
  if (live.length > 1)
    return { ...needed, kind: "several", live, keep: mostRouted(live, [a.aws, z.aws]) };
  const [peering] = live as [Peering];
  if (peering.status === "active") return { ...needed, kind: "active", peering };
  if (peering.status !== "pending-acceptance") return { ...needed, kind: "transitional", peering };
  const [accepter, requester] = peering.accepter.vpcId === a.vpcId ? [a, z] : [z, a];
  const owner = peering.accepter.ownerId;
  return {
    ...needed,
    kind: "pending-acceptance",
    peering,
    accepter,
    requester,
    ...(owner && accepter.aws.account && owner !== accepter.aws.account
      ? { otherAccount: owner }
      : {}),
  };
}

/**
 * The peering traffic between two VPCs uses: the live one, or of several (AWS allows one) the
 * one doctor tells to keep. Routes are judged against it, by doctor and setup alike.
 */
export function peeringBetween(
  peerings: readonly Peering[],
  vpcA: string,
  vpcB: string,
  sides: readonly MemberAws[],
): Peering | undefined {
  const live = peeringsBetween(peerings, vpcA, vpcB).filter((p) => !isTerminal(p));
  return live.length > 1 ? mostRouted(live, sides) : live[0];
}

/** The peering the members' route tables point at most; the lowest ID on a tie. */
function mostRouted(live: readonly Peering[], sides: readonly MemberAws[]): Peering {
  const tables = sides.flatMap((s) => s.inventory.routeTables);
  const uses = (p: Peering) =>
    tables.reduce((n, t) => n + t.routes.filter((r) => r.target.id === p.id).length, 0);
  const [first, ...rest] = [...live].sort((x, y) => uses(y) - uses(x) || (x.id < y.id ? -1 : 1));
  return first ?? (rest[0] as Peering);
}

/**
 * What doctor holds an endpoint pair's route to: the transit gateway the pair goes through, else
 * the peering between the VPCs (none: nothing to route to yet). aws.route and aws.quota ask here.
 */
export function routeTargetOf(
  pair: Pair,
  aws: { readonly peerings: readonly Peering[]; readonly transit: TransitView },
): (a: Endpoint, b: Endpoint) => PeeringTarget | undefined {
  return (a, b) => {
    const via = viaOf(a, b, pair.mine.aws, aws.peerings, aws.transit);
    // The gateway's own path beyond the route is aws.transit-gateway's; a route to it is
    // usable once the VPC's attachment carries traffic.
    if (via.kind === "transit-gateway") {
      const carrying = vpcAttachments(aws.transit, a.placed.eni.vpcId).some(
        (x) => x.tgwId === via.tgwId && carries(x),
      );
      return { kind: "transit-gateway", id: via.tgwId, status: carrying ? "active" : "detached" };
    }
    const p = peeringBetween(aws.peerings, a.placed.eni.vpcId, b.placed.eni.vpcId, [
      pair.mine.aws,
      pair.theirs.aws,
    ]);
    return p && { id: p.id, status: p.status };
  };
}

const routeGapsMade = sidePairMemo<RouteAnalysis | Missing>();

/**
 * The route gaps of `pair.mine` towards `peer` against what doctor holds the routes to
 * (routeTargetOf), once per side pair: aws.route and aws.quota ask for the same.
 */
export function doctorRouteGaps(
  peer: MemberModel,
  pair: Pair,
  aws: { readonly peerings: readonly Peering[]; readonly transit: TransitView },
): RouteAnalysis | Missing {
  return routeGapsMade(pair.mine, pair.theirs, aws, () =>
    routeGaps(peer, pair, routeTargetOf(pair, aws), aws.peerings),
  );
}
