import type { TLSSocket } from "node:tls";
import type { Cluster, DispatcherOptions } from "@kubernetes/client-node";
import { Agent, type buildConnector, Client, type Dispatcher, Pool, ProxyAgent } from "undici";

/** Requests in flight on one HTTP/2 connection: undici's default for the streams of a session. */
const STREAMS = 100;

/**
 * undici sends one request at a time per connection unless told otherwise, HTTP/2 included: a
 * connection that negotiated h2 is told to carry STREAMS at once; HTTP/1.1 ones keep one request
 * at a time (no pipelining), in connections of their own.
 */
function multiplexing(origin: URL, options: object): Dispatcher {
  const opts = options as Client.Options & { connect: buildConnector.connector };
  const client: Client = new Client(origin, {
    ...opts,
    connect: (how, done) =>
      opts.connect(how, (...connected) => {
        const [, socket] = connected;
        if ((socket as TLSSocket | null)?.alpnProtocol === "h2") client.pipelining = STREAMS;
        done(...connected);
      }),
  });
  return client;
}

/**
 * Requests sent while the pool's first connection is being made wait for it, instead of each
 * making one (undici's pool opens a connection per request it cannot place yet): over HTTP/2 they
 * then share it, over HTTP/1.1 they open their own once it is up. On one busy thread, a second
 * handshake could otherwise end after the first request was answered: a round trip more. They
 * go anyway if that connection fails or is lost, and after `maxWaitMs` (the request timeout).
 */
function afterFirstConnection(agent: Agent, maxWaitMs: number): Dispatcher {
  let first: "not yet" | "connecting" | "made" = "not yet";
  const held: (() => void)[] = [];
  let timer: NodeJS.Timeout | undefined;
  const made = () => {
    first = "made";
    clearTimeout(timer);
    for (const send of held.splice(0)) send();
  };
  // After the events' handlers: the client that connected must first take up its own request,
  // or the pool still counts it busy and opens one more for each request let go.
  const soon = () => queueMicrotask(made);
  agent.on("connect", soon).on("connectionError", soon).on("disconnect", soon);
  return agent.compose((dispatch) => (opts, handler) => {
    if (first === "made") return dispatch(opts, handler);
    if (first === "connecting") {
      held.push(() => dispatch(opts, handler));
      return true;
    }
    first = "connecting";
    // Unref'd: the connection being made keeps the process alive, this timer need not.
    timer = setTimeout(made, maxWaitMs).unref();
    try {
      return dispatch(opts, handler);
    } catch (err) {
      made();
      throw err;
    }
  });
}

/**
 * The connection pool for a cluster reached directly: client-node's own TLS settings (CA, client
 * certificate and key, insecure-skip-tls-verify, server name, keep-alive), and HTTP/2 offered by
 * ALPN as kubectl does. With HTTP/2 the requests a member's reads send together share one TLS
 * connection instead of a handshake each; an API server that does not offer h2 gets HTTP/1.1.
 * Undefined through a proxy (proxyPool). HTTP/1.1 only without `http2`.
 */
export function directPool(
  options: DispatcherOptions,
  timeoutMs: number,
  http2 = true,
): Dispatcher | undefined {
  // "none": no TLS settings of its own, where client-node would use undici's default dispatcher.
  const tls =
    options.type === "agent" ? { connect: options.connect } : options.type === "none" ? {} : null;
  if (!tls) return undefined;
  const agent = new Agent({
    ...tls,
    allowH2: http2,
    factory: (origin, opts) => new Pool(origin, { ...opts, factory: multiplexing }),
  });
  return afterFirstConnection(agent, timeoutMs);
}

/**
 * The connection pool for a cluster reached through an HTTP proxy (HTTP/1.1): client-node's
 * ProxyAgent, but a plain-HTTP server's requests go to the proxy in absolute form, as Go sends
 * them, instead of in a CONNECT tunnel (which proxies such as Squid allow to port 443 only).
 * Undefined for any other route (a SOCKS proxy stays client-node's own dispatcher).
 */
export function proxyPool(options: DispatcherOptions): Dispatcher | undefined {
  if (options.type !== "proxy") return undefined;
  const { uri, requestTls, connect } = options;
  return new ProxyAgent({ uri, requestTls, connect, proxyTunnel: false });
}

/**
 * A cluster served over plain HTTP and reached directly (what `kubectl proxy` serves): kubectl
 * talks to it, client-node refuses it unless insecure-skip-tls-verify is set ("HTTP protocol is
 * not allowed"), though no TLS is involved. Such a cluster gets our pool without TLS settings.
 */
export function plainHttp(cluster: Cluster | null | undefined): boolean {
  return !!cluster?.server.startsWith("http:") && !cluster.proxyUrl;
}

/** The dispatcher options of a plain-HTTP cluster: none of TLS, nothing to refuse. */
export const PLAIN_HTTP: DispatcherOptions = { type: "none" };
