/** Clients that may write, for verify: one per context, authenticated exactly as the readers are. */
import { ClientNodeReader } from "./client.js";
import { configForContext, extraHeadersFor, loadKubeconfig } from "./kubeconfig.js";
import type { KubeClient } from "./writer.js";

export function openClients(
  kubeconfig: string | undefined,
  contexts: readonly string[],
  timeoutMs: number,
  debug: (line: string) => void,
): Map<string, KubeClient> {
  const loaded = loadKubeconfig(kubeconfig);
  return new Map(
    contexts.map((ctx) => [
      ctx,
      new ClientNodeReader(
        ctx,
        configForContext(loaded, ctx),
        timeoutMs,
        debug,
        extraHeadersFor(loaded, ctx),
      ),
    ]),
  );
}
