/**
 * Routes from a member's Gateway subnets to a peer: does the effective route table of every
 * Gateway and candidate subnet send the peer's Gateway IPs, and its Pod CIDRs as Antrea's guide
 * asks, to the peering? Each gap says what is wrong and what closes it; doctor reports gaps, setup
 * plans the ones it can close and lists the rest with the same fix.
 *
 * Only the Gateway IPs are required: on the VPC underlay a networkPolicyOnly member sends tunnel
 * packets between Gateway IPs only, Pod and Service addresses staying inside the tunnel (Antrea's
 * pkg/agent/multicluster/mc_route_controller.go tunnels to the peer's gatewayIP). A Pod CIDR
 * route is what Antrea's guide also asks for: optional, and possible over a peering only for a
 * block inside the peer VPC's CIDR blocks and apart from the local VPC's.
 */
import { isTerminal } from "../../model/aws/peerings.js";
import { type RouteMatch, routeFor, routeForCidr } from "../../model/aws/route.js";
import type { Peering, RouteTable } from "../../model/aws/types.js";
import { type Cidr, cidrsOverlap, cidrWithin, parseCidr } from "../../model/cidr.js";
import type { MemberModel } from "../../model/types.js";
import {
  destinationFor,
  type Endpoint,
  type Impact,
  impactOf,
  type Missing,
  type Pair,
} from "./endpoints.js";
import { sidePairMemo } from "./side-memo.js";

/**
 * What a route should point at: a peering (an existing one, or one setup is about to create), or
 * the transit gateway the pair is joined through.
 */
export interface PeeringTarget {
  /** Undefined for a peering setup creates: no route can point at it yet. */
  readonly id?: string;
  /** Its state, as EC2 says ("active", "pending-acceptance", …), or as setup will leave it. */
  readonly status: string;
  /** A transit gateway (its path beyond the route: aws.transit-gateway); default a peering. */
  readonly kind?: "peering" | "transit-gateway";
}

export type RouteGapKind =
  | "missing" // no route for it
  | "blackhole" // a route to the right peering that carries nothing: the peering is not active, or EC2 says so
  | "other-target" // the route that decides goes elsewhere
  | "dead-peering" // … to a peering that is gone
  | "shadowed" // a longer prefix inside the block sends (part of) it elsewhere
  | "partial"; // only part of the block goes to the peering

export type RouteSubject =
  | { readonly kind: "gateway-ip"; readonly ip: string; readonly node: string }
  | { readonly kind: "pod-cidr"; readonly cidr: string };

/** What closes a gap, in the gap's route table. */
export type RouteFix =
  /** A route for `destination` to the peering (`mainTable`: the VPC's main table has it). */
  | { readonly kind: "create"; readonly destination: string; readonly mainTable?: RouteTable }
  /** Point the route for `destination` at the peering instead. */
  | { readonly kind: "replace"; readonly destination: string }
  /** Remove the more specific route `destination` (it goes to `target`). */
  | { readonly kind: "delete"; readonly destination: string; readonly target: RouteMatch }
  /** The route is right: the peering must become active (aws.peering). */
  | { readonly kind: "accept"; readonly peering: string }
  /** The route to the transit gateway is right: its attachment is not (aws.transit-gateway). */
  | { readonly kind: "transit" };

export interface RouteGap {
  readonly kind: RouteGapKind;
  readonly impact: Impact;
  readonly table: RouteTable;
  /** The Gateway subnet that uses the table. */
  readonly subnetId: string;
  readonly subject: RouteSubject;
  /** The block setup routes to the peering: the peer's Pod CIDR (holding the Gateway IP), … */
  readonly wanted: string;
  /** The tunnel needs it (a Gateway IP); a Pod CIDR route only follows Antrea's guide. */
  readonly required: boolean;
  /**
   * Why no route over a peering can carry this Pod CIDR (outside the peer VPC's CIDR blocks, or
   * overlapping the local VPC's): nobody should add it. Undefined: it can be routed.
   */
  readonly unroutable?: string;
  readonly peering: PeeringTarget;
  /** The route that decides today (none: missing). */
  readonly match?: RouteMatch;
  /** shadowed: the longer prefixes inside the block that go elsewhere. */
  readonly shadowing?: readonly RouteMatch[];
  readonly fix: RouteFix;
}

export interface RouteAnalysis {
  readonly ok: true;
  readonly gaps: readonly RouteGap[];
  /** Endpoint pairs whose path is a peering (0: the Gateways share a VPC or use public IPs). */
  readonly checked: number;
  /** The Gateway subnets' tables, in endpoint order. */
  readonly tables: readonly string[];
  /** The peer's Pod CIDRs are not known, so their routes were not checked. */
  readonly podCIDRsUnknown?: string;
}

/**
 * Why the route that decides does not carry traffic to the peering, or undefined when it does.
 * `live(id)`: the peering exists and is not on its way out.
 */
