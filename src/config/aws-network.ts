/**
 * How the AWS CLI (botocore) reaches AWS besides credentials and Region, which the AWS SDK for
 * JavaScript does not do by itself: a proxy from the environment (HTTPS_PROXY, HTTP_PROXY,
 * NO_PROXY, read as Python's urllib reads them) and a CA bundle that replaces the default trust
 * (AWS_CA_BUNDLE, else the profile's ca_bundle, else REQUESTS_CA_BUNDLE). Only the choices; the
 * SDK's request handler (collect/aws/http-handler.ts) applies them.
 */
import { homedir } from "node:os";
import type { AwsProfiles } from "./aws-profiles.js";

export interface ProxyChoice {
  /** The proxy, credentials included (they become Proxy-Authorization). */
  readonly url: URL;
  /** The variable that named it, e.g. "HTTPS_PROXY". */
  readonly variable: string;
  /** The proxy as messages say it: scheme, host and port, never a user name or password. */
  readonly shown: string;
}

/** A proxy variable whose value is not a URL of an http:// or https:// proxy. */
export class ProxySettingError extends Error {
  constructor(
    readonly variable: string,
    value: string,
  ) {
    super(
      `${variable}=${value.replace(/\/\/[^/@]*@/, "//***@")} is not the URL of an http:// or https:// proxy (as the AWS CLI reads it); fix or unset ${variable}`,
    );
    this.name = "ProxySettingError";
  }
}

/**
 * `<name>_proxy` as urllib's getproxies_environment reads it: the lowercase variable wins, and an
 * empty lowercase one means none; else another spelling (HTTPS_PROXY) that is not empty. Under
 * CGI (REQUEST_METHOD set) HTTP_PROXY may come from a request header ("httpoxy"): only
 * http_proxy counts then.
 */
function variable(
  env: NodeJS.ProcessEnv,
  name: "http" | "https" | "no",
): { name: string; value: string } | undefined {
  const lower = `${name}_proxy`;
  if (lower in env) {
    const value = env[lower];
    return value ? { name: lower, value } : undefined;
  }
  if (name === "http" && "REQUEST_METHOD" in env) return undefined;
  let found: { name: string; value: string } | undefined;
  for (const [key, value] of Object.entries(env)) {
    if (value && key.toLowerCase() === lower) found = { name: key, value };
  }
  return found;
}

/**
 * Whether NO_PROXY sends `netloc` (host[:port], as the endpoint URL spells it) direct, by
 * urllib's proxy_bypass_environment: "*" alone bypasses everything; each comma-separated entry
 * (leading dots ignored, any case) matches the host or host:port exactly, or as a DNS suffix
 * (aws.test matches ec2.aws.test). No IP ranges: botocore does not read CIDRs either.
 */
export function bypassesProxy(netloc: string, noProxy: string): boolean {
  if (noProxy === "*") return true;
  const host = netloc.toLowerCase();
  const hostOnly = /^(.*):\d*$/s.exec(host)?.[1] ?? host;
  for (const raw of noProxy.split(",")) {
    const name = raw.trim().replace(/^\.+/, "").toLowerCase();
    if (!name) continue;
    if (hostOnly === name || host === name) return true;
    if (hostOnly.endsWith(`.${name}`) || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/**
 * A proxy value as botocore completes it: "proxy:3128" and "//proxy:3128" are http://. Another
 * scheme (socks5://) is refused here; botocore would take "socks5" for the proxy's host name.
 */
function proxyUrl(name: string, value: string): ProxyChoice {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !/^https?:/i.test(value)) {
    throw new ProxySettingError(name, value);
  }
  const full = /^https?:/i.test(value)
    ? value
    : value.startsWith("//")
      ? `http:${value}`
      : `http://${value}`;
  let url: URL;
  try {
    url = new URL(full);
  } catch {
    throw new ProxySettingError(name, value);
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname) {
    throw new ProxySettingError(name, value);
  }
  return { url, variable: name, shown: `${url.protocol}//${url.host}` };
}

/**
 * The proxy the AWS CLI would use for `target` (botocore's get_environ_proxies): the variable of
 * the target's scheme (https_proxy for https://, http_proxy for http://; no ALL_PROXY, no fallback
 * from one to the other), unless NO_PROXY names the target's host. Throws ProxySettingError for a
 * value that is no proxy URL.
 */
export function proxyFor(target: URL, env: NodeJS.ProcessEnv): ProxyChoice | undefined {
  const scheme = target.protocol === "https:" ? "https" : target.protocol === "http:" ? "http" : "";
  if (!scheme) return undefined;
  const chosen = variable(env, scheme);
  if (!chosen) return undefined;
  const no = variable(env, "no");
  if (no && bypassesProxy(target.host, no.value)) return undefined;
  return proxyUrl(chosen.name, chosen.value);
}

export interface CaBundleChoice {
  /** The file, "~/" expanded as urllib3 does. */
  readonly file: string;
  /** Where it was named: "AWS_CA_BUNDLE", "ca_bundle of profile ops in ~/.aws/config", … */
  readonly source: string;
}

function expandHome(path: string, env: NodeJS.ProcessEnv): string {
  return path === "~" || path.startsWith("~/") ? `${env.HOME || homedir()}${path.slice(1)}` : path;
}

/**
 * The CA bundle that replaces the default trust for HTTPS to AWS, in botocore's order:
 * AWS_CA_BUNDLE, then `ca_bundle` of the profile in the config file, then REQUESTS_CA_BUNDLE.
 * An empty value counts as unset (botocore would turn verification off; we do not).
 */
export function caBundleFor(
  env: NodeJS.ProcessEnv,
  profiles: AwsProfiles | undefined,
  profile: string,
): CaBundleChoice | undefined {
  const fromProfile = profiles?.config[profile]?.ca_bundle?.trim();
  const choices: [string | undefined, string][] = [
    [env.AWS_CA_BUNDLE, "AWS_CA_BUNDLE"],
    [fromProfile, `ca_bundle of profile ${profile} in ${profiles?.configFile}`],
    [env.REQUESTS_CA_BUNDLE, "REQUESTS_CA_BUNDLE"],
  ];
  const [file, source] = choices.find(([f]) => f) ?? [];
  return file && source ? { file: expandHome(file, env), source } : undefined;
}

/** The profile's `proxy_ca_bundle`: the CAs that sign an https:// proxy's own certificate. */
export function proxyCaBundleFor(
  env: NodeJS.ProcessEnv,
  profiles: AwsProfiles | undefined,
  profile: string,
): CaBundleChoice | undefined {
  const file = profiles?.config[profile]?.proxy_ca_bundle?.trim();
  return file
    ? {
        file: expandHome(file, env),
        source: `proxy_ca_bundle of profile ${profile} in ${profiles?.configFile}`,
      }
    : undefined;
}
