/** --only / --skip: which checks doctor runs. The access checks always run: they gate the rest. */
import { UsageError } from "../errors.js";
import type { Check } from "./types.js";

export interface Selection {
  /** Check IDs or families (`aws.*`); empty = all. */
  only: readonly string[];
  skip: readonly string[];
}

function matcher(patterns: readonly string[], checks: readonly Check[], flag: string) {
  for (const p of patterns) {
    const known = p.endsWith(".*")
      ? checks.some((c) => c.id.startsWith(p.slice(0, -1)))
      : checks.some((c) => c.id === p);
    if (!known)
      throw new UsageError(
        `--${flag} ${p}: no such check; the IDs are ${checks.map((c) => c.id).join(", ")} (or a family, e.g. aws.*)`,
      );
  }
  return (id: string) =>
    patterns.some((p) => (p.endsWith(".*") ? id.startsWith(p.slice(0, -1)) : id === p));
}

export function selectChecks(checks: readonly Check[], sel: Selection): readonly Check[] {
  const only = matcher(sel.only, checks, "only");
  const skip = matcher(sel.skip, checks, "skip");
  return checks.filter(
    (c) => c.gate === "access" || ((sel.only.length === 0 || only(c.id)) && !skip(c.id)),
  );
}
