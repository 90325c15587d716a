import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildModel } from "../../src/model/build.js";
import { modelOf, rawClusterSet } from "../support/memory-reader.js";
import { eastSpec, healthyScenario, scenario, westSpec } from "../support/scenarios.js";

describe("model builder", () => {
  it("records where every value came from", async () => {
    const model = await modelOf(healthyScenario());
    const [west, east] = model.members;
    assert.ok(west && east);
    assert.equal(west.clusterID, "west");
    assert.deepEqual(west.namespace, { value: "kube-system", source: "controller" });
    assert.equal(west.region?.value, "us-west-2");
    assert.deepEqual(west.serviceCIDR, {
      known: true,
      value: { value: "10.96.0.0/16", source: "Gateway ip-10-10-12-34.us-west-2.compute.internal" },
    });
    assert.deepEqual(west.podCIDRs, {
      known: true,
      value: {
        value: ["10.10.0.0/16"],
        source: "ConfigMap kube-system/antrea-mc-controller-config",
      },
    });
    assert.equal(east.kubernetesVersion, "v1.32.5-eks-113cf36");
    assert.equal(west.antreaVersion, "v2.7.0");
    assert.ok(west.vpcCni);
  });

  it("falls back to ServiceCIDR kubernetes, and says why Pod CIDRs are unknown on EKS", async () => {
    const model = await modelOf(scenario([westSpec({ active: null, mcConf: {} }), eastSpec()]));
    const west = model.members[0];
    assert.ok(west);
    assert.deepEqual(west.serviceCIDR, {
      known: true,
      value: { value: "10.96.0.0/16", source: "ServiceCIDR kubernetes" },
    });
    assert.equal(west.podCIDRs.known, false);
    assert.match(west.podCIDRs.known ? "" : west.podCIDRs.reason, /Amazon VPC CNI/);
  });

  it("counts only running, non-hostNetwork Pods as Pod IPs", async () => {
    // All Pods, as a hand-made `kubectl get pods -A -o json` would list them (no phase selector).
    const members = healthyScenario();
    const raw = await rawClusterSet(members);
    const pods = raw.members[0]?.resources.pods;
    assert.ok(pods?.ok);
    pods.value.items = members[0]?.objects.filter((o) => o.kind === "Pod") ?? [];
    assert.ok(pods.value.items.some((p) => (p.status as { phase?: string }).phase === "Succeeded"));
    const west = buildModel(raw).members[0];
    assert.ok(west?.podIPs.known);
    assert.equal(west.podIPs.value.length, 7);
    assert.ok(!west.podIPs.value.includes("10.10.12.34"), "hostNetwork Pods use the Node IP");
    assert.ok(!west.podIPs.value.includes("192.168.77.7"), "a Succeeded Pod is not running");
  });

  it("picks the member controller, not the leader one, and lists Gateway Nodes with the active first", async () => {
    const west = (await modelOf(healthyScenario())).members[0];
    assert.ok(west?.controller.known && west.controller.value.status === "ok");
    assert.equal(west.controller.value.deployment.namespace, "kube-system");
    assert.ok(west.gateways.known);
    assert.deepEqual(
      west.gateways.value.map((g) => [g.node, g.active, g.instanceId?.startsWith("i-0"), g.zone]),
      [
        ["ip-10-10-12-34.us-west-2.compute.internal", true, true, "us-west-2a"],
        ["ip-10-10-45-67.us-west-2.compute.internal", false, true, "us-west-2b"],
      ],
    );
  });

  it("reads Antrea's Gateways, not the Gateway API's gateways of the same namespace", async () => {
    const members = healthyScenario();
    assert.ok(
      members[0]?.objects.some(
        (o) =>
          o.apiVersion === "gateway.networking.k8s.io/v1" &&
          o.metadata?.namespace === "kube-system",
      ),
    );
    const west = (await modelOf(members)).members[0];
    assert.ok(west?.gatewayCRs.known);
    assert.deepEqual(
      west.gatewayCRs.value.map((g) => g.name),
      ["ip-10-10-12-34.us-west-2.compute.internal"],
    );
  });

  it("is immutable and deterministic", async () => {
    const raw = await rawClusterSet(healthyScenario());
    const a = buildModel(raw);
    const b = buildModel(raw);
    assert.deepEqual(a, b);
    assert.ok(Object.isFrozen(a.members[0]));
    assert.throws(() => {
      (a.members as unknown as unknown[]).push({});
    });
  });

  it("turns an unreachable member into an access problem and unknown inputs", async () => {
    const model = await modelOf(healthyScenario(), {
      east: {
        failure: {
          kind: "unreachable",
          message: "https://10.0.0.1: connection refused (ECONNREFUSED)",
        },
      },
    });
    const east = model.members[1];
    assert.ok(east);
    assert.equal(east.reachable, false);
    assert.equal(east.access[0]?.resource, "cluster");
    assert.equal(east.agent.known, false);
  });
});
