import { runChecks } from "../checks/engine.js";
import { CHECKS } from "../checks/registry.js";
import { EXIT } from "../exit-codes.js";
import { renderShowTable, showDocument } from "../report/show.js";
import { renderDot } from "../report/show-dot.js";
import { renderMermaid } from "../report/show-mermaid.js";
import { pathViews } from "../report/show-path.js";
import { pictureOf } from "../report/show-picture.js";
import { type OutputFormat, renderStructured } from "../report/structured.js";
import { makeStyle } from "../report/style.js";
import { noMembers, withDiscovery } from "./doctor.js";
import type { IO } from "./io.js";
import { type LoadOptions, loadModel } from "./load.js";

/** show's formats: doctor's, and two pictures of the ClusterSet. */
export type ShowFormat = OutputFormat | "dot" | "mermaid";

/** show: the discovered topology. Exits 3 when a member could not be read completely. */
export async function runShow(opts: LoadOptions & { output: ShowFormat }, io: IO): Promise<number> {
  const { model } = await loadModel({ ...opts, readLeader: true });
  if (model.members.length === 0) return noMembers(model.skippedContexts, io);
  const code = withDiscovery(
    model.members.some((m) => m.access.length > 0) ? EXIT.incomplete : EXIT.ok,
    model.skippedContexts,
  );
  if (opts.output === "json" || opts.output === "yaml") {
    io.stdout(renderStructured(showDocument(model), opts.output));
    return code;
  }
  // The hops' ✓/✗ and the failing pairs are doctor's verdicts: the same checks on the same model.
  const results = runChecks(model, CHECKS);
  if (opts.output === "dot") io.stdout(renderDot(pictureOf(model, results)));
  else if (opts.output === "mermaid") io.stdout(renderMermaid(pictureOf(model, results)));
  else
    io.stdout(
      renderShowTable(showDocument(model), model, makeStyle(io.colorLevel), {
        views: pathViews(model, results),
        width: io.width ?? 80,
      }),
    );
  return code;
}
