/**
 * verify end to end against the test API servers, whose probe Pods a kubelet runs for real in
 * network namespaces (test/support/netns-kubelet.ts): the verdicts, the refusals before anything
 * is made, timeouts, Ctrl-C in every phase — and after each, nothing of verify's left.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, it, type TestContext } from "node:test";
import { promisify } from "node:util";
import type { KubeObject } from "../../src/kube/types.js";
import type { VerifyDocument } from "../../src/report/verify.js";
import { ANNOTATION_EXPIRES, OURS } from "../../src/verify/manifests.js";
import { status } from "../support/fake-cluster.js";
import { eastSpec, scenario, westSpec } from "../support/scenarios.js";
import {
  assertClean,
  captureIO,
  closedAfter,
  docOf,
  oursLeft,
  RUN,
  verdictsOf,
  verifyIn,
  verifyWorld,
} from "../support/verify-world.js";

const worldFor = (t: TestContext, opts?: Parameters<typeof verifyWorld>[0]) =>
  closedAfter(t, () => verifyWorld(opts));
const doc = docOf;
const verdicts = verdictsOf;

describe("verify against the test API servers, probes run in network namespaces", {
  concurrency: 3,
}, () => {
  it("both directions seen: exit 0, and nothing is left", async (t) => {
    const world = await worldFor(t);
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
    // One name in every member, as an exported Service's import needs.
    assert.equal(d.probes.namespace, `antrea-mc-verify-${RUN}`);
    for (const server of world.cs.servers.values())
      assert.ok(server.cluster.writes.includes(`create namespaces antrea-mc-verify-${RUN}`));
    await clean(world);
  });

  const clean = assertClean;

  it("--candidates: every Gateway candidate observes and sends, one result per pair of them", async (t) => {
    const world = await worldFor(t);
    const c = captureIO();
    assert.equal(await verifyIn(world, c, { candidates: true }), 0);
    const d = doc(c.stdout());
    assert.equal(d.checks.length, 8);
    assert.ok(
      d.checks.every((r) => r.status === "pass" && /^Node \S+ → Node \S+$/.test(r.resource ?? "")),
    );
    await clean(world);
  });

  it("three members, one Gateway's observer never scheduled: the other directions still probed", async (t) => {
    const north = eastSpec({
      name: "north",
      region: "eu-west-1",
      accountId: "777788889999",
      serviceCIDR: "10.98.0.0/16",
      nodes: [
        { ip: "10.30.1.5", zone: "eu-west-1a" },
        { ip: "10.30.40.6", zone: "eu-west-1b" },
      ],
      mcConf: { podCIDRs: ["10.30.0.0/16"] },
    });
    const unschedulable: string[] = [];
    const world = await worldFor(t, {
      members: scenario([westSpec(), eastSpec(), north]),
      kubelet: { unschedulable, startDelayMs: 150 },
    });
    unschedulable.push(world.gateway.north ?? "");
    const c = captureIO();
    // Time enough for west's and east's captures on a loaded machine; north's never comes.
    assert.equal(await verifyIn(world, c, { probeTimeoutMs: 6000 }), 3);
    const d = doc(c.stdout());
    assert.deepEqual(verdicts(d), [
      "verify.tunnel west→east pass",
      "verify.tunnel west→north unknown",
      "verify.tunnel east→west pass",
      "verify.tunnel east→north unknown",
      "verify.tunnel north→west unknown",
      "verify.tunnel north→east unknown",
    ]);
    assert.match(d.checks[1]?.message ?? "", /nothing was captured on north's .*not scheduled/);
    assert.match(
      d.checks[4]?.message ?? "",
      /nothing was sent from north's Gateway .*not running within --timeout/,
    );
    await clean(world);
  });

  it("a namespace without its default ServiceAccount yet: the dry run waits for it", async (t) => {
    const born = new Map<string, number>();
    const noAccountYet = (o: KubeObject, plural: string) => {
      const ns = o.metadata?.namespace ?? "";
      if (plural === "namespaces") return undefined;
      if (!born.has(ns)) born.set(ns, Date.now());
      return Date.now() - (born.get(ns) ?? 0) < 400
        ? status(
            403,
            "Forbidden",
            `pods "${o.metadata?.generateName}" is forbidden: error looking up service account ${ns}/default: serviceaccount "default" not found`,
          )
        : undefined;
    };
    const world = await worldFor(t, { server: { admission: noAccountYet } });
    const c = captureIO();
    assert.equal(await verifyIn(world, c), 0, c.stdout());
    const writes = world.cs.servers.get("west")?.cluster.writes ?? [];
    assert.ok(writes.filter((w) => w.startsWith("dry-run create pods")).length === 2);
    await clean(world);
  });

  it("--namespace: the probes run in a namespace of the user's, which stays; only they go", async (t) => {
    const world = await worldFor(t);
    for (const m of world.members)
      m.objects.push({
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: "netcheck" },
        status: { phase: "Active" },
      });
    const c = captureIO();
    assert.equal(await verifyIn(world, c, { namespace: "netcheck" }), 0);
    for (const server of world.cs.servers.values()) {
      const writes = server.cluster.writes.map((w) => w.replace(/antrea-mc-\w+-\w+/g, "…"));
      assert.deepEqual(writes, [
        "dry-run create pods netcheck/…",
        "dry-run create pods netcheck/…",
        "create pods netcheck/…",
        "create pods netcheck/…",
        "delete pods netcheck/…",
        "delete pods netcheck/…",
      ]);
      assert.equal(
        server.cluster.stored("Namespace").filter((n) => n.metadata?.name === "netcheck").length,
        1,
      );
    }
    await clean(world);
  });

  it("dropped on the way east → west (as AWS would): not seen, the other way seen; exit 1", async (t) => {
    const world = await worldFor(t);
    const east = world.gateway.east ?? "";
    const nft = (...a: string[]) => world.kubelet.exec(east, ["nft", ...a]);
    await nft("add", "table", "netdev", "aws");
    await nft(
      "add",
      "chain",
      "netdev",
      "aws",
      "eg",
      "{ type filter hook egress device eth0 priority 0; }",
    );
    await nft("add", "rule", "netdev", "aws", "eg", "udp", "dport", "6081", "drop");
    const c = captureIO();
    const code = await verifyIn(world, c);
    const d = doc(c.stdout());
    assert.deepEqual(verdicts(d), ["verify.tunnel west→east pass", "verify.tunnel east→west fail"]);
    assert.equal(code, 1);
    const lost = d.checks[1] as VerifyDocument["checks"][number] & { doctor?: { status: string } };
    assert.match(lost.message, /sent 3 times and not seen at west's Gateway/);
    assert.match(lost.message, /AWS was not inspected/);
    assert.equal(lost.doctor?.status, "unknown");
    assert.match(lost.remediation ?? "", /debug node\/.* --profile=sysadmin/);
    await clean(world);
  });

  it("refused by the sending Node's own firewall: the sender says so; exit 1", async (t) => {
    const world = await worldFor(t);
    await world.kubelet.exec(world.gateway.west ?? "", [
      "iptables",
      "-A",
      "OUTPUT",
      "-p",
      "udp",
      "--dport",
      "6081",
      "-j",
      "DROP",
    ]);
    const c = captureIO();
    assert.equal(await verifyIn(world, c), 1);
    const d = doc(c.stdout());
    assert.deepEqual(verdicts(d), ["verify.tunnel west→east fail", "verify.tunnel east→west pass"]);
    assert.match(
      d.checks[0]?.message ?? "",
      /could not send .*Operation not permitted.*own firewall/,
    );
    await clean(world);
  });

  it("an image that cannot be pulled: not probed, said why; exit 3", async (t) => {
    const world = await worldFor(t);
    const c = captureIO();
    assert.equal(await verifyIn(world, c, { image: "antrea/toolbox:no-such-tag" }), 3);
    const d = doc(c.stdout());
    assert.deepEqual(
      verdicts(d),
      ["verify.tunnel west→east unknown", "verify.tunnel east→west unknown"],
      c.stdout(),
    );
    assert.match(d.checks[0]?.message ?? "", /ErrImagePull on Node .*antrea\/toolbox:no-such-tag/);
    await clean(world);
  });

  it("probes that never get scheduled: not probed once --timeout is over; exit 3", async (t) => {
    const unschedulable: string[] = [];
    const world = await worldFor(t, { kubelet: { unschedulable } });
    unschedulable.push(world.gateway.west ?? "");
    const c = captureIO();
    // The run ends once --timeout is over (how fast is for npm run bench, not a timed test).
    assert.equal(await verifyIn(world, c, { probeTimeoutMs: 1500 }), 3);
    const d = doc(c.stdout());
    assert.match(
      d.checks.find((r) => r.peer === "west")?.message ?? "",
      /not capturing within --timeout \(not scheduled: 0\/3 nodes/,
    );
    await clean(world);
  });

  it("a namespace stuck Terminating: reported with the command that shows why", async (t) => {
    const world = await worldFor(t, { server: { terminatingMs: Number.POSITIVE_INFINITY } });
    const c = captureIO();
    assert.equal(await verifyIn(world, c, { cleanupMs: 300 }), 0);
    const d = doc(c.stdout());
    assert.equal(d.probes.leftovers.length, 2);
    assert.match(d.probes.leftovers[0]?.what ?? "", /still Terminating/);
    assert.match(
      d.probes.leftovers[0]?.command ?? "",
      /^kubectl --kubeconfig \S+ --context \S+ get namespace antrea-mc-verify-\S+ -o jsonpath='\{\.status\.conditions\}'$/,
    );
    // Its Pods are gone; the namespace goes once its finalizer runs.
    assert.deepEqual(await world.kubelet.processes(), []);
    for (const server of world.cs.servers.values())
      for (const ns of server.cluster.stored("Namespace"))
        server.cluster.finishTerminating(ns.metadata?.name ?? "");
    await clean(world);
  });

  it("RBAC refuses to create Pods: one finding naming it, exit 3, nothing made", async (t) => {
    const world = await worldFor(t, {
      perMember: { east: { forbidden: [{ resource: "pods", verbs: ["create"] }] } },
    });
    const c = captureIO();
    assert.equal(await verifyIn(world, c), 3);
    const d = doc(c.stdout());
    assert.deepEqual(
      d.checks.map((r) => `${r.id} ${r.member} ${r.status}`),
      ["kube.access east fail"],
    );
    assert.match(
      d.checks[0]?.message ?? "",
      /verify may not create pods \(cluster-wide\): RBAC \(SelfSubjectAccessReview\) refused/,
    );
    assert.match(
      d.checks[0]?.remediation ?? "",
      /auth whoami[\s\S]*create clusterrolebinding antrea-mc-verify --clusterrole=antrea-mc-verify --user="\$user"/,
    );
    for (const server of world.cs.servers.values()) assert.deepEqual(server.cluster.writes, []);
    await clean(world);
  });

  it("admission refuses the probe Pods at the dry run: exit 3, the namespace made for it removed", async (t) => {
    const refuse = (o: KubeObject, plural: string) =>
      plural === "pods"
        ? status(
            403,
            "Forbidden",
            `pods "${o.metadata?.generateName}" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true)`,
          )
        : undefined;
    const world = await worldFor(t, { perMember: { west: { admission: refuse } } });
    const c = captureIO();
    assert.equal(await verifyIn(world, c), 3);
    const d = doc(c.stdout());
    assert.deepEqual(
      d.checks.map((r) => `${r.id} ${r.member}`),
      ["kube.access west"],
    );
    assert.match(
      d.checks[0]?.message ?? "",
      /admission \(server-side dry run\) refused: .*PodSecurity/,
    );
    const writes = world.cs.servers.get("west")?.cluster.writes ?? [];
    assert.deepEqual(
      writes.map((w) => w.replace(/antrea-mc-\S+/g, "…")),
      ["dry-run create namespaces …", "create namespaces …", "delete namespaces …"],
    );
    assert.ok(!writes.some((w) => /^create pods/.test(w)));
    await clean(world);
  });

  for (const [phase, trigger] of [
    ["checking access", { progress: /^Checking access/ }],
    ["with the namespaces made", { progress: /^Starting/ }],
    ["waiting for the observers", { start: "observer" }],
    ["waiting for the senders", { start: "sender" }],
  ] as const) {
    it(`Ctrl-C ${phase}: exit 130, everything removed`, async (t) => {
      const stop = new AbortController();
      const onStart = (pod: KubeObject) => {
        const labels = (pod.metadata?.labels ?? {}) as Record<string, string>;
        const role = labels["antrea-mc.antrea.io/probe"];
        if ("start" in trigger && role === trigger.start) stop.abort();
      };
      const world = await worldFor(t, { kubelet: { onStart } });
      const c = captureIO((line) => {
        if ("progress" in trigger && trigger.progress.test(line)) stop.abort();
      });
      assert.equal(await verifyIn(world, c, { signal: stop.signal }), 130);
      assert.equal(c.stdout(), "");
      assert.match(c.said.join("\n"), /every probe verify made was removed/);
      await clean(world);
    });
  }

  it("a re-run removes what an interrupted run left once its time is over, and no other", async (t) => {
    const ns = (name: string, expires: string): KubeObject => ({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name,
        labels: Object.fromEntries(OURS.split(",").map((kv) => kv.split("=") as [string, string])),
        annotations: { [ANNOTATION_EXPIRES]: expires },
      },
      status: { phase: "Active" },
    });
    const world = await worldFor(t);
    const west = world.members.find((m) => m.name === "west");
    west?.objects.push(
      ns("antrea-mc-verify-old", "2020-01-01T00:00:00.000Z"),
      ns("antrea-mc-verify-running", new Date(Date.now() + 600_000).toISOString()),
    );
    const c = captureIO();
    assert.equal(await verifyIn(world, c), 0);
    const said = c.said.join("\n");
    assert.match(
      said,
      /west: removed namespace antrea-mc-verify-old, left by an interrupted verify run/,
    );
    assert.match(said, /antrea-mc-verify-running belongs to a verify run that may still be going/);
    assert.deepEqual(oursLeft(world), ["west: Namespace antrea-mc-verify-running"]);
  });

  it("--keep leaves the probes, and the printed command removes them (run with kubectl)", async (t) => {
    const world = await worldFor(t);
    const c = captureIO();
    assert.equal(await verifyIn(world, c, { keep: true }), 0);
    const d = doc(c.stdout());
    assert.equal(d.probes.leftovers.length, 2);
    assert.equal(oursLeft(world).length, 2 + 4);
    for (const l of d.probes.leftovers) {
      assert.match(
        l.command,
        /^kubectl --kubeconfig \S+ --context \S+ delete namespace -l antrea-mc\.antrea\.io\/verify-run=5eed0018$/,
      );
      // Not execFileSync: the test API servers answer from this very process.
      await promisify(execFile)("sh", ["-c", l.command]);
    }
    await clean(world);
  });
});
