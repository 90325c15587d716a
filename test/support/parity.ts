/**
 * The kubeconfig parity harness: kubectl is the oracle. For each variant, the real kubectl reads
 * what doctor reads (`get nodes`, `-n kube-system get configmaps`; not /version, which answers
 * anonymously) and `kubectl antrea-mc doctor` runs, against test API servers. Each variant states
 * its outcome, and both tools must match it: a refusal must be the same refusal, and doctor must
 * say who refused (our client before sending, the network, TLS verification, 401, 403, a plugin).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { stringify } from "yaml";
import type { DoctorDocument } from "../../src/report/doctor.js";
import { CLI, type CliResult, cleanEnv, runCli, which } from "./cli.js";
import { type KubeApiServer, type ServerOptions, startKubeApiServer } from "./kube-api-server.js";
import { clusterOptions, healthyScenario } from "./scenarios.js";
import { type TestCA, testCA } from "./tls.js";

export const KUBECTL = which("kubectl");
const NODE = which("node");
/**
 * The directory of the real AWS CLI (`aws eks get-token` is an exec plugin of the variants), not
 * of a version manager's shim, which would need the developer's home.
 */
const AWS_CLI_DIR = execFileSync(
  "python3",
  ["-c", "import awscli, os, sys; print(os.path.dirname(sys.executable))"],
  { encoding: "utf8" },
).trim();
/**
 * A token of user "reader", who may not read ConfigMaps in kube-system unless impersonated with
 * group "configmap-readers".
 */
export const READER = "token-of-a-reader-without-configmaps";

export interface Servers {
  /** Plain HTTP, anonymous requests allowed (what `kubectl proxy` serves). */
  http: KubeApiServer;
  /** HTTPS (HTTP/2 and HTTP/1.1) with the test CA's certificates, tokens and client certificates. */
  https: KubeApiServer;
  ca: TestCA;
  /** A CA that signed nothing the servers show (PEM). */
  otherCa: string;
  /** The directory of the kubeconfig files and the variants' files. */
  root: string;
}

/** What kubectl and doctor both must do. */
export type Outcome =
  | { works: true }
  | {
      /** Which of kubectl's reads fail (403 on ConfigMaps: only the second). */
      kubectlFails: "both" | "configmaps";
      kubectl: RegExp;
      /** doctor's kube.access message. */
      doctor: RegExp;
      remediation?: RegExp;
    };

export interface Variant<X = object> {
  name: string;
  cluster: (s: Servers & X) => Record<string, unknown>;
  user: (s: Servers & X) => Record<string, unknown>;
  namespace?: string;
  /** Files beside the kubeconfig (relative names), written before the run. */
  files?: (s: Servers & X) => Record<string, string>;
  /**
   * Environment of both tools for this variant (proxies, trust stores): such a variant has a
   * doctor run of its own, as refusals do.
   */
  env?: (s: Servers & X) => Record<string, string>;
  expect: Outcome;
  /** More to assert once both tools ran (what a server saw). */
  check?: (s: Servers & X) => void;
}

export interface ParitySuite<X> {
  variants: Variant<X>[];
  /** Servers of the suite's own (a proxy, an identity provider), started after the API servers. */
  start?: (s: Servers) => Promise<X & { close(): Promise<void> }>;
  /** Options of the HTTPS API server beyond the harness's own. */
  https?: Partial<ServerOptions>;
}

/** Runs fn over items, at most `limit` at a time. */
async function pooled<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

interface Run {
  nodes: CliResult;
  configmaps: CliResult;
  /** A variant's own doctor run (the variants that work with no env of their own share one). */
  doctor: CliResult | undefined;
}

/** A variant's doctor run is shared with the others when it works and needs no environment. */
const shared = <X>(v: Variant<X>) => "works" in v.expect && !v.env;

