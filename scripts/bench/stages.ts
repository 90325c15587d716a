/**
 * Sequential round-trip stages on the critical path of a run, measured from the servers' side:
 * the longest chain of requests each of which arrived after the previous one was answered. Wall
 * time is at least that many round trips; requests in flight together count once.
 */
export type Interval = readonly [start: number, end: number, label?: string];

export function longestChain(intervals: readonly Interval[]): number {
  return criticalChain(intervals).length;
}

/** One longest chain, first request first. */
export function criticalChain(intervals: readonly Interval[]): Interval[] {
  const byStart = [...intervals].sort((x, y) => x[0] - y[0]);
  const byEnd = byStart.map((iv, i) => ({ end: iv[1], i })).sort((x, y) => x.end - y.end);
  const depth = new Array<number>(byStart.length).fill(0);
  const before = new Array<number>(byStart.length).fill(-1);
  let best = 0; // longest chain among requests answered so far
  let bestAt = -1;
  let next = 0;
  for (const [j, [start]] of byStart.entries()) {
    // Every request answered by now started earlier, so its depth is known.
    while (next < byEnd.length && (byEnd[next]?.end ?? Infinity) <= start) {
      const i = byEnd[next]?.i ?? 0;
      if ((depth[i] ?? 0) > best) {
        best = depth[i] ?? 0;
        bestAt = i;
      }
      next++;
    }
    depth[j] = best + 1;
    before[j] = bestAt;
  }
  let at = depth.indexOf(Math.max(0, ...depth));
  const chain: Interval[] = [];
  for (; at >= 0 && byStart.length; at = before[at] ?? -1) {
    const iv = byStart[at];
    if (iv) chain.unshift(iv);
  }
  return chain;
}
