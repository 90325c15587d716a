/**
 * kubectl is the oracle: for each kubeconfig variant, the real kubectl reads what doctor reads
 * (`get nodes`, `-n kube-system get configmaps`; not /version, which answers anonymously) and
 * `kubectl antrea-mc doctor` runs, against one test API server per protocol. Each variant states
 * its outcome, and both tools must match it: a refusal must be the same refusal, and doctor must
 * say who refused (our client before sending, TLS verification, 401, 403).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { stringify } from "yaml";
import type { DoctorDocument } from "../../src/report/doctor.js";
import { CLI, type CliResult, cleanEnv, runCli, which } from "../support/cli.js";
import { type KubeApiServer, startKubeApiServer } from "../support/kube-api-server.js";
import { clusterOptions, healthyScenario } from "../support/scenarios.js";
import { NAMED_HOST, type TestCA, testCA } from "../support/tls.js";

const KUBECTL = which("kubectl");
const NODE = which("node");
const READER = "token-of-a-reader-without-configmaps";

interface Servers {
  http: KubeApiServer;
  https: KubeApiServer;
  ca: TestCA;
  /** A CA that signed nothing the servers show. */
  otherCa: string;
}

/** What kubectl and doctor both must do. */
type Outcome =
  | { works: true }
  | {
      /** Which of kubectl's reads fail (403 on ConfigMaps: only the second). */
      kubectlFails: "both" | "configmaps";
      kubectl: RegExp;
      /** doctor's kube.access message. */
      doctor: RegExp;
      remediation?: RegExp;
    };

interface Variant {
  name: string;
  cluster: (s: Servers) => Record<string, unknown>;
  user: (s: Servers) => Record<string, unknown>;
  namespace?: string;
  /** Files beside the kubeconfig (relative names), written before the run. */
  files?: (s: Servers) => Record<string, string>;
  expect: Outcome;
}

const b64 = (text: string) => Buffer.from(text).toString("base64");
const caData = (s: Servers) => ({ "certificate-authority-data": b64(s.ca.caCert) });
const token = (s: Servers) => ({ token: s.https.token });

