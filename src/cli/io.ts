import type { IO } from "../app/io.js";
import { stderrReporter } from "../report/progress.js";
import { colorLevel } from "../report/style.js";
import type { CommonArgs } from "./options.js";

/** The process's streams, as the app layer sees them. */
export function processIO(args: Pick<CommonArgs, "color" | "verbose">): IO {
  return {
    stdout: (text) => process.stdout.write(text),
    reporter: stderrReporter({ verbose: args.verbose > 0 }),
    colorLevel: colorLevel({ color: args.color }),
  };
}
