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

export function peeringsBetween(all: readonly Peering[], vpcA: string, vpcB: string): Peering[] {
  return all.filter(
    (p) =>
      (p.requester.vpcId === vpcA && p.accepter.vpcId === vpcB) ||
      (p.requester.vpcId === vpcB && p.accepter.vpcId === vpcA),
  );
}

/** The one peering that is not terminal (AWS allows one between two VPCs). */
export function livePeering(
  all: readonly Peering[],
  vpcA: string,
  vpcB: string,
): Peering | undefined {
  return peeringsBetween(all, vpcA, vpcB).find((p) => !isTerminal(p));
}
