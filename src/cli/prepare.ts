/**
 * What every command handler needs first: its IO (colour, progress, prompts) and the load options.
 * Imported when a command runs, not when the CLI starts, so --help and version stay light.
 */

import type { IO } from "../app/io.js";
import type { LoadOptions } from "../app/load.js";
import type { SnapshotArgs } from "./load-options.js";

export async function prepare(
  args: Omit<SnapshotArgs, "output">,
): Promise<{ io: IO; options: LoadOptions }> {
  const [{ processIO }, { loadOptions }] = await Promise.all([
    import("./io.js"),
    import("./load-options.js"),
  ]);
  const io = processIO(args);
  return { io, options: loadOptions(args, io.reporter) };
}
