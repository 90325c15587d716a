/**
 * `kubectl krew install --manifest M --archive A`, simulated as krew v0.5 does it
 * (internal/installation, internal/download): first matching platform, sha256 check, archive type
 * from its first bytes, tar extraction that accepts only regular files and directories and no
 * ".." or absolute names, files[] moves, store/<name>/<version>, and the bin/kubectl-<name> link.
 * Plus the licence file krew-index CI requires in the installed tree.
 */
import { createHash } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, sep } from "node:path";
import { gunzipSync } from "node:zlib";
import { Parser, type ReadEntry } from "tar";
import { parse } from "yaml";
import {
  isCleanPath,
  type KrewManifest,
  type KrewPlatform,
  selectorMatches,
  validateManifest,
} from "../../scripts/release/krew.js";

export interface KrewInstall {
  manifest: string;
  /** The local file for each uri of the manifest (krew's --archive). */
  archiveFor: (uri: string) => string;
  os: string;
  arch: string;
  /** KREW_ROOT */
  root: string;
}

export interface Installed {
  platform: KrewPlatform;
  installDir: string;
  link: string;
}

const LICENSE_NAMES = [
  "license",
  "license.txt",
  "license.md",
  "licenses",
  "licenses.txt",
  "licenses.md",
  "copying",
  "copying.txt",
];

/** Reads a tar stream's entries the way krew's untar does, refusing what krew refuses. */
function untar(tar: Buffer, into: string): void {
  const entries: { path: string; type: string; mode: number; data: Buffer }[] = [];
  const parser = new Parser({
    onReadEntry: (e: ReadEntry) => {
      const chunks: Buffer[] = [];
      e.on("data", (c: Buffer) => chunks.push(c));
      e.on("end", () =>
        entries.push({
          path: e.path,
          type: e.type,
          mode: e.mode ?? 0,
          data: Buffer.concat(chunks),
        }),
      );
    },
  });
  parser.end(tar);
  for (const e of entries) {
    if (e.type === "GlobalExtendedHeader") continue;
    if (e.path.includes("..") || e.path.startsWith("/") || e.path.startsWith("\\"))
      throw new Error(`the archive has a path that krew refuses: ${e.path}`);
    const path = join(into, e.path);
    if (e.type === "Directory") mkdirSync(path, { recursive: true, mode: e.mode });
    else if (e.type === "File" || e.type === "OldFile") {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, e.data);
      chmodSync(path, e.mode & 0o7777);
    } else throw new Error(`unable to handle file type ${e.type} of ${e.path}`);
  }
}

/** Go's filepath.Glob for one pattern relative to `base` (* and ? within a path element). */
function glob(base: string, pattern: string): string[] {
  let found = [""];
  for (const part of pattern.split("/")) {
    const re = new RegExp(
      `^${part
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, "[^/]*")
        .replace(/\?/g, "[^/]")}$`,
    );
    found = found.flatMap((dir) => {
      const abs = join(base, dir);
      if (!existsSync(abs)) return [];
      return readdirSync(abs)
        .filter((n) => re.test(n))
        .map((n) => join(dir, n));
    });
  }
  return found;
}

function inside(base: string, path: string): boolean {
  const r = relative(base, path);
  return r === "" || (!r.startsWith("..") && !r.startsWith(sep));
}

export function krewInstall(opts: KrewInstall): Installed {
  const verdict = validateManifest(
    opts.manifest,
    (parse(opts.manifest) as KrewManifest).metadata?.name ?? "",
  );
  if (verdict.errors.length) throw new Error(`invalid manifest: ${verdict.errors.join("; ")}`);
  const m = parse(opts.manifest) as KrewManifest;
  const name = m.metadata?.name ?? "";
  const version = m.spec?.version ?? "";
  const platform = (m.spec?.platforms ?? []).find(
    (p) => p.selector && selectorMatches(p.selector, { os: opts.os, arch: opts.arch }),
  );
  if (!platform)
    throw new Error(
      `plugin "${name}" does not offer installation for this platform (${opts.os}/${opts.arch})`,
    );
  const data = readFileSync(opts.archiveFor(platform.uri ?? ""));
  const sum = createHash("sha256").update(data).digest("hex");
  if (sum !== (platform.sha256 ?? "").toLowerCase())
    throw new Error(`checksum does not match: want ${platform.sha256}, got ${sum}`);
  if (!(data[0] === 0x1f && data[1] === 0x8b))
    throw new Error("not a gzip archive (this simulation reads tar.gz only)");

  const download = mkdtempSync(join(tmpdir(), "krew-download-"));
  untar(gunzipSync(data), download);
  const staging = mkdtempSync(join(tmpdir(), "krew-install-"));
  for (const f of platform.files ?? [{ from: "*", to: "." }]) {
    const from = f.from ?? "";
    const to = f.to ?? "";
    if (!isCleanPath(to)) throw new Error(`the provided path is not clean: ${to}`);
    const sources = existsSync(join(download, from)) ? [from] : glob(download, from);
    if (sources.length === 0) throw new Error(`no file matches ${from}`);
    for (const src of sources) {
      const dst =
        to === "."
          ? join(staging, basename(src))
          : join(staging, to, ...(sources.length > 1 || from.includes("*") ? [basename(src)] : []));
      if (!inside(download, join(download, src)) || !inside(staging, dst))
        throw new Error(`files step leaves its directory: ${from} -> ${to}`);
      mkdirSync(dirname(dst), { recursive: true });
      renameSync(join(download, src), dst);
    }
  }
  rmSync(download, { recursive: true, force: true }); // as krew does
  const installDir = join(opts.root, "store", name, version);
  mkdirSync(dirname(installDir), { recursive: true });
  renameSync(staging, installDir);
  const bin = join(installDir, platform.bin ?? "");
  if (!inside(installDir, bin))
    throw new Error(`bin ${platform.bin} is outside the install directory`);
  if (!existsSync(bin)) throw new Error(`bin ${platform.bin} is not in the archive`);
  if (
    !readdirSync(installDir, { recursive: true }).some((p) =>
      LICENSE_NAMES.includes(basename(String(p)).toLowerCase()),
    )
  )
    throw new Error("no license file in the installed plugin (krew-index CI requires one)");
  mkdirSync(join(opts.root, "bin"), { recursive: true });
  const link = join(opts.root, "bin", `kubectl-${name.replace(/-/g, "_")}`);
  symlinkSync(bin, link);
  return { platform, installDir, link };
}
