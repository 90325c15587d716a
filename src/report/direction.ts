/**
 * Which way a pair result's traffic goes, as the reports print it. The JSON's `member` is the side
 * whose resource is at fault; the traffic it blocks may come from the peer (an inbound rule), so
 * the arrow follows `direction` and says where it is blocked when that is the receiving side.
 */
import { CHECKS } from "../checks/registry.js";
import type { CheckResult } from "../checks/types.js";

/** Pair checks whose two directions are told apart (the others are about the pair as a whole). */
export const ORDERED: ReadonlySet<string> = new Set(
  CHECKS.filter((ch) => ch.scope === "pair" && ch.ordered).map((ch) => ch.id),
);

/** A check result, or an item setup leaves to the user (which carries the result's direction). */
type Directed = Pick<CheckResult, "member" | "peer" | "direction">;

/** The traffic's direction: `direction` when the check gives one, else member → peer. */
export function flowOf(r: Directed): { from: string; to: string } {
  return r.direction ?? { from: r.member, to: r.peer ?? "" };
}

/** "west → east", or "west → east (at east)" when east's own resource stops what west sends. */
export function arrowText(r: Directed): string {
  const { from, to } = flowOf(r);
  return `${from} → ${to}${r.member === to && r.direction ? ` (at ${to})` : ""}`;
}

/** A pair result or item: the traffic's arrow when its check is ordered, else "a ↔ b". */
export function pairText(r: Directed, ordered: boolean): string {
  return ordered ? arrowText(r) : `${r.member} ↔ ${r.peer}`;
}

/** Who a result or item is about: the member; the traffic's arrow; or "a ↔ b" for a whole pair. */
export function subjectText(
  r: Directed & { readonly check?: string; readonly id?: string },
): string {
  return r.peer ? pairText(r, ORDERED.has(r.check ?? r.id ?? "")) : r.member;
}
