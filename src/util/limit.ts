/**
 * At most `max` calls at once per key. EC2 throttles per account and Region (token buckets, see
 * docs/performance.md); callers key by the credentials and Region a call goes out with.
 */
export class Limiter {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(readonly max: number) {}

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    if ((this.active.get(key) ?? 0) >= this.max) {
      await new Promise<void>((resolve) =>
        this.waiting.set(key, [...(this.waiting.get(key) ?? []), resolve]),
      );
    } else {
      this.active.set(key, (this.active.get(key) ?? 0) + 1);
    }
    try {
      return await fn();
    } finally {
      const next = this.waiting.get(key)?.shift();
      // The slot passes to the next caller as is; else it is freed.
      if (next) next();
      else this.active.set(key, (this.active.get(key) ?? 1) - 1);
    }
  }
}
