/** The Pod-path probes' expectations and objects, without a server. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Tunnel } from "../../src/model/tunnel.js";
import { tunnelOverhead } from "../../src/model/tunnel.js";
import type { MemberModel } from "../../src/model/types.js";
import { ECHO_PORT } from "../../src/verify/path-commands.js";
import {
  clientPodManifest,
  echoPodManifest,
  echoServiceManifest,
  echoServiceName,
  importedName,
  serviceExportManifest,
} from "../../src/verify/path-manifests.js";
import { planPathProbes, podMtuOf, podToPodOff } from "../../src/verify/path-plan.js";
import { planTunnelProbes } from "../../src/verify/tunnel-plan.js";
import { modelOf } from "../support/memory-reader.js";
import { healthyScenario } from "../support/scenarios.js";

const tunnel = (over: Partial<Tunnel>): Tunnel => ({
  type: "geneve",
  protocol: "udp",
  ipProtocol: 17,
  port: 6081,
  encryption: "none",
  ...over,
});

describe("Pod-path probes: what they expect", () => {
  it("the tunnel's overhead is what Antrea takes off the Pods' MTU", () => {
    assert.deepEqual(
      [
        tunnelOverhead(tunnel({})),
        tunnelOverhead(tunnel({ type: "vxlan" })),
        tunnelOverhead(tunnel({ type: "gre" })),
        tunnelOverhead(tunnel({ type: "stt" })),
        tunnelOverhead(tunnel({ encryption: "wireGuard" })),
      ],
      [50, 50, 42, 0, 110],
    );
  });

  it("the largest packet a member's Pods send: the VPC CNI's MTU less the overhead", async () => {
    const [west] = (await modelOf(healthyScenario())).members as [MemberModel];
    assert.deepEqual(podMtuOf({ ...west, vpcCni: true, vpcCniMtu: undefined }), {
      known: true,
      mtu: 8951,
      how: "9001 (the VPC CNI's MTU) − 50 (the tunnel's overhead)",
    });
    assert.equal(
      (
        podMtuOf({ ...west, vpcCni: true, vpcCniMtu: { value: 1500, source: "aws-node" } }) as {
          mtu: number;
        }
      ).mtu,
      1450,
    );
    assert.match(
      (podMtuOf({ ...west, vpcCni: false, vpcCniMtu: undefined }) as { reason: string }).reason,
      /runs no Amazon VPC CNI/,
    );
  });

  it("ordinary Pods: not root, no capability, the client kept off the Gateways when it can be", () => {
    const o = {
      run: "0a1b2c3d",
      namespace: "antrea-mc-verify-0a1b2c3d",
      image: "x",
      deadlineSeconds: 60,
      expires: "",
    };
    for (const pod of [echoPodManifest(["sh"], o), clientPodManifest(["sh"], ["gw-1"], o)]) {
      const spec = pod.spec as { hostNetwork?: boolean; containers: { securityContext: object }[] };
      assert.equal(spec.hostNetwork, undefined);
      assert.deepEqual(spec.containers[0]?.securityContext, {
        runAsNonRoot: true,
        runAsUser: 65534,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
      });
    }
    const client = clientPodManifest(["sh"], ["gw-1"], o).spec as { affinity: unknown };
    assert.deepEqual(client.affinity, {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            preference: {
              matchFields: [{ key: "metadata.name", operator: "NotIn", values: ["gw-1"] }],
            },
          },
        ],
      },
    });
    const svc = echoServiceManifest("echo-west", { ...o, expires: "2026-11-30T01:00:00Z" });
    assert.deepEqual(
      (svc.spec as { ports: { protocol: string; port: number }[] }).ports.map(
        (p) => `${p.protocol} ${p.port}`,
      ),
      [`TCP ${ECHO_PORT}`, `UDP ${ECHO_PORT}`],
    );
    const exported = serviceExportManifest("echo-west", o);
    assert.equal(exported.apiVersion, "multicluster.x-k8s.io/v1alpha1");
    assert.equal(exported.metadata?.name, "echo-west");
    assert.equal(svc.metadata?.name, "echo-west");
  });

  it("each member's echo Service has a name of its own, a DNS label also once imported", () => {
    const dnsLabel = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
    const table: [string, string | RegExp][] = [
      ["west", "echo-0a1b2c3d-west"],
      ["eks-prod-us-west-2", "echo-0a1b2c3d-eks-prod-us-west-2"],
      ["West_Cluster.1", /^echo-0a1b2c3d-west-cluster-1-[0-9a-f]{8}$/],
      ["a".repeat(63), /^echo-0a1b2c3d-a{21}-[0-9a-f]{8}$/],
    ];
    for (const [id, want] of table) {
      const name = echoServiceName(id, "0a1b2c3d");
      if (typeof want === "string") assert.equal(name, want, id);
      else assert.match(name, want, id);
      assert.match(importedName(name), dnsLabel, id);
    }
    assert.notEqual(echoServiceName("West", "0a1b2c3d"), echoServiceName("west", "0a1b2c3d"));
  });

  it("Pod-to-Pod is probed only when both members route each other's Pods", async () => {
    const [west, east] = (await modelOf(healthyScenario())).members as [MemberModel, MemberModel];
    const p2p = (m: MemberModel, on: boolean, podCIDRs?: string[]): MemberModel => {
      const agent = m.agent as { known: true; value: { status: "ok"; config: object } };
      const mc = m.mcConfig as { known: true; value: { status: "ok"; config: object } };
      return {
        ...m,
        agent: {
          known: true,
          value: {
            ...agent.value,
            config: { ...agent.value.config, enablePodToPodConnectivity: on },
          },
        },
        mcConfig: podCIDRs
          ? { known: true, value: { ...mc.value, config: { ...mc.value.config, podCIDRs } } }
          : m.mcConfig,
      } as MemberModel;
    };
    assert.equal(podToPodOff(p2p(west, true), p2p(east, true)), undefined);
    assert.match(podToPodOff(p2p(west, true), p2p(east, false)) ?? "", /off in east/);
    assert.match(podToPodOff(p2p(west, false), p2p(east, true)) ?? "", /off in west/);
    assert.match(
      podToPodOff(p2p(west, true), p2p(east, true, [])) ?? "",
      /east exports no podCIDRs/,
    );
  });

  it("the plan: every probed member exports, and calls every other's import", async () => {
    const model = await modelOf(healthyScenario());
    const tunnel = planTunnelProbes(model.members, "0a1b2c3d", { candidates: false });
    const plan = planPathProbes(model.members, tunnel);
    assert.deepEqual(
      plan.exporters.map((e) => `${e.index} ${e.member} ${e.service}`),
      ["0 west echo-0a1b2c3d-west", "1 east echo-0a1b2c3d-east"],
    );
    assert.deepEqual(
      plan.clients.map((c) => `${c.member} → ${c.peers.map((p) => `${p.index} ${p.imported}`)}`),
      ["west → 1 antrea-mc-echo-0a1b2c3d-east", "east → 0 antrea-mc-echo-0a1b2c3d-west"],
    );
    assert.ok(plan.clients.every((c) => c.gateways.length > 0));
  });
});
