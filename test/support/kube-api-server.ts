/**
 * A small Kubernetes API server for tests: serves a FakeCluster over HTTP or HTTPS (a test CA) on
 * 127.0.0.1, with bearer-token authentication, so that @kubernetes/client-node runs its real
 * request path from a generated kubeconfig.
 */
import {
  createServer as createHttp,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttps } from "node:https";
import type { AddressInfo } from "node:net";
import { type Answer, FakeCluster, type FakeClusterOptions } from "./fake-cluster.js";
import type { TestCA } from "./tls.js";

export interface KubeApiServer {
  readonly url: string;
  readonly token: string;
  readonly cluster: FakeCluster;
  /** "GET /api/v1/nodes?limit=500" for every authenticated request, in order. */
  readonly requests: string[];
  /** When each request arrived and was answered (ms since the epoch), for the benchmark. */
  readonly timings: [number, number, string][];
  close(): Promise<void>;
}

export interface ServerOptions extends FakeClusterOptions {
  token?: string;
  /** Answer every request this late (a slow or overloaded API server). */
  delayMs?: number;
  /** Serve HTTPS with a certificate of this CA; plain HTTP otherwise. */
  tls?: TestCA;
}

function send(res: ServerResponse, answer: Answer): void {
  const body = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
  });
  res.end(body);
}

export async function startKubeApiServer(opts: ServerOptions): Promise<KubeApiServer> {
  const cluster = new FakeCluster(opts);
  const token = opts.token ?? `token-${Math.random().toString(36).slice(2)}`;
  const requests: string[] = [];
  const timings: [number, number, string][] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const arrived = Date.now();
    res.on("finish", () => timings.push([arrived, Date.now(), `${req.method} ${req.url}`]));
    if (opts.delayMs) setTimeout(() => answer(req, res), opts.delayMs);
    else answer(req, res);
  };
  const answer = (req: IncomingMessage, res: ServerResponse) => {
    if (res.destroyed || res.writableEnded) return; // the client gave up meanwhile
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.headers.authorization !== `Bearer ${token}`) {
      send(res, {
        status: 401,
        body: {
          kind: "Status",
          apiVersion: "v1",
          metadata: {},
          status: "Failure",
          message: "Unauthorized",
          reason: "Unauthorized",
          code: 401,
        },
      });
      return;
    }
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (req.method !== "GET") {
      send(res, {
        status: 405,
        body: {
          kind: "Status",
          apiVersion: "v1",
          status: "Failure",
          message: "this test server is read-only",
          reason: "MethodNotAllowed",
          code: 405,
        },
      });
      return;
    }
    if (url.pathname === "/version") return send(res, cluster.version());
    const discovery = cluster.discovery(url.pathname);
    if (discovery) return send(res, discovery);
    send(res, cluster.resource(url.pathname, url.searchParams));
  };
  const server: Server = opts.tls
    ? createHttps({ key: opts.tls.serverKey, cert: opts.tls.serverCert }, handler)
    : createHttp(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${opts.tls ? "https" : "http"}://127.0.0.1:${port}`,
    token,
    cluster,
    requests,
    timings,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** A loopback URL on which nothing listens: an unreachable API server. */
export async function unusedLoopbackUrl(): Promise<string> {
  const server = createHttp();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `https://127.0.0.1:${port}`;
}
