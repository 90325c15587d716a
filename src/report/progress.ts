/**
 * Progress and diagnostics for people, on stderr, kept out of the logic (like Submariner's
 * Reporter): commands report through this interface and never write to the streams themselves.
 */
export interface Reporter {
  /** A step worth showing to someone watching a terminal. */
  progress(message: string): void;
  /** Detail for -v. */
  debug(message: string): void;
  /** Something the user should know even in scripts (printed as "warning: …"). */
  warn(message: string): void;
  /** A status line printed even in scripts, e.g. what `doctor --wait` is waiting for. */
  notice(message: string): void;
}

export function stderrReporter(opts: { verbose: boolean; stream?: NodeJS.WriteStream }): Reporter {
  const stream = opts.stream ?? process.stderr;
  const interactive = Boolean(stream.isTTY);
  return {
    progress: (m) => {
      if (interactive || opts.verbose) stream.write(`${m}\n`);
    },
    debug: (m) => {
      if (opts.verbose) stream.write(`debug: ${m}\n`);
    },
    warn: (m) => stream.write(`warning: ${m}\n`),
    notice: (m) => stream.write(`${m}\n`),
  };
}

export const silentReporter: Reporter = {
  progress: () => {},
  debug: () => {},
  warn: () => {},
  notice: () => {},
};
