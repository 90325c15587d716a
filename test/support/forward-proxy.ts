/**
 * A small HTTP forward proxy, as corporate proxies and bastions run: CONNECT tunnels (HTTPS, and
 * any TCP), and absolute-form requests for plain-HTTP targets. It resolves names itself from
 * `hosts` (names no resolver on this machine knows, so that a client reaching them must have come
 * through the proxy), and forwards only to loopback addresses. It records what it carried.
 */
import { createServer, request as httpRequest } from "node:http";
import { type AddressInfo, connect, isIP, type Socket } from "node:net";

export interface ForwardProxy {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** What it carried: "CONNECT host:port" or "GET http://host:port/path". */
  readonly seen: string[];
  close(): Promise<void>;
}

/** The loopback address a target host resolves to here, or undefined (refused). */
function resolveHost(host: string, hosts: Readonly<Record<string, string>>): string | undefined {
  const bare = host.replace(/^\[|\]$/g, "");
  const address = hosts[bare] ?? (isIP(bare) ? bare : undefined);
  return address && (address.startsWith("127.") || address === "::1") ? address : undefined;
}

export async function startForwardProxy(
  hosts: Readonly<Record<string, string>> = {},
): Promise<ForwardProxy> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    // Absolute-form: GET http://host:port/path HTTP/1.1
    let target: URL;
    try {
      target = new URL(req.url ?? "");
    } catch {
      res.writeHead(400).end("this proxy takes absolute-form requests and CONNECT only\n");
      return;
    }
    seen.push(`${req.method} ${target.href}`);
    const address = resolveHost(target.hostname, hosts);
    if (!address || target.protocol !== "http:") {
      res.writeHead(502).end(`proxy: cannot reach ${target.host}\n`);
      return;
    }
    const upstream = httpRequest(
      {
        host: address,
        port: Number(target.port || 80),
        method: req.method,
        path: `${target.pathname}${target.search}`,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.writeHead(502).end(`proxy: ${target.host} refused\n`));
    req.pipe(upstream);
  });
  server.on("connect", (req, client: Socket, head: Buffer) => {
    const authority = req.url ?? "";
    seen.push(`CONNECT ${authority}`);
    const colon = authority.lastIndexOf(":");
    const address = resolveHost(authority.slice(0, colon), hosts);
    if (!address || colon < 0) {
      client.end("HTTP/1.1 502 Bad Gateway\r\n\r\n");
      return;
    }
    const upstream = connect(Number(authority.slice(colon + 1)), address, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    }
    upstream.on("error", () => client.end("HTTP/1.1 502 Bad Gateway\r\n\r\n"));
    client.on("error", () => upstream.destroy());
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
