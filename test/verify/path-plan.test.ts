/** The Pod-path probes' expectations and objects, without a server. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Tunnel } from "../../src/model/tunnel.js";
import { tunnelOverhead } from "../../src/model/tunnel.js";
import type { MemberModel } from "../../src/model/types.js";
import { ECHO_PORT } from "../../src/verify/path-commands.js";
import {
  clientPodManifest,
  ECHO_SERVICE,
  echoPodManifest,
  echoServiceManifest,
  serviceExportManifest,
} from "../../src/verify/path-manifests.js";
import { podMtuOf } from "../../src/verify/path-plan.js";
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
    const svc = echoServiceManifest(o);
    assert.deepEqual(
      (svc.spec as { ports: { protocol: string; port: number }[] }).ports.map(
        (p) => `${p.protocol} ${p.port}`,
      ),
      [`TCP ${ECHO_PORT}`, `UDP ${ECHO_PORT}`],
    );
    const exported = serviceExportManifest(o);
    assert.equal(exported.apiVersion, "multicluster.x-k8s.io/v1alpha1");
    assert.equal(exported.metadata?.name, ECHO_SERVICE);
    assert.equal(svc.metadata?.name, ECHO_SERVICE);
  });
});
