/**
 * A small SOCKS5 proxy (RFC 1928: no authentication, CONNECT only), as `ssh -D` runs one. Like
 * forward-proxy.ts it resolves names itself from `hosts` and connects to loopback addresses only;
 * it records what it carried as "CONNECT host:port".
 */
import { type AddressInfo, connect, createServer, isIP, type Socket } from "node:net";

export interface SocksProxy {
  /** socks5://127.0.0.1:PORT */
  readonly url: string;
  readonly seen: string[];
  close(): Promise<void>;
}

/** Reads exactly n bytes from the socket (undefined if it ends first). */
function reader(socket: Socket): (n: number) => Promise<Buffer | undefined> {
  let buffered = Buffer.alloc(0);
  let waiting: (() => void) | undefined;
  let ended = false;
  socket.on("data", (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    waiting?.();
  });
  socket.on("close", () => {
    ended = true;
    waiting?.();
  });
  return async (n) => {
    while (buffered.length < n && !ended) await new Promise<void>((r) => (waiting = r));
    if (buffered.length < n) return undefined;
    const taken = buffered.subarray(0, n);
    buffered = buffered.subarray(n);
    return taken;
  };
}

export async function startSocksProxy(
  hosts: Readonly<Record<string, string>> = {},
): Promise<SocksProxy> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => s.destroy());
  };
  const serve = async (client: Socket) => {
    const read = reader(client);
    const hello = await read(2); // VER NMETHODS
    const methods = await read(hello?.[1] ?? 0);
    if (hello?.[0] !== 5 || !methods?.includes(0)) return client.end(Buffer.from([5, 255]));
    client.write(Buffer.from([5, 0]));
    const head = await read(4); // VER CMD RSV ATYP
    if (head?.[1] !== 1) return client.end(Buffer.from([5, 7, 0, 1, 0, 0, 0, 0, 0, 0]));
    let host: string | undefined;
    if (head[3] === 1) host = [...((await read(4)) ?? [])].join(".");
    else if (head[3] === 3) {
      const length = (await read(1))?.[0] ?? 0;
      host = (await read(length))?.toString("latin1");
    }
    const port = (await read(2))?.readUInt16BE(0);
    if (!host || port === undefined) return client.destroy();
    seen.push(`CONNECT ${host}:${port}`);
    const address = hosts[host] ?? (isIP(host) ? host : undefined);
    if (!address?.startsWith("127.")) {
      return client.end(Buffer.from([5, 4, 0, 1, 0, 0, 0, 0, 0, 0])); // host unreachable
    }
    client.pause();
    client.removeAllListeners("data");
    const upstream = connect(port, address, () => {
      client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]));
      upstream.pipe(client);
      client.pipe(upstream);
      client.resume();
    });
    track(upstream);
    upstream.on("error", () => client.end(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0])));
  };
  const server = createServer((client) => {
    track(client);
    void serve(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `socks5://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
