/** A client per kubeconfig context, authenticated as kubectl would be: for doctor's reads and verify's writes. */
import { ClientNodeReader } from "./client.js";
import {
  configForContext,
  extraHeadersFor,
  type LoadedKubeconfig,
  loadKubeconfig,
} from "./kubeconfig.js";
import type { KubeClient } from "./writer.js";

export function clientFor(
  loaded: LoadedKubeconfig,
  context: string,
  timeoutMs: number,
  debug: (line: string) => void,
): ClientNodeReader {
  return new ClientNodeReader(
    context,
    configForContext(loaded, context),
    timeoutMs,
    debug,
    extraHeadersFor(loaded, context),
  );
}

/** verify's clients, one per context. */
export function openClients(
  kubeconfig: string | undefined,
  contexts: readonly string[],
  timeoutMs: number,
  debug: (line: string) => void,
): Map<string, KubeClient> {
  const loaded = loadKubeconfig(kubeconfig);
  return new Map(contexts.map((ctx) => [ctx, clientFor(loaded, ctx, timeoutMs, debug)]));
}
