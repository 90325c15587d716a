import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { KubeConfig, type User } from "@kubernetes/client-node";
import { parse } from "yaml";
import { errorMessage, UsageError } from "../../errors.js";
import { kubeconfigFiles } from "./kubeconfig-files.js";

export { kubeconfigFiles };

/** Where the kubeconfig came from, for messages. */
export interface LoadedKubeconfig {
  readonly config: KubeConfig;
  readonly files: readonly string[];
  /** Per user name: its `tokenFile`, made absolute against its kubeconfig file's directory. */
  readonly tokenFiles: ReadonlyMap<string, string>;
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

/** The users of one kubeconfig file that have a `tokenFile`, with the path made absolute. */
function tokenFilesOf(file: string): Map<string, string> {
  const found = new Map<string, string>();
  let doc: { users?: { name?: unknown; user?: { tokenFile?: unknown } }[] } | undefined;
  try {
    doc = parse(readFileSync(file, "utf8"));
  } catch {
    return found; // client-node has read it: nothing here that it could not
  }
  for (const u of Array.isArray(doc?.users) ? doc.users : []) {
    const path = u?.user?.tokenFile;
    if (typeof u?.name === "string" && typeof path === "string" && path) {
      found.set(u.name, resolve(dirname(file), path));
    }
  }
  return found;
}

/**
 * Loads and merges kubeconfig files with kubectl's rules: for a cluster, user or context name
 * defined in several files the first file wins, and so does the first current-context.
 * (client-node's own merge throws on duplicates and lets the last current-context win.)
 */
export function loadKubeconfig(flag: string | undefined, env = process.env): LoadedKubeconfig {
  const files = kubeconfigFiles(flag, env);
  const merged = new KubeConfig();
  const tokenFiles = new Map<string, string>();
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
    const fileTokens = tokenFilesOf(file);
    for (const u of one.getUsers() ?? []) {
      if (has(merged.getUsers(), u.name)) continue;
      merged.addUser(u);
      const tokenFile = fileTokens.get(u.name);
      if (tokenFile) tokenFiles.set(u.name, tokenFile);
    }
    for (const x of one.getContexts() ?? []) {
      if (!has(merged.getContexts(), x.name)) merged.addContext(x);
    }
    if (!merged.getCurrentContext() && one.getCurrentContext()) {
      merged.setCurrentContext(one.getCurrentContext());
    }
  }
  return { config: merged, files, tokenFiles };
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
  if (loaded.tokenFiles.size > 0)
    kc.addAuthenticator(new TokenFileAuthenticator(loaded.tokenFiles));
  return kc;
}
