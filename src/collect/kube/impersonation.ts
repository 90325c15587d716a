/**
 * A kubeconfig user's impersonation (`as`, `as-uid`, `as-groups`, `as-user-extra`) as client-go
 * sends it: one Impersonate-Group line per group and one Impersonate-Extra-<key> line per value,
 * never joined with commas (the API server would read "a, b" as one group). client-node sends
 * Impersonate-User only.
 */

export interface Impersonation {
  readonly user?: string;
  readonly uid?: string;
  readonly groups: readonly string[];
  readonly extra: Readonly<Record<string, readonly string[]>>;
}

/** The user's impersonation fields in the kubeconfig's YAML, if any. */
export function impersonationOf(user: Record<string, unknown>): Impersonation | undefined {
  const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  const texts = (v: unknown) => (Array.isArray(v) ? v.filter((x) => typeof x === "string") : []);
  const extraField = user["as-user-extra"];
  const extra: Record<string, string[]> = {};
  if (extraField && typeof extraField === "object") {
    for (const [k, v] of Object.entries(extraField)) extra[k] = texts(v);
  }
  const found: Impersonation = {
    user: text(user.as),
    uid: text(user["as-uid"]),
    groups: texts(user["as-groups"]),
    extra,
  };
  const any = found.user || found.uid || found.groups.length || Object.keys(extra).length;
  return any ? found : undefined;
}

/**
 * The header lines ([name, value] pairs, names repeated) of an impersonation, or why kubectl
 * refuses it before sending (client-go: "requesting uid, groups or user-extra for … without
 * impersonating a user").
 */
export function impersonationHeaders(
  userName: string,
  imp: Impersonation,
): { lines: [string, string][] } | { refusal: string } {
  if (!imp.user) {
    const asked = [
      imp.groups.length ? "as-groups" : "",
      imp.uid ? "as-uid" : "",
      Object.keys(imp.extra).length ? "as-user-extra" : "",
    ].filter(Boolean);
    return {
      refusal: `user ${userName} in the kubeconfig sets ${asked.join(", ")} without as: a uid, groups or extras can only be impersonated with a user; kubectl refuses it too`,
    };
  }
  const lines: [string, string][] = [["Impersonate-User", imp.user]];
  if (imp.uid) lines.push(["Impersonate-Uid", imp.uid]);
  for (const g of imp.groups) lines.push(["Impersonate-Group", g]);
  for (const [key, values] of Object.entries(imp.extra)) {
    // Header names are case-insensitive and ASCII: client-go escapes the key as a URL path.
    const name = `Impersonate-Extra-${encodeURIComponent(key).replace(/%2F/gi, "/")}`;
    for (const v of values) lines.push([name, v]);
  }
  return { lines };
}
