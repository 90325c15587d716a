import { KubeConfig } from "@kubernetes/client-node";
import { errorMessage, UsageError } from "../../errors.js";
import { kubeconfigFiles } from "./kubeconfig-files.js";

export { kubeconfigFiles };

/** Where the kubeconfig came from, for messages. */
export interface LoadedKubeconfig {
  readonly config: KubeConfig;
  readonly files: readonly string[];
}

/**
 * Loads and merges kubeconfig files with kubectl's rules: for a cluster, user or context name
 * defined in several files the first file wins, and so does the first current-context.
 * (client-node's own merge throws on duplicates and lets the last current-context win.)
 */
export function loadKubeconfig(flag: string | undefined, env = process.env): LoadedKubeconfig {
  const files = kubeconfigFiles(flag, env);
  const merged = new KubeConfig();
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
    for (const u of one.getUsers() ?? []) {
      if (!has(merged.getUsers(), u.name)) merged.addUser(u);
    }
    for (const x of one.getContexts() ?? []) {
      if (!has(merged.getContexts(), x.name)) merged.addContext(x);
    }
    if (!merged.getCurrentContext() && one.getCurrentContext()) {
      merged.setCurrentContext(one.getCurrentContext());
    }
  }
  return { config: merged, files };
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
  return kc;
}
