/**
 * One API server, however its URL is written: a member ClusterSet's `spec.leaders[].server` and a
 * kubeconfig cluster's `server` name the same leader when they agree on scheme, host, port and
 * path — the case of scheme and host, a default port and trailing slashes do not count.
 */

/** The URL as compared, or undefined when it is no http(s) URL. */
export function normalizeServer(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return undefined;
  const port = u.port || (u.protocol === "https:" ? "443" : "80");
  // A path names a proxied cluster (Rancher's /k8s/clusters/<id>): kept, without trailing slashes.
  const path = u.pathname.replace(/\/+$/, "");
  return `${u.protocol}//${u.hostname.toLowerCase()}:${port}${path}`;
}

/** Whether two server URLs name the same API server. */
export function sameServer(a: string, b: string): boolean {
  const na = normalizeServer(a);
  return na !== undefined && na === normalizeServer(b);
}
