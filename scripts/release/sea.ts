/**
 * Standalone Linux binaries: Node single executable applications of the release bundle, made from
 * the LTS Node binaries of the npm registry (pinned in node-runtime.json, integrity checked).
 * The program and its lazy chunks (assets) form one blob that serves both architectures: it is made without
 * the V8 code cache, which would be platform-specific and, measured here, differs between two
 * builds (hash seed) while saving only ~10 ms. The blob is made by the amd64 binary of the same
 * version, so building needs a linux/amd64 machine.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFile, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { arch, platform } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { extract } from "tar";

const run = promisify(execFile);
const FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

export type LinuxPlatform = "linux/amd64" | "linux/arm64";

interface NodeRuntime {
  version: string;
  platforms: Record<LinuxPlatform, { package: string; integrity: string }>;
}

export async function nodeRuntime(root: string): Promise<NodeRuntime> {
  return JSON.parse(
    await readFile(join(root, "scripts/release/node-runtime.json"), "utf8"),
  ) as NodeRuntime;
}

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

/** The node binary of one platform, fetched once into the cache and checked against its pin. */
async function nodeBinary(rt: NodeRuntime, p: LinuxPlatform, cache: string): Promise<string> {
  const { package: pkg, integrity } = rt.platforms[p];
  const dir = join(cache, `${pkg}-${rt.version}`);
  const bin = join(dir, "package/bin/node");
  if (await exists(bin)) return bin;
  await mkdir(dir, { recursive: true });
  const tgz = join(dir, `${pkg}-${rt.version}.tgz`);
  if (!(await exists(tgz))) {
    await run("npm", ["pack", `${pkg}@${rt.version}`, "--pack-destination", dir, "--silent"], {
      maxBuffer: 1 << 20,
    }).catch((err: Error) => {
      throw new Error(
        `could not fetch ${pkg}@${rt.version} from the npm registry (${err.message.trim()}); the standalone binaries need it`,
      );
    });
  }
  const got = `sha512-${createHash("sha512")
    .update(await readFile(tgz))
    .digest("base64")}`;
  if (got !== integrity)
    throw new Error(`${tgz}: integrity ${got}, but node-runtime.json pins ${integrity}`);
  await extract({ file: tgz, cwd: dir, filter: (path) => path === "package/bin/node" });
  return bin;
}

export interface SeaInput {
  root: string;
  /** Scratch directory (the blob, the binaries). */
  work: string;
  /** Where downloaded Node packages are kept between builds. */
  cache: string;
  seaMain: string;
  /** The bundle's lazy chunks, which become assets. */
  lazy: Record<string, string>;
}

/** Builds the standalone binary of each Linux platform; returns their paths. */
export async function buildSea(input: SeaInput): Promise<Record<LinuxPlatform, string>> {
  if (platform() !== "linux" || arch() !== "x64")
    throw new Error(
      `the standalone binaries are built on linux/amd64 (this is ${platform()}/${arch()})`,
    );
  const rt = await nodeRuntime(input.root);
  const amd64 = await nodeBinary(rt, "linux/amd64", input.cache);
  const arm64 = await nodeBinary(rt, "linux/arm64", input.cache);

  await mkdir(input.work, { recursive: true });
  // Relative paths, made in the work directory: the blob records the main script's path as given.
  await writeFile(join(input.work, "kubectl-antrea_mc.cjs"), input.seaMain);
  await mkdir(join(input.work, "lib"), { recursive: true });
  const assets: Record<string, string> = {};
  for (const [id, source] of Object.entries(input.lazy)) {
    await writeFile(join(input.work, "lib", id), source);
    assets[id] = `lib/${id}`;
  }
  await writeFile(
    join(input.work, "sea-config.json"),
    JSON.stringify({
      main: "kubectl-antrea_mc.cjs",
      output: "sea.blob",
      disableExperimentalSEAWarning: true,
      useCodeCache: false,
      useSnapshot: false,
      assets,
    }),
  );
  await run(amd64, ["--experimental-sea-config", "sea-config.json"], { cwd: input.work });
  const blob = join(input.work, "sea.blob");

  const postject = join(input.root, "node_modules/postject/dist/cli.js");
  const inject = async (p: LinuxPlatform, base: string): Promise<[LinuxPlatform, string]> => {
    const target = join(input.work, `kubectl-antrea_mc-${p.replace("/", "-")}`);
    await copyFile(base, target);
    // postject is chatty about ELF notes it does not name; its output matters only on failure.
    await run(
      process.execPath,
      [postject, target, "NODE_SEA_BLOB", blob, "--sentinel-fuse", FUSE],
      {
        maxBuffer: 16 << 20,
      },
    ).catch((err: Error & { stderr?: string }) => {
      throw new Error(`postject failed for ${p}: ${err.stderr || err.message}`);
    });
    return [p, target];
  };
  const out = Object.fromEntries(
    await Promise.all([inject("linux/amd64", amd64), inject("linux/arm64", arm64)]),
  ) as Record<LinuxPlatform, string>;
  return out;
}
