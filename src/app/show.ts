import { buildModel } from "../model/build.js";
import { renderShowTable, showDocument } from "../report/show.js";
import { type OutputFormat, renderStructured } from "../report/structured.js";
import { makeStyle } from "../report/style.js";
import { noMembers, withDiscovery } from "./doctor.js";
import type { IO } from "./io.js";
import { type LoadOptions, loadRaw } from "./load.js";

/** show: the discovered topology. Exits 3 when a member could not be read completely. */
export async function runShow(
  opts: LoadOptions & { output: OutputFormat },
  io: IO,
): Promise<number> {
  const { raw } = await loadRaw(opts);
  if (raw.members.length === 0) return noMembers(raw.skippedContexts, io);
  const model = buildModel(raw);
  const doc = showDocument(model);
  if (opts.output === "table") io.stdout(renderShowTable(doc, model, makeStyle(io.colorLevel)));
  else io.stdout(renderStructured(doc, opts.output));
  return withDiscovery(
    model.members.some((m) => m.access.length > 0) ? 3 : 0,
    model.skippedContexts,
  );
}
