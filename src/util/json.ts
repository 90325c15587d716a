/**
 * Reading parsed JSON we did not write (API answers, snapshots, kubeconfig-free config files):
 * each guard returns the value when it has the expected type and a neutral one otherwise, so that
 * malformed input degrades to "not there" instead of throwing.
 */

export type JsonObject = Record<string, unknown>;

/** A JSON object (not null, not an array). */
export function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The object, or {} for anything else. */
export function object(v: unknown): JsonObject {
  return isObject(v) ? v : {};
}

/** The objects of an array (nulls, numbers, strings and nested arrays dropped); [] otherwise. */
export function objects<T extends object = JsonObject>(v: unknown): T[] {
  return Array.isArray(v) ? v.filter((x): x is T => isObject(x)) : [];
}

/** A string, "" included. */
export function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** A string that says something: "" counts as absent (EC2 writes "" for "none"). */
export function nonEmpty(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** The strings of an array; [] otherwise. */
export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** A finite number. */
export function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** The string-valued entries of a mapping such as labels or annotations; {} for anything else. */
export function stringMap(v: unknown): Record<string, string> {
  if (!isObject(v)) return {};
  return Object.fromEntries(
    Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
}

/** For `filter`: keeps what is defined, typed as such. */
export const defined = <T>(x: T | undefined): x is T => x !== undefined;
