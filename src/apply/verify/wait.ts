/** Waiting in a verify run, and stopping when Ctrl-C aborts it. */

/** Ctrl-C: the run stops where it is and removes what it made. */
export class Interrupted extends Error {
  constructor() {
    super("interrupted");
  }
}

export function stopIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new Interrupted();
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  stopIfAborted(signal);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(new Interrupted());
    };
    signal.addEventListener("abort", stop, { once: true });
  });
}

/**
 * Looks at each item, side by side, until every one has an outcome: `look` gives one when the item
 * is settled, and must give one once `late` (the deadline has passed). Stops on Ctrl-C.
 */
export async function pollEach<K, V>(
  keys: readonly K[],
  look: (key: K, late: boolean) => Promise<V | undefined>,
  o: {
    readonly deadline: number;
    readonly now: () => number;
    readonly pollMs: number;
    readonly signal: AbortSignal;
    readonly waiting?: (left: number) => void;
  },
): Promise<Map<K, V>> {
  const out = new Map<K, V>();
  for (;;) {
    stopIfAborted(o.signal);
    const late = o.now() >= o.deadline;
    await Promise.all(
      keys
        .filter((k) => !out.has(k))
        .map(async (k) => {
          const v = await look(k, late);
          if (v !== undefined) out.set(k, v);
        }),
    );
    if (out.size >= keys.length || late) return out;
    o.waiting?.(keys.length - out.size);
    await sleep(o.pollMs, o.signal);
  }
}
