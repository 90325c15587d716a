/** Where a command writes: results to stdout, everything for people to the Reporter (stderr). */
import type { Reporter } from "../reporter.js";

export interface IO {
  stdout(text: string): void;
  readonly reporter: Reporter;
  /** Columns the table fits its prose into (80 when stdout is not a terminal). */
  readonly width?: number;
  /** Colour level for table output (0 = none). */
  readonly colorLevel: 0 | 1 | 2 | 3;
  /** Columns of the terminal stdout is; 80 when it is not one (a file, a pipe). */
  readonly width?: number;
  /** Asks a yes/no question on the terminal; absent when stdin is not one. */
  readonly confirm?: (question: string) => Promise<boolean>;
}
