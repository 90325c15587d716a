/**
 * npm run release: everything a release uploads, in release/ —
 *   kubectl-antrea-mc_<tag>.tar.gz              the Node.js bundle (macOS, other Linux arches)
 *   kubectl-antrea-mc_<tag>_linux_<arch>.tar.gz the standalone binaries (no Node.js needed)
 *   plugin.yaml                                 the krew manifest, rendered from .krew.yaml
 *   SHA256SUMS
 * and the same plugin.yaml at the top level of the repository, where it is committed (the release
 * test fails when it is stale). Two runs on the same commit write the same bytes. Options: --out
 * DIR, --cache DIR (downloaded Node.js packages; default node_modules/.cache/antrea-mc-release).
 */
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type ArchiveEntry, tarGz } from "./release/archive.js";
import { makeBundle } from "./release/bundle.js";
import { renderTemplate, validateManifest } from "./release/krew.js";
import { buildSea } from "./release/sea.js";

const root = resolve(new URL("..", import.meta.url).pathname);
export const PLUGIN = "antrea-mc";
export const BINARY = "kubectl-antrea_mc";
/** The committed copy of the release's krew manifest. */
export const TOP_LEVEL_MANIFEST = join(root, "plugin.yaml");

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

export interface ReleaseResult {
  tag: string;
  files: Record<string, string>;
  /** The rendered krew manifest (release/plugin.yaml). */
  manifest: string;
  /** The bundle's lazy chunks that hold SDK code (what the release test checks loads late). */
  sdkChunks: string[];
}

/** `topLevel`: where else to write the manifest (npm run release: the top-level plugin.yaml). */
export async function release(
  out: string,
  cache: string,
  topLevel?: string,
): Promise<ReleaseResult> {
  const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { version: string };
  const tag = `v${pkg.version}`;
  const license = await readFile(join(root, "LICENSE"));
  const bundle = await makeBundle(root);
  const work = await mkdtemp(join(tmpdir(), "antrea-mc-release-"));
  try {
    const sea = await buildSea({ root, work, cache, seaMain: bundle.seaMain, lazy: bundle.lazy });
    const archives: Record<string, ArchiveEntry[]> = {
      [`kubectl-antrea-mc_${tag}.tar.gz`]: [
        { name: BINARY, data: bundle.script, executable: true },
      ],
      [`kubectl-antrea-mc_${tag}_linux_amd64.tar.gz`]: [
        { name: BINARY, data: await readFile(sea["linux/amd64"]), executable: true },
      ],
      [`kubectl-antrea-mc_${tag}_linux_arm64.tar.gz`]: [
        { name: BINARY, data: await readFile(sea["linux/arm64"]), executable: true },
      ],
    };
    await rm(out, { recursive: true, force: true });
    await mkdir(out, { recursive: true });
    // The standalone binaries are ~120 MB: gzip -6 is 3x faster than -9 for 1% more.
    const packed = await Promise.all(
      Object.entries(archives).map(async ([name, entries]) => {
        const level = (entries[0]?.data.length ?? 0) > 50e6 ? 6 : 9;
        const gz = await tarGz(
          [...entries, { name: "LICENSE", data: license, executable: false }],
          level,
        );
        await writeFile(join(out, name), gz);
        return [name, sha256(gz)] as const;
      }),
    );
    const sums = new Map<string, string>(packed);
    const manifest = renderTemplate(
      await readFile(join(root, ".krew.yaml"), "utf8"),
      tag,
      (uri) => {
        const sum = sums.get(basename(uri));
        if (!sum) throw new Error(`.krew.yaml names ${uri}, which this release does not build`);
        return sum;
      },
    );
    const verdict = validateManifest(manifest, PLUGIN);
    if (verdict.errors.length + verdict.warnings.length > 0)
      throw new Error(
        `the rendered manifest breaks krew's rules:\n  ${[...verdict.errors, ...verdict.warnings].join("\n  ")}`,
      );
    await writeFile(join(out, "plugin.yaml"), manifest);
    if (topLevel) await writeFile(topLevel, manifest);
    sums.set("plugin.yaml", sha256(Buffer.from(manifest)));
    const lines = [...sums]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, sum]) => `${sum}  ${name}`);
    await writeFile(join(out, "SHA256SUMS"), `${lines.join("\n")}\n`);
    return { tag, files: Object.fromEntries(sums), manifest, sdkChunks: bundle.sdkChunks };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      out: { type: "string", default: join(root, "release") },
      cache: { type: "string", default: join(root, "node_modules/.cache/antrea-mc-release") },
    },
  });
  const t = performance.now();
  const before = await readFile(TOP_LEVEL_MANIFEST, "utf8").catch(() => "");
  const r = await release(resolve(values.out), resolve(values.cache), TOP_LEVEL_MANIFEST);
  for (const [name, sum] of Object.entries(r.files)) process.stdout.write(`${sum}  ${name}\n`);
  process.stdout.write(
    `release ${r.tag} in ${values.out} (${((performance.now() - t) / 1000).toFixed(1)} s)\n` +
      (r.manifest === before ? "plugin.yaml: unchanged\n" : "plugin.yaml: updated, commit it\n"),
  );
}
