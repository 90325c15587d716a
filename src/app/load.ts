/** Collect step shared by doctor, show and collect: live APIs or a snapshot, same shape either way. */
import type { RawClusterSet } from "../collect/kube/types.js";
import type { Reporter } from "../report/progress.js";

export interface LoadOptions {
  snapshot?: string;
  kubeconfig?: string;
  contexts: string[];
  memberNamespace?: string;
  timeoutMs: number;
  reporter: Reporter;
}

export async function loadRaw(opts: LoadOptions): Promise<{ raw: RawClusterSet; origin: string }> {
  if (opts.snapshot) {
    const { readSnapshot } = await import("../collect/snapshot/read.js");
    const { raw, index } = await readSnapshot(opts.snapshot, opts.contexts);
    return { raw, origin: `snapshot ${opts.snapshot}, taken ${index.createdAt}` };
  }
  // The Kubernetes client is loaded only here, never for --help or version.
  const { collectLive } = await import("../collect/kube/discover.js");
  const raw = await collectLive({
    contexts: opts.contexts,
    timeoutMs: opts.timeoutMs,
    reporter: opts.reporter,
    ...(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}),
    ...(opts.memberNamespace ? { memberNamespace: opts.memberNamespace } : {}),
  });
  return { raw, origin: "live" };
}
