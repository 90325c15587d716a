/** The Reporter people see: progress and diagnostics on stderr. */
import type { Reporter } from "../reporter.js";
import { onTerminalHeld, terminalHeld } from "../util/terminal.js";

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
    // A credential plugin is asking the person something: no lines over its prompt.
    if (terminalHeld()) return;
    const width = Math.max(0, ...[...live.keys()].map((m) => m.length));
    const now = Date.now();
    for (const [member, l] of live)
      stream.write(`  ${member.padEnd(width)}  ${l.stage}  ${seconds(now - l.since)}\x1b[K\n`);
    stream.write(`  elapsed ${seconds(now - started)}\x1b[K\n`);
    drawn = live.size + 1;
  };
  if (interactive) onTerminalHeld(erase);
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
