/**
 * Which way a pair result's traffic goes, as the reports print it. The JSON's `member` is the side
 * whose resource is at fault; the traffic it blocks may come from the peer (an inbound rule), so
 * the arrow follows `direction` and says where it is blocked when that is the receiving side.
 */
import type { CheckResult } from "../checks/types.js";

/** The traffic's direction: `direction` when the check gives one, else member → peer. */
export function flowOf(r: CheckResult): { from: string; to: string } {
  return r.direction ?? { from: r.member, to: r.peer ?? "" };
}

/** "west → east", or "west → east (at east)" when east's own resource stops what west sends. */
export function arrowText(r: CheckResult): string {
  const { from, to } = flowOf(r);
  return `${from} → ${to}${r.member === to && r.direction ? ` (at ${to})` : ""}`;
}
