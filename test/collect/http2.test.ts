/**
 * The reader speaks HTTP/2 to API servers that offer it (as kubectl does), so that the reads sent
 * together share a connection, and HTTP/1.1 to those that do not; every kubeconfig way of reaching
 * and authenticating to a cluster keeps working either way.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { type AddressInfo, connect, createServer as createNetServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ClientNodeReader } from "../../src/collect/kube/client.js";
import { configForContext, loadKubeconfig } from "../../src/collect/kube/kubeconfig.js";
import { RESOURCES } from "../../src/kube/resources.js";
import {
  type KubeApiServer,
  type ServerOptions,
  startKubeApiServer,
} from "../support/kube-api-server.js";
import { type ContextEntry, writeKubeconfig } from "../support/kubeconfig.js";
import { clusterOptions, healthyScenario } from "../support/scenarios.js";
import { testCA } from "../support/tls.js";

const dir = mkdtempSync(join(tmpdir(), "antrea-mc-h2-"));
const west = healthyScenario()[0];
const ca = testCA();

function reader(entry: ContextEntry): ClientNodeReader {
  const path = writeKubeconfig(join(dir, `${entry.name}.kubeconfig`), [entry]);
  return new ClientNodeReader(
    entry.name,
    configForContext(loadKubeconfig(path, {}), entry.name),
    5000,
  );
}

async function server(opts: Partial<ServerOptions> = {}): Promise<KubeApiServer> {
  assert.ok(west);
  return startKubeApiServer({ ...clusterOptions(west), tls: ca, ...opts });
}

/** What a member's second round trip sends at once, after a first request; the answers' items. */
async function reads(r: ClientNodeReader): Promise<unknown[]> {
  const version = await r.version();
  assert.ok(version.ok, JSON.stringify(version));
  const got = await Promise.all([
    r.list(RESOURCES.nodes),
    r.list(RESOURCES.pods),
    r.list(RESOURCES.daemonsets),
    r.list({ ...RESOURCES.clustersets, namespace: "kube-system" }),
    r.get({ ...RESOURCES.configmaps, namespace: "kube-system", name: "antrea-config" }),
  ]);
  await r.close();
  return got.map((g) => {
    assert.ok(g.ok, JSON.stringify(g));
    return "items" in g.value ? g.value.items : g.value;
  });
}

