import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { NodeObject } from "../../src/kube/shapes.js";
import { expectedIPs } from "../../src/model/gateway-nodes.js";

const node = (
  addresses: [string, string][],
  annotations: Record<string, string> = {},
): NodeObject => ({
  metadata: { name: "n", annotations },
  status: { addresses: addresses.map(([type, address]) => ({ type, address })) },
});

describe("Gateway IPs the member controller derives", () => {
  const both = node([
    ["InternalIP", "10.10.1.5"],
    ["ExternalIP", "54.1.2.3"],
  ]);
  it("follows gatewayIPPrecedence", () => {
    for (const p of ["", "private", "internal"])
      assert.deepEqual(expectedIPs(both, p), {
        ok: true,
        gatewayIP: "10.10.1.5",
        internalIP: "10.10.1.5",
      });
    for (const p of ["public", "external"])
      assert.deepEqual(expectedIPs(both, p), {
        ok: true,
        gatewayIP: "54.1.2.3",
        internalIP: "10.10.1.5",
      });
  });
  it("selects no address for an unknown precedence", () => {
    const r = expectedIPs(both, "Private");
    assert.equal(r.ok, false);
  });
  it("lets the gateway-ip annotation win, and rejects one that is not an IP", () => {
    assert.deepEqual(
      expectedIPs(
        node([["InternalIP", "10.10.1.5"]], { "multicluster.antrea.io/gateway-ip": "52.9.9.9" }),
        "private",
      ),
      {
        ok: true,
        gatewayIP: "52.9.9.9",
        internalIP: "10.10.1.5",
      },
    );
    const bad = expectedIPs(
      node([["InternalIP", "10.10.1.5"]], {
        "multicluster.antrea.io/gateway-ip": "gw.example.com",
      }),
      "private",
    );
    assert.equal(bad.ok, false);
  });
  it("needs an InternalIP, and takes the last one as the controller's loop does", () => {
    assert.equal(expectedIPs(node([["ExternalIP", "54.1.2.3"]]), "public").ok, false);
    const two = expectedIPs(
      node([
        ["InternalIP", "10.10.1.5"],
        ["InternalIP", "10.10.1.6"],
      ]),
      "",
    );
    assert.ok(two.ok && two.internalIP === "10.10.1.6");
  });
});
