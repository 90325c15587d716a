import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { type Cluster, KubeConfig, type User } from "@kubernetes/client-node";
import { parse } from "yaml";
import { errorMessage, UsageError } from "../../errors.js";
import { type Impersonation, impersonationHeaders, impersonationOf } from "./impersonation.js";
import { kubeconfigFiles } from "./kubeconfig-files.js";

export { kubeconfigFiles };

/** What client-node does not read of a kubeconfig user. */
export interface UserExtras {
  /** `tokenFile`, made absolute against its kubeconfig file's directory. */
  readonly tokenFile?: string;
  /** `as-uid`, `as-groups`, `as-user-extra` (and `as`, which client-node reads too). */
  readonly impersonation?: Impersonation;
}

/** Where the kubeconfig came from, for messages. */
export interface LoadedKubeconfig {
  readonly config: KubeConfig;
  readonly files: readonly string[];
  /** Per user name, what client-node does not read of it. */
  readonly users: ReadonlyMap<string, UserExtras>;
}

/**
 * A user's `tokenFile`, read when a request is made, as client-go does (client-node reads a
 * `token-file` key instead, relative to the working directory, with its newline). A `token` of the
 * same user wins, as in kubectl; a file that cannot be read is that context's failure alone.
 */
type Authenticator = Parameters<KubeConfig["addAuthenticator"]>[0];

class TokenFileAuthenticator implements Authenticator {
  constructor(private readonly files: ReadonlyMap<string, string>) {}

  isAuthProvider(user: User): boolean {
    return this.files.has(user.name);
  }

  async applyAuthentication(user: User, opts: { headers?: Record<string, unknown> }) {
    const file = this.files.get(user.name) ?? "";
    let token: string;
    try {
      token = readFileSync(file, "utf8").trim();
    } catch (err) {
      const code = (err as { code?: string }).code ?? errorMessage(err);
      throw new Error(
        `tokenFile ${file} of user ${user.name} in the kubeconfig cannot be read (${code}); kubectl refuses it too`,
      );
    }
    opts.headers = { ...opts.headers, Authorization: `Bearer ${token}` };
  }
}

/**
 * The file of the context's cluster or user (certificate-authority, client-certificate,
 * client-key) that cannot be read, said as a user finds it in the kubeconfig: client-node's own
 * error is a bare ENOENT. kubectl refuses such a context before sending anything, as we do.
 */
export function unreadableFile(kc: KubeConfig): string | undefined {
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  const files: [string, string | undefined, string][] = [
    ["certificate-authority", cluster?.caFile, `cluster ${cluster?.name}`],
    ["client-certificate", user?.certFile, `user ${user?.name}`],
    ["client-key", user?.keyFile, `user ${user?.name}`],
  ];
  for (const [field, file, of] of files) {
    if (!file) continue;
    try {
      readFileSync(file);
    } catch (err) {
      const code = (err as { code?: string }).code ?? errorMessage(err);
      return `${field} ${file} of ${of} in the kubeconfig cannot be read (${code}); kubectl refuses it too`;
    }
  }
  return undefined;
}

/**
 * A cluster with both insecure-skip-tls-verify and a certificate-authority: kubectl refuses it
 * ("specifying a root certificates file with the insecure flag is not allowed"); client-node
 * would quietly verify nothing.
 */
export function insecureWithCa(cluster: Cluster | null | undefined): string | undefined {
  if (!cluster?.skipTLSVerify || !(cluster.caFile || cluster.caData)) return undefined;
  return `cluster ${cluster.name} sets both insecure-skip-tls-verify and a certificate-authority; kubectl refuses it too ("specifying a root certificates file with the insecure flag is not allowed"): keep one`;
}

