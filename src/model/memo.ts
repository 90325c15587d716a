/**
 * A pure function of a string, computed once per distinct string. Members of a ClusterSet share
 * their Antrea configuration and checks compare the same addresses pair after pair; inputs bound
 * how many distinct strings there are.
 */
export function memo<T>(fn: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    const known = cache.get(text);
    if (known !== undefined || cache.has(text)) return known as T;
    const value = fn(text);
    cache.set(text, value);
    return value;
  };
}
