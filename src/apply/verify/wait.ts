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
