import { writeSnapshot } from "../collect/snapshot/write.js";
import { EXIT } from "../exit-codes.js";
import { buildModel } from "../model/build.js";
import { type OutputFormat, renderStructured } from "../report/structured.js";
import { noMembers, withDiscovery } from "./doctor.js";
import type { IO } from "./io.js";
import { type LoadOptions, loadRaw } from "./load.js";

/** collect --out DIR: a snapshot of everything doctor reads. Exits 3 if some reads failed. */
export async function runCollect(
  opts: Omit<LoadOptions, "snapshot"> & { out: string; output: OutputFormat },
  io: IO,
): Promise<number> {
  const { raw } = await loadRaw({ ...opts, readLeader: true });
  if (raw.members.length === 0) return noMembers(raw.skippedContexts, io);
  const model = buildModel(raw);
  const regions = new Map(
    model.members.map((m) => [
      m.name,
      {
        region: m.aws.known ? m.aws.value.region : m.region?.value,
        account: m.aws.known ? m.aws.value.account : undefined,
      },
    ]),
  );
  const index = await writeSnapshot(opts.out, raw, regions);
  // The same notion of "could not read" as kube.access and aws.access.
  const failed = model.members.flatMap((m) => [
    ...m.access.map((p) => `${m.name}: ${p.failure.request ?? p.resource}: ${p.failure.message}`),
    ...m.awsProblems.map((p) => `${m.name}: ${p.action ?? "AWS"}: ${p.message}`),
  ]);
  // The leader's reads too (a leader that is a member shares that member's failure).
  const leader = model.leader.known ? model.leader.value : undefined;
  if (leader && !(leader.member && !leader.reachable))
    for (const p of leader.problems)
      if (p.failure.kind !== "not-found")
        failed.push(
          `leader ${leader.name}: ${p.failure.request ?? p.resource}: ${p.failure.message}`,
        );
  for (const f of failed) io.reporter.warn(`not collected: ${f}`);
  if (opts.output === "table") {
    const names = index.members.map((m) => m.name).join(", ");
    io.stdout(`Wrote a snapshot of ${index.members.length} member(s) (${names}) to ${opts.out}\n`);
  } else {
    io.stdout(renderStructured(index, opts.output));
  }
  return withDiscovery(failed.length > 0 ? EXIT.incomplete : EXIT.ok, raw.skippedContexts);
}
