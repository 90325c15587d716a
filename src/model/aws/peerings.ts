/** VPC peering connections between two VPCs, among all those seen from the members' accounts. */
import type { Peering } from "./types.js";

/** States a peering does not come back from. */
export const TERMINAL_PEERING: readonly string[] = [
  "deleted",
  "rejected",
  "expired",
  "failed",
  "deleting",
];

export function isTerminal(p: Peering): boolean {
  return TERMINAL_PEERING.includes(p.status);
}

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Peerings by VPC pair, made once per list: checks ask for every pair of members. */
const indexes = new WeakMap<readonly Peering[], Map<string, Peering[]>>();

function indexOf(all: readonly Peering[]): Map<string, Peering[]> {
  let index = indexes.get(all);
  if (!index) {
    index = new Map();
    for (const p of all) {
      const key = pairKey(p.requester.vpcId, p.accepter.vpcId);
      index.set(key, [...(index.get(key) ?? []), p]);
    }
    indexes.set(all, index);
  }
  return index;
}

export function peeringsBetween(all: readonly Peering[], vpcA: string, vpcB: string): Peering[] {
  return [...(indexOf(all).get(pairKey(vpcA, vpcB)) ?? [])];
}

/** The peering two VPCs use: the live one, else the latest seen (what `show` reports). */
export function currentPeering(
  all: readonly Peering[],
  vpcA: string,
  vpcB: string,
): Peering | undefined {
  const found = peeringsBetween(all, vpcA, vpcB);
  return found.find((p) => !isTerminal(p)) ?? found.at(-1);
}

/** The one peering that is not terminal (AWS allows one between two VPCs). */
export function livePeering(
  all: readonly Peering[],
  vpcA: string,
  vpcB: string,
): Peering | undefined {
  return peeringsBetween(all, vpcA, vpcB).find((p) => !isTerminal(p));
}
