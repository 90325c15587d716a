/**
 * What the model reads of Nodes and Pods, the bulk of a large ClusterSet's answers: a run that
 * only builds the model keeps this much of each as answers arrive, instead of whole objects
 * (`collect` keeps whole objects, as kubectl prints them). Each kept value is the raw one, at the
 * same path, so that the model reads the same from either: src/model/build.ts (regionOf,
 * readyLinuxNodes, podIPs), gateway-nodes.ts and cidr-sources.ts. Whatever they come to read of a
 * Node or a Pod must be kept here too; test/model/projection.test.ts builds models both ways.
 */

import { objects } from "../util/json.js";
import { GATEWAY_ANNOTATION, GATEWAY_IP_ANNOTATION } from "./locate.js";
import { NODE_LIFECYCLE_LABELS } from "./node-lifecycle.js";
import {
  findCondition,
  type NodeObject,
  type PodObject,
  type ResourceExportObject,
} from "./shapes.js";
import type { KubeObject, ResourceKey } from "./types.js";

/** The Node labels the model reads: its Region, the OS when nodeInfo has none, what manages it. */
const NODE_LABELS = [
  "topology.kubernetes.io/region",
  "failure-domain.beta.kubernetes.io/region",
  "kubernetes.io/os",
  ...NODE_LIFECYCLE_LABELS,
];
const NODE_ANNOTATIONS = [GATEWAY_ANNOTATION, GATEWAY_IP_ANNOTATION];
const NODE_ADDRESSES = ["InternalIP", "ExternalIP"];

/** An object of the given entries whose value is not undefined; undefined if there are none. */
function some(entries: [string, unknown][]): Record<string, unknown> | undefined {
  const kept = entries.filter(([, v]) => v !== undefined);
  return kept.length ? Object.fromEntries(kept) : undefined;
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** The string entries of a labels or annotations map among `keys` (the model reads no others). */
function picked(map: unknown, keys: readonly string[]): Record<string, string> | undefined {
  if (!isMap(map)) return undefined;
  const kept = keys.filter((k) => Object.hasOwn(map, k) && typeof map[k] === "string");
  return Object.fromEntries(kept.map((k) => [k, map[k] as string]));
}

export function nodeForModel(node: KubeObject): NodeObject {
  const { metadata, spec, status } = node as NodeObject;
  const ready = findCondition(status?.conditions, "Ready");
  const addresses = objects<{ type?: unknown }>(status?.addresses).filter((a) =>
    NODE_ADDRESSES.includes(a.type as string),
  );
  return {
    ...some([
      [
        "metadata",
        some([
          ["name", metadata?.name],
          ["labels", picked(metadata?.labels, NODE_LABELS)],
          ["annotations", picked(metadata?.annotations, NODE_ANNOTATIONS)],
        ]),
      ],
      [
        "spec",
        some([
          ["providerID", spec?.providerID],
          ["podCIDR", spec?.podCIDR],
          ["podCIDRs", spec?.podCIDRs],
        ]),
      ],
      [
        "status",
        some([
          ["addresses", addresses.length ? addresses : undefined],
          ["conditions", ready && [ready]],
          ["nodeInfo", some([["operatingSystem", status?.nodeInfo?.operatingSystem]])],
        ]),
      ],
    ]),
  };
}

export function podForModel(pod: KubeObject): PodObject {
  const { spec, status } = pod as PodObject;
  return {
    ...some([
      ["spec", some([["hostNetwork", spec?.hostNetwork]])],
      [
        "status",
        some([
          ["phase", status?.phase],
          ["podIP", status?.podIP],
          ["podIPs", status?.podIPs],
        ]),
      ],
    ]),
  };
}

/** Per collected resource, what of each item a run that only builds the model keeps. */
export const FOR_MODEL: Partial<Record<ResourceKey, (item: KubeObject) => KubeObject>> = {
  nodes: nodeForModel,
  pods: podForModel,
};

/**
 * What the model reads of a ResourceExport: who exported what, and its conditions (an Endpoints
 * export carries every address of the Service, which the model never reads).
 */
export function resourceExportForModel(item: KubeObject): ResourceExportObject {
  const { metadata, spec, status } = item as ResourceExportObject;
  return {
    ...some([
      [
        "metadata",
        some([
          ["name", metadata?.name],
          ["namespace", metadata?.namespace],
          ["labels", metadata?.labels],
        ]),
      ],
      [
        "spec",
        some([
          ["clusterID", spec?.clusterID],
          ["kind", spec?.kind],
          ["name", spec?.name],
          ["namespace", spec?.namespace],
        ]),
      ],
      ["status", status],
    ]),
  };
}
