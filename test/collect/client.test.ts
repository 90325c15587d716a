import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ClientNodeReader } from "../../src/collect/kube/client.js";
import { configForContext, loadKubeconfig } from "../../src/collect/kube/kubeconfig.js";
import { RESOURCES } from "../../src/kube/resources.js";
import {
  type KubeApiServer,
  startKubeApiServer,
  unusedLoopbackUrl,
} from "../support/kube-api-server.js";
import { writeKubeconfig } from "../support/kubeconfig.js";
import { healthyScenario } from "../support/scenarios.js";
import { testCA } from "../support/tls.js";

const dir = mkdtempSync(join(tmpdir(), "antrea-mc-client-"));

function reader(entry: Parameters<typeof writeKubeconfig>[1][number], timeoutMs = 5000) {
  const path = writeKubeconfig(join(dir, `${entry.name}.kubeconfig`), [entry]);
  return new ClientNodeReader(
    entry.name,
    configForContext(loadKubeconfig(path, {}), entry.name),
    timeoutMs,
  );
}

describe("client-node reader against the HTTPS test API server", () => {
  let server: KubeApiServer;
  const west = healthyScenario()[0];
  before(async () => {
    assert.ok(west);
    server = await startKubeApiServer({
      objects: west.objects,
      tls: testCA(),
      pageSizeCap: 2,
      forbidden: [{ resource: "secrets" }],
      missingGroups: ["multicluster.crd.antrea.io"],
    });
  });
  after(() => server.close());

  it("lists every page and returns one List, without managedFields", async () => {
    const r = reader({
      name: "ok",
      server: server.url,
      token: server.token,
      caData: testCA().caCert,
    });
    const nodes = await r.list(RESOURCES.nodes);
    await r.close();
    assert.ok(nodes.ok);
    assert.equal(nodes.value.items.length, 3);
    assert.equal(nodes.value.metadata.continue, undefined);
    assert.equal(
      server.requests.filter((q) => q.startsWith("GET /api/v1/nodes")).length,
      2,
      "two pages of 2",
    );
  });

  it("sends field selectors the way kubectl does", async () => {
    const r = reader({
      name: "fs",
      server: server.url,
      token: server.token,
      caData: testCA().caCert,
    });
    const d = await r.list(RESOURCES.deployments);
    await r.close();
    assert.ok(d.ok);
    assert.deepEqual(d.value.items.map((i) => i.metadata?.namespace).sort(), [
      "antrea-multicluster",
      "kube-system",
    ]);
  });

  it("classifies 401, 403 and a collection that is not served", async () => {
    const bad = reader({
      name: "bad-token",
      server: server.url,
      token: "wrong",
      caData: testCA().caCert,
    });
    const v = await bad.version();
    assert.ok(!v.ok && v.error.kind === "unauthorized" && v.error.status === 401);
    const r = reader({
      name: "errs",
      server: server.url,
      token: server.token,
      caData: testCA().caCert,
    });
    const s = await r.list({ group: "", version: "v1", plural: "secrets" });
    assert.ok(!s.ok && s.error.kind === "forbidden");
    assert.match(s.ok ? "" : s.error.message, /cannot list resource "secrets"/);
    const cs = await r.list({ ...RESOURCES.clustersets, namespace: "kube-system" });
    assert.ok(!cs.ok && cs.error.kind === "not-served");
    const cm = await r.get({ ...RESOURCES.configmaps, namespace: "kube-system", name: "nope" });
    assert.ok(!cm.ok && cm.error.kind === "not-found");
    await r.close();
  });

  it("refuses a server whose certificate is not signed by the kubeconfig's CA", async () => {
    const r = reader({ name: "no-ca", server: server.url, token: server.token });
    const v = await r.version();
    assert.ok(!v.ok && v.error.kind === "unreachable");
    assert.match(v.ok ? "" : v.error.message, /not trusted|self-signed|certificate/);
  });

  it("reports a server nobody listens on as unreachable", async () => {
    const r = reader({
      name: "down",
      server: await unusedLoopbackUrl(),
      token: "t",
      caData: testCA().caCert,
    });
    const v = await r.version();
    assert.ok(!v.ok && v.error.kind === "unreachable");
    assert.match(v.ok ? "" : v.error.message, /connection refused \(ECONNREFUSED\)/);
  });

  it("gives up on a server that never answers, after the request timeout", async () => {
    const ca = testCA();
    const silent = createServer({ key: ca.serverKey, cert: ca.serverCert }, () => {});
    await new Promise<void>((res) => silent.listen(0, "127.0.0.1", res));
    const url = `https://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const r = reader({ name: "silent", server: url, token: "t", caData: ca.caCert }, 300);
    const started = Date.now();
    const v = await r.version();
    silent.closeAllConnections();
    silent.close();
    assert.ok(!v.ok && v.error.kind === "unreachable");
    assert.match(v.ok ? "" : v.error.message, /timed out/);
    assert.ok(Date.now() - started < 5000);
  });
});
