/**
 * The parts of --help that yargs cannot lay out at 80 columns: examples (yargs puts the command
 * and its description side by side, and wraps the command) and the closing notes. yargs renders
 * the rest (usage, commands, flags) at the same width.
 */

/** `$0` stands for the plugin's name, as in yargs' own examples. */
export interface Example {
  describe: string;
  /** One command, or several lines (a `\` at the end of one continues the command). */
  command: string | readonly string[];
}

/** What a command's --help shows after its flags. */
export interface HelpText {
  examples?: readonly Example[];
  /** Closing notes (exit codes), wrapped at the width. */
  epilogue?: string;
}

/** The help's width: the terminal's on a terminal, else 80 (pipes, files, less). */
export function helpWidth(out: { isTTY?: boolean; columns?: number } = process.stdout): number {
  return out.isTTY && out.columns && out.columns > 0 ? out.columns : 80;
}

/**
 * `text` filled to `width` on word boundaries, each line indented by `indent`. A word never
 * breaks: one longer than a line (a long path) stands alone on its line.
 */
export function wrap(text: string, width: number, indent = 0): string[] {
  const pad = " ".repeat(indent);
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && pad.length + line.length + 1 + word.length > width) {
      lines.push(pad + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(pad + line);
  return lines;
}

/**
 * yargs' help re-wrapped to `width` on word boundaries. yargs' own wrapping (cliui's, in its ES
 * module build) cuts lines every N characters, mid-word; so yargs renders unwrapped and each
 * line too long is filled here. A row of two columns (a flag, two spaces or more, its
 * description) keeps its description in its column; a column too wide for that starts the
 * description on the next line.
 */
export function reflow(text: string, width: number): string {
  return text
    .split("\n")
    .flatMap((line) => {
      const trimmed = line.trimEnd();
      if (trimmed.length <= width) return [trimmed];
      const row = /^(\s*\S.*?\s{2,})(\S.*)$/.exec(trimmed);
      const [prefix, rest] = row
        ? [row[1] ?? "", row[2] ?? ""]
        : [/^\s*/.exec(trimmed)?.[0] ?? "", trimmed.trimStart()];
      if (prefix.length > width / 2) {
        const indent = (/^\s*/.exec(prefix)?.[0].length ?? 0) + 4;
        return [prefix.trimEnd(), ...wrap(rest, width, indent)];
      }
      const [first = "", ...more] = wrap(rest, width, prefix.length);
      return [prefix + first.slice(prefix.length), ...more];
    })
    .join("\n");
}

/** The example's command lines, with `$0` replaced by the plugin's name. */
export function exampleLines(e: Example, name: string): string[] {
  return (typeof e.command === "string" ? [e.command] : [...e.command]).map((l) =>
    l.replaceAll("$0", name),
  );
}

/**
 * Examples (each description wrapped, then its command whole on the next lines, so that it can be
 * copied) and the closing notes.
 */
export function renderHelpText(help: HelpText, name: string, width: number): string {
  const blocks: string[] = [];
  if (help.examples?.length) {
    const lines = ["Examples:"];
    for (const e of help.examples)
      lines.push(...wrap(e.describe, width, 2), ...exampleLines(e, name).map((l) => `    ${l}`));
    blocks.push(lines.join("\n"));
  }
  if (help.epilogue) blocks.push(wrap(help.epilogue, width).join("\n"));
  return blocks.join("\n\n");
}
