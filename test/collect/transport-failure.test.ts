/** failureFromError: what a transport failure says to the person reading kube.access. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fetch } from "undici";
import { failureFromError } from "../../src/collect/kube/reader.js";

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

  it("a port fetch will not connect to (undici's own refusal, on loopback)", async () => {
    const err = await fetch(`${SERVER}/version`).then(
      () => assert.fail("undici connected to a blocked port"),
      (e: unknown) => e,
    );
    assert.equal(
      msg(err),
      `${SERVER}: port 6000 is a "bad port" of the Fetch standard, which this tool's HTTP client refuses (kubectl does not)`,
    );
  });
});
