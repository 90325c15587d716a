/** failureFromError: what a transport failure says to the person reading kube.access. */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ClientNodeReader } from "../../src/collect/kube/client.js";
import { configForContext, loadKubeconfig } from "../../src/collect/kube/kubeconfig.js";
import { failureFromError } from "../../src/collect/kube/reader.js";
import type { Route } from "../../src/collect/kube/route.js";
import { writeKubeconfig } from "../support/kubeconfig.js";

/** Listens on the first free port of the Fetch standard's "bad ports" list. */
async function listenOnBadPort(server: Server): Promise<number> {
  for (const port of [6000, 6566, 6665, 6666, 6667, 6668, 6669, 6697, 10080]) {
    const ok = await new Promise<boolean>((resolve) => {
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => resolve(true));
    });
    if (ok) return port;
  }
  throw new Error("every bad port is taken on this machine");
}

const SERVER = "https://127.0.0.1:6000";
const msg = (err: unknown, server = SERVER, route: Route = {}) =>
  failureFromError(err, "get /version", server, route).message;
const chain = (...messages: [string, string?][]) =>
  messages.reduceRight<Error | undefined>((cause, [message, code]) => {
    const e = new Error(message, cause ? { cause } : undefined);
    if (code) Object.assign(e, { code });
    return e;
  }, undefined);

