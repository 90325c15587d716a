/** Collects steps and unfixable items in order, numbering the steps s1, s2, … */
import type { Ref, Step, Unfixable } from "./types.js";

export class PlanBuilder {
  readonly steps: Step[] = [];
  readonly unfixable: Unfixable[] = [];

  add(step: Omit<Step, "id">): Ref {
    const id = `s${this.steps.length + 1}`;
    this.steps.push({ id, ...step });
    return { ref: id };
  }

  cannot(u: Unfixable): void {
    const dup = this.unfixable.some(
      (x) =>
        x.check === u.check &&
        x.member === u.member &&
        x.peer === u.peer &&
        x.resource === u.resource &&
        x.message === u.message,
    );
    if (!dup) this.unfixable.push(u);
  }
}
