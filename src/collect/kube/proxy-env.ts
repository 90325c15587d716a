/**
 * The proxy of the environment for an API server, decided as kubectl decides it: Go's
 * net/http.ProxyFromEnvironment (golang.org/x/net/http/httpproxy), which client-go uses when the
 * kubeconfig's cluster has no proxy-url. Node's fetch ignores these variables; without this, a
 * user whose kubectl reaches a private endpoint through HTTPS_PROXY would find doctor unable to.
 *
 * The rules, as httpproxy has them:
 * - HTTPS_PROXY (else https_proxy) for an https server, HTTP_PROXY (else http_proxy) for an http
 *   one; no fallback from one to the other. A value without a scheme (other than http, https and
 *   socks5) is taken as http://value.
 * - "localhost" and loopback addresses (127.0.0.0/8, ::1) are never proxied.
 * - NO_PROXY (else no_proxy): a comma-separated list of "*" (nothing is proxied), IP addresses
 *   and CIDRs, and domain names: "example.com" matches it and its subdomains, ".example.com" and
 *   "*.example.com" the subdomains only; a name or an IP may carry a port ("example.com:6443"),
 *   then only that port matches. Matching is case-insensitive; malformed entries are ignored.
 */

type Env = Readonly<Record<string, string | undefined>>;

export interface EnvProxy {
  /** The proxy's URL as the variable gives it (credentials included: they are sent to it). */
  readonly url: string;
  /** The variable that named it: HTTPS_PROXY, https_proxy, HTTP_PROXY or http_proxy. */
  readonly variable: string;
}

export type EnvProxyDecision =
  | { readonly proxy: EnvProxy }
  /** A proxy is set for the scheme, and not used for this server: why. */
  | { readonly direct: "loopback" | "NO_PROXY"; readonly variable: string }
  /** No proxy is set for the server's scheme. */
  | { readonly none: true };

/** The first of the variables that is set and not empty (Go's getEnvAny). */
function firstOf(env: Env, ...names: string[]): [name: string, value: string] | undefined {
  for (const name of names) {
    const value = env[name];
    if (value) return [name, value];
  }
  return undefined;
}

/** httpproxy's parseProxy: a URL of scheme http, https or socks5, else http://value. */
function parseProxy(value: string): string | undefined {
  const parse = (text: string) => {
    try {
      return new URL(text);
    } catch {
      return undefined;
    }
  };
  const url = parse(value);
  if (url && ["http:", "https:", "socks5:"].includes(url.protocol)) return value;
  return parse(`http://${value}`) ? `http://${value}` : undefined;
}

/** Go's net.SplitHostPort: "host:port" or "[v6]:port" (the port may be empty), else undefined. */
export function splitHostPort(hostport: string): [host: string, port: string] | undefined {
  const colon = hostport.lastIndexOf(":");
  if (colon < 0) return undefined;
  let host: string;
  let from = 0;
  let to = 0;
  if (hostport.startsWith("[")) {
    const end = hostport.indexOf("]");
    if (end < 0 || end + 1 !== colon) return undefined;
    host = hostport.slice(1, end);
    from = 1;
    to = end + 1;
  } else {
    host = hostport.slice(0, colon);
    if (host.includes(":")) return undefined;
  }
  if (hostport.slice(from).includes("[") || hostport.slice(to).includes("]")) return undefined;
  return [host, hostport.slice(colon + 1)];
}

/**
 * Go's net.ParseIP: the address's bytes, 4 for an IPv4 address or an IPv4-mapped IPv6 one
 * (what Go's To4 gives, which its comparisons use), else 16; undefined if it is not an address.
 */
export function parseIp(text: string): number[] | undefined {
  const v4 = (s: string) => {
    const parts = s.split(".");
    if (parts.length !== 4) return undefined;
    const bytes = parts.map((p) => (/^(0|[1-9]\d{0,2})$/.test(p) ? Number(p) : 256));
    return bytes.every((b) => b <= 255) ? bytes : undefined;
  };
  if (!text.includes(":")) return v4(text);
  // IPv6: groups of hex, one "::" at most, maybe an IPv4 address at the end.
  let tail: number[] = [];
  let rest = text;
  const lastColon = text.lastIndexOf(":");
  if (text.slice(lastColon + 1).includes(".")) {
    const four = v4(text.slice(lastColon + 1));
    if (!four) return undefined;
    tail = four;
    rest = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = rest.split("::");
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const head = groups(halves[0] ?? "");
  const back = halves.length === 2 ? groups(halves[1] ?? "") : [];
  const missing = 8 - head.length - back.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...back];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  const bytes = all.flatMap((g) => [Number.parseInt(g, 16) >> 8, Number.parseInt(g, 16) & 255]);
  if (tail.length) bytes.splice(12, 4, ...tail);
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255;
  return mapped ? bytes.slice(12) : bytes;
}