const VARIANTS: Variant[] = [
  {
    name: "plain HTTP without credentials (kubectl proxy)",
    cluster: (s) => ({ server: s.http.url }),
    user: () => ({}),
    expect: { works: true },
  },
  {
    name: "certificate-authority file",
    cluster: (s) => ({ server: s.https.url, "certificate-authority": s.ca.caFile }),
    user: token,
    expect: { works: true },
  },
  {
    name: "certificate-authority-data",
    cluster: (s) => ({ server: s.https.url, ...caData(s) }),
    user: token,
    expect: { works: true },
  },
  {
    name: "insecure-skip-tls-verify",
    cluster: (s) => ({ server: s.https.url, "insecure-skip-tls-verify": true }),
    user: token,
    expect: { works: true },
  },
  {
    name: "tls-server-name: addressed by IP, certificate for a name",
    cluster: (s) => ({ server: s.https.url, ...caData(s), "tls-server-name": NAMED_HOST }),
    user: token,
    expect: { works: true },
  },
  {
    name: "client certificate and key files",
    files: (s) => ({ "client.crt": s.ca.clientCert, "client.key": s.ca.clientKey }),
    cluster: (s) => ({ server: s.https.url, ...caData(s) }),
    user: () => ({ "client-certificate": "client.crt", "client-key": "client.key" }),
    expect: { works: true },
  },
  {
    name: "client-certificate-data and client-key-data",
    cluster: (s) => ({ server: s.https.url, ...caData(s) }),
    user: (s) => ({
      "client-certificate-data": b64(s.ca.clientCert),
      "client-key-data": b64(s.ca.clientKey),
    }),
    expect: { works: true },
  },
  {
    name: "tokenFile (with the newline an editor leaves)",
    files: (s) => ({ token: `${s.https.token}\n` }),
    cluster: (s) => ({ server: s.https.url, ...caData(s) }),
    user: () => ({ tokenFile: "token" }),
    expect: { works: true },
  },
  {
    name: "relative paths resolved against the kubeconfig's own directory",
    files: (s) => ({ "pki/ca.crt": s.ca.caCert, "pki/token": s.https.token }),
    cluster: (s) => ({ server: s.https.url, "certificate-authority": "pki/ca.crt" }),
    user: () => ({ tokenFile: "pki/token" }),
    expect: { works: true },
  },
  {
    name: "a context with a namespace",
    namespace: "antrea-multicluster",
    cluster: (s) => ({ server: s.https.url, ...caData(s) }),
    user: token,
    expect: { works: true },
  },
  {
    name: "wrong CA: TLS verification refuses the server",
    cluster: (s) => ({ server: s.https.url, "certificate-authority-data": b64(s.otherCa) }),
    user: token,
    expect: {
      kubectlFails: "both",
      kubectl: /certificate signed by unknown authority/,
      doctor:
        /^our client refused the API server's certificate: https:\/\/127\.0\.0\.1:\d+: it is not signed by the certificate-authority of the kubeconfig/,
    },
  },
  {
    name: "tls-server-name the certificate is not for",
    cluster: (s) => ({ server: s.https.url, ...caData(s), "tls-server-name": "elsewhere.test" }),
    user: token,
    expect: {
      kubectlFails: "both",
      kubectl: /certificate is valid for .*not elsewhere\.test/,
      doctor:
        /^our client refused the API server's certificate: https:\/\/127\.0\.0\.1:\d+: it is not for elsewhere\.test/,
    },
  },
  {
    name: "wrong token: 401",
    cluster: (s) => ({ server: s.https.url, ...caData(s) }),
    user: () => ({ token: "not-a-token-the-server-knows" }),
    expect: {
      kubectlFails: "both",
      kubectl: /You must be logged in to the server \(Unauthorized\)/,
      doctor: /^the API server refused the credentials \(401 Unauthorized\)/,
    },
  },
  {
    name: "a token without RBAC for ConfigMaps: 403",
    cluster: (s) => ({ server: s.https.url, ...caData(s) }),
    user: () => ({ token: READER }),
    expect: {
      kubectlFails: "configmaps",
      kubectl: /configmaps is forbidden: User "reader" cannot list resource "configmaps"/,
      doctor:
        /^the API server refused \(403\) user reader: get configmaps antrea-\S+ in namespace kube-system; allowed by an RBAC Role in kube-system with apiGroups: \[""\], resources: \[configmaps\], verbs: \[get\]/,
      remediation: /auth can-i get configmaps -n kube-system/,
    },
  },
  {
    name: "a certificate-authority file that does not exist: refused before sending",
    cluster: (s) => ({ server: s.https.url, "certificate-authority": "missing-ca.crt" }),
    user: token,
    expect: {
      kubectlFails: "both",
      kubectl: /unable to read certificate-authority .*missing-ca\.crt/,
      doctor:
        /^no request was sent: .*certificate-authority .*missing-ca\.crt.*cannot be read \(ENOENT\); kubectl refuses it too/,
    },
  },
  {
    name: "a tokenFile that does not exist: refused before sending",
    cluster: (s) => ({ server: s.https.url, ...caData(s) }),
    user: () => ({ tokenFile: "missing-token" }),
    expect: {
      kubectlFails: "both",
      kubectl: /missing-token: no such file or directory/,
      doctor:
        /^no request was sent: .*tokenFile .*missing-token of user u\d+ in the kubeconfig cannot be read \(ENOENT\); kubectl refuses it too/,
    },
  },
];

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
  /** A refusal's own doctor run (the variants that work are read by one run together). */
  doctor: CliResult | undefined;
}

