/**
 * Snapshots can be made by hand, so any field may hold anything. The model, the checks and the
 * reports must never throw on that: a field of the wrong type is treated as absent.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { doctorExitCode, runChecks, summarize } from "../../src/checks/engine.js";
import type { KubeObject, RawClusterSet } from "../../src/kube/types.js";
import { buildModel } from "../../src/model/build.js";
import { doctorDocument, renderDoctorTable } from "../../src/report/doctor.js";
import { renderShowTable, showDocument } from "../../src/report/show.js";
import { makeStyle } from "../../src/report/style.js";
import { rawClusterSet } from "../support/memory-reader.js";
import { healthyScenario } from "../support/scenarios.js";

const GENERIC = [
  "",
  "metadata",
  "metadata.name",
  "metadata.annotations",
  "metadata.labels",
  "spec",
  "status",
];
const POD_TEMPLATE = [
  "spec.template.spec.containers",
  "spec.template.spec.containers.0.command",
  "spec.template.spec.containers.1.volumeMounts",
  "spec.template.spec.volumes",
  "spec.replicas",
  "status.availableReplicas",
  "status.conditions",
];
/** The fields each resource is read for, beyond the generic ones. */
const PATHS: Record<string, string[]> = {
  nodes: [
    "spec.providerID",
    "spec.podCIDR",
    "spec.podCIDRs",
    "status.addresses",
    "status.addresses.0",
    "status.conditions",
    "status.nodeInfo",
  ],
  pods: ["spec.hostNetwork", "status.phase", "status.podIPs", "status.podIP"],
  daemonsets: POD_TEMPLATE,
  deployments: POD_TEMPLATE,
  configmaps: ["data", "data.antrea-agent.conf", "data.controller_manager_config.yaml"],
  clustersets: ["spec.clusterID", "spec.leaders", "status.conditions"],
  gateways: ["gatewayIP", "internalIP", "serviceCIDR"],
  clusterinfoimports: ["spec.clusterID", "spec.gatewayInfos", "spec.podCIDRs", "spec.serviceCIDR"],
  servicecidrs: ["spec.cidrs"],
};
const VALUES: unknown[] = [null, 7, "x", {}, [null]];

function set(obj: KubeObject, path: string, value: unknown): KubeObject | unknown {
  if (path === "") return value;
  const parts = path.split(".");
  let cur = obj as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) {
    if (cur[p] === null || typeof cur[p] !== "object") cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts.at(-1) ?? ""] = value;
  return obj;
}

function exercise(raw: RawClusterSet): void {
  const model = buildModel(raw);
  const checks = runChecks(model);
  const doc = doctorDocument(model, checks, summarize(checks));
  renderDoctorTable(doc, model, makeStyle(0), doctorExitCode(checks), "test");
  renderShowTable(showDocument(model), model, makeStyle(0));
  JSON.stringify(doc);
}

describe("model, checks and reports on malformed input", () => {
  it("never throw, whatever type any field has", async () => {
    const base = await rawClusterSet(healthyScenario());
    let cases = 0;
    // West only: east is read by the same code.
    for (const [m, member] of base.members.slice(0, 1).entries()) {
      for (const [key, fetched] of Object.entries(member.resources)) {
        if (!fetched?.ok) continue;
        const items = fetched.value.items;
        for (let i = 0; i < Math.min(items.length, 2); i++) {
          for (const path of [...GENERIC, ...(PATHS[key] ?? [])]) {
            for (const value of VALUES) {
              const item = set(structuredClone(items[i]) as KubeObject, path, value) as KubeObject;
              const list = {
                ok: true as const,
                value: { ...fetched.value, items: items.with(i, item) },
              };
              const raw: RawClusterSet = {
                ...base,
                members: base.members.map((mm, j) =>
                  j === m ? { ...mm, resources: { ...mm.resources, [key]: list } } : mm,
                ),
              };
              assert.doesNotThrow(
                () => exercise(raw),
                `${member.name} ${key}[${i}].${path} = ${JSON.stringify(value)}`,
              );
              cases++;
            }
          }
        }
      }
    }
    assert.ok(cases > 700, `${cases} cases`);
  });

  it("tolerates a List whose items is not an array", async () => {
    const raw = await rawClusterSet(healthyScenario());
    const nodes = raw.members[0]?.resources.nodes;
    assert.ok(nodes?.ok);
    (nodes.value as unknown as { items: unknown }).items = { not: "an array" };
    assert.doesNotThrow(() => exercise(raw));
  });
});
