import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse } from "yaml";
import type { DoctorDocument } from "../../src/report/doctor.js";
import { cleanEnv, runCli as runAny } from "../support/cli.js";

/** The Kubernetes side only: these tests have no AWS. */
const runCli: typeof runAny = (args, opts) => runAny([...args, "--no-aws"], opts);

import { clusterSetArgs, type RunningClusterSet, startClusterSet } from "../support/harness.js";
import { startKubeApiServer } from "../support/kube-api-server.js";
import { writeKubeconfig } from "../support/kubeconfig.js";
import {
  BROKEN_FINDINGS,
  brokenScenario,
  clusterOptions,
  healthyScenario,
  patchObjects,
} from "../support/scenarios.js";
import { testCA } from "../support/tls.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI colour escapes is the point
const ANSI = /\u001b\[/;

function failing(doc: DoctorDocument): string[] {
  return doc.checks
    .filter((c) => c.status === "fail" || c.status === "warn")
    .map((c) => `${c.id} ${c.member}${c.peer ? `→${c.peer}` : ""}`)
    .sort();
}

describe("doctor against the test API servers (HTTPS, token auth)", () => {
  let healthy: RunningClusterSet;
  let broken: RunningClusterSet;
  before(async () => {
    healthy = await startClusterSet(healthyScenario());
    broken = await startClusterSet(brokenScenario(), {
      extra: [{ context: "kind-dev", options: { objects: [] } }],
    });
  });
  after(async () => {
    await healthy.close();
    await broken.close();
  });

  it("gives the JSON document for --context a --context b -o json (exit 0)", async () => {
    const [west, east] = healthy.contexts;
    const res = await runCli([
      "doctor",
      "--kubeconfig",
      healthy.kubeconfig,
      "--context",
      west ?? "",
      "--context",
      east ?? "",
      "-o",
      "json",
    ]);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.stderr, "", "nothing on stderr when not on a terminal and not verbose");
    const doc = JSON.parse(res.stdout) as DoctorDocument;
    assert.deepEqual(Object.keys(doc), ["members", "checks", "summary", "skippedContexts", "aws"]);
    assert.deepEqual(doc.aws, { inspected: false, skipped: "AWS was not inspected (--no-aws)" });
    const [w, e] = doc.members;
    assert.ok(w && e);
    assert.deepEqual(
      {
        name: w.name,
        context: w.context,
        clusterID: w.clusterID,
        region: w.region,
        serviceCIDR: w.serviceCIDR,
        podCIDRs: w.podCIDRs,
        tunnel: w.tunnel,
      },
      {
        name: "west",
        context: "arn:aws:eks:us-west-2:123456789012:cluster/west",
        clusterID: "west",
        region: "us-west-2",
        serviceCIDR: "10.96.0.0/16",
        podCIDRs: ["10.10.0.0/16"],
        tunnel: {
          type: "geneve",
          protocol: "udp",
          ipProtocol: 17,
          port: 6081,
          tunnelPort: 6081,
          encryption: "none",
        },
      },
    );
    assert.equal(e.region, "us-east-1");
    const gw = w.gateways[0];
    assert.ok(gw);
    assert.deepEqual(
      {
        node: gw.node,
        active: gw.active,
        gatewayIP: gw.gatewayIP,
        internalIP: gw.internalIP,
        zone: gw.zone,
      },
      {
        node: "ip-10-10-12-34.us-west-2.compute.internal",
        active: true,
        gatewayIP: "10.10.12.34",
        internalIP: "10.10.12.34",
        zone: "us-west-2a",
      },
    );
    assert.match(gw.instanceId ?? "", /^i-0[0-9a-f]{16}$/);
    for (const k of [
      "networkInterfaceId",
      "subnetId",
      "routeTableId",
      "securityGroupIds",
      "networkAclId",
      "vpcId",
    ])
      assert.ok(k in gw, k);
    assert.equal(doc.summary.pass, doc.checks.length);
    assert.deepEqual(doc.summary, { pass: 33, fail: 0, warn: 0, unknown: 0, info: 0 });
    for (const c of doc.checks)
      assert.deepEqual(
        Object.keys(c).filter(
          (k) =>
            ![
              "id",
              "member",
              "peer",
              "status",
              "severity",
              "resource",
              "message",
              "remediation",
              "docs",
              "direction",
            ].includes(k),
        ),
        [],
      );
  });

  it("finds the members by probing every context, and names the faults (exit 1)", async () => {
    const res = await runCli(["doctor", "-o", "json"], {
      env: cleanEnv({ KUBECONFIG: broken.kubeconfig }),
    });
    assert.equal(res.code, 1, res.stderr);
    const doc = JSON.parse(res.stdout) as DoctorDocument;
    assert.deepEqual(
      doc.members.map((m) => m.name),
      ["west", "east"],
    );
    assert.deepEqual(doc.skippedContexts, [
      { context: "kind-dev", reason: "no member antrea-mc-controller Deployment" },
    ]);
    assert.deepEqual(failing(doc), BROKEN_FINDINGS);
    const mcNs = doc.checks.find((c) => c.id === "antrea.mc-namespace" && c.status === "fail");
    assert.equal(mcNs?.severity, "error");
    assert.equal(mcNs?.resource, "ConfigMap kube-system/antrea-config");
    // The runnable fix patches the whole file; the table's text names the line and `kubectl edit`.
    assert.match(
      mcNs?.remediation ?? "",
      /^kubectl --context arn:aws:eks:us-west-2:123456789012:cluster\/west -n kube-system patch configmap antrea-config --type merge -p '\{"data":\{"antrea-agent\.conf":/,
    );
    assert.match(
      mcNs?.remediationText ?? "",
      /^# {3}\+ {3}namespace: "kube-system"\nkubectl --context arn:aws:eks:us-west-2:123456789012:cluster\/west -n kube-system edit configmap antrea-config$/m,
    );
  });

  it("prints a readable table without colour when stdout is not a terminal", async () => {
    const res = await runCli([
      "doctor",
      "--kubeconfig",
      broken.kubeconfig,
      "--context",
      broken.contexts.join(","),
    ]);
    assert.equal(res.code, 1);
    assert.doesNotMatch(res.stdout, ANSI);
    assert.match(
      res.stdout,
      /^west {2}context arn:aws:eks:us-west-2:123456789012:cluster\/west · cluster ID west/m,
    );
    assert.match(
      res.stdout,
      /^ {2}✗ antrea\.mc-namespace +multicluster\.namespace is "antrea-multicluster"/m,
    );
    // The run's --kubeconfig is in its fixes: they read the same kubeconfig as printed.
    assert.match(res.stdout, /^ {6}fix: {4}kubectl --kubeconfig \S+ --context/m);
    assert.doesNotMatch(res.stdout, /^ +kubectl --context/m);
    assert.match(res.stdout, /^west ↔ east$/m);
    assert.match(res.stdout, /^ {2}✗ mc\.clusterinfo +east → west: /m);
    // An info finding has its own symbol and count: it is not a warning.
    assert.match(res.stdout, /^ {2}ℹ mc\.gateway-candidates +/m);
    assert.doesNotMatch(res.stdout, /\(info\)/);
    // The verdict comes first, with the counts (an info finding is not a warning: the one warning
    // is east's candidates in a managed node group).
    assert.match(
      res.stdout.split("\n").slice(0, 5).join("\n"),
      /^✗ Problems found \(exit 1\): 6 failed · 2 warnings · 1 info · 1 not evaluated · 23\s+passed$/m,
    );
  });

  it("colours only when asked to and not told otherwise", async () => {
    const args = [
      "doctor",
      "--kubeconfig",
      healthy.kubeconfig,
      "--context",
      healthy.contexts.join(","),
    ];
    assert.match((await runCli(args, { env: cleanEnv({ FORCE_COLOR: "1" }) })).stdout, ANSI);
    assert.doesNotMatch(
      (await runCli(args, { env: cleanEnv({ FORCE_COLOR: "1", NO_COLOR: "1" }) })).stdout,
      ANSI,
    );
    assert.doesNotMatch(
      (await runCli([...args, "--no-color"], { env: cleanEnv({ FORCE_COLOR: "1" }) })).stdout,
      ANSI,
    );
  });

  it("prints the same document as YAML", async () => {
    const args = [
      "doctor",
      "--kubeconfig",
      healthy.kubeconfig,
      "--context",
      healthy.contexts.join(","),
    ];
    const json = JSON.parse((await runCli([...args, "-o", "json"])).stdout);
    assert.deepEqual(parse((await runCli([...args, "-oyaml"])).stdout), json);
  });

  it("logs progress to stderr with -v, never to stdout", async () => {
    const res = await runCli(["doctor", "--kubeconfig", healthy.kubeconfig, "-v", "-o", "json"]);
    assert.equal(res.code, 0);
    assert.match(res.stderr, /Probing 2 context\(s\)/);
    assert.match(
      res.stderr,
      /^debug: arn:aws:eks:us-west-2:123456789012:cluster\/west: GET \/api\/v1\/nodes\?limit=500 → 200 \(\d+ ms\)$/m,
    );
    JSON.parse(res.stdout);
  });

  it("rejects bad usage with exit 2 and a one-line reason", async () => {
    const unknownCtx = await runCli([
      "doctor",
      "--kubeconfig",
      healthy.kubeconfig,
      "--context",
      "nope",
    ]);
    assert.equal(unknownCtx.code, 2);
    assert.match(
      unknownCtx.stderr,
      /^error: context "nope" not found in kubeconfig .* \(contexts: arn:aws:eks:us-west-2:123456789012:cluster\/west, arn:aws:eks:us-east-1:444455556666:cluster\/east\)$/m,
    );
    const flag = await runCli(["doctor", "--kubeconfig", healthy.kubeconfig, "--bogus"]);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /^error: unknown flag: --bogus$/m);
    const out = await runCli(["doctor", "--kubeconfig", healthy.kubeconfig, "-o", "xml"]);
    assert.equal(out.code, 2);
    const timeout = await runCli([
      "doctor",
      "--kubeconfig",
      healthy.kubeconfig,
      "--request-timeout",
      "soon",
    ]);
    assert.equal(timeout.code, 2);
    assert.match(timeout.stderr, /--request-timeout soon: not a duration/);
  });
});

