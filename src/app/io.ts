/** Where a command writes: results to stdout, everything for people to the Reporter (stderr). */
import type { Reporter } from "../reporter.js";

export interface IO {
  stdout(text: string): void;
  readonly reporter: Reporter;
  /** Columns the table fits its prose into (the terminal's; else COLUMNS, else 80). */
  readonly width?: number;
  /** Colour level for table output (0 = none). */
  readonly colorLevel: 0 | 1 | 2 | 3;
  /** Asks a yes/no question on the terminal; absent when stdin is not one. */
  readonly confirm?: (question: string) => Promise<boolean>;
}