function classify(
  match: RouteMatch | undefined,
  peering: PeeringTarget,
  wanted: string,
  live: (id: string) => boolean,
): { kind: RouteGapKind; fix: RouteFix } | undefined {
  if (!match) return { kind: "missing", fix: { kind: "create", destination: wanted } };
  const r = match.route;
  if (r.target.id === peering.id) {
    // A route to a transit gateway is a blackhole when the VPC's attachment is gone: pointing it
    // at the gateway again cannot help; aws.transit-gateway says what to attach. With the
    // attachment carrying traffic, EC2's view lags: pointing the route at the gateway again is
    // the one command that can clear it (as for a peering, below).
    if (peering.kind === "transit-gateway") {
      if (r.state !== "blackhole") return undefined;
      return peering.status === "active" && r.cidr
        ? { kind: "blackhole", fix: { kind: "replace", destination: r.cidr } }
        : { kind: "blackhole", fix: { kind: "transit" } };
    }
    if (peering.status !== "active")
      return { kind: "blackhole", fix: { kind: "accept", peering: r.target.id } };
    // EC2 calls the route a blackhole though the peering is active (a view that has not caught
    // up, or a route older than the peering's last state): pointing it at the peering again is
    // the one command that can clear it. A prefix-list route keeps the accept-first advice.
    if (r.state === "blackhole")
      return r.cidr
        ? { kind: "blackhole", fix: { kind: "replace", destination: r.cidr } }
        : { kind: "blackhole", fix: { kind: "accept", peering: r.target.id } };
    return undefined;
  }
  const want = parseCidr(wanted);
  const kind: RouteGapKind =
    r.target.kind === "peering" && !live(r.target.id) ? "dead-peering" : "other-target";
  if (r.cidr && want && match.destination.prefix > want.prefix)
    return { kind: "shadowed", fix: { kind: "delete", destination: r.cidr, target: match } };
  if (r.cidr && r.cidr === want?.canonical)
    return { kind, fix: { kind: "replace", destination: r.cidr } };
  return { kind, fix: { kind: "create", destination: wanted } };
}

/** A create fix notes the VPC's main table when it routes the same thing right. */
function withMainTable(
  gap: { kind: RouteGapKind; fix: RouteFix },
  mainRoutesIt: () => boolean,
  mainTable: RouteTable | undefined,
): { kind: RouteGapKind; fix: RouteFix } {
  if (gap.fix.kind !== "create" || !mainTable || !mainRoutesIt()) return gap;
  return { ...gap, fix: { ...gap.fix, mainTable } };
}

/**
 * Every route gap of `member` towards `peer`, or the input that is missing. `targetOf` names what
 * an endpoint pair's route must point at: for doctor the transit gateway the pair is joined
 * through or the live peering, for setup the peering it will have.
 */
export function routeGaps(
  peer: MemberModel,
  pair: Pair,
  targetOf: (a: Endpoint, b: Endpoint) => PeeringTarget | undefined,
  peerings: readonly Peering[],
): RouteAnalysis | Missing {
  const inv = pair.mine.aws.inventory;
  const live = (id: string) => peerings.some((p) => p.id === id && !isTerminal(p));
  const gaps: RouteGap[] = [];
  let checked = 0;
  const pods = peer.podCIDRs.known ? peer.podCIDRs.value.value : [];
  for (const a of pair.mine.endpoints) {
    const table = a.placed.routeTable;
    const subnetId = a.placed.eni.subnetId;
    if (!table) {
      return {
        ok: false,
        reason: `no route table found for ${subnetId} (DescribeRouteTables)`,
      };
    }
    const main = inv.routeTables.find((t) => t.main && t.vpcId === a.placed.eni.vpcId);
    const mainTable = main && main !== table ? main : undefined;
    for (const b of pair.theirs.endpoints) {
      if (a.isPublic || b.isPublic) continue; // the internet path: aws.public-path
      if (a.placed.eni.vpcId === b.placed.eni.vpcId) continue; // the local route
      const peering = targetOf(a, b);
      if (!peering) {
        return {
          ok: false,
          reason: `no peering between ${a.placed.eni.vpcId} and ${b.placed.eni.vpcId} to route to (see aws.peering)`,
        };
      }
      checked++;
      const wanted = destinationFor(peer, b);
      const match = routeFor(table, b.gatewayIP, inv.prefixLists);
      const bad = classify(match, peering, wanted, live);
      if (bad) {
        const fixed = withMainTable(
          bad,
          () => {
            const m = mainTable && routeFor(mainTable, b.gatewayIP, inv.prefixLists);
            return !classify(m, peering, wanted, live);
          },
          mainTable,
        );
        gaps.push({
          ...fixed,
          impact: impactOf(a, b),
          table,
          subnetId,
          subject: { kind: "gateway-ip", ip: b.gatewayIP, node: b.node.node },
          wanted,
          required: true,
          peering,
          ...(match ? { match } : {}),
        });
      }
      // A table an active Gateway uses carries today's Pod traffic, whichever peer Gateway.
      const impact: Impact = a.node.active ? "active" : "failover";
      for (const cidrText of pods) {
        const cidr = parseCidr(cidrText);
        if (cidr?.family !== "ipv4") continue;
        const cover = routeForCidr(table, cidr, inv.prefixLists);
        const subject = { kind: "pod-cidr", cidr: cidr.text } as const;
        const podBad = classify(cover.match, peering, cidr.text, live);
        // A transit gateway routes whatever its tables say; a peering only the peer VPC's blocks.
        const unroutable =
          peering.kind === "transit-gateway"
            ? undefined
            : unroutableOverPeering(cidr, a.placed.vpc?.cidrs, b.placed.vpc?.cidrs);
        const at = {
          impact,
          table,
          subnetId,
          subject,
          wanted: cidr.text,
          peering,
          required: false,
          ...(unroutable ? { unroutable } : {}),
        };
        const matched = cover.match ? { match: cover.match } : {};
        if (podBad) {
          const fixed = withMainTable(
            podBad,
            () => {
              const m = mainTable && routeForCidr(mainTable, cidr, inv.prefixLists);
              return !!m && !classify(m.match, peering, cidr.text, live);
            },
            mainTable,
          );
          gaps.push({ ...fixed, ...at, ...matched });
        } else if (!cover.whole || cover.shadowing.length > 0) {
          const first = cover.shadowing[0];
          gaps.push({
            ...at,
            ...matched,
            kind: cover.whole ? "shadowed" : "partial",
            shadowing: cover.shadowing,
            fix: first?.route.cidr
              ? { kind: "delete", destination: first.route.cidr, target: first }
              : { kind: "create", destination: cidr.text },
          });
        }
      }
    }
  }
  return {
    ok: true,
    gaps,
    checked,
    tables: [...new Set(pair.mine.endpoints.map((a) => a.placed.routeTable?.id ?? ""))],
    ...(peer.podCIDRs.known ? {} : { podCIDRsUnknown: peer.podCIDRs.reason }),
  };
}