describe("failureFromError", () => {
  it("a refused connection, however deep the code sits", () => {
    const err = chain(["fetch failed"], ["connect failed", "ECONNREFUSED"]);
    assert.equal(
      msg(err),
      `${SERVER}: connection refused (ECONNREFUSED); is the API server up, and is the server URL of the kubeconfig right?`,
    );
  });

  it("a timeout", () => {
    const err = Object.assign(new Error("aborted"), { name: "TimeoutError" });
    assert.equal(msg(err), `no answer from ${SERVER} (timed out)`);
  });

  it("a cause it has no words for: the causes' own, not a bare 'fetch failed'", () => {
    const err = chain(["fetch failed"], ["unexpected end of handshake"]);
    assert.equal(msg(err), `${SERVER}: fetch failed: unexpected end of handshake`);
  });

  it("a port the Fetch standard calls bad (6000, 6665–6669, …) is read, as kubectl reads it", async () => {
    // fetch refuses these ports before connecting; our request path does not use fetch.
    const server = createServer((_, res) => res.end(JSON.stringify({ major: "1", minor: "33" })));
    const port = await listenOnBadPort(server);
    const dir = mkdtempSync(join(tmpdir(), "antrea-mc-port-"));
    const path = writeKubeconfig(join(dir, "kubeconfig"), [
      { name: "bad-port", server: `http://127.0.0.1:${port}`, token: "t" },
    ]);
    const r = new ClientNodeReader(
      "bad-port",
      configForContext(loadKubeconfig(path, {}), "bad-port"),
      2000,
    );
    const got = await r.version();
    await r.close();
    server.close();
    assert.deepEqual(got, { ok: true, value: { major: "1", minor: "33" } });
  });

  describe("through a proxy: the proxy is named, by URL without credentials, and what set it", () => {
    const NAMED = "https://api.example.test:6443";
    const viaEnv: Route = { proxy: { url: "http://127.0.0.1:3128", from: "HTTPS_PROXY" } };
    const viaKubeconfig: Route = {
      proxy: { url: "http://proxy.corp:3128", from: "proxy-url of cluster east" },
    };
    const refused = (address: string, port: number) =>
      Object.assign(new Error(`connect ECONNREFUSED ${address}:${port}`), {
        code: "ECONNREFUSED",
        address,
        port,
      });

    it("the proxy refuses the connection", () => {
      const err = new Error("fetch failed", { cause: refused("127.0.0.1", 3128) });
      assert.equal(
        msg(err, NAMED, viaEnv),
        `${NAMED}: the proxy http://127.0.0.1:3128 (HTTPS_PROXY) could not be reached: connection refused (ECONNREFUSED); is it running, and is HTTPS_PROXY (NO_PROXY lists the servers reached directly) right?`,
      );
    });

    it("the proxy's name is not found", () => {
      const err = new Error("fetch failed", {
        cause: Object.assign(new Error("getaddrinfo ENOTFOUND proxy.corp"), {
          code: "ENOTFOUND",
          hostname: "proxy.corp",
        }),
      });
      assert.equal(
        msg(err, NAMED, viaKubeconfig),
        `${NAMED}: the proxy http://proxy.corp:3128 (proxy-url of cluster east) could not be reached: host not found (ENOTFOUND); is it running, and is proxy-url of cluster east right?`,
      );
    });

    it("a refusal of another address is not the proxy's", () => {
      const err = new Error("fetch failed", { cause: refused("10.0.0.1", 3128) });
      assert.equal(
        msg(err, NAMED, viaEnv),
        `${NAMED} through the proxy http://127.0.0.1:3128 (HTTPS_PROXY): connection refused (ECONNREFUSED)`,
      );
    });

    it("the proxy answers CONNECT with 502, 407 or 403", () => {
      const answer = (status: number) =>
        new Error("fetch failed", {
          cause: new Error(`Proxy response (${status}) !== 200 when HTTP Tunneling`),
        });
      const prefix = `${NAMED}: the proxy http://proxy.corp:3128 (proxy-url of cluster east) answered`;
      assert.equal(
        msg(answer(502), NAMED, viaKubeconfig),
        `${prefix} 502 to CONNECT api.example.test:6443: it could not reach the API server (is the server's address right, and can the proxy reach it?)`,
      );
      assert.equal(
        msg(answer(407), "https://api.example.test", viaKubeconfig),
        `https://api.example.test: the proxy http://proxy.corp:3128 (proxy-url of cluster east) answered 407 to CONNECT api.example.test:443: it wants credentials, given in its URL as http://user:password@host:port`,
      );
      assert.match(
        msg(answer(403), NAMED, viaKubeconfig),
        /answered 403 .*does not let this client through/,
      );
    });

    it("a timeout through a proxy", () => {
      const err = Object.assign(new Error("aborted"), { name: "TimeoutError" });
      assert.equal(
        msg(err, NAMED, viaEnv),
        `no answer from ${NAMED} through the proxy http://127.0.0.1:3128 (HTTPS_PROXY) (timed out)`,
      );
    });
  });

  it("a server's name not found when NO_PROXY sent it around the proxy", () => {
    const err = new Error("fetch failed", {
      cause: Object.assign(new Error("getaddrinfo ENOTFOUND api.example.test"), {
        code: "ENOTFOUND",
        hostname: "api.example.test",
      }),
    });
    const route: Route = { direct: { because: "NO_PROXY", variable: "HTTPS_PROXY" } };
    assert.equal(
      msg(err, "https://api.example.test", route),
      "https://api.example.test: host not found (ENOTFOUND); not through the proxy of HTTPS_PROXY, as NO_PROXY names the server",
    );
  });

  it("a certificate no CA of the system signed, when the kubeconfig names none", () => {
    const err = new Error("fetch failed", {
      cause: Object.assign(new Error("self-signed certificate in certificate chain"), {
        code: "SELF_SIGNED_CERT_IN_CHAIN",
      }),
    });
    assert.equal(
      msg(err, SERVER, { systemTrust: "/etc/ssl/certs/ca-certificates.crt: 140 certificates" }),
      `${SERVER}: TLS verification failed: it is not signed by a CA the system trusts (/etc/ssl/certs/ca-certificates.crt: 140 certificates); certificate-authority-data in the kubeconfig names the cluster's own CA (SELF_SIGNED_CERT_IN_CHAIN); kubectl refuses it too`,
    );
  });
});
