/**
 * verify's Pod paths end to end: the test API servers of two members whose Pods run for real in
 * the network namespaces of test/support/netns-clusters.ts (Gateways, Nodes, Pods, a VXLAN tunnel
 * between the Gateways) and whose Service export and import FakeMcs plays as Antrea does. Each
 * case ends with nothing of verify's left.
 */
import assert from "node:assert/strict";
import { describe, it, type TestContext } from "node:test";
import {
  assertClean,
  captureIO,
  closedAfter,
  docOf,
  pathWorld,
  verdictsOf,
  verifyIn,
} from "../support/verify-world.js";

const ALL = ["verify.tunnel", "verify.service", "verify.pod-to-pod", "verify.mtu"];

const worldFor = (t: TestContext, opts?: Parameters<typeof pathWorld>[0]) =>
  closedAfter(t, () => pathWorld(opts));
const doc = docOf;
const verdicts = verdictsOf;
const clean = assertClean;

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

  it("the peer Gateway's own firewall drops the tunnel (INPUT): the capture still sees it, the Service gets no answer — at or beyond the receiver's interface", async (t) => {
    const world = await worldFor(t);
    await world.net.shAsync("gwB", "iptables -A INPUT -p udp --dport 4789 -j DROP");
    const c = captureIO();
    // 3: with nothing answered, the MTU could not be judged.
    assert.equal(await verifyIn(world, c, { only: ALL }), 3);
    const d = doc(c.stdout());
    const west = d.checks.filter((r) => r.member === "west");
    assert.deepEqual(
      verdicts({ ...d, checks: west }),
      [
        "verify.tunnel west→east pass",
        "verify.service west→east fail",
        "verify.pod-to-pod west→east fail",
        "verify.mtu west→east unknown",
      ],
      c.stdout(),
    );
    const service = west[1];
    assert.match(
      service?.message ?? "",
      /got no answer from the imported Service antrea-mc-echo-5eed0018-east \(10\.96\.0\.100\).* so it was dropped at or beyond the receiver's interface: the Gateway's host firewall, OVS or Antrea/,
    );
    assert.match(
      service?.remediation ?? "",
      /logs "\$\(kubectl .*spec\.nodeName=ip-192-168-20-1\S* -o name\)" -c antrea-agent/,
    );
    await clean(world);
  });

  it("a path that drops packets above 8500 bytes: the Service answers, the Pod-MTU datagram is lost both ways", async (t) => {
    const world = await worldFor(t);
    await world.net.shAsync(
      "aws",
      "nft add table ip mtu; nft add chain ip mtu big '{ type filter hook forward priority filter; }'; nft add rule ip mtu big ip length gt 8500 drop",
    );
    const c = captureIO();
    assert.equal(await verifyIn(world, c, { only: ["verify.service", "verify.mtu"] }), 1);
    const d = doc(c.stdout());
    assert.deepEqual(verdicts(d), [
      "verify.service west→east pass",
      "verify.mtu west→east fail",
      "verify.service east→west pass",
      "verify.mtu east→west fail",
    ]);
    assert.match(
      d.checks[1]?.message ?? "",
      /a 8951-byte datagram with Don't Fragment was lost between west and east .* while a 100-byte one came back: the Pod MTU 8951 \(9001 \(the VPC CNI's MTU\) − 50 \(the tunnel's overhead\)\) does not fit the path/,
    );
    await clean(world);
  });

  it("the import never comes: not imported (the leader), the Pod path still probed; exit 3", async (t) => {
    const world = await worldFor(t, { mcs: { neverImport: true } });
    const c = captureIO();
    const code = await verifyIn(world, c, { only: ALL.slice(1), probeTimeoutMs: 2500 });
    const d = doc(c.stdout());
    assert.deepEqual(verdicts(d), [
      "verify.service west→east fail",
      "verify.pod-to-pod west→east pass",
      "verify.mtu west→east unknown",
      "verify.service east→west fail",
      "verify.pod-to-pod east→west pass",
      "verify.mtu east→west unknown",
    ]);
    assert.equal(code, 3);
    assert.match(
      d.checks[0]?.message ?? "",
      /east exported its echo Service, but west had not imported it .*mc\.leader/,
    );
    assert.ok(
      c.progress.some((l) =>
        /^Waiting for the exports and imports: 2 of 2 exported, 0 of 2 imported/.test(l),
      ),
      c.progress.join("\n"),
    );
    await clean(world);
  });

  it("the import comes late: waited for, then answered", async (t) => {
    const world = await worldFor(t, { mcs: { importDelayMs: 1500 } });
    const c = captureIO();
    assert.equal(await verifyIn(world, c, { only: ["verify.service"] }), 0, c.stdout());
    assert.ok(c.progress.some((l) => /^Waiting for the exports and imports/.test(l)));
    await clean(world);
  });

  it("the member refuses the export: not exported, in Antrea's words", async (t) => {
    const world = await worldFor(t, {
      mcs: {
        refuse: {
          reason: "ServiceNoClusterIP",
          message: "Service does not have a valid ClusterIP",
        },
      },
    });
    const c = captureIO();
    assert.equal(await verifyIn(world, c, { only: ["verify.service"], probeTimeoutMs: 2000 }), 1);
    const d = doc(c.stdout());
    assert.match(
      d.checks[0]?.message ?? "",
      /east did not export its echo Service: ServiceExport antrea-mc-verify-\w+\/echo-5eed0018-east is not valid: ServiceNoClusterIP: Service does not have a valid ClusterIP/,
    );
    await clean(world);
  });

  it("the member's controller never answers the export: not exported, with the controller's log", async (t) => {
    const world = await worldFor(t, { mcs: { silent: true } });
    const c = captureIO();
    assert.equal(await verifyIn(world, c, { only: ["verify.service"], probeTimeoutMs: 2000 }), 1);
    const d = doc(c.stdout());
    assert.match(
      d.checks[0]?.message ?? "",
      /east's antrea-mc-controller did not answer the ServiceExport/,
    );
    assert.match(
      d.checks[0]?.remediation ?? "",
      /logs deployment\/antrea-mc-controller --tail=300$/,
    );
    await clean(world);
  });

  it("an echo image that cannot be pulled: not probed, said why; exit 3", async (t) => {
    const world = await worldFor(t, { kubelet: { images: [] } });
    const c = captureIO();
    assert.equal(await verifyIn(world, c, { only: ["verify.service"], probeTimeoutMs: 2000 }), 3);
    const d = doc(c.stdout());
    assert.deepEqual(verdicts(d), [
      "verify.service west→east unknown",
      "verify.service east→west unknown",
    ]);
    assert.match(
      d.checks[0]?.message ?? "",
      /east's echo Pod did not get Ready: ErrImagePull on Node/,
    );
    await clean(world);
  });

  it("credentials without Services (an older ClusterRole): the tunnel still probed, the Pod paths refused as kube.access; exit 3", async (t) => {
    const world = await worldFor(t, {
      server: { forbidden: [{ resource: "services", verbs: ["create", "delete"] }] },
    });
    const c = captureIO();
    assert.equal(await verifyIn(world, c, { only: ALL }), 3);
    const d = doc(c.stdout());
    assert.deepEqual(verdicts(d), [
      "kube.access west→ fail",
      "kube.access east→ fail",
      "verify.tunnel west→east pass",
      "verify.service west→east unknown",
      "verify.pod-to-pod west→east unknown",
      "verify.mtu west→east unknown",
      "verify.tunnel east→west pass",
      "verify.service east→west unknown",
      "verify.pod-to-pod east→west unknown",
      "verify.mtu east→west unknown",
    ]);
    assert.match(d.checks[0]?.message ?? "", /^verify may not create services, delete services/);
    assert.match(
      d.checks[3]?.message ?? "",
      /^not probed: verify may not make their Services and ServiceExports in west, east \(kube\.access/,
    );
    await clean(world);
  });

  it("Pod-to-Pod off in the members: unknown (info) with the reason, the Service still probed; exit 0", async (t) => {
    const world = await worldFor(t, {
      edit: (s) => ({
        ...s,
        agentConf: { ...s.agentConf, "multicluster.enablePodToPodConnectivity": false },
      }),
    });
    const c = captureIO();
    // Nothing to probe is not a verdict left open: exit 0.
    assert.equal(await verifyIn(world, c, { only: ["verify.service", "verify.pod-to-pod"] }), 0);
    const d = doc(c.stdout());
    assert.deepEqual(verdicts(d), [
      "verify.service west→east pass",
      "verify.pod-to-pod west→east unknown",
      "verify.service east→west pass",
      "verify.pod-to-pod east→west unknown",
    ]);
    assert.match(d.checks[1]?.message ?? "", /not probed: Pod-to-Pod connectivity is off in west/);
    await clean(world);
  });

  it("--namespace: the Pods, Services and ServiceExports go, the imports with them; the namespace stays", async (t) => {
    const world = await worldFor(t);
    for (const server of world.cs.servers.values())
      server.cluster.put({
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: "netcheck" },
        status: { phase: "Active" },
      });
    const c = captureIO();
    assert.equal(
      await verifyIn(world, c, { only: ["verify.service"], namespace: "netcheck" }),
      0,
      c.stdout(),
    );
    for (const server of world.cs.servers.values()) {
      const deletes = server.cluster.writes.filter((w) => w.startsWith("delete")).sort();
      assert.deepEqual(
        deletes.map((w) => w.split(" ").slice(0, 2).join(" ")),
        ["delete pods", "delete pods", "delete serviceexports", "delete services"],
      );
      assert.equal(server.cluster.active("netcheck"), true);
    }
    await clean(world);
  });

  for (const [phase, progress, mcs] of [
    ["waiting for the imports", /^Waiting for the exports and imports/, { neverImport: true }],
    ["while the clients call", /^Calling the peers/, {}],
  ] as const) {
    it(`Ctrl-C ${phase}: exit 130, everything removed`, async (t) => {
      const stop = new AbortController();
      const world = await worldFor(t, { mcs });
      const c = captureIO((line) => {
        if (progress.test(line)) stop.abort();
      });
      assert.equal(await verifyIn(world, c, { only: ALL, signal: stop.signal }), 130);
      assert.equal(c.stdout(), "");
      assert.match(c.said.join("\n"), /every probe verify made was removed/);
      await clean(world);
    });
  }
});
