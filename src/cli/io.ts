import type { IO } from "../app/io.js";
import { stderrReporter } from "../report/progress.js";
import { colorLevel } from "../report/style.js";
import type { CommonArgs } from "./options.js";

async function confirm(question: string): Promise<boolean> {
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

/** The process's streams, as the app layer sees them. */
export function processIO(args: Pick<CommonArgs, "color" | "verbose">): IO {
  return {
    stdout: (text) => process.stdout.write(text),
    reporter: stderrReporter({ verbose: args.verbose > 0 }),
    colorLevel: colorLevel({ color: args.color }),
    width: (process.stdout.isTTY && process.stdout.columns) || 80,
    ...(process.stdin.isTTY ? { confirm } : {}),
  };
}
