/** Every unordered pair of a list, in list order: (a, b) with a before b. */
export function pairsOf<T>(items: readonly T[]): [T, T][] {
  return items.flatMap((a, i) => items.slice(i + 1).map((b): [T, T] => [a, b]));
}
