/**
 * The leader through the CLI, on API test servers: found by the server URL the members'
 * ClusterSets name (however written), or by --leader-context; a leader that is also a member read
 * once; announce ages by the leader server's clock; no leader context (unknown, exit 0); and a
 * snapshot of a three-cluster world judged offline as live.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { KubeObject } from "../../src/kube/types.js";
import type { DoctorDocument } from "../../src/report/doctor.js";
import type { ShowDocument } from "../../src/report/show.js";
import { runCli as runAny } from "../support/cli.js";
import { leaderClusterObjects, SERVER_CLOCK } from "../support/fixtures/leader.js";
import { leadTo, type RunningClusterSet, startClusterSet } from "../support/harness.js";
import { eastSpec, scenario, westSpec } from "../support/scenarios.js";

/** The Kubernetes side only: these tests have no AWS. */
const runCli: typeof runAny = (args, opts) => runAny([...args, "--no-aws"], opts);

const HUB = "hub-admin";

const leaderResults = (doc: DoctorDocument) =>
  doc.checks.filter((c) => c.id === "mc.leader").map((c) => `${c.member} ${c.status}`);

describe("the leader: a cluster of its own, found by its server URL", () => {
  let cs: RunningClusterSet;
  let hubObjects: KubeObject[];
  let members: ReturnType<typeof scenario>;
  before(async () => {
    const specs = [westSpec({ leader: false }), eastSpec()];
    members = scenario(specs);
    hubObjects = leaderClusterObjects(specs);
    cs = await startClusterSet(members, {
      extra: [{ context: HUB, options: { objects: hubObjects, clock: SERVER_CLOCK } }],
    });
    // The members name the hub as an EKS endpoint would be written: upper case, :443, a slash.
    const hub = new URL(cs.servers.get(HUB)?.url ?? "");
    leadTo(members, `https://${hub.hostname.toUpperCase()}:${hub.port}/`);
  });
  after(() => cs.close());

  it("doctor reads it and passes (exit 0)", async () => {
    const res = await runCli(["doctor", "--kubeconfig", cs.kubeconfig, "-o", "json"]);
    assert.equal(res.code, 0, res.stderr + res.stdout);
    const doc = JSON.parse(res.stdout) as DoctorDocument;
    assert.deepEqual(leaderResults(doc), ["west pass", "east pass"]);
    assert.match(
      doc.checks.find((c) => c.id === "mc.leader" && c.member === "east")?.message ?? "",
      /^the leader \(context hub-admin\) says east: connected since .*, announce refreshed 5s before the leader's clock, 2 ResourceExport\(s\) converged, token east-member-token bound to east$/,
    );
    // The hub runs no member controller: probed, and not a member.
    assert.deepEqual(
      doc.skippedContexts.map((s) => s.context),
      [HUB],
    );
  });

  it("show says where the leader is and which members it lists", async () => {
    const res = await runCli(["show", "--kubeconfig", cs.kubeconfig, "-o", "json"]);
    assert.equal(res.code, 0, res.stderr);
    const { leader } = JSON.parse(res.stdout) as ShowDocument;
    assert.ok(leader.found);
    assert.equal(leader.context, HUB);
    assert.match(
      leader.foundBy,
      /^its server https:\/\/127\.0\.0\.1:\d+ is the members' leader server$/,
    );
    assert.equal(leader.member, null);
    assert.equal(leader.namespace, "antrea-multicluster");
    assert.equal(leader.controllerVersion, "v2.7.0");
    assert.deepEqual(
      leader.members.map((m) => [m.clusterID, m.member, m.connected, m.announceAgeSeconds]),
      [
        ["west", "west", "True", 5],
        ["east", "east", "True", 5],
      ],
    );
    const table = await runCli(["show", "--kubeconfig", cs.kubeconfig]);
    assert.match(table.stdout, /^Leader hub-admin$/m);
    assert.match(table.stdout, /^ {2}CLUSTER ID +MEMBER +CONNECTED +SINCE +ANNOUNCE AGE$/m);
  });

  it("a stale announce, by the hub's clock, fails (exit 1)", async () => {
    const announce = hubObjects.find((o) => o.metadata?.name === "member-announce-from-east");
    const annotations = announce?.metadata?.annotations as Record<string, string>;
    const was = annotations["touch-ts"] ?? "";
    annotations["touch-ts"] = "2026-11-28T09:55:00Z";
    try {
      const res = await runCli(["doctor", "--kubeconfig", cs.kubeconfig, "--only", "mc.leader"]);
      assert.equal(res.code, 1, res.stderr + res.stdout);
      assert.match(
        res.stdout.replace(/\s+/g, " "),
        /member-announce-from-east was last refreshed 5m 0s before 2026-11-28T10:00:00\.000Z \(the leader API server's clock, its Date header\)/,
      );
    } finally {
      annotations["touch-ts"] = was;
    }
  });

  it("collect stores the leader, and the snapshot is judged offline as live", async () => {
    const snap = join(mkdtempSync(join(tmpdir(), "antrea-mc-leader-")), "snap");
    const res = await runCli(["collect", "--kubeconfig", cs.kubeconfig, "--out", snap]);
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(readdirSync(join(snap, "clusters")).sort(), ["east", HUB, "west"]);
    assert.deepEqual(readdirSync(join(snap, "clusters", HUB)).sort(), [
      "deployments.json",
      "leader-clustersets.json",
      "memberclusterannounces.json",
      "resourceexports.json",
      "rolebindings.json",
      "serviceaccounts.json",
      "version.json",
    ]);
    const index = JSON.parse(readFileSync(join(snap, "snapshot.json"), "utf8"));
    assert.equal(index.leader.role, "leader");
    assert.equal(index.leader.context, HUB);
    assert.equal(index.leader.serverTime, "2026-11-28T10:00:00.000Z");
    assert.deepEqual(
      index.members.map((m: { role: string }) => m.role),
      ["member", "member"],
    );
    const live = await runCli(["doctor", "--kubeconfig", cs.kubeconfig, "-o", "json"]);
    const offline = await runCli(["doctor", "--snapshot", snap, "-o", "json"]);
    assert.equal(offline.code, live.code, offline.stderr);
    const verdicts = (out: string) =>
      (JSON.parse(out) as DoctorDocument).checks.map(
        (c) => `${c.id} ${c.member} ${c.status} ${c.message}`,
      );
    assert.deepEqual(verdicts(offline.stdout), verdicts(live.stdout));
    // The snapshot's leader is the one it was taken with.
    const other = await runCli(["doctor", "--snapshot", snap, "--leader-context", "west"]);
    assert.equal(other.code, 2);
    assert.match(
      other.stderr,
      /--leader-context west: snapshot .* holds the leader of context hub-admin/,
    );
  });
});

describe("the leader: also a member (the two-cluster layout)", () => {
  let cs: RunningClusterSet;
  before(async () => {
    // The harness points the members at west's server, as `antctl mc join` would.
    cs = await startClusterSet(scenario([westSpec(), eastSpec()]));
  });
  after(() => cs.close());

  it("is read once, through the member's context", async () => {
    const west = cs.servers.get("west");
    const before = west?.requests.length ?? 0;
    const res = await runCli(["doctor", "--kubeconfig", cs.kubeconfig, "-o", "json"]);
    assert.equal(res.code, 0, res.stderr + res.stdout);
    assert.deepEqual(leaderResults(JSON.parse(res.stdout)), ["west pass", "east pass"]);
    const asked = (west?.requests ?? []).slice(before).map((r) => r.replace(/\?.*/, ""));
    // Its version and Deployments are read once, for the member and the leader alike.
    assert.equal(asked.filter((r) => r === "GET /version").length, 1);
    assert.equal(asked.filter((r) => r === "GET /apis/apps/v1/deployments").length, 1);
    assert.equal(
      asked.filter((r) => r.endsWith("/namespaces/antrea-multicluster/memberclusterannounces"))
        .length,
      1,
    );
    const show = await runCli(["show", "--kubeconfig", cs.kubeconfig, "-o", "json"]);
    const { leader } = JSON.parse(show.stdout) as ShowDocument;
    assert.ok(leader.found);
    assert.equal(leader.member, "west");
  });
});

describe("no leader context", () => {
  let cs: RunningClusterSet;
  before(async () => {
    // The members name an EKS endpoint no context of the kubeconfig has.
    cs = await startClusterSet(scenario([westSpec(), eastSpec()]), { leaderServer: "as-written" });
  });
  after(() => cs.close());

  it("mc.leader is unknown with the flag that adds it, and doctor still passes (exit 0)", async () => {
    const res = await runCli(["doctor", "--kubeconfig", cs.kubeconfig]);
    assert.equal(res.code, 0, res.stderr + res.stdout);
    const text = res.stdout.replace(/\s+/g, " ");
    assert.match(
      text,
      /no kubeconfig context's cluster server is https:\/\/4f1e9b7c2a5d8e3f6b0c1d2e3f4a5b6c\.gr7\.us-west-2\.eks\.amazonaws\.com:443/,
    );
    assert.match(text, /--leader-context/);
  });

  it("--leader-context names it", async () => {
    const west = cs.contexts[0] ?? "";
    const res = await runCli([
      "doctor",
      "--kubeconfig",
      cs.kubeconfig,
      "--leader-context",
      west,
      "-o",
      "json",
    ]);
    assert.equal(res.code, 0, res.stderr + res.stdout);
    assert.deepEqual(leaderResults(JSON.parse(res.stdout)), ["west pass", "east pass"]);
  });

  it("an unknown --leader-context is bad usage (exit 2)", async () => {
    const res = await runCli(["doctor", "--kubeconfig", cs.kubeconfig, "--leader-context", "nope"]);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /--leader-context: context "nope" not found in kubeconfig/);
  });
});