/** What client-node does not read of the users of one kubeconfig file, by user name. */
function userExtrasOf(file: string): Map<string, UserExtras> {
  const found = new Map<string, UserExtras>();
  let doc: { users?: { name?: unknown; user?: unknown }[] } | undefined;
  try {
    doc = parse(readFileSync(file, "utf8"));
  } catch {
    return found; // client-node has read it: nothing here that it could not
  }
  for (const u of Array.isArray(doc?.users) ? doc.users : []) {
    const user = u?.user;
    if (typeof u?.name !== "string" || !user || typeof user !== "object") continue;
    const fields = user as Record<string, unknown>;
    const path = fields.tokenFile;
    const tokenFile = typeof path === "string" && path ? resolve(dirname(file), path) : undefined;
    const impersonation = impersonationOf(fields);
    if (tokenFile || impersonation) found.set(u.name, { tokenFile, impersonation });
  }
  return found;
}

/**
 * A user whose exec plugin command is a relative path (`./bin/get-token`, `plugins/token`) runs
 * it from the kubeconfig file's directory, as client-go resolves it; a bare name (`aws`) is looked
 * up on PATH.
 */
function withExecCommandOf(file: string, user: User): User {
  const exec = user.exec as { command?: unknown } | undefined;
  const command = exec?.command;
  if (typeof command !== "string" || !command.includes("/") || isAbsolute(command)) return user;
  return { ...user, exec: { ...exec, command: resolve(dirname(file), command) } };
}

/**
 * Loads and merges kubeconfig files with kubectl's rules: for a cluster, user or context name
 * defined in several files the first file wins, and so does the first current-context.
 * (client-node's own merge throws on duplicates and lets the last current-context win.)
 */
export function loadKubeconfig(flag: string | undefined, env = process.env): LoadedKubeconfig {
  const files = kubeconfigFiles(flag, env);
  const merged = new KubeConfig();
  const extras = new Map<string, UserExtras>();
  merged.loadFromOptions({ clusters: [], users: [], contexts: [], currentContext: "" });
  for (const file of files) {
    const one = new KubeConfig();
    try {
      one.loadFromFile(file);
    } catch (err) {
      // The YAML parser adds a snippet of the file under its message: one line is the reason.
      const reason = errorMessage(err).split("\n")[0]?.trim();
      throw new UsageError(`kubeconfig ${file} is malformed: ${reason}`);
    }
    const has = <T extends { name: string }>(list: T[], name: string) =>
      list.some((x) => x.name === name);
    for (const c of one.getClusters() ?? []) {
      if (!has(merged.getClusters(), c.name)) merged.addCluster(c);
    }
    const fileExtras = userExtrasOf(file);
    for (const u of one.getUsers() ?? []) {
      if (has(merged.getUsers(), u.name)) continue;
      merged.addUser(withExecCommandOf(file, u));
      const extra = fileExtras.get(u.name);
      if (extra) extras.set(u.name, extra);
    }
    for (const x of one.getContexts() ?? []) {
      if (!has(merged.getContexts(), x.name)) merged.addContext(x);
    }
    if (!merged.getCurrentContext() && one.getCurrentContext()) {
      merged.setCurrentContext(one.getCurrentContext());
    }
  }
  return { config: merged, files, users: extras };
}

/** A KubeConfig of its own for one context, so that concurrent clients never share state. */
export function configForContext(loaded: LoadedKubeconfig, context: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: loaded.config.getClusters(),
    users: loaded.config.getUsers(),
    contexts: loaded.config.getContexts(),
    currentContext: context,
  });
  const tokenFiles = new Map<string, string>();
  for (const [name, extra] of loaded.users)
    if (extra.tokenFile) tokenFiles.set(name, extra.tokenFile);
  if (tokenFiles.size > 0) kc.addAuthenticator(new TokenFileAuthenticator(tokenFiles));
  return kc;
}

/**
 * What our request path adds for a context's user: the Impersonate-* header lines client-node
 * does not send, or why kubectl would refuse to send anything.
 */
export function extraHeadersFor(
  loaded: LoadedKubeconfig,
  context: string,
): { lines: [string, string][] } | { refusal: string } {
  const userName = loaded.config.getContexts().find((c) => c.name === context)?.user ?? "";
  const impersonation = loaded.users.get(userName)?.impersonation;
  return impersonation ? impersonationHeaders(userName, impersonation) : { lines: [] };
}