/**
 * Why a peering cannot carry `cidr` from the local VPC to the peer's (a peering routes only to
 * the peer VPC's own CIDR blocks, and not to a block the local VPC has itself), or undefined.
 * Unknown VPC blocks: undefined (nothing to say it cannot).
 */
export function unroutableOverPeering(
  cidr: Cidr,
  localVpc: readonly string[] | undefined,
  peerVpc: readonly string[] | undefined,
): string | undefined {
  const blocks = (list: readonly string[] | undefined) =>
    (list ?? []).map((c) => parseCidr(c)).filter((c): c is Cidr => !!c);
  const local = blocks(localVpc).find((c) => cidrsOverlap(c, cidr));
  if (local) return `it overlaps the local VPC's ${local.text}`;
  const peer = blocks(peerVpc);
  if (peer.length > 0 && !peer.some((c) => cidrWithin(cidr, c))) {
    return `it is not inside the peer VPC's CIDR blocks (${peer.map((c) => c.text).join(", ")}), and a peering carries traffic only to those`;
  }
  return undefined;
}

/** A route a peering about to be created needs in one member's Gateway subnets' table. */
export interface NewPeeringRoute {
  readonly table: string;
  readonly destination: string;
  /** The destination's route points at a peering that is gone: it is repointed, not added. */
  readonly replace: boolean;
}

/**
 * The routes from `pair.mine`'s Gateway subnets to `peer` that a new peering needs at once: what
 * aws.route would ask to create (or, for a route to a peering that is gone, to repoint) once the
 * peering exists. A route to another target, or a longer prefix, stays for aws.route to report,
 * as setup leaves it to the user. One per table and destination, in the gaps' order.
 */
const newRoutesMade = sidePairMemo<readonly NewPeeringRoute[] | Missing>();

export function routesForNewPeering(
  peer: MemberModel,
  pair: Pair,
  peerings: readonly Peering[],
): readonly NewPeeringRoute[] | Missing {
  return newRoutesMade(pair.mine, pair.theirs, peerings, () =>
    newPeeringRoutes(peer, pair, peerings),
  );
}

function newPeeringRoutes(
  peer: MemberModel,
  pair: Pair,
  peerings: readonly Peering[],
): readonly NewPeeringRoute[] | Missing {
  const analysis = routeGaps(peer, pair, () => ({ status: "active" }), peerings);
  if (!analysis.ok) return analysis;
  const out = new Map<string, NewPeeringRoute>();
  for (const gap of analysis.gaps) {
    const { fix } = gap;
    if (gap.unroutable) continue;
    const replace = fix.kind === "replace" && gap.kind === "dead-peering";
    if (fix.kind !== "create" && !replace) continue;
    const destination = parseCidr(fix.destination)?.canonical ?? fix.destination;
    const key = `${gap.table.id}|${destination}`;
    if (!out.has(key)) out.set(key, { table: gap.table.id, destination, replace });
  }
  return [...out.values()];
}
