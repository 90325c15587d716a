/**
 * verify end to end against the test API servers, whose probe Pods a kubelet runs for real in
 * network namespaces (test/support/netns-kubelet.ts): the verdicts, the refusals before anything
 * is made, timeouts, Ctrl-C in every phase — and after each, nothing of verify's left.
 */
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import type { VerifyDocument } from "../../src/report/verify.js";
import {
  captureIO,
  oursLeft,
  RUN,
  type VerifyWorld,
  verifyIn,
  verifyWorld,
} from "../support/verify-world.js";

let world: VerifyWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const doc = (text: string) => JSON.parse(text) as VerifyDocument;
const verdicts = (d: VerifyDocument) =>
  d.checks.map((r) => `${r.id} ${r.member}→${r.peer ?? ""} ${r.status}`);

describe("verify against the test API servers, probes run in network namespaces", () => {
  it("both directions seen: exit 0, and nothing is left", async () => {
    world = await verifyWorld();
    const c = captureIO();
    const code = await verifyIn(world, c);
    const d = doc(c.stdout());
    assert.deepEqual(
      verdicts(d),
      ["verify.tunnel west→east pass", "verify.tunnel east→west pass"],
      c.stdout(),
    );
    assert.equal(code, 0, `${c.stdout()}\n${c.said.join("\n")}`);
    assert.match(d.checks[0]?.message ?? "", /3 of 3 packets seen from 10\.10\.12\.34/);
    assert.equal(d.probes.run, RUN);
    assert.deepEqual(oursLeft(world), []);
    assert.deepEqual(world.kubelet.processes(), []);
  });
});
