/**
 * Colour only on a terminal (kubectl's rule): never with --no-color, NO_COLOR, TERM=dumb or when
 * stdout is not a TTY; FORCE_COLOR (chalk's convention) overrides the TTY test.
 */
import { Chalk, type ChalkInstance } from "chalk";
import type { CheckResult, Status } from "../checks/types.js";

export interface Style {
  readonly c: ChalkInstance;
  readonly symbol: (s: Status) => string;
  /** A result's symbol: a finding that is only information has its own (it is not a warning). */
  readonly symbolOf: (r: Pick<CheckResult, "status" | "severity">) => string;
}

export function colorLevel(opts: {
  color: boolean;
  env?: NodeJS.ProcessEnv;
  isTTY?: boolean;
}): 0 | 1 | 2 | 3 {
  const env = opts.env ?? process.env;
  if (!opts.color || (env.NO_COLOR !== undefined && env.NO_COLOR !== "")) return 0;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false") {
    return 1;
  }
  if (!(opts.isTTY ?? process.stdout.isTTY) || env.TERM === "dumb") return 0;
  return 1;
}

const SYMBOLS: Record<Status, string> = { pass: "✓", fail: "✗", warn: "‼", unknown: "?" };
const INFO = "ℹ";

export function makeStyle(level: 0 | 1 | 2 | 3): Style {
  const c = new Chalk({ level });
  const paint: Record<Status, (s: string) => string> = {
    pass: c.green,
    fail: c.red,
    warn: c.yellow,
    unknown: c.magenta,
  };
  const symbol = (s: Status) => paint[s](SYMBOLS[s]);
  return {
    c,
    symbol,
    symbolOf: (r) =>
      r.status === "warn" && r.severity === "info" ? c.cyan(INFO) : symbol(r.status),
  };
}
