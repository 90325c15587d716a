/**
 * The benchmark's Kubernetes API test servers, in a worker thread: their event loop runs beside
 * the proxy's instead of sharing it, so that when a request arrived is measured, not when a busy
 * thread got round to it. Messages: reset (forget timings), stats (timings per server, request
 * count), close.
 */
import { parentPort, Worker, workerData } from "node:worker_threads";
import { startClusterSet } from "../../test/support/harness.js";
import type { ScenarioMember } from "../../test/support/scenarios.js";
import type { Interval } from "./stages.js";

export interface Clusters {
  readonly kubeconfig: string;
  reset(): Promise<void>;
  stats(): Promise<ClusterStats>;
  close(): Promise<void>;
}

/** What the API servers saw since the last reset. */
export interface ClusterStats {
  timings: Interval[][];
  requests: number;
  /** Requests by HTTP version ("2.0", "1.1"). */
  httpVersions: Record<string, number>;
  /** Connections the clients opened (each a TLS handshake). */
  connections: number;
}

type Reply = { id: number; kubeconfig?: string } & Partial<ClusterStats>;

export async function startClustersInWorker(
  kube: ScenarioMember[],
  delayMs: number,
): Promise<Clusters> {
  // A worker does not inherit tsx's loader: register it, then load this file as the worker.
  const boot = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { kube, delayMs } });
  const waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  worker.on("message", (r: Reply) => {
    waiting.get(r.id)?.resolve(r);
    waiting.delete(r.id);
  });
  // One listener for the worker's life (one per question would pile up over --runs).
  worker.on("error", (err) => {
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  });
  let next = 0;
  const ask = (type: string) =>
    new Promise<Reply>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, type });
    });
  const { kubeconfig = "" } = await ask("ready");
  return {
    kubeconfig,
    reset: async () => {
      await ask("reset");
    },
    stats: async () => {
      const r = await ask("stats");
      return {
        timings: r.timings ?? [],
        requests: r.requests ?? 0,
        httpVersions: r.httpVersions ?? {},
        connections: r.connections ?? 0,
      };
    },
    close: async () => {
      await ask("close");
      await worker.terminate();
    },
  };
}

if (parentPort && workerData?.kube) {
  const port = parentPort;
  const { kube, delayMs } = workerData as { kube: ScenarioMember[]; delayMs: number };
  const cs = await startClusterSet(kube, {
    overrides: Object.fromEntries(kube.map((m) => [m.name, { delayMs }])),
  });
  const servers = [...cs.servers.values()];
  const connections = () => servers.reduce((n, s) => n + s.connections(), 0);
  let connectionsBefore = 0;
  port.on("message", async ({ id, type }: { id: number; type: string }) => {
    if (type === "ready") port.postMessage({ id, kubeconfig: cs.kubeconfig });
    if (type === "reset") {
      for (const s of servers) {
        s.timings.length = 0;
        s.requests.length = 0;
        s.httpVersions.length = 0;
      }
      connectionsBefore = connections();
      port.postMessage({ id });
    }
    if (type === "stats") {
      const httpVersions: Record<string, number> = {};
      for (const v of servers.flatMap((s) => s.httpVersions))
        httpVersions[v] = (httpVersions[v] ?? 0) + 1;
      port.postMessage({
        id,
        timings: servers.map((s) => s.timings),
        requests: servers.reduce((n, s) => n + s.requests.length, 0),
        httpVersions,
        connections: connections() - connectionsBefore,
      } satisfies Omit<Reply, "kubeconfig">);
    }
    if (type === "close") {
      await cs.close();
      port.postMessage({ id });
    }
  });
}
