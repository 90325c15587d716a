import type { TLSSocket } from "node:tls";
import type { DispatcherOptions } from "@kubernetes/client-node";
import { Agent, type buildConnector, Client, type Dispatcher, Pool } from "undici";

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
 * The connection pool for a cluster reached directly: client-node's own TLS settings (CA, client
 * certificate and key, insecure-skip-tls-verify, server name, keep-alive), and HTTP/2 offered by
 * ALPN as kubectl does. With HTTP/2 the requests a member's reads send together share a TLS
 * connection instead of a handshake each; an API server that does not offer h2 gets HTTP/1.1.
 * Undefined through a proxy: client-node's proxy dispatcher is kept as it is (HTTP/1.1).
 */
export function directPool(options: DispatcherOptions): Dispatcher | undefined {
  // "none": no TLS settings of its own, where client-node would use undici's default dispatcher.
  const tls =
    options.type === "agent" ? { connect: options.connect } : options.type === "none" ? {} : null;
  if (!tls) return undefined;
  return new Agent({
    ...tls,
    allowH2: true,
    factory: (origin, opts) => new Pool(origin, { ...opts, factory: multiplexing }),
  });
}
