/**
 * Progress and diagnostics for people, on stderr, kept out of the logic (like Submariner's
 * Reporter): commands report through this interface and never write to the streams themselves.
 */
export interface Reporter {
  /** A step worth showing to someone watching a terminal. */
  progress(message: string): void;
  /** Where one member is (discovering, mapping to EC2, checking): a live line per member on a terminal. */
  stage(member: string, stage: string): void;
  /** The stages are over: remove the live lines before the report is printed. */
  done(): void;
  /** Detail for -v. */
  debug(message: string): void;
  /** Something the user should know even in scripts (printed as "warning: …"). */
  warn(message: string): void;
  /** A status line printed even in scripts, e.g. what `doctor --wait` is waiting for. */
  notice(message: string): void;
}

/** For runs nobody watches (tests, the benchmark). */
export const silentReporter: Reporter = {
  progress: () => {},
  stage: () => {},
  done: () => {},
  debug: () => {},
  warn: () => {},
  notice: () => {},
};
