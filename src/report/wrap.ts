/**
 * Prose that fits the terminal: word wrapping with a hanging indent, measured without colour
 * codes. Commands and URLs are never wrapped (they would not paste or click); callers keep them on
 * lines of their own.
 */

import { stripVTControlCharacters } from "node:util";

/** What a line occupies on the screen: colour codes take no room; each code point one column. */
export function visibleWidth(text: string): number {
  return [...stripVTControlCharacters(text)].length;
}

/** The width to render for: the terminal's when stdout is one, else COLUMNS, else 80. */
export function outputWidth(
  stdout: { isTTY?: boolean; columns?: number } = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): number {
  if (stdout.isTTY && stdout.columns && stdout.columns > 0) return stdout.columns;
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : 80;
}

/**
 * Wraps `text` (one paragraph) to `width` columns: the first line starts with `first`, the others
 * with `rest` (the hanging indent). A word longer than a line stays whole on a line of its own.
 */
export function wrap(text: string, width: number, first: string, rest = first): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(" ").filter((w) => w !== "")) {
    const candidate = empty ? `${line}${word}` : `${line} ${word}`;
    if (empty || visibleWidth(candidate) <= width) {
      line = candidate;
      empty = false;
      continue;
    }
    lines.push(line);
    line = `${rest}${word}`;
  }
  lines.push(line);
  return lines;
}

/**
 * A `#` comment of a fix block wrapped like prose, each line again a comment, so that the block
 * still pastes into a shell. Indented comments quote a file's lines (a config's line before and
 * after): they are kept whole.
 */
export function wrapComment(text: string, width: number, indent: string): string[] {
  const whole = `${indent}${text}`;
  const body = text.replace(/^#/, "");
  if (visibleWidth(whole) <= width || /^ {2,}/.test(body)) return [whole];
  // Continued on plain "# " lines: an indented comment would read as a quoted line.
  return wrap(body.trim(), width, `${indent}# `, `${indent}# `);
}
