/**
 * A small Kubernetes API server for tests: serves a FakeCluster over HTTP or HTTPS (a test CA) on
 * 127.0.0.1, with bearer-token authentication, so that @kubernetes/client-node runs its real
 * request path from a generated kubeconfig. Over HTTPS it offers HTTP/2 and HTTP/1.1 by ALPN, as
 * kube-apiserver does (or HTTP/1.1 only, with `http1Only`).
 */
import {
  createServer as createHttp,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import {
  createSecureServer as createHttp2,
  type Http2ServerRequest,
  type Http2ServerResponse,
} from "node:http2";
import { createServer as createHttps } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { createSecureContext, type TLSSocket } from "node:tls";
import { eksTokenSigner } from "./eks-token.js";
import {
  type Answer,
  FakeCluster,
  type FakeClusterOptions,
  type Forbidden,
} from "./fake-cluster.js";
import { NAMED_HOST, type TestCA } from "./tls.js";

export interface KubeApiServer {
  readonly url: string;
  readonly token: string;
  readonly cluster: FakeCluster;
  /** Who impersonated whom: "kubectl: reader group=g uid=u scopes=a+b" (by User-Agent). */
  readonly impersonations: string[];
  /** "GET /api/v1/nodes?limit=500" for every authenticated request, in order. */
  readonly requests: string[];
  /** The HTTP version of each of those requests: "2.0" or "1.1". */
  readonly httpVersions: string[];
  /** How many connections clients opened so far. */
  connections(): number;
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
  /** Over HTTPS, offer HTTP/1.1 only (an API server or proxy without HTTP/2). */
  http1Only?: boolean;
  /** Over HTTPS, also accept a client certificate signed by the CA instead of the token. */
  clientCerts?: boolean;
  /** Answer requests without credentials too (what `kubectl proxy` serves). */
  anonymous?: boolean;
  /** More users, each with its own credentials and RBAC refusals. */
  users?: TestUser[];
  /**
   * Accept `aws eks get-token` tokens for this cluster name, signed with one of these AWS keys
   * (access key ID → secret), as EKS does (as the cluster's admin).
   */
  eks?: { cluster: string; secrets: Record<string, string> };
  /** Honour Impersonate-* headers from the admin (user-name-keyed rights from `users`). */
  impersonation?: boolean;
  /** Over HTTPS, the CA's certificate for NAMED_HOST when a client asks for it by SNI. */
  namedCert?: boolean;
}

/** A user of the test server besides the admin. */
export interface TestUser {
  user: string;
  /** A bearer token of this user. */
  token?: string;
  /** HTTP basic credentials of this user (kube-apiserver dropped them in 1.19; kubectl sends them). */
  basic?: { username: string; password: string };
  forbidden: Forbidden[];
  /** Groups whose RBAC lifts `forbidden`, when a request impersonates one of them. */
  grantedGroups?: string[];
}

type Request = IncomingMessage | Http2ServerRequest;
type Response = ServerResponse | Http2ServerResponse;

/** The client gave up meanwhile (its stream or connection is gone), or it was answered. */
function gone(res: Response): boolean {
  const stream = "stream" in res ? res.stream : res;
  return stream.destroyed || res.writableEnded;
}

function send(res: Response, answer: Answer, clock?: string): void {
  if (gone(res)) return;
  // A Pod's log is text, as kube-apiserver serves it; everything else JSON.
  const text = typeof answer.body === "string";
  const body = text ? (answer.body as string) : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    "Content-Type": text ? "text/plain" : "application/json",
    "Content-Length": Buffer.byteLength(body),
    // The server's own clock, when the test sets one (Node sends the real time otherwise).
    ...(clock ? { Date: new Date(clock).toUTCString() } : {}),
  });
  res.end(body);
}

