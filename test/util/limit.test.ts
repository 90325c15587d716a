/** The per-account-and-Region bound on calls in flight. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Limiter } from "../../src/util/limit.js";

const tick = () => new Promise((r) => setTimeout(r, 2));

describe("Limiter", () => {
  it("keeps at most max calls in flight per key, runs every call, keys apart", async () => {
    const limit = new Limiter(3);
    const peak = new Map<string, number>();
    const now = new Map<string, number>();
    const call = (key: string, i: number) =>
      limit.run(key, async () => {
        now.set(key, (now.get(key) ?? 0) + 1);
        peak.set(key, Math.max(peak.get(key) ?? 0, now.get(key) ?? 0));
        await tick();
        now.set(key, (now.get(key) ?? 0) - 1);
        if (i === 4) throw new Error("boom");
        return i;
      });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => call(i % 2 ? "a" : "b", i)),
    );
    assert.deepEqual(Object.fromEntries(peak), { a: 3, b: 3 });
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 19);
    // A failure frees its slot: the limiter is usable afterwards.
    assert.equal(await limit.run("b", async () => "after"), "after");
  });
});