const isLoopback = (ip: number[]) =>
  ip.length === 4 ? ip[0] === 127 : ip.slice(0, 15).every((b) => b === 0) && ip[15] === 1;

const sameBytes = (a: number[], b: number[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** The first `bits` bits of a and b are equal. */
function samePrefix(a: number[], b: number[], bits: number): boolean {
  for (let i = 0; i < bits; i++) {
    const bit = (x: number[]) => ((x[i >> 3] ?? 0) >> (7 - (i & 7))) & 1;
    if (bit(a) !== bit(b)) return false;
  }
  return true;
}

type Matcher = (host: string, port: string, ip: number[] | undefined) => boolean;

/** NO_PROXY as httpproxy's config.init reads it: matchers for IPs and for names. */
function noProxyMatchers(noProxy: string): { ips: Matcher[]; names: Matcher[] } {
  const ips: Matcher[] = [];
  const names: Matcher[] = [];
  for (const raw of noProxy.split(",")) {
    const p = raw.trim().toLowerCase();
    if (!p) continue;
    if (p === "*") return { ips: [() => true], names: [() => true] };
    // A CIDR: the port is not considered.
    const cidr = /^([^/]+)\/(\d+)$/.exec(p);
    const address = cidr && parseIp(cidr[1] ?? "");
    const literalBits = (cidr?.[1] ?? "").includes(":") ? 128 : 32;
    if (cidr && address && Number(cidr[2]) <= literalBits) {
      // An IPv4-mapped IPv6 network of 96 bits or more is an IPv4 one (Go's To4), its prefix
      // counted in the last 32 bits; of fewer, an IPv6 one that no IPv4 address is in.
      let network = address;
      let bits = Number(cidr[2]);
      if (literalBits === 128 && address.length === 4) {
        if (bits >= 96) bits -= 96;
        else network = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, ...address];
      }
      ips.push(
        (_h, _p, ip) => !!ip && ip.length === network.length && samePrefix(ip, network, bits),
      );
      continue;
    }
    const split = splitHostPort(p);
    let host = split ? split[0] : p;
    const port = split ? split[1] : "";
    if (split && !host) continue;
    if (split && host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
    const ipOf = parseIp(host);
    if (ipOf) {
      ips.push((_h, at, ip) => !!ip && sameBytes(ip, ipOf) && (!port || port === at));
      continue;
    }
    if (!host) continue;
    if (host.startsWith("*.")) host = host.slice(1);
    const withSubdomains = !host.startsWith(".");
    const suffix = withSubdomains ? `.${host}` : host;
    names.push(
      (name, at) =>
        (name.endsWith(suffix) || (withSubdomains && name === suffix.slice(1))) &&
        (!port || port === at),
    );
  }
  return { ips, names };
}

const DEFAULT_PORTS: Record<string, string> = { "http:": "80", "https:": "443" };

/**
 * Whether requests to `server` bypass the proxy: "loopback" for localhost and loopback
 * addresses, "NO_PROXY" when an entry of `noProxy` matches, else undefined (proxied).
 */
export function bypass(server: URL, noProxy: string): "loopback" | "NO_PROXY" | undefined {
  const host = server.hostname.replace(/^\[|\]$/g, "");
  const port = server.port || DEFAULT_PORTS[server.protocol] || "";
  if (host === "localhost") return "loopback";
  const ip = parseIp(host);
  if (ip && isLoopback(ip)) return "loopback";
  const name = host.trim().toLowerCase();
  const { ips, names } = noProxyMatchers(noProxy);
  if (ip && ips.some((m) => m(name, port, ip))) return "NO_PROXY";
  return names.some((m) => m(name, port, ip)) ? "NO_PROXY" : undefined;
}

/** The proxy of the environment for the API server at `server` (a URL), as kubectl decides. */
export function proxyFromEnvironment(server: string, env: Env): EnvProxyDecision {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return { none: true };
  }
  const set =
    url.protocol === "https:"
      ? firstOf(env, "HTTPS_PROXY", "https_proxy")
      : url.protocol === "http:"
        ? firstOf(env, "HTTP_PROXY", "http_proxy")
        : undefined;
  const proxy = set && parseProxy(set[1]);
  if (!set || !proxy) return { none: true };
  const direct = bypass(url, firstOf(env, "NO_PROXY", "no_proxy")?.[1] ?? "");
  return direct ? { direct, variable: set[0] } : { proxy: { url: proxy, variable: set[0] } };
}

/** A proxy's URL as messages show it: without its user name and password. */
export function withoutCredentials(proxy: string): string {
  try {
    const url = new URL(proxy);
    url.username = "";
    url.password = "";
    return url.href.replace(/\/$/, "");
  } catch {
    return proxy.replace(/\/\/[^@/]*@/, "//");
  }
}
