/**
 * verify's Pod paths end to end: the test API servers of two members whose Pods run for real in
 * the network namespaces of test/support/netns-clusters.ts (Gateways, Nodes, Pods, a VXLAN tunnel
 * between the Gateways) and whose Service export and import FakeMcs plays as Antrea does. Each
 * case ends with nothing of verify's left.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { VerifyDocument } from "../../src/report/verify.js";
import {
  captureIO,
  oursLeft,
  type PathWorld,
  pathWorld,
  probeProcessesLeft,
  verifyIn,
} from "../support/verify-world.js";

const ALL = ["verify.tunnel", "verify.service", "verify.pod-to-pod", "verify.mtu"];

async function worldFor(
  t: { after: (fn: () => Promise<void>) => void },
  opts?: Parameters<typeof pathWorld>[0],
): Promise<PathWorld> {
  const w = await pathWorld(opts);
  t.after(() => w.close());
  return w;
}

const doc = (text: string) => JSON.parse(text) as VerifyDocument;
const verdicts = (d: VerifyDocument) =>
  d.checks.map((r) => `${r.id} ${r.member}→${r.peer ?? ""} ${r.status}`);

async function clean(w: PathWorld) {
  assert.deepEqual(oursLeft(w), []);
  assert.deepEqual(await probeProcessesLeft(w), []);
}

describe("verify's Pod paths against the test API servers, Pods in network namespaces", {
  concurrency: 2,
}, () => {
  it("every probe crosses: exit 0, and nothing is left", async (t) => {
    const world = await worldFor(t);
    const c = captureIO();
    const code = await verifyIn(world, c, { only: ALL });
    const d = doc(c.stdout());
    assert.deepEqual(
      verdicts(d),
      [
        "verify.tunnel west→east pass",
        "verify.service west→east pass",
        "verify.pod-to-pod west→east pass",
        "verify.mtu west→east pass",
        "verify.tunnel east→west pass",
        "verify.service east→west pass",
        "verify.pod-to-pod east→west pass",
        "verify.mtu east→west pass",
      ],
      c.stdout(),
    );
    assert.equal(code, 0);
    await clean(world);
  });
});
