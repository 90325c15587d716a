/**
 * npm run release, end to end: two builds give the same bytes; the archives hold what krew can
 * install; the committed top-level plugin.yaml is the manifest of this build; installed with it
 * as krew installs them, the plugin runs through the real kubectl — the standalone binary with no
 * node anywhere on PATH, the Node bundle with node — including a live doctor run that loads the
 * SDKs (embedded in the bundle, a SEA asset in the binary).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runInNewContext } from "node:vm";
import { list } from "tar";
import { parse } from "yaml";
import { GUARD } from "../../scripts/release/bundle.js";
import { type KrewManifest, validateManifest } from "../../scripts/release/krew.js";
import { nodeRuntime } from "../../scripts/release/sea.js";
import { BINARY, release } from "../../scripts/release.js";
import { cleanEnv, runCli, which } from "../support/cli.js";
import { type RunningClusterSet, startClusterSet } from "../support/harness.js";
import { type Installed, krewInstall } from "../support/krew-install.js";
import { brokenScenario } from "../support/scenarios.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const CACHE = join(ROOT, "node_modules/.cache/antrea-mc-release");
const EXAMPLE = join(ROOT, "examples/broken");
const COMMITTED = join(ROOT, "plugin.yaml");

const kubectl = which("kubectl");

describe("npm run release", () => {
  // Every directory of this file under one, removed at the end: a run writes ~1 GB.
  const scratch = mkdtempSync(join(tmpdir(), "antrea-mc-release-test-"));
  const temp = (prefix: string) => mkdtempSync(join(scratch, prefix));
  const out = temp("antrea-mc-release-a-");
  let tag = "";
  let sdkChunks: string[] = [];
  let manifest = "";
  // Where this build writes the top-level copy (npm run release: the repository's plugin.yaml).
  const topLevel = join(temp("antrea-mc-top-"), "plugin.yaml");
  let cs: RunningClusterSet;
  before(async () => {
    ({ tag, sdkChunks } = await release(out, CACHE, topLevel));
    manifest = readFileSync(join(out, "plugin.yaml"), "utf8");
    cs = await startClusterSet(brokenScenario());
  });
  after(async () => {
    await cs?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** krew install --manifest=plugin.yaml (the committed one, as users do) into a fresh KREW_ROOT. */
  function install(os: string, arch: string): Installed {
    const root = temp("krew-root-");
    return krewInstall({
      manifest: readFileSync(COMMITTED, "utf8"),
      archiveFor: (uri) => join(out, uri.split("/").pop() ?? ""),
      os,
      arch,
      root,
    });
  }

  it("builds the same bytes twice", async () => {
    const again = temp("antrea-mc-release-b-");
    await release(again, CACHE);
    const sums = readFileSync(join(out, "SHA256SUMS"), "utf8");
    assert.equal(readFileSync(join(again, "SHA256SUMS"), "utf8"), sums);
    assert.deepEqual(
      sums
        .trim()
        .split("\n")
        .map((l) => l.slice(66)),
      [
        `kubectl-antrea-mc_${tag}.tar.gz`,
        `kubectl-antrea-mc_${tag}_linux_amd64.tar.gz`,
        `kubectl-antrea-mc_${tag}_linux_arm64.tar.gz`,
        "plugin.yaml",
      ],
    );
  });

  it("writes a manifest krew accepts, with the archives' sha256", () => {
    assert.deepEqual(validateManifest(manifest, "antrea-mc"), { errors: [], warnings: [] });
    const sums = new Map(
      readFileSync(join(out, "SHA256SUMS"), "utf8")
        .trim()
        .split("\n")
        .map((l) => [l.slice(66), l.slice(0, 64)]),
    );
    for (const p of (parse(manifest) as KrewManifest).spec?.platforms ?? [])
      assert.equal(p.sha256, sums.get((p.uri ?? "").split("/").pop() ?? ""), p.uri);
  });

  it("writes the top-level copy of the manifest, the same bytes as release/plugin.yaml", () => {
    assert.equal(readFileSync(topLevel, "utf8"), manifest);
  });

  it("the committed plugin.yaml is the manifest of this build (else: run `npm run release`)", () => {
    const stale =
      "plugin.yaml at the top level is not the manifest of this release build: " +
      "run `npm run release` and commit plugin.yaml";
    assert.ok(existsSync(COMMITTED), stale);
    assert.equal(readFileSync(COMMITTED, "utf8"), manifest, stale);
  });

  it("the committed plugin.yaml passes krew's rules and installs each archive (krew install --manifest=plugin.yaml --archive=…)", () => {
    assert.deepEqual(validateManifest(readFileSync(COMMITTED, "utf8"), "antrea-mc"), {
      errors: [],
      warnings: [],
    });
    // The real-kubectl runs below install linux/amd64 (and the bundle) with it too; an install
    // of the ~120 MB binary takes seconds, so it is done here only when they are skipped.
    const pairs = [
      ["linux", "arm64"],
      ["darwin", "arm64"],
      ...(kubectl ? [] : [["linux", "amd64"]]),
    ] as const;
    const installed = pairs.map(([os, arch]) => {
      const { platform, installDir, link } = install(os, arch);
      assert.equal(realpathSync(link), realpathSync(join(installDir, BINARY)));
      return [`${os}/${arch}`, (platform.uri ?? "").split("/").pop()];
    });
    assert.deepEqual(Object.fromEntries(installed), {
      "linux/arm64": `kubectl-antrea-mc_${tag}_linux_arm64.tar.gz`,
      "darwin/arm64": `kubectl-antrea-mc_${tag}.tar.gz`,
      ...(kubectl ? {} : { "linux/amd64": `kubectl-antrea-mc_${tag}_linux_amd64.tar.gz` }),
    });
  });

  it("archives only regular files, sorted, mtime 0, no owner, the binary 0755, LICENSE 0644", async () => {
    for (const name of [
      `kubectl-antrea-mc_${tag}.tar.gz`,
      `kubectl-antrea-mc_${tag}_linux_amd64.tar.gz`,
    ]) {
      const entries: string[] = [];
      await list({
        file: join(out, name),
        onReadEntry: (e) =>
          entries.push(
            `${e.type} ${e.path} ${(e.mode ?? 0).toString(8)} ${e.mtime?.getTime()} ${e.uid ?? 0}:${e.gid ?? 0} ${e.uname ?? ""}`,
          ),
      });
      assert.deepEqual(
        entries,
        ["File LICENSE 644 0 0:0 ", "File kubectl-antrea_mc 755 0 0:0 "],
        name,
      );
    }
  });

  it("makes the arm64 binary of the same Node with the same program", () => {
    const dir = temp("antrea-mc-arm64-");
    execFileSync("tar", [
      "-xzf",
      join(out, `kubectl-antrea-mc_${tag}_linux_arm64.tar.gz`),
      "-C",
      dir,
    ]);
    const bin = readFileSync(join(dir, "kubectl-antrea_mc"));
    assert.equal(bin.subarray(0, 4).toString("latin1"), "\x7fELF");
    assert.equal(bin.readUInt16LE(18), 0xb7, "e_machine is AArch64");
    assert.ok(
      bin.includes("NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1"),
      "the SEA fuse is set",
    );
    const x64 = join(temp("antrea-mc-amd64-"), "x");
    mkdirSync(x64);
    execFileSync("tar", [
      "-xzf",
      join(out, `kubectl-antrea-mc_${tag}_linux_amd64.tar.gz`),
      "-C",
      x64,
    ]);
    // The same blob (program + SDK asset) went into both.
    const blobOf = (b: Buffer) =>
      b.subarray(
        b.lastIndexOf("kubectl-antrea_mc.cjs") - 8,
        b.lastIndexOf("kubectl-antrea_mc.cjs") + 4096,
      );
    assert.ok(blobOf(bin).equals(blobOf(readFileSync(join(x64, "kubectl-antrea_mc")))));
  });

  /** A directory with kubectl (and optionally node) only: nothing else from the machine's PATH. */
  function toolDir(withNode: boolean): string {
    const dir = temp("antrea-mc-tools-");
    if (kubectl) symlinkSync(realpathSync(kubectl), join(dir, "kubectl"));
    if (withNode) symlinkSync(process.execPath, join(dir, "node"));
    return dir;
  }

  const cases = [
    {
      what: "the standalone binary (linux/amd64), no node on PATH",
      os: "linux",
      arch: "amd64",
      node: false,
      runtime: `Node.js v${"%RUNTIME%"}`,
    },
    {
      what: "the Node bundle (linux/ppc64le entry), node on PATH",
      os: "linux",
      arch: "ppc64le",
      node: true,
      runtime: `Node.js ${process.version}`,
    },
  ];
  for (const c of cases)
    it(`installs ${c.what} and runs it through the real kubectl`, async () => {
      assert.ok(kubectl, "kubectl is not on PATH: this test runs the real kubectl");
      const runtime = c.runtime.replace("%RUNTIME%", (await nodeRuntime(ROOT)).version);
      const bin = dirname(install(c.os, c.arch).link);
      const env = cleanEnv({ PATH: `${bin}:${toolDir(c.node)}`, KUBECONFIG: cs.kubeconfig });
      const k = (args: string[]) => runCli(args, { env, command: [kubectl ?? "kubectl"] });
      if (!c.node)
        assert.equal(
          (
            await runCli(["-c", "command -v node || echo none"], { env, command: ["/bin/sh"] })
          ).stdout.trim(),
          "none",
        );

      const plugins = await k(["plugin", "list", "--name-only"]);
      assert.equal(plugins.code, 0, plugins.stderr);
      assert.deepEqual(
        plugins.stdout.split("\n").filter((l) => l.startsWith("kubectl-")),
        ["kubectl-antrea_mc"],
      );
      const version = await k(["antrea-mc", "version"]);
      assert.equal(version.code, 0, version.stderr);
      assert.match(
        version.stdout,
        new RegExp(`^kubectl-antrea_mc ${tag} \\(${runtime.replace(/\./g, "\\.")}\\)`),
      );
      const help = await k(["antrea-mc", "--help"]);
      assert.match(help.stdout, /^Usage: kubectl antrea-mc <command> \[flags\]/);
      const snap = await k(["antrea-mc", "doctor", "--snapshot", EXAMPLE, "-o", "json"]);
      assert.equal(snap.code, 1, snap.stderr);
      assert.equal(snap.stderr, "");
      assert.ok(
        JSON.parse(snap.stdout).checks.some(
          (c: { id: string; status: string }) => c.id === "aws.route" && c.status === "fail",
        ),
      );
      if (c.node) {
        // The bundle compiles a lazy chunk when a command first imports it: none for --help,
        // none of the SDKs' for a snapshot, the Kubernetes client's for a live run.
        const trace = join(temp("antrea-mc-trace-"), "compiled");
        const traced = {
          ...env,
          ANTREA_MC_TRACE: trace,
          NODE_OPTIONS: `--require=${join(ROOT, "test/support/trace-chunks.cjs")}`,
        };
        const compiled = async (args: string[]) => {
          writeFileSync(trace, "");
          await runCli(["antrea-mc", ...args], { env: traced, command: [kubectl ?? "kubectl"] });
          return readFileSync(trace, "utf8")
            .split("\n")
            .filter(Boolean)
            .map((f) => f.replace("kubectl-antrea_mc/", ""));
        };
        assert.deepEqual(await compiled(["--help"]), []);
        const snapshot = await compiled(["doctor", "--snapshot", EXAMPLE]);
        assert.ok(snapshot.length > 0, "the trace works");
        assert.deepEqual(
          snapshot.filter((id) => sdkChunks.includes(id)),
          [],
        );
        const live = await compiled(["show", "--context", cs.contexts[0] ?? "", "--no-aws"]);
        assert.ok(
          live.some((id) => sdkChunks.includes(id)),
          `SDK chunks compiled: ${live.join(" ")}`,
        );
      }
      // Live: the Kubernetes SDK is loaded (from the embedded bundle, or the SEA asset).
      const live = await k([
        "antrea-mc",
        "doctor",
        "--context",
        cs.contexts.join(","),
        "--no-aws",
        "-o",
        "json",
      ]);
      assert.equal(live.code, 1, live.stderr);
      assert.equal(JSON.parse(live.stdout).members.length, 2);
      assert.doesNotMatch(live.stderr, /NodeDeprecationWarning|Warning/);
    });

  it("the bundle refuses an old Node with a plain message", () => {
    let written = "";
    let code: number | undefined;
    const fake = (v: string) => ({
      versions: { node: v.slice(1) },
      version: v,
      stderr: {
        write: (s: string) => {
          written += s;
        },
      },
      exit: (c: number) => {
        code = c;
        throw new Error("exit");
      },
    });
    assert.throws(() => runInNewContext(GUARD, { process: fake("v18.19.0") }), /exit/);
    assert.equal(code, 2);
    assert.match(
      written,
      /^error: kubectl-antrea_mc needs Node\.js 20 or newer as node on PATH \(found v18\.19\.0\)/,
    );
    code = undefined;
    runInNewContext(GUARD, { process: fake("v20.0.0") });
    assert.equal(code, undefined);
  });
});
