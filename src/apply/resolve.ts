/** Fills in the values earlier steps returned (the ID of a peering setup created). */
import { isRef, type Params, type ParamValue } from "../plan/types.js";

export type Outputs = ReadonlyMap<string, string>;

/** Whether the params need the output of a step that has not run. */
export function hasRefs(v: ParamValue): boolean {
  if (isRef(v)) return true;
  if (Array.isArray(v)) return v.some(hasRefs);
  if (v && typeof v === "object") return Object.values(v).some(hasRefs);
  return false;
}

export function resolve(v: ParamValue, outputs: Outputs): unknown {
  if (isRef(v)) {
    const out = outputs.get(v.ref);
    if (!out) throw new Error(`step ${v.ref} gave no peering ID`);
    return out;
  }
  if (Array.isArray(v)) return v.map((x) => resolve(x, outputs));
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k, resolve(x as ParamValue, outputs)]),
    );
  }
  return v;
}

export function resolveParams(p: Params, outputs: Outputs): Record<string, unknown> {
  return resolve(p, outputs) as Record<string, unknown>;
}
