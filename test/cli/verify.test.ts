/**
 * verify, the real CLI (dist/: `npm run build` first) against the test API servers, whose probe
 * Pods a kubelet runs in network namespaces: a read-only cluster refused before anything is made
 * (exit 3), the table at 80 columns (the tunnel alone, and every probe), JUnit, and a real Ctrl-C
 * (SIGINT) while the probes run.
 */
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { visibleWidth } from "../../src/report/wrap.js";
import { cleanEnv, runCli } from "../support/cli.js";
import { clusterSetArgs } from "../support/harness.js";
import { junitCases, junitSchemaErrors, suiteAttributes } from "../support/junit-schema.js";
import {
  oursLeft,
  pathWorld,
  probeProcessesLeft,
  type VerifyWorld,
  verifyWorld,
} from "../support/verify-world.js";

let world: VerifyWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const env = () => cleanEnv({ COLUMNS: "80" });

describe("kubectl antrea-mc verify", () => {
  it("--only takes verify's probes only; --snapshot is not verify's: bad usage, exit 2", async () => {
    const only = await runCli(["verify", "--only", "aws.route"], { env: env() });
    assert.equal(only.code, 2);
    assert.match(
      only.stderr,
      /--only aws\.route: not a verify probe \(verify runs verify\.tunnel, verify\.service, verify\.pod-to-pod, verify\.mtu; doctor runs the other checks\)/,
    );
    const snap = await runCli(["verify", "--snapshot", "examples/broken"], { env: env() });
    assert.equal(snap.code, 2);
    assert.match(snap.stderr, /snapshot/);
  });

  it("a read-only cluster: exit 3 with the refusal, having made nothing", async () => {
    const readOnly = [
      { resource: "namespaces", verbs: ["create", "delete"] },
      { resource: "pods", verbs: ["create", "delete"] },
    ];
    world = await verifyWorld({ server: { forbidden: readOnly } });
    const res = await runCli(["verify", ...clusterSetArgs(world.cs), "--no-aws", "-o", "json"], {
      env: env(),
    });
    assert.equal(res.code, 3, res.stderr);
    const checks = (
      JSON.parse(res.stdout) as { checks: { id: string; member: string; message: string }[] }
    ).checks;
    assert.deepEqual(
      checks.map((c) => `${c.id} ${c.member}`),
      ["kube.access west", "kube.access east"],
    );
    assert.equal(
      checks[0]?.message,
      "verify may not create namespaces, delete namespaces, create pods, delete pods (cluster-wide): RBAC (SelfSubjectAccessReview) refused: not allowed. Nothing was left in the cluster.",
    );
    for (const server of world.cs.servers.values()) assert.deepEqual(server.cluster.writes, []);
    assert.deepEqual(oursLeft(world), []);
  });

  it("the table: the verdict first, every direction beside doctor's, lines fit 80 columns", async () => {
    world = await verifyWorld();
    await world.kubelet.exec(world.gateway.east ?? "", [
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
    const res = await runCli(
      ["verify", ...clusterSetArgs(world.cs), "--no-aws", "--only", "verify.tunnel"],
      { env: env() },
    );
    assert.equal(res.code, 1, res.stderr);
    const lines = res.stdout.split("\n");
    assert.match(lines[0] ?? "", /^✗ verify: the tunnel does not cross everywhere \(exit 1\)$/);
    assert.ok(
      lines.some((l) => /^ {2}west → east +✓ seen 3 of 3 +doctor \? *$/.test(l)),
      res.stdout,
    );
    assert.ok(
      lines.some((l) => /^ {2}east → west +✗ not seen/.test(l)),
      res.stdout,
    );
    assert.match(
      res.stdout,
      /could not\s+send geneve \(UDP 6081\) to 10\.10\.12\.34: sendto:\s+Operation not\s+permitted/,
    );
    assert.match(res.stdout, /A capture sees packets before the receiving Node's own firewall/);
    for (const l of lines)
      if (!/^\s*(kubectl |docs:|fix: +kubectl )/.test(l.trim() ? l : "x"))
        assert.ok(visibleWidth(l) <= 80, `wider than 80: ${l}`);
    assert.deepEqual(oursLeft(world), []);
  });

  it("every probe: a section each, the MTU's loss named, lines fit 80 columns", async () => {
    const paths = await pathWorld();
    world = paths;
    await paths.net.shAsync(
      "aws",
      "nft add table ip mtu; nft add chain ip mtu big '{ type filter hook forward priority filter; }'; nft add rule ip mtu big ip length gt 8500 drop",
    );
    const res = await runCli(["verify", ...clusterSetArgs(paths.cs), "--no-aws"], { env: env() });
    assert.equal(res.code, 1, res.stderr);
    const lines = res.stdout.split("\n");
    assert.match(lines[0] ?? "", /^✗ verify: traffic does not cross everywhere \(exit 1\)$/);
    for (const title of [
      /^Tunnel between the Gateways/,
      /^Exported Service, called by the member's Pod/,
      /^Pod to Pod by Pod IP/,
      /^Largest packet, Don't Fragment/,
    ])
      assert.ok(
        lines.some((l) => title.test(l)),
        `${title}\n${res.stdout}`,
      );
    assert.ok(
      lines.some((l) => /^ {2}west → east +✓ answered/.test(l)),
      res.stdout,
    );
    assert.ok(
      lines.some((l) => /^ {2}east → west +✗ too big/.test(l)),
      res.stdout,
    );
    assert.match(res.stdout, /The Pod-path probes cross the Gateways/);
    for (const l of lines)
      if (!/^\s*(kubectl |docs:|fix: +kubectl )/.test(l.trim() ? l : "x"))
        assert.ok(visibleWidth(l) <= 80, `wider than 80: ${l}`);
    assert.deepEqual(oursLeft(paths), []);
  });

  it("-o junit: valid, one test case per direction", async () => {
    world = await verifyWorld();
    const res = await runCli(
      ["verify", ...clusterSetArgs(world.cs), "--no-aws", "--only", "verify.tunnel", "-o", "junit"],
      { env: env() },
    );
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(await junitSchemaErrors(res.stdout), []);
    assert.equal(suiteAttributes(res.stdout).name, "kubectl antrea-mc verify");
    assert.deepEqual(
      junitCases(res.stdout).map((c) => `${c.classname} ${c.name} [${c.children.join(",")}]`),
      ["verify.tunnel west→east []", "verify.tunnel east→west []"],
    );
  });

  for (const [signal, code, said] of [
    ["SIGINT", 130, "interrupted"],
    ["SIGTERM", 143, "SIGTERM"],
  ] as const) {
    it(`${signal} while the observers start: the probes are removed, exit ${code}`, async () => {
      world = await verifyWorld();
      let sent = false;
      const args = ["verify", ...clusterSetArgs(world.cs), "--no-aws", "--only", "verify.tunnel"];
      const res = await runCli([...args, "-v"], {
        env: env(),
        onStderr: (stderr, send) => {
          if (!sent && /Starting 2 observer/.test(stderr)) {
            sent = true;
            send(signal);
          }
        },
      });
      assert.equal(res.code, code, res.stderr);
      assert.match(res.stderr, new RegExp(`${said}: removing the probes`));
      assert.match(res.stderr, /every probe verify made was removed/);
      assert.equal(res.stdout, "");
      assert.deepEqual(oursLeft(world), []);
      assert.deepEqual(await probeProcessesLeft(world), []);
    });
  }
});