export async function startKubeApiServer(opts: ServerOptions): Promise<KubeApiServer> {
  const cluster = new FakeCluster(opts);
  const users = opts.users ?? [];
  const clusterOf = (u: TestUser, groups: string[] = []) =>
    new FakeCluster({
      ...opts,
      user: u.user,
      forbidden: groups.some((g) => u.grantedGroups?.includes(g)) ? [] : u.forbidden,
    });
  const others = new Map<string, FakeCluster>();
  for (const u of users) {
    if (u.token) others.set(`Bearer ${u.token}`, clusterOf(u));
    if (u.basic) {
      const pair = Buffer.from(`${u.basic.username}:${u.basic.password}`).toString("base64");
      others.set(`Basic ${pair}`, clusterOf(u));
    }
  }
  const token = opts.token ?? `token-${Math.random().toString(36).slice(2)}`;
  const impersonations: string[] = [];
  /** Who the admin acts as, by the Impersonate-* headers, or undefined (no such headers). */
  const impersonated = (req: Request): FakeCluster | undefined => {
    // Each header line is one value, as kube-apiserver reads them: "a, b" in one line is one group.
    const list = (name: string) =>
      req.rawHeaders.filter((_, i) => i % 2 === 1 && req.rawHeaders[i - 1]?.toLowerCase() === name);
    const [user] = list("impersonate-user");
    if (!opts.impersonation || !user) return undefined;
    const groups = list("impersonate-group");
    const uid = list("impersonate-uid")[0];
    const extra = Object.keys(req.headers)
      .filter((h) => h.startsWith("impersonate-extra-"))
      .map((h) => `${h.slice("impersonate-extra-".length)}=${list(h).join("+")}`);
    const agent = String(req.headers["user-agent"] ?? "").split("/")[0];
    impersonations.push(
      [
        `${agent}:`,
        user,
        ...groups.map((g) => `group=${g}`),
        ...(uid ? [`uid=${uid}`] : []),
        ...extra,
      ].join(" "),
    );
    const known = users.find((u) => u.user === user);
    return known ? clusterOf(known, groups) : new FakeCluster({ ...opts, user });
  };
  const requests: string[] = [];
  const httpVersions: string[] = [];
  const timings: [number, number, string][] = [];
  const handler = (req: Request, res: Response) => {
    const arrived = Date.now();
    res.on("finish", () => timings.push([arrived, Date.now(), `${req.method} ${req.url}`]));
    if (opts.delayMs) setTimeout(() => answer(req, res), opts.delayMs);
    else answer(req, res);
  };
  const answer = (req: Request, res: Response) => {
    if (gone(res)) return;
    const url = new URL(req.url ?? "/", "http://localhost");
    const certified = opts.clientCerts === true && (req.socket as TLSSocket).authorized === true;
    const authorization = req.headers.authorization ?? "";
    const other = others.get(authorization);
    const eks =
      opts.eks &&
      eksTokenSigner(authorization.replace(/^Bearer /, ""), opts.eks.cluster, opts.eks.secrets);
    const admin = authorization === `Bearer ${token}` || certified || !!eks;
    if (!admin && !other && !opts.anonymous) {
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
    httpVersions.push(req.httpVersion);
    const as = (admin && impersonated(req)) || other || cluster;
    if (req.method === "POST" || req.method === "DELETE") {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        let body: unknown;
        try {
          body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined;
        } catch {
          body = undefined;
        }
        send(res, as.write(req.method ?? "", url.pathname, url.searchParams, body), opts.clock);
      });
      return;
    }
    if (url.pathname === "/version") return send(res, as.version(), opts.clock);
    const log = as.podLog(url.pathname);
    if (log) return send(res, log, opts.clock);
    const discovery = as.discovery(url.pathname);
    if (discovery) return send(res, discovery, opts.clock);
    send(res, as.resource(url.pathname, url.searchParams), opts.clock);
  };
  const keys = opts.tls
    ? {
        key: opts.tls.serverKey,
        cert: opts.tls.serverCert,
        // Verified by the handler: a request without a certificate may still bring a token.
        ...(opts.clientCerts
          ? { ca: opts.tls.caCert, requestCert: true, rejectUnauthorized: false }
          : {}),
        ...(opts.namedCert ? { SNICallback: named(opts.tls) } : {}),
      }
    : undefined;
  const server =
    keys && !opts.http1Only
      ? createHttp2({ ...keys, allowHTTP1: true }, handler)
      : keys
        ? createHttps(keys, handler)
        : createHttp(handler);
  // An HTTP/2 server has no closeAllConnections: its sockets are closed one by one.
  const sockets = new Set<Socket>();
  let connections = 0;
  server.on("connection", (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${opts.tls ? "https" : "http"}://127.0.0.1:${port}`,
    token,
    cluster,
    impersonations,
    requests,
    httpVersions,
    connections: () => connections,
    timings,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Serves the CA's certificate for NAMED_HOST (and nothing else) to a client asking for that name. */
function named(ca: TestCA) {
  const byName = createSecureContext({ key: ca.namedKey, cert: ca.namedCert });
  return (
    servername: string,
    done: (err: Error | null, ctx?: ReturnType<typeof createSecureContext>) => void,
  ) => done(null, servername === NAMED_HOST ? byName : undefined);
}

/** A loopback URL on which nothing listens: an unreachable API server. */
export async function unusedLoopbackUrl(): Promise<string> {
  const server: Server = createHttp();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `https://127.0.0.1:${port}`;
}
