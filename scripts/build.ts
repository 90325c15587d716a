/**
 * Builds dist/:
 *   kubectl-antrea_mc   executable entry (shebang, 755): a small CommonJS launcher
 *   lib/*.mjs           the program, bundled by esbuild with code splitting, so that the Kubernetes
 *                       and AWS SDKs sit in chunks loaded only by the commands that use them
 *   meta.json           esbuild's metafile (the lazy-loading test reads it)
 * Nothing outside dist/ is needed at run time: the same directory is what the krew archive holds.
 */
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { build } from "esbuild";
import { REPORTED_PACKAGES } from "../src/version.js";
import { noPackageSearch } from "./esbuild-plugins.js";

const root = new URL("../", import.meta.url).pathname;
const dist = join(root, "dist");

async function packageVersion(dir: string): Promise<string> {
  const pkg = JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

const LAUNCHER = `#!/usr/bin/env node
// kubectl-antrea_mc: kubectl finds this file on PATH as the "antrea-mc" plugin.
"use strict";
const major = Number(process.versions.node.split(".")[0]);
if (major < 20) {
  process.stderr.write("error: kubectl-antrea_mc needs Node.js 20 or newer (found " + process.version + ")\\n");
  process.exit(2);
}
const { join } = require("node:path");
const { pathToFileURL } = require("node:url");
import(pathToFileURL(join(__dirname, "lib", "main.mjs")).href).catch((err) => {
  process.stderr.write("error: " + (err && err.stack ? err.stack : err) + "\\n");
  process.exit(1);
});
`;

export async function buildDist(): Promise<void> {
  const sdks: Record<string, string> = {};
  for (const name of REPORTED_PACKAGES)
    sdks[name] = await packageVersion(join(root, "node_modules", name));
  const buildInfo = { version: await packageVersion(root), sdks };

  await rm(dist, { recursive: true, force: true });
  await mkdir(join(dist, "lib"), { recursive: true });
  const result = await build({
    entryPoints: { main: join(root, "src/main.ts") },
    outdir: join(dist, "lib"),
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // Prefer the SDKs' ES module builds: their CommonJS builds lose named exports under splitting.
    mainFields: ["module", "main"],
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: "none",
    metafile: true,
    plugins: [noPackageSearch],
    logLevel: "warning",
    define: { __BUILD_INFO__: JSON.stringify(buildInfo) },
    // Bundled CommonJS dependencies call require(); give the ES module chunks one.
    banner: {
      js: "import { createRequire as __antreaMcRequire } from 'node:module'; const require = __antreaMcRequire(import.meta.url);",
    },
  });
  await writeFile(join(dist, "meta.json"), JSON.stringify(result.metafile));
  await writeFile(join(dist, "package.json"), `${JSON.stringify({ type: "commonjs" })}\n`);
  const launcher = join(dist, "kubectl-antrea_mc");
  await writeFile(launcher, LAUNCHER);
  await chmod(launcher, 0o755);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildDist();
}
