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

interface Live {
  stage: string;
  since: number;
}

export function stderrReporter(opts: { verbose: boolean; stream?: NodeJS.WriteStream }): Reporter {
  const stream = opts.stream ?? process.stderr;
  const interactive = Boolean(stream.isTTY);
  const started = Date.now();
  // On a terminal: one line per member, redrawn in place (cursor up, clear line) with elapsed time.
  const live = new Map<string, Live>();
  let drawn = 0;
  let timer: NodeJS.Timeout | undefined;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
  const erase = () => {
    if (drawn) stream.write(`\x1b[${drawn}A\x1b[0J`);
    drawn = 0;
  };
  const draw = () => {
    erase();
    const width = Math.max(0, ...[...live.keys()].map((m) => m.length));
    const now = Date.now();
    for (const [member, l] of live)
      stream.write(`  ${member.padEnd(width)}  ${l.stage}  ${seconds(now - l.since)}\x1b[K\n`);
    stream.write(`  elapsed ${seconds(now - started)}\x1b[K\n`);
    drawn = live.size + 1;
  };
  const above = (text: string) => {
    const wasDrawn = drawn > 0;
    erase();
    stream.write(text);
    if (wasDrawn) draw();
  };
  return {
    progress: (m) => {
      if (interactive) above(`${m}\n`);
      else if (opts.verbose) stream.write(`${m}\n`);
    },
    stage: (member, stage) => {
      if (!interactive) {
        if (opts.verbose) stream.write(`${member}: ${stage}\n`);
        return;
      }
      live.set(member, { stage, since: Date.now() });
      draw();
      timer ??= setInterval(draw, 200).unref();
    },
    done: () => {
      if (timer) clearInterval(timer);
      timer = undefined;
      erase();
      live.clear();
    },
    debug: (m) => {
      if (opts.verbose) interactive ? above(`debug: ${m}\n`) : stream.write(`debug: ${m}\n`);
    },
    warn: (m) => (interactive ? above(`warning: ${m}\n`) : stream.write(`warning: ${m}\n`)),
    notice: (m) => (interactive ? above(`${m}\n`) : stream.write(`${m}\n`)),
  };
}

export const silentReporter: Reporter = {
  progress: () => {},
  stage: () => {},
  done: () => {},
  debug: () => {},
  warn: () => {},
  notice: () => {},
};
