/**
 * Route evaluation as the VPC router does it (VPC User Guide, "Route priority"): longest prefix
 * wins; on equal prefixes a CIDR route beats a prefix-list route, and a static route beats a
 * propagated one.
 */
import { type Cidr, cidrContains, cidrsOverlap, networkAddress, parseCidr } from "../cidr.js";
import type { Route, RouteTable } from "./types.js";

export interface RouteMatch {
  readonly route: Route;
  /** The destination that matched: the route's CIDR or one prefix-list entry. */
  readonly destination: Cidr;
}

function destinations(route: Route, prefixLists: ReadonlyMap<string, readonly string[]>): Cidr[] {
  if (route.cidr) {
    const c = parseCidr(route.cidr);
    return c && c.family === "ipv4" ? [c] : [];
  }
  const entries = route.prefixListId ? (prefixLists.get(route.prefixListId) ?? []) : [];
  return entries.map((e) => parseCidr(e)).filter((c): c is Cidr => c?.family === "ipv4");
}

function better(a: RouteMatch, b: RouteMatch): boolean {
  if (a.destination.prefix !== b.destination.prefix)
    return a.destination.prefix > b.destination.prefix;
  const aCidr = a.route.cidr !== undefined;
  const bCidr = b.route.cidr !== undefined;
  if (aCidr !== bCidr) return aCidr;
  return !a.route.propagated && b.route.propagated;
}

/** The route the table uses for an IPv4 address, if any. */
export function routeFor(
  table: RouteTable,
  ip: string,
  prefixLists: ReadonlyMap<string, readonly string[]>,
): RouteMatch | undefined {
  let best: RouteMatch | undefined;
  for (const route of table.routes) {
    for (const destination of destinations(route, prefixLists)) {
      if (!cidrContains(destination, ip)) continue;
      const m = { route, destination };
      if (!best || better(m, best)) best = m;
    }
  }
  return best;
}

export interface CidrCoverage {
  /** The route used for the block's first address. */
  readonly match?: RouteMatch;
  /** The matching route covers the whole block (its prefix is not longer than the block's). */
  readonly whole: boolean;
  /** More specific routes inside the block that send part of it elsewhere. */
  readonly shadowing: readonly RouteMatch[];
}

/** How a table routes a whole block (a peer's Pod CIDR): one route, and nothing carved out of it. */
export function routeForCidr(
  table: RouteTable,
  block: Cidr,
  prefixLists: ReadonlyMap<string, readonly string[]>,
): CidrCoverage {
  const match = routeFor(table, networkAddress(block), prefixLists);
  const shadowing: RouteMatch[] = [];
  for (const route of table.routes) {
    for (const destination of destinations(route, prefixLists)) {
      const inside = destination.prefix > block.prefix && cidrsOverlap(destination, block);
      const elsewhere = !match || route.target.id !== match.route.target.id;
      if (inside && elsewhere) shadowing.push({ route, destination });
    }
  }
  return {
    ...(match ? { match } : {}),
    whole: !!match && match.destination.prefix <= block.prefix,
    shadowing,
  };
}

export function describeTarget(route: Route): string {
  return route.target.kind === "local" ? "local" : route.target.id;
}
