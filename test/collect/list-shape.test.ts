/**
 * What the reader makes of a list answer: kubectl's shape for a snapshot (apiVersion and kind
 * first, no managedFields, one copy of each object), or only what a projection keeps.
 */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ClientNodeReader } from "../../src/collect/kube/client.js";
import { configForContext, loadKubeconfig } from "../../src/collect/kube/kubeconfig.js";
import { asKubectlList, withoutManagedFields } from "../../src/collect/kube/reader.js";
import { nodeForModel } from "../../src/kube/projection.js";
import { RESOURCES } from "../../src/kube/resources.js";
import type { KubeList, KubeObject } from "../../src/kube/types.js";
import { type KubeApiServer, startKubeApiServer } from "../support/kube-api-server.js";
import { writeKubeconfig } from "../support/kubeconfig.js";
import { clusterOptions, healthyScenario } from "../support/scenarios.js";
import { testCA } from "../support/tls.js";

const managedFields = [{ manager: "kubelet", operation: "Update", fieldsV1: { "f:status": {} } }];

function answer(): KubeList {
  return {
    apiVersion: "v1",
    kind: "NodeList",
    metadata: { resourceVersion: "7" },
    items: [
      {
        metadata: { name: "a", managedFields, labels: { x: "y" } },
        spec: { providerID: "aws:///us-west-2a/i-1" },
        status: {},
      },
      { metadata: { name: "b" }, spec: {} },
    ],
  };
}

describe("list answers as kubectl prints them", () => {
  it("puts apiVersion and kind first, drops managedFields and keeps the rest in order", () => {
    const input = answer();
    const list = asKubectlList(input);
    assert.deepEqual(Object.keys(list.items[0] ?? {}), [
      "apiVersion",
      "kind",
      "metadata",
      "spec",
      "status",
    ]);
    assert.deepEqual(list.items[0]?.metadata, { name: "a", labels: { x: "y" } });
    assert.deepEqual(Object.keys(list.items[0]?.metadata ?? {}), ["name", "labels"]);
    assert.equal(list.items[1]?.kind, "Node");
    assert.deepEqual(input, answer(), "the answer itself is left as it was");
  });

  it("leaves an object without managedFields as it is, and copies one with them once", () => {
    const plain: KubeObject = { metadata: { name: "p" } };
    assert.equal(withoutManagedFields(plain), plain);
    const managed: KubeObject = { kind: "ConfigMap", metadata: { name: "m", managedFields } };
    assert.deepEqual(withoutManagedFields(managed), { kind: "ConfigMap", metadata: { name: "m" } });
    assert.ok(managed.metadata && "managedFields" in managed.metadata);
  });

  it("keeps only what a projection keeps of each item", () => {
    const list = asKubectlList(answer(), nodeForModel);
    assert.deepEqual(list.items, [
      { metadata: { name: "a", labels: {} }, spec: { providerID: "aws:///us-west-2a/i-1" } },
      { metadata: { name: "b" } },
    ]);
  });
});

describe("the reader's list and get over the API", () => {
  let server: KubeApiServer;
  const dir = mkdtempSync(join(tmpdir(), "antrea-mc-list-"));
  before(async () => {
    const west = healthyScenario()[0];
    assert.ok(west);
    const objects = west.objects.map((o) =>
      o.kind === "Node" || o.kind === "ConfigMap"
        ? { ...o, metadata: { ...o.metadata, managedFields } }
        : o,
    );
    server = await startKubeApiServer({
      ...clusterOptions(west),
      objects,
      tls: testCA(),
      pageSizeCap: 2,
    });
  });
  after(() => server.close());

  const reader = () => {
    const path = writeKubeconfig(join(dir, "kubeconfig"), [
      { name: "w", server: server.url, token: server.token, caData: testCA().caCert },
    ]);
    return new ClientNodeReader("w", configForContext(loadKubeconfig(path, {}), "w"), 5000);
  };

  it("lists every page as kubectl does, and gets an object without its managedFields", async () => {
    const r = reader();
    const nodes = await r.list(RESOURCES.nodes);
    const cm = await r.get({
      ...RESOURCES.configmaps,
      namespace: "kube-system",
      name: "antrea-config",
    });
    await r.close();
    assert.ok(nodes.ok && cm.ok);
    assert.equal(nodes.value.items.length, 3);
    for (const n of nodes.value.items) {
      assert.deepEqual(Object.keys(n).slice(0, 2), ["apiVersion", "kind"]);
      assert.ok(n.metadata && !("managedFields" in n.metadata));
    }
    assert.ok(cm.value.metadata && !("managedFields" in cm.value.metadata));
    assert.equal(cm.value.metadata.name, "antrea-config");
  });

  it("projects every page's items when asked", async () => {
    const r = reader();
    const nodes = await r.list({ ...RESOURCES.nodes, project: nodeForModel });
    await r.close();
    assert.ok(nodes.ok);
    assert.equal(nodes.value.items.length, 3);
    for (const n of nodes.value.items) {
      assert.deepEqual(n, nodeForModel(n));
      assert.equal(n.apiVersion, undefined);
    }
    assert.equal(server.requests.filter((q) => q.startsWith("GET /api/v1/nodes")).length, 4);
  });
});
