import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { DoctorDocument } from "../../src/report/doctor.js";
import type { ShowDocument } from "../../src/report/show.js";
import { cleanEnv, runCli as runAny } from "../support/cli.js";

/** The Kubernetes side only: these tests have no AWS. */
const runCli: typeof runAny = (args, opts) => runAny([...args, "--no-aws"], opts);

import { type RunningClusterSet, startClusterSet } from "../support/harness.js";
import { brokenScenario } from "../support/scenarios.js";

describe("collect, then doctor and show offline", () => {
  let cs: RunningClusterSet;
  let snap: string;
  before(async () => {
    cs = await startClusterSet(brokenScenario(), {
      overrides: { east: { forbidden: [{ resource: "servicecidrs.networking.k8s.io" }] } },
    });
    snap = join(mkdtempSync(join(tmpdir(), "antrea-mc-cli-")), "snap");
  });
  after(() => cs.close());

  it("writes the snapshot layout", async () => {
    const res = await runCli(["collect", "--kubeconfig", cs.kubeconfig, "--out", snap]);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^Wrote a snapshot of 2 member\(s\) \(west, east\) to /);
    assert.deepEqual(readdirSync(join(snap, "clusters")).sort(), ["east", "west"]);
    // west is also the leader: its leader files sit beside its member ones.
    assert.deepEqual(readdirSync(join(snap, "clusters/west")).sort(), [
      "clusterinfoimports.json",
      "clustersets.json",
      "configmaps.json",
      "daemonsets.json",
      "deployments.json",
      "gateways.json",
      "leader-clustersets.json",
      "memberclusterannounces.json",
      "nodepools.json",
      "nodes.json",
      "pods.json",
      "resourceexports.json",
      "rolebindings.json",
      "serviceaccounts.json",
      "servicecidrs.json",
      "version.json",
    ]);
    const index = JSON.parse(readFileSync(join(snap, "snapshot.json"), "utf8"));
    assert.equal(index.members[1].context, "arn:aws:eks:us-east-1:444455556666:cluster/east");
    assert.equal(index.members[1].region, "us-east-1");
    assert.equal(
      index.members[0].resources.configmaps.command,
      "kubectl get configmaps -n kube-system antrea-config antrea-mc-controller-config -o json",
    );
    const configmaps = JSON.parse(
      readFileSync(join(snap, "clusters/west/configmaps.json"), "utf8"),
    );
    assert.deepEqual(
      configmaps.items.map((c: { metadata: { name: string } }) => c.metadata.name),
      ["antrea-config", "antrea-mc-controller-config"],
    );
  });

  it("gives the same verdict offline as live", async () => {
    // KUBECONFIG, not --kubeconfig, whose path the live run's kubectl fixes would name.
    const live = await runCli(["doctor", "-o", "json"], {
      env: cleanEnv({ KUBECONFIG: cs.kubeconfig }),
    });
    const offline = await runCli(["doctor", "--snapshot", snap, "-o", "json"]);
    assert.equal(offline.code, live.code);
    assert.deepEqual(
      JSON.parse(offline.stdout) as DoctorDocument,
      JSON.parse(live.stdout) as DoctorDocument,
    );
  });

  it("selects members of a snapshot with --context", async () => {
    const res = await runCli([
      "doctor",
      "--snapshot",
      snap,
      "--context",
      "arn:aws:eks:us-west-2:123456789012:cluster/west",
      "-o",
      "json",
    ]);
    assert.deepEqual(
      (JSON.parse(res.stdout) as DoctorDocument).members.map((m) => m.name),
      ["west"],
    );
  });

  it("shows the topology, the same members as doctor", async () => {
    const show = await runCli(["show", "--snapshot", snap, "-o", "json"]);
    assert.equal(show.code, 0, show.stderr);
    const doctor = await runCli(["doctor", "--snapshot", snap, "-o", "json"]);
    assert.deepEqual(
      (JSON.parse(show.stdout) as ShowDocument).members,
      (JSON.parse(doctor.stdout) as DoctorDocument).members,
    );
    // Columns where they fit (160), a block per Gateway where they do not (80).
    const wide = await runCli(["show", "--snapshot", snap], { env: cleanEnv({ COLUMNS: "160" }) });
    assert.match(wide.stdout, /^ {2}Tunnel {8}vxlan \(UDP 4789\)$/m);
    assert.match(
      wide.stdout,
      /^ {2}ip-10-20-8-15\.ec2\.internal +yes +yes +True +10\.20\.8\.15 +10\.20\.8\.15 +i-0[0-9a-f]{16} +us-east-1a$/m,
    );
    const narrow = await runCli(["show", "--snapshot", snap], { env: cleanEnv({ COLUMNS: "80" }) });
    assert.match(
      narrow.stdout,
      /^ {2}ip-10-20-8-15\.ec2\.internal\n {6}active\u00a0yes · candidate\u00a0yes · ready\u00a0True · gateway\u00a0IP\u00a010\.20\.8\.15 ·\n/m,
    );
  });

  it("refuses to write into a non-empty directory (exit 2)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "antrea-mc-full-"));
    writeFileSync(join(dir, "keep"), "");
    const res = await runCli(["collect", "--kubeconfig", cs.kubeconfig, "--out", dir]);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /is not empty/);
  });

  it("warns and exits 3 when a read was refused; the snapshot records it", async () => {
    const refused = await startClusterSet(brokenScenario(), {
      overrides: { east: { forbidden: [{ resource: "pods" }] } },
    });
    try {
      const dir = join(mkdtempSync(join(tmpdir(), "antrea-mc-cli-")), "snap");
      const res = await runCli(["collect", "--kubeconfig", refused.kubeconfig, "--out", dir]);
      assert.equal(res.code, 3);
      assert.match(
        res.stderr,
        /^warning: not collected: east: list pods \(v1\): pods is forbidden/m,
      );
      const index = JSON.parse(readFileSync(join(dir, "snapshot.json"), "utf8"));
      assert.equal(index.members[1].resources.pods.error.kind, "forbidden");
      const offline = await runCli(["doctor", "--snapshot", dir, "-o", "json"]);
      assert.equal(offline.code, 3);
    } finally {
      await refused.close();
    }
  });
});
