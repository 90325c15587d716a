/**
 * The README's first command is `npm ci`: npm must accept package.json with the lockfile.
 * It refuses, with a misleading "needs an existing package-lock.json", when an override of a
 * direct dependency differs from its spec (it happened: undici's override was ^7.16.0 while
 * the dependency became ^7.30.2). npm's own resolver is the oracle, on a copy of the two files,
 * so the working tree's node_modules is never touched; --offline: no tarball is needed.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";

const ROOT = new URL("../../", import.meta.url);
const run = promisify(execFile);

async function npmCiDryRun(packageJson: string): Promise<{ ok: boolean; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), "antrea-mc-lock-"));
  try {
    writeFileSync(join(dir, "package.json"), packageJson);
    copyFileSync(new URL("package-lock.json", ROOT), join(dir, "package-lock.json"));
    // --loglevel: under `npm run --silent` the environment says silent, and the reason would be lost.
    const args = [
      "ci",
      "--dry-run",
      "--offline",
      "--ignore-scripts",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
    ];
    const { stdout, stderr } = await run("npm", args, { cwd: dir });
    return { ok: true, output: stdout + stderr };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${err.stdout ?? ""}${err.stderr ?? ""}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("package.json and package-lock.json", () => {
  const own = readFileSync(new URL("package.json", ROOT), "utf8");

  it("npm ci accepts them", async () => {
    const { ok, output } = await npmCiDryRun(own);
    assert.ok(ok, output);
  });

  it("the check fails when an override contradicts a direct dependency", async () => {
    const pkg = JSON.parse(own) as {
      dependencies: Record<string, string>;
      overrides?: Record<string, string>;
    };
    const [name] = Object.keys(pkg.dependencies);
    assert.ok(name);
    pkg.overrides = { ...pkg.overrides, [name]: "0.0.1" };
    const { ok, output } = await npmCiDryRun(JSON.stringify(pkg));
    assert.equal(ok, false);
    assert.match(output, /EUSAGE|conflicts/);
  });
});