describe("kubeconfig variants: kubectl and doctor agree", () => {
  let servers: Servers;
  const runs = new Map<Variant, Run>();
  let allWorking: CliResult;

  before(async () => {
    assert.ok(KUBECTL, "kubectl is not on PATH: the parity suite needs the real kubectl");
    const ca = testCA();
    const options = clusterOptions(healthyScenario()[0] ?? assert.fail("no member"));
    const users = [
      {
        token: READER,
        user: "reader",
        forbidden: [{ resource: "configmaps", namespace: "kube-system" }],
      },
    ];
    const [http, https] = await Promise.all([
      startKubeApiServer({ ...options, anonymous: true }),
      startKubeApiServer({ ...options, tls: ca, clientCerts: true, namedCert: true, users }),
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
    servers = { http, https, ca, otherCa: execFileSync("cat", [otherCa], { encoding: "utf8" }) };

    // As krew links it: the plugin on PATH beside node and kubectl.
    const bin = join(root, "bin");
    mkdirSync(bin);
    symlinkSync(CLI, join(bin, "kubectl-antrea_mc"));
    const PATH = [
      bin,
      dirname(NODE ?? "/usr/bin/node"),
      dirname(KUBECTL ?? ""),
      "/usr/bin",
      "/bin",
    ];
    const env = cleanEnv({ PATH: PATH.join(":") });
    // The working directory is not the kubeconfig's: relative paths must not resolve against it.
    const cwd = mkdtempSync(join(tmpdir(), "antrea-mc-cwd-"));
    const kubectl = (args: string[]) => runCli(args, { env, cwd, command: [KUBECTL ?? "kubectl"] });

    // Each variant its own context (v0, v1, …), cluster and user; the ones that work share one
    // kubeconfig, so that doctor reads them all in one run; each refusal has a file of its own.
    const entry = (v: Variant) => {
      const i = VARIANTS.indexOf(v);
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
    const write = (name: string, variants: Variant[]) => {
      for (const v of variants) {
        for (const [file, text] of Object.entries(v.files?.(servers) ?? {})) {
          mkdirSync(dirname(join(root, file)), { recursive: true });
          writeFileSync(join(root, file), text);
        }
      }
      const entries = variants.map(entry);
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
    const working = VARIANTS.filter((v) => "works" in v.expect);
    const worksFile = write("works.kubeconfig", working);
    const fileOf = new Map<Variant, string>(
      VARIANTS.map((v, i) => [v, "works" in v.expect ? worksFile : write(`v${i}.kubeconfig`, [v])]),
    );
    const at = (v: Variant) => [
      "--kubeconfig",
      fileOf.get(v) ?? "",
      "--context",
      `v${VARIANTS.indexOf(v)}`,
    ];
    const doctor = (args: string[]) =>
      kubectl(["antrea-mc", "doctor", ...args, "--no-aws", "-o", "json"]);

    const [all] = await Promise.all([
      doctor([
        "--kubeconfig",
        worksFile,
        "--context",
        working.map((v) => `v${VARIANTS.indexOf(v)}`).join(","),
      ]),
      pooled(VARIANTS, 4, async (v) => {
        const [nodes, configmaps, refused] = await Promise.all([
          kubectl([...at(v), "get", "nodes", "--request-timeout=5s"]),
          kubectl([...at(v), "-n", "kube-system", "get", "configmaps", "--request-timeout=5s"]),
          "works" in v.expect ? undefined : doctor(at(v)),
        ]);
        runs.set(v, { nodes, configmaps, doctor: refused });
      }),
    ]);
    allWorking = all;
  });
  after(() => Promise.all([servers?.http.close(), servers?.https.close()]));

  it("doctor reads every context that kubectl reads, in one run: a complete verdict", () => {
    const doc = JSON.parse(allWorking.stdout || "{}") as Partial<DoctorDocument>;
    assert.notEqual(allWorking.code, 3, allWorking.stderr);
    assert.equal(doc.members?.length, VARIANTS.filter((v) => "works" in v.expect).length);
  });

  for (const v of VARIANTS) {
    const outcome = v.expect;
    it(`${v.name}: ${"works" in outcome ? "works" : "refused"} for both`, () => {
      const run = runs.get(v) ?? assert.fail("not run");
      const doctor = run.doctor ?? allWorking;
      const shown = `kubectl: ${run.nodes.stderr}${run.configmaps.stderr}\ndoctor: ${doctor.stderr}`;
      const doc = JSON.parse(doctor.stdout || "{}") as Partial<DoctorDocument>;
      const context = `v${VARIANTS.indexOf(v)}`;
      const access = doc.checks?.find((c) => c.id === "kube.access" && c.member === context);
      if ("works" in outcome) {
        assert.equal(run.nodes.code, 0, shown);
        assert.equal(run.configmaps.code, 0, shown);
        assert.match(run.nodes.stdout, /^ip-10-10-12-34\./m, shown);
        assert.match(run.configmaps.stdout, /antrea-config/, shown);
        assert.equal(access?.status, "pass", `${access?.message}\n${shown}`);
        return;
      }
      assert.equal(run.configmaps.code, 1, shown);
      assert.equal(run.nodes.code, outcome.kubectlFails === "both" ? 1 : 0, shown);
      assert.match(`${run.nodes.stderr}${run.configmaps.stderr}`, outcome.kubectl);
      assert.equal(doctor.code, 3, shown);
      assert.equal(access?.status, "fail", shown);
      assert.match(access?.message ?? "", outcome.doctor);
      if (outcome.remediation) assert.match(access?.remediation ?? "", outcome.remediation);
    });
  }
});
