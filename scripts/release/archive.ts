/**
 * Deterministic .tar.gz archives: entries sorted, regular files only (krew extracts nothing else),
 * mtime 0, no owner, mode 0755 or 0644 set here (krew never chmods), gzip without a name or time
 * and with a fixed OS byte. The same inputs give the same bytes on any machine with this Node.
 */
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { create } from "tar";

export interface ArchiveEntry {
  name: string;
  data: Buffer | string;
  executable: boolean;
}

export async function tarGz(entries: ArchiveEntry[], level = 9): Promise<Buffer> {
  const stage = await mkdtemp(join(tmpdir(), "antrea-mc-archive-"));
  try {
    const names = entries.map((e) => e.name).sort();
    for (const e of entries) {
      if (e.name.includes("/") || e.name.startsWith("."))
        throw new Error(`flat names only: ${e.name}`);
      const path = join(stage, e.name);
      await writeFile(path, e.data);
      await chmod(path, e.executable ? 0o755 : 0o644);
    }
    const chunks: Buffer[] = [];
    const stream = create(
      { cwd: stage, portable: true, mtime: new Date(0), noDirRecurse: true },
      names,
    );
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const gz = await promisify(gzip)(Buffer.concat(chunks), { level });
    gz[9] = 3; // the OS byte: "Unix", whatever zlib was built for
    return gz;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}