/** The describe block of one parity suite: every variant a test of its own. */
export function paritySuite<X = object>(title: string, suite: ParitySuite<X>): void {
  const { variants } = suite;
  describe(title, () => {
    let servers: Servers & X;
    let own: { close(): Promise<void> } | undefined;
    const runs = new Map<Variant<X>, Run>();
    let allWorking: CliResult | undefined;

    before(async () => {
      assert.ok(KUBECTL, "kubectl is not on PATH: the parity suite needs the real kubectl");
      const ca = testCA();
      const options = clusterOptions(healthyScenario()[0] ?? assert.fail("no member"));
      const users = [
        {
          token: READER,
          user: "reader",
          forbidden: [{ resource: "configmaps", namespace: "kube-system" }],
          grantedGroups: ["configmap-readers"],
        },
      ];
      const [http, https] = await Promise.all([
        startKubeApiServer({ ...options, anonymous: true }),
        startKubeApiServer({
          ...options,
          tls: ca,
          clientCerts: true,
          namedCert: true,
          ...suite.https,
          users: [...users, ...(suite.https?.users ?? [])],
        }),
      ]);
      const root = mkdtempSync(join(tmpdir(), "antrea-mc-parity-"));
      const otherCa = join(root, "other-ca.crt");
      execFileSync(
        "openssl",
        ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
          .concat(["-days", "1", "-subj", "/CN=not the cluster CA", "-keyout", join(root, "k")])
          .concat(["-out", otherCa]),
        { stdio: "pipe" },
      );
      const base: Servers = { http, https, ca, otherCa: readFileSync(otherCa, "utf8"), root };
      own = await suite.start?.(base);
      servers = { ...base, ...own } as Servers & X;

      // As krew links it: the plugin on PATH beside node and kubectl.
      const bin = join(root, "bin");
      mkdirSync(bin);
      symlinkSync(CLI, join(bin, "kubectl-antrea_mc"));
      const PATH = [
        bin,
        dirname(NODE ?? "/usr/bin/node"),
        dirname(KUBECTL ?? ""),
        AWS_CLI_DIR,
        "/usr/bin",
        "/bin",
      ];
      // The working directory is not the kubeconfig's: relative paths must not resolve against it.
      const cwd = mkdtempSync(join(tmpdir(), "antrea-mc-cwd-"));
      // One home for the suite, as a user has: kubectl's discovery cache is shared by its runs.
      const home = cleanEnv({ PATH: PATH.join(":") });
      const envOf = (v?: Variant<X>) => ({ ...home, ...v?.env?.(servers) });
      const kubectl = (args: string[], v?: Variant<X>) =>
        runCli(args, { env: envOf(v), cwd, command: [KUBECTL ?? "kubectl"] });

      // Each variant its own context (v0, v1, …), cluster and user; the ones that work share one
      // kubeconfig, so that doctor reads them all in one run; every other has a file of its own.
      const entry = (v: Variant<X>) => {
        const i = variants.indexOf(v);
        return {
          cluster: { name: `c${i}`, cluster: v.cluster(servers) },
          user: { name: `u${i}`, user: v.user(servers) },
          context: {
            name: `v${i}`,
            context: {
              cluster: `c${i}`,
              user: `u${i}`,
              ...(v.namespace ? { namespace: v.namespace } : {}),
            },
          },
        };
      };
      const write = (name: string, some: Variant<X>[]) => {
        for (const v of some) {
          for (const [file, text] of Object.entries(v.files?.(servers) ?? {})) {
            mkdirSync(dirname(join(root, file)), { recursive: true });
            writeFileSync(join(root, file), text, { mode: 0o755 });
          }
        }
        const entries = some.map(entry);
        const path = join(root, name);
        writeFileSync(
          path,
          stringify({
            apiVersion: "v1",
            kind: "Config",
            clusters: entries.map((e) => e.cluster),
            users: entries.map((e) => e.user),
            contexts: entries.map((e) => e.context),
          }),
        );
        return path;
      };
      const working = variants.filter(shared);
      const worksFile = write("works.kubeconfig", working);
      const fileOf = new Map<Variant<X>, string>(
        variants.map((v, i) => [v, shared(v) ? worksFile : write(`v${i}.kubeconfig`, [v])]),
      );
      const at = (v: Variant<X>) => [
        "--kubeconfig",
        fileOf.get(v) ?? "",
        "--context",
        `v${variants.indexOf(v)}`,
      ];
      const doctor = (args: string[], v?: Variant<X>) =>
        kubectl(
          ["antrea-mc", "doctor", ...args, "--no-aws", "--request-timeout", "20s", "-o", "json"],
          v,
        );

      const [all] = await Promise.all([
        working.length > 0
          ? doctor([
              "--kubeconfig",
              worksFile,
              "--context",
              working.map((v) => `v${variants.indexOf(v)}`).join(","),
            ])
          : undefined,
        pooled(variants, 4, async (v) => {
          const [nodes, configmaps, alone] = await Promise.all([
            kubectl([...at(v), "get", "nodes", "--request-timeout=20s"], v),
            kubectl(
              [...at(v), "-n", "kube-system", "get", "configmaps", "--request-timeout=20s"],
              v,
            ),
            shared(v) ? undefined : doctor(at(v), v),
          ]);
          runs.set(v, { nodes, configmaps, doctor: alone });
        }),
      ]);
      allWorking = all;
    });
    after(() => Promise.all([servers?.http.close(), servers?.https.close(), own?.close()]));

    if (variants.some(shared)) {
      it("doctor reads every context that kubectl reads, in one run: a complete verdict", () => {
        const run = allWorking ?? assert.fail("not run");
        const doc = JSON.parse(run.stdout || "{}") as Partial<DoctorDocument>;
        assert.notEqual(run.code, 3, run.stderr);
        assert.equal(doc.members?.length, variants.filter(shared).length);
      });
    }

    for (const v of variants) {
      const outcome = v.expect;
      it(`${v.name}: ${"works" in outcome ? "works" : "refused"} for both`, () => {
        const run = runs.get(v) ?? assert.fail("not run");
        const doctor = run.doctor ?? allWorking ?? assert.fail("not run");
        const shown = `kubectl: ${run.nodes.stderr}${run.configmaps.stderr}\ndoctor: ${doctor.stderr}`;
        const doc = JSON.parse(doctor.stdout || "{}") as Partial<DoctorDocument>;
        const context = `v${variants.indexOf(v)}`;
        const access = doc.checks?.find((c) => c.id === "kube.access" && c.member === context);
        if ("works" in outcome) {
          assert.equal(run.nodes.code, 0, shown);
          assert.equal(run.configmaps.code, 0, shown);
          assert.match(run.nodes.stdout, /^ip-10-10-12-34\./m, shown);
          assert.match(run.configmaps.stdout, /antrea-config/, shown);
          assert.equal(access?.status, "pass", `${access?.message}\n${shown}`);
          v.check?.(servers);
          return;
        }
        assert.equal(run.configmaps.code, 1, shown);
        assert.equal(run.nodes.code, outcome.kubectlFails === "both" ? 1 : 0, shown);
        assert.match(`${run.nodes.stderr}${run.configmaps.stderr}`, outcome.kubectl);
        assert.equal(doctor.code, 3, shown);
        assert.equal(access?.status, "fail", shown);
        assert.match(access?.message ?? "", outcome.doctor);
        if (outcome.remediation) assert.match(access?.remediation ?? "", outcome.remediation);
        v.check?.(servers);
      });
    }
  });
}
