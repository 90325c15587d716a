/**
 * Analyses of a pair of sides made once: several checks (and setup, and aws.quota) ask the same
 * question about the same pair. Sides are made once per member model (endpointsOf), so a result
 * lives as long as the model; `by` is the further input the answer depends on (the model's AWS picture: setup asks again of
 * one whose transit gateways it has changed).
 */
import type { Side } from "./endpoints.js";

export function sidePairMemo<R>(): (mine: Side, theirs: Side, by: object, compute: () => R) => R {
  const made = new WeakMap<Side, WeakMap<Side, WeakMap<object, { value: R }>>>();
  return (mine, theirs, by, compute) => {
    const byTheirs = made.get(mine) ?? new WeakMap<Side, WeakMap<object, { value: R }>>();
    made.set(mine, byTheirs);
    const byInput = byTheirs.get(theirs) ?? new WeakMap<object, { value: R }>();
    byTheirs.set(theirs, byInput);
    const seen = byInput.get(by);
    if (seen) return seen.value;
    const value = compute();
    byInput.set(by, { value });
    return value;
  };
}
