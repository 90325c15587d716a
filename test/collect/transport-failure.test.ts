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
const msg = (err: unknown, server = SERVER) =>
  failureFromError(err, "get /version", server).message;
const chain = (...messages: [string, string?][]) =>
  messages.reduceRight<Error | undefined>((cause, [message, code]) => {
    const e = new Error(message, cause ? { cause } : undefined);
    if (code) Object.assign(e, { code });
    return e;
  }, undefined);

describe("failureFromError", () => {
  it("a refused connection, however deep the code sits", () => {
    const err = chain(["fetch failed"], ["connect failed", "ECONNREFUSED"]);
    assert.equal(msg(err), `${SERVER}: connection refused (ECONNREFUSED)`);
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
});