describe("doctor when a member cannot be inspected (exit 3, the others still analysed)", () => {
  const cases: { name: string; start: () => Promise<RunningClusterSet>; expect: RegExp }[] = [
    {
      name: "an unreachable API server",
      start: () => startClusterSet(healthyScenario(), { unreachable: ["east"] }),
      expect:
        /the API server could not be reached: https:\/\/127\.0\.0\.1:\d+: connection refused \(ECONNREFUSED\)/,
    },
    {
      name: "a 403 on listing Pods",
      start: () =>
        startClusterSet(healthyScenario(), {
          overrides: { east: { forbidden: [{ resource: "pods" }] } },
        }),
      expect:
        /the API server refused \(403\) user kubernetes-admin: list pods \(v1\); allowed by an RBAC ClusterRole/,
    },
    {
      name: "an API server slower than --request-timeout",
      start: () => startClusterSet(healthyScenario(), { overrides: { east: { delayMs: 8000 } } }),
      expect: /timed out/,
    },
    {
      name: "a cluster without the Antrea Multi-cluster CRDs",
      start: () =>
        startClusterSet(healthyScenario(), {
          overrides: { east: { missingGroups: ["multicluster.crd.antrea.io"] } },
        }),
      expect:
        /does not serve clustersets\.multicluster\.crd\.antrea\.io, gateways\.multicluster\.crd\.antrea\.io, clusterinfoimports\.multicluster\.crd\.antrea\.io: the Antrea Multi-cluster CRDs/,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const cs = await c.start();
      try {
        const res = await runCli([
          "doctor",
          ...clusterSetArgs(cs),
          "-o",
          "json",
          "--request-timeout",
          "5s",
        ]);
        assert.equal(res.code, 3, res.stderr);
        const doc = JSON.parse(res.stdout) as DoctorDocument;
        const access = doc.checks.find((x) => x.id === "kube.access" && x.member === "east");
        assert.equal(access?.status, "fail");
        assert.match(access?.message ?? "", c.expect);
        assert.ok(
          doc.checks
            .filter((x) => x.member === "west" && !x.peer)
            .every((x) => x.status === "pass"),
          "west is still analysed",
        );
      } finally {
        await cs.close();
      }
    });
  }

  it("the table says once what an unreadable member's checks could not do; the JSON keeps each", async () => {
    const cs = await startClusterSet(healthyScenario(), { unreachable: ["east"] });
    try {
      const args = ["doctor", ...clusterSetArgs(cs), "--request-timeout", "5s"];
      const table = await runCli(args);
      assert.equal(table.code, 3, table.stderr);
      const reason = "not evaluated: east could not be inspected (see kube.access)";
      const lines = table.stdout.split("\n").filter((l) => l.includes(reason));
      // One line for east's own checks, one for the pair's.
      assert.equal(lines.length, 2, table.stdout);
      // "checks" for a member's own, "results" for the pair's (a directional check counts twice).
      for (const l of lines) assert.match(l, /^ {2}\? \d+ (?:checks|results) +not evaluated: east/);
      assert.doesNotMatch(table.stdout, /^ {2}\? antrea\.agent-config /m);
      assert.match(table.stdout, /^ {6}antrea\.agent-config, /m, "the IDs are listed under it");
      const doc = JSON.parse((await runCli([...args, "-o", "json"])).stdout) as DoctorDocument;
      const unknown = doc.checks.filter((x) => x.message === reason);
      assert.ok(unknown.length > 10, "each unknown result is in the JSON");
      const [own, pair] = lines.map((l) => Number(/(\d+) (?:checks|results)/.exec(l)?.[1]));
      assert.equal((own ?? 0) + (pair ?? 0), unknown.length);
    } finally {
      await cs.close();
    }
  });

  it("an API server that is slow but answers within --request-timeout: only slower", async () => {
    const cs = await startClusterSet(healthyScenario(), { overrides: { east: { delayMs: 300 } } });
    try {
      const res = await runCli([
        "doctor",
        ...clusterSetArgs(cs),
        "--no-aws",
        "-o",
        "json",
        "--request-timeout",
        "5s",
      ]);
      assert.equal(res.code, 0, res.stderr);
    } finally {
      await cs.close();
    }
  });

  it("no member among the contexts: the document all the same, the table says what to do; exit 3", async () => {
    const cs = await startClusterSet([], {
      extra: [
        { context: "kind-dev", options: { objects: [] } },
        { context: "kind-test", options: { objects: [] } },
      ],
    });
    try {
      const env = cleanEnv({ KUBECONFIG: cs.kubeconfig });
      const skipped = [
        { context: "kind-dev", reason: "no member antrea-mc-controller Deployment" },
        { context: "kind-test", reason: "no member antrea-mc-controller Deployment" },
      ];
      const json = await runCli(["doctor", "-o", "json"], { env });
      assert.equal(json.code, 3, json.stderr);
      const doc = JSON.parse(json.stdout) as DoctorDocument;
      assert.deepEqual(doc.members, []);
      assert.deepEqual(doc.checks, []);
      assert.deepEqual(doc.summary, { pass: 0, fail: 0, warn: 0, unknown: 0, info: 0 });
      assert.deepEqual(doc.skippedContexts, skipped);
      const yaml = await runCli(["doctor", "-o", "yaml"], { env });
      assert.equal(yaml.code, 3, yaml.stderr);
      assert.deepEqual((parse(yaml.stdout) as DoctorDocument).skippedContexts, skipped);
      const table = await runCli(["doctor"], { env });
      assert.equal(table.code, 3, table.stderr);
      const lines = table.stdout.split("\n");
      assert.match(lines[0] ?? "", /^No member found/);
      assert.ok(lines.includes("  - kind-dev: no member antrea-mc-controller Deployment"));
      assert.ok(lines.includes("  kubectl antrea-mc doctor --context NAME,NAME"));
      assert.ok(lines.includes("  kubectl antrea-mc doctor --snapshot examples/broken"));
      // Wrapped to 80 columns when stdout is not a terminal.
      for (const line of lines) assert.ok(line.length <= 80, line);
    } finally {
      await cs.close();
    }
    const half = await startClusterSet([], {
      extra: [
        { context: "kind-dev", options: { objects: [] } },
        { context: "kind-down", options: { objects: [] } },
      ],
      unreachable: ["kind-down"],
    });
    try {
      const table = await runCli(["doctor", "--request-timeout", "5s"], {
        env: cleanEnv({ KUBECONFIG: half.kubeconfig }),
      });
      assert.equal(table.code, 3, table.stderr);
      assert.match(
        table.stdout.replaceAll("\n  ", " "),
        /^No member found \(exit 3\): 1 context could not be probed, and the other runs no member antrea-mc-controller\.\n/,
      );
      assert.match(table.stdout, /^ {2}- kind-down: not reachable: /m);
    } finally {
      await half.close();
    }
  });

  it("an unreachable context found while probing: the verdict is incomplete", async () => {
    const cs = await startClusterSet(healthyScenario(), { unreachable: ["east"] });
    try {
      const res = await runCli([
        "doctor",
        "--kubeconfig",
        cs.kubeconfig,
        "-o",
        "json",
        "--request-timeout",
        "5s",
      ]);
      assert.equal(res.code, 3, res.stderr);
      const doc = JSON.parse(res.stdout) as DoctorDocument;
      assert.deepEqual(
        doc.members.map((m) => m.name),
        ["west"],
      );
      assert.equal(
        doc.skippedContexts[0]?.context,
        "arn:aws:eks:us-east-1:444455556666:cluster/east",
      );
      assert.match(doc.skippedContexts[0]?.reason ?? "", /^not reachable: .*ECONNREFUSED/);
      assert.ok(doc.checks.every((c) => c.status === "pass"));
    } finally {
      await cs.close();
    }
  });

  it("an exec credential plugin that fails or hangs: credentials refused, within the timeout", async () => {
    const server = await startKubeApiServer({
      ...clusterOptions(healthyScenario()[0] ?? ({} as never)),
      tls: testCA(),
    });
    const dir = mkdtempSync(join(tmpdir(), "antrea-mc-exec-"));
    const kubeconfig = writeKubeconfig(join(dir, "kubeconfig"), [
      {
        name: "failing",
        server: server.url,
        token: "",
        caData: testCA().caCert,
        exec: {
          command: "sh",
          args: ["-c", "echo 'Token has expired and refresh failed' >&2; exit 255"],
        },
      },
      {
        name: "hanging",
        server: server.url,
        token: "",
        caData: testCA().caCert,
        exec: { command: "sleep", args: ["30"] },
      },
    ]);
    try {
      const started = Date.now();
      const res = await runCli([
        "doctor",
        "--kubeconfig",
        kubeconfig,
        "--context",
        "failing,hanging",
        "-o",
        "json",
        "--request-timeout",
        "2s",
      ]);
      assert.ok(Date.now() - started < 15_000, "does not wait for the plugin");
      assert.equal(res.code, 3, res.stderr);
      const doc = JSON.parse(res.stdout) as DoctorDocument;
      const access = (m: string) =>
        doc.checks.find((c) => c.id === "kube.access" && c.member === m)?.message ?? "";
      assert.match(
        access("failing"),
        /^no request was sent: could not get credentials for context failing: exec credential plugin of user user-failing \(sh -c .*\) failed with exit code 255: Token has expired and refresh failed$/,
      );
      assert.match(
        access("hanging"),
        /could not get credentials for context hanging: exec credential plugin of user user-hanging \(sleep 30\) timed out after 2000 ms/,
      );
    } finally {
      await server.close();
    }
  });

  it("a malformed antrea-agent.conf is a finding, not a crash (exit 1)", async () => {
    const members = healthyScenario();
    const west = members[0];
    assert.ok(west);
    west.objects = patchObjects(west.objects, "ConfigMap", "antrea-config", (cm) => ({
      ...cm,
      data: { "antrea-agent.conf": "multicluster:\n  enableGateway: true\n\tnamespace: x\n" },
    }));
    const cs = await startClusterSet(members);
    try {
      const res = await runCli(["doctor", "--kubeconfig", cs.kubeconfig, "-o", "json"]);
      assert.equal(res.code, 1, res.stderr);
      const doc = JSON.parse(res.stdout) as DoctorDocument;
      const f = doc.checks.find((x) => x.id === "antrea.agent-config" && x.member === "west");
      assert.equal(f?.status, "fail");
      assert.match(
        f?.message ?? "",
        /ConfigMap kube-system\/antrea-config key antrea-agent\.conf does not parse: .*line 3/,
      );
      assert.equal(
        doc.checks.find((x) => x.id === "antrea.multicluster-gate" && x.member === "west")?.status,
        "unknown",
      );
    } finally {
      await cs.close();
    }
  });

  it("works against a plain-HTTP API server too", async () => {
    const cs = await startClusterSet(healthyScenario(), { tls: false });
    try {
      const res = await runCli(["doctor", "--kubeconfig", cs.kubeconfig, "-o", "json"]);
      assert.equal(res.code, 0, res.stderr);
    } finally {
      await cs.close();
    }
  });
});
