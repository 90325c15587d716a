/**
 * The CA certificates the system trusts, as kubectl finds them: for a cluster whose kubeconfig
 * gives no certificate-authority (and does not skip verification), Go's crypto/x509 verifies the
 * API server against the system's roots, and so must we.
 *
 * Why not Node's own roots: Node trusts the Mozilla list compiled into it, which is not what the
 * system trusts. A company CA installed with update-ca-certificates (or put in SSL_CERT_FILE) is
 * trusted by kubectl and not by Node; a root the administrator removed is trusted by Node and not
 * by kubectl. Go does not add a bundle of its own to the system's, so neither do we: the system's
 * roots replace Node's, and with none found, nothing is trusted (kubectl then refuses too).
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import type { AgentOptions } from "node:https";
import * as tls from "node:tls";

type Env = Readonly<Record<string, string | undefined>>;

/** Go's root_linux.go: the first of these files that can be read is the bundle. */
const CERT_FILES = [
  "/etc/ssl/certs/ca-certificates.crt", // Debian, Ubuntu, Gentoo
  "/etc/pki/tls/certs/ca-bundle.crt", // Fedora, RHEL 6
  "/etc/ssl/ca-bundle.pem", // OpenSUSE
  "/etc/pki/tls/cacert.pem", // OpenELEC
  "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", // CentOS, RHEL 7
  "/etc/ssl/cert.pem", // Alpine
];

/** Go's root_linux.go: every file of every one of these directories is read too. */
const CERT_DIRECTORIES = [
  "/etc/ssl/certs",
  "/etc/pki/tls/certs",
  "/system/etc/security/cacerts",
  "/data/misc/keychain/certs-added",
];

export interface SystemRoots {
  /** PEM certificates, or undefined: Node's default trust is the system's (not on Linux). */
  readonly certificates: string[] | undefined;
  /** Where they came from, for messages: "SSL_CERT_FILE /x.pem and /etc/ssl/certs (140)". */
  readonly source: string;
}

/**
 * The CERTIFICATE blocks of a PEM text. One that does not parse is left to Node, which skips it
 * as Go's AppendCertsFromPEM does (parsing each here would cost a quarter of a second).
 */
function certificatesIn(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----\r?\n[^-]*-----END CERTIFICATE-----/g) ?? [];
}

const read = (path: string) => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
};

/** A directory's files, without the symbolic links to a file of the same directory (Go's rule). */
function filesOf(directory: string): string[] {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return [];
  }
  return names.filter((name) => {
    try {
      return readlinkSync(`${directory}/${name}`).includes("/");
    } catch {
      return true; // not a symbolic link
    }
  });
}

/** Go's loadSystemRoots on Linux (root_unix.go), SSL_CERT_FILE and SSL_CERT_DIR included. */
function linuxRoots(env: Env): SystemRoots {
  const files = env.SSL_CERT_FILE ? [env.SSL_CERT_FILE] : CERT_FILES;
  const found = new Set<string>();
  const sources: string[] = [];
  for (const file of files) {
    const text = read(file);
    if (text === undefined) continue;
    for (const cert of certificatesIn(text)) found.add(cert);
    sources.push(env.SSL_CERT_FILE ? `SSL_CERT_FILE ${file}` : file);
    break;
  }
  const directories = env.SSL_CERT_DIR ? env.SSL_CERT_DIR.split(":") : CERT_DIRECTORIES;
  for (const directory of directories) {
    const names = filesOf(directory);
    if (names.length === 0) continue;
    for (const name of names) {
      for (const cert of certificatesIn(read(`${directory}/${name}`) ?? "")) found.add(cert);
    }
    sources.push(env.SSL_CERT_DIR ? `SSL_CERT_DIR ${directory}` : directory);
  }
  if (found.size === 0) {
    const file = env.SSL_CERT_FILE ? `SSL_CERT_FILE ${env.SSL_CERT_FILE}` : CERT_FILES[0];
    const dirs = env.SSL_CERT_DIR ? `SSL_CERT_DIR ${env.SSL_CERT_DIR}` : CERT_DIRECTORIES[0];
    return { certificates: [], source: `no certificates in ${file} or ${dirs}` };
  }
  return {
    certificates: [...found],
    source: `${sources.join(" and ")}: ${found.size} certificates`,
  };
}

/**
 * Elsewhere Go asks the platform (macOS's keychain, Windows' certificate store): so does Node from
 * version 22.15 on; before, its own roots are the nearest it has.
 */
function platformRoots(): SystemRoots {
  const get = (tls as { getCACertificates?: (which: string) => string[] }).getCACertificates;
  const certificates = get?.("system");
  return certificates
    ? { certificates, source: `the ${process.platform} certificate store` }
    : { certificates: undefined, source: "the CAs Node.js trusts" };
}

let cached: { key: string; roots: SystemRoots } | undefined;

/** The system's roots, read once (as Go reads them once) for a given SSL_CERT_FILE and _DIR. */
export function systemRoots(env: Env = process.env, platform = process.platform): SystemRoots {
  const key = `${platform}\0${env.SSL_CERT_FILE ?? ""}\0${env.SSL_CERT_DIR ?? ""}`;
  if (cached?.key !== key) {
    cached = { key, roots: platform === "linux" ? linuxRoots(env) : platformRoots() };
  }
  return cached.roots;
}

const shared = new WeakMap<readonly string[], tls.SecureContext>();

/**
 * A TLS context trusting `roots` (and presenting the client certificate of `client`, if any), made
 * once: Node parses every CA again for each context (some 90 ms for a distribution's 140 roots),
 * and would make one for every connection from a `ca` option. Contexts without a client
 * certificate are shared by every cluster.
 */
export function trustContext(roots: readonly string[], client: AgentOptions): tls.SecureContext {
  const { cert, key, pfx, passphrase } = client;
  if (cert || key || pfx) {
    return tls.createSecureContext({ ca: [...roots], cert, key, pfx, passphrase });
  }
  let context = shared.get(roots);
  if (!context) {
    context = tls.createSecureContext({ ca: [...roots] });
    shared.set(roots, context);
  }
  return context;
}
