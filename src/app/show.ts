import { EXIT } from "../exit-codes.js";
import { renderShowTable, showDocument } from "../report/show.js";
import { type OutputFormat, renderStructured } from "../report/structured.js";
import { makeStyle } from "../report/style.js";
import { noMembers, withDiscovery } from "./doctor.js";
import type { IO } from "./io.js";
import { type LoadOptions, loadModel } from "./load.js";

/** show: the discovered topology. Exits 3 when a member could not be read completely. */
export async function runShow(
  opts: LoadOptions & { output: OutputFormat },
  io: IO,
): Promise<number> {
  const { model } = await loadModel(opts);
  if (model.members.length === 0) return noMembers(model.skippedContexts, io);
  const doc = showDocument(model);
  if (opts.output === "table") io.stdout(renderShowTable(doc, model, makeStyle(io.colorLevel)));
  else io.stdout(renderStructured(doc, opts.output));
  return withDiscovery(
    model.members.some((m) => m.access.length > 0) ? EXIT.incomplete : EXIT.ok,
    model.skippedContexts,
  );
}
