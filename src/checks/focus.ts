/** doctor --pair A,B: the results of two members and of the pair between them, nothing else. */
import { UsageError } from "../errors.js";
import type { CheckResult } from "./types.js";

export interface Named {
  readonly name: string;
  readonly context: string;
}

/** The two member names `--pair` means (each given by member name or by context). */
export function pairMembers(value: string, members: readonly Named[]): [string, string] {
  const parts = value.split(",").map((s) => s.trim());
  const known = () => members.map((m) => m.name).join(", ");
  if (parts.length !== 2 || !parts[0] || !parts[1])
    throw new UsageError(`--pair ${value}: give two members as A,B (members: ${known()})`);
  const [a, b] = parts.map((p) => {
    const m = members.find((x) => x.name === p) ?? members.find((x) => x.context === p);
    if (!m) throw new UsageError(`--pair ${value}: no member ${p}; the members are ${known()}`);
    return m.name;
  }) as [string, string];
  if (a === b) throw new UsageError(`--pair ${value}: a pair needs two different members`);
  return [a, b];
}

export function focusPair(
  checks: readonly CheckResult[],
  [a, b]: readonly [string, string],
): CheckResult[] {
  return checks.filter((r) =>
    r.peer === undefined
      ? r.member === a || r.member === b
      : (r.member === a && r.peer === b) || (r.member === b && r.peer === a),
  );
}