describe("HTTP/2 to API servers that offer it", () => {
  const servers: KubeApiServer[] = [];
  const start = async (opts: Partial<ServerOptions> = {}) => {
    const s = await server(opts);
    servers.push(s);
    return s;
  };
  after(() => Promise.all(servers.map((s) => s.close())));

  it("negotiates h2, and the reads sent together share the first one's connection", async () => {
    const s = await start();
    await reads(reader({ name: "h2", server: s.url, token: s.token, caData: ca.caCert }));
    assert.equal(s.httpVersions.length, 6);
    assert.deepEqual(new Set(s.httpVersions), new Set(["2.0"]));
    assert.equal(s.connections(), 1);
  });

  it("sends reads made before any connection over the first one, not one each", async () => {
    const s = await start({ delayMs: 20 });
    const r = reader({ name: "burst", server: s.url, token: s.token, caData: ca.caCert });
    const got = await Promise.all([
      r.version(),
      r.list(RESOURCES.nodes),
      r.list(RESOURCES.pods),
      r.list(RESOURCES.deployments),
    ]);
    await r.close();
    assert.ok(got.every((g) => g.ok));
    assert.deepEqual(new Set(s.httpVersions), new Set(["2.0"]));
    assert.equal(s.connections(), 1);
  });

  it("lets the reads waiting for a first connection that never comes time out too", async () => {
    // Accepts TCP and never answers the TLS handshake.
    const sockets: Socket[] = [];
    const silent = createNetServer((socket) => sockets.push(socket));
    await new Promise<void>((res) => silent.listen(0, "127.0.0.1", res));
    const url = `https://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const path = writeKubeconfig(join(dir, "silent.kubeconfig"), [
      { name: "silent", server: url, token: "t", caData: ca.caCert },
    ]);
    const kc = configForContext(loadKubeconfig(path, {}), "silent");
    const r = new ClientNodeReader("silent", kc, 300);
    const started = Date.now();
    const got = await Promise.all([r.version(), r.list(RESOURCES.nodes), r.list(RESOURCES.pods)]);
    const took = Date.now() - started;
    for (const socket of sockets) socket.destroy();
    silent.close();
    await r.close();
    for (const g of got) {
      assert.ok(!g.ok && g.error.kind === "unreachable");
      assert.match(g.ok ? "" : g.error.message, /timed out/);
    }
    assert.ok(took < 3000, `${took} ms`);
  });

  it("over HTTP/1.1, opens the other connections once the first is made", async () => {
    const s = await start({ http1Only: true, delayMs: 20 });
    const r = reader({ name: "burst1", server: s.url, token: s.token, caData: ca.caCert });
    const got = await Promise.all([
      r.version(),
      r.list(RESOURCES.nodes),
      r.list(RESOURCES.pods),
      r.list(RESOURCES.deployments),
    ]);
    await r.close();
    assert.ok(got.every((g) => g.ok));
    assert.deepEqual(new Set(s.httpVersions), new Set(["1.1"]));
    assert.equal(s.connections(), 4, "one request per connection, as before");
  });

  it("speaks HTTP/1.1 to a server that offers only that, with the same answers", async () => {
    const h2 = await start();
    const h1 = await start({ http1Only: true });
    const over2 = await reads(
      reader({ name: "a", server: h2.url, token: h2.token, caData: ca.caCert }),
    );
    const over1 = await reads(
      reader({ name: "b", server: h1.url, token: h1.token, caData: ca.caCert }),
    );
    assert.deepEqual(new Set(h1.httpVersions), new Set(["1.1"]));
    assert.ok(h1.connections() > 1, "HTTP/1.1: a connection per request in flight");
    assert.deepEqual(over1, over2);
  });

  it("authenticates with a client certificate from the kubeconfig", async () => {
    const s = await start({ clientCerts: true });
    const clientCert = { cert: ca.clientCert, key: ca.clientKey };
    await reads(reader({ name: "cert", server: s.url, token: "", caData: ca.caCert, clientCert }));
    assert.deepEqual(new Set(s.httpVersions), new Set(["2.0"]));
    const none = reader({ name: "no-cert", server: s.url, token: "", caData: ca.caCert });
    const refused = await none.version();
    await none.close();
    assert.ok(!refused.ok && refused.error.kind === "unauthorized");
  });

  it("authenticates with a client certificate an exec plugin returns", async () => {
    const s = await start({ clientCerts: true });
    const credential = join(dir, "credential.json");
    writeFileSync(
      credential,
      JSON.stringify({
        apiVersion: "client.authentication.k8s.io/v1beta1",
        kind: "ExecCredential",
        status: { clientCertificateData: ca.clientCert, clientKeyData: ca.clientKey },
      }),
    );
    const exec = { command: "cat", args: [credential] };
    await reads(reader({ name: "exec", server: s.url, token: "", caData: ca.caCert, exec }));
    assert.deepEqual(new Set(s.httpVersions), new Set(["2.0"]));
  });

  it("skips verification with insecure-skip-tls-verify", async () => {
    const s = await start();
    await reads(reader({ name: "insecure", server: s.url, token: s.token, insecure: true }));
    assert.deepEqual(new Set(s.httpVersions), new Set(["2.0"]));
  });

  it("reads a plain-HTTP server over HTTP/1.1", async () => {
    assert.ok(west);
    const s = await startKubeApiServer(clusterOptions(west));
    servers.push(s);
    await reads(reader({ name: "plain", server: s.url, token: s.token }));
    assert.deepEqual(new Set(s.httpVersions), new Set(["1.1"]));
  });

  describe("through the kubeconfig's proxy-url", () => {
    let proxy: Server;
    const tunnels: string[] = [];
    before(async () => {
      // An HTTP CONNECT proxy, as corporate proxies and bastions are.
      proxy = createServer();
      proxy.on("connect", (req, client, head) => {
        tunnels.push(req.url ?? "");
        const [host, port] = (req.url ?? "").split(":");
        const upstream = connect(Number(port), host, () => {
          client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
          upstream.write(head);
          upstream.pipe(client);
          client.pipe(upstream);
        });
        upstream.on("error", () => client.destroy());
        client.on("error", () => upstream.destroy());
      });
      await new Promise<void>((res) => proxy.listen(0, "127.0.0.1", res));
    });
    after(() => {
      proxy.closeAllConnections();
      proxy.close();
    });

    it("tunnels every read through it, as client-node always has", async () => {
      const s = await start();
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      await reads(
        reader({ name: "proxied", server: s.url, token: s.token, caData: ca.caCert, proxyUrl }),
      );
      assert.equal(s.httpVersions.length, 6);
      assert.ok(tunnels.length > 0 && tunnels.every((t) => t === new URL(s.url).host));
      assert.equal(tunnels.length, s.connections());
    });
  });
});
