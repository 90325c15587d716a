/** A value that was read, or why it could not be: checks report `unknown` instead of guessing. */
export type Known<T> =
  | { readonly known: true; readonly value: T }
  | { readonly known: false; readonly reason: string };

export const known = <T>(value: T): Known<T> => ({ known: true, value });

export const unknown = <T = never>(reason: string): Known<T> => ({ known: false, reason });

/** The value transformed, or the same reason. */
export function mapKnown<T, U>(k: Known<T>, f: (v: T) => U): Known<U> {
  return k.known ? known(f(k.value)) : k;
}
