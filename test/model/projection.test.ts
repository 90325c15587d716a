/**
 * A run that only builds the model keeps of Nodes and Pods what the model reads (FOR_MODEL); a
 * snapshot keeps whole objects. Both must give the same model, for any input: the scenarios, the
 * example snapshots (with their AWS side) and every malformed field the robustness test tries.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { collectMember } from "../../src/collect/kube/member.js";
import { readSnapshot } from "../../src/collect/snapshot/read.js";
import { FOR_MODEL } from "../../src/kube/projection.js";
import type { KubeObject, RawClusterSet, RawMember } from "../../src/kube/types.js";
import { buildModel } from "../../src/model/build.js";
import { objects } from "../../src/util/json.js";
import { MemoryReader } from "../support/memory-reader.js";
import {
  brokenScenario,
  clusterOptions,
  eastSpec,
  healthyScenario,
  manySpecs,
  type ScenarioMember,
  scenario,
  westSpec,
} from "../support/scenarios.js";

/** The raw ClusterSet as the collector reads it over the in-memory API, whole or for the model. */
async function collected(members: ScenarioMember[], forModel: boolean): Promise<RawClusterSet> {
  return {
    source: "live",
    skippedContexts: [],
    members: await Promise.all(
      members.map((m) =>
        collectMember(new MemoryReader(m.context, clusterOptions(m)), { name: m.name, forModel }),
      ),
    ),
  };
}

/** The same raw ClusterSet with its Nodes and Pods projected after the fact. */
function projected(raw: RawClusterSet): RawClusterSet {
  const member = (m: RawMember): RawMember => {
    const resources = { ...m.resources };
    for (const [key, project] of Object.entries(FOR_MODEL)) {
      const fetched = resources[key as keyof typeof resources];
      if (!fetched?.ok || !project) continue;
      const items = objects<KubeObject>(fetched.value.items).map(project);
      resources[key as keyof typeof resources] = { ok: true, value: { ...fetched.value, items } };
    }
    return { ...m, resources };
  };
  return { ...raw, members: raw.members.map(member) };
}

const SCENARIOS: Record<string, () => ScenarioMember[]> = {
  healthy: healthyScenario,
  broken: brokenScenario,
  "six members, 7 Nodes each": () => scenario(manySpecs(6, { nodes: 7 })),
  "Nodes that are odd": () =>
    scenario([
      westSpec({
        nodes: [
          { ip: "10.10.12.34", zone: "us-west-2a", externalIP: "54.1.2.3" },
          { ip: "10.10.45.67", zone: "us-west-2b", ready: false },
          { ip: "10.10.78.9", zone: "us-west-2c", os: "windows" },
          {
            ip: "10.10.78.10",
            zone: "us-west-2c",
            annotations: { "multicluster.antrea.io/gateway-ip": "not-an-ip" },
          },
          // EKS Auto Mode (aws.mtu, aws.eks-cluster) from Karpenter's built-in NodePool.
          {
            ip: "10.10.78.11",
            zone: "us-west-2c",
            owner: { nodePool: "general-purpose" },
            labels: { "eks.amazonaws.com/compute-type": "auto" },
          },
          { ip: "10.10.78.12", zone: "us-west-2c", owner: { nodeGroup: "west-ng-2" } },
        ],
        candidates: [0, 1, 3, 4, 5],
        mcConf: { gatewayIPPrecedence: "public" },
      }),
      eastSpec({ mcConf: {} }),
    ]),
};

describe("what a model-only run keeps of Nodes and Pods", () => {
  for (const [name, members] of Object.entries(SCENARIOS)) {
    it(`gives the model whole objects give: ${name}`, async () => {
      const whole = await collected(members(), false);
      const kept = await collected(members(), true);
      assert.notDeepEqual(kept.members[0]?.resources.nodes, whole.members[0]?.resources.nodes);
      assert.deepEqual(buildModel(kept), buildModel(whole));
    });
  }

  for (const example of ["healthy", "broken"]) {
    it(`gives the model of the ${example} example snapshot, AWS side included`, async () => {
      const dir = join(new URL("../../examples", import.meta.url).pathname, example);
      const { raw } = await readSnapshot(dir);
      assert.ok(raw.aws && raw.aws.groups.length > 0);
      assert.deepEqual(buildModel(projected(raw)), buildModel(raw));
    });
  }

  it("gives the same model whatever type any field of a Node or a Pod has", async () => {
    const base = await collected(healthyScenario(), false);
    const paths: Record<string, string[]> = {
      nodes: [
        "",
        "metadata",
        "metadata.name",
        "metadata.labels",
        "metadata.labels.topology\u2024kubernetes\u2024io/region",
        "metadata.labels.karpenter\u2024sh/nodepool",
        "metadata.annotations",
        "spec",
        "spec.providerID",
        "spec.podCIDR",
        "spec.podCIDRs",
        "status",
        "status.addresses",
        "status.addresses.0",
        "status.addresses.0.type",
        "status.conditions",
        "status.conditions.3",
        "status.conditions.3.status",
        "status.nodeInfo",
        "status.nodeInfo.operatingSystem",
      ],
      pods: [
        "",
        "spec",
        "spec.hostNetwork",
        "status",
        "status.phase",
        "status.podIP",
        "status.podIPs",
        "status.podIPs.0",
      ],
    };
    const values: unknown[] = [null, 7, "x", "linux", "True", {}, [null], [], true];
    let cases = 0;
    for (const [key, list] of Object.entries(paths)) {
      const fetched = base.members[0]?.resources[key as "nodes" | "pods"];
      assert.ok(fetched?.ok);
      // The first two items, and the first Pod on the Pod network (the first are hostNetwork).
      const network = fetched.value.items.findIndex(
        (o) => (o as { spec?: { hostNetwork?: boolean } }).spec?.hostNetwork !== true,
      );
      for (const i of new Set([0, 1, network])) {
        for (const path of list) {
          for (const value of values) {
            const item = at(structuredClone(fetched.value.items[i]) as KubeObject, path, value);
            const items = fetched.value.items.with(i, item as KubeObject);
            const raw: RawClusterSet = {
              ...base,
              members: base.members.map((m, j) =>
                j === 0
                  ? {
                      ...m,
                      resources: {
                        ...m.resources,
                        [key]: { ...fetched, value: { ...fetched.value, items } },
                      },
                    }
                  : m,
              ),
            };
            assert.deepEqual(
              buildModel(projected(raw)),
              buildModel(raw),
              `${key}[${i}].${path} = ${JSON.stringify(value)}`,
            );
            cases++;
          }
        }
      }
    }
    assert.ok(cases > 400, `${cases} cases`);
  });
});

/** obj with `value` at the dotted path ("\u2024" stands for a dot inside a key); "" replaces it. */
function at(obj: KubeObject, path: string, value: unknown): unknown {
  if (path === "") return value;
  const parts = path.split(".").map((p) => p.replaceAll("\u2024", "."));
  let cur = obj as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) {
    if (cur[p] === null || typeof cur[p] !== "object") cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts.at(-1) ?? ""] = value;
  return obj;
}
