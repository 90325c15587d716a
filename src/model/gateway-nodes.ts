/**
 * Gateway candidates and the active Gateway's Node, with the IPs the member controller would
 * derive for each (member/node_controller.go getGatawayNodeIP).
 */

import { GATEWAY_ANNOTATION, GATEWAY_IP_ANNOTATION } from "../kube/locate.js";
import { findCondition, type NodeObject, nameOf } from "../kube/shapes.js";
import type { KubeObject } from "../kube/types.js";
import { objects, str, stringMap } from "../util/json.js";
import { isIP } from "./cidr.js";
import { unknown } from "./known.js";
import { usesExternalIP } from "./mc-config.js";
import { lifecycleLabels } from "./node-lifecycle.js";
import { parseAwsProviderID } from "./provider-id.js";
import type { ExpectedIPs, GatewayCR, GatewayNode } from "./types.js";

/** Until the model builder places a Node in AWS. */
const NOT_INSPECTED = unknown("AWS was not inspected");

function address(node: NodeObject, type: string): string | undefined {
  // The controller loops over all addresses, so with several of a type the last one wins.
  const all = objects<{ type?: unknown; address?: unknown }>(node.status?.addresses).filter(
    (a) => a.type === type && typeof a.address === "string" && a.address !== "",
  );
  return str(all.at(-1)?.address);
}

export function expectedIPs(node: NodeObject, precedence: string): ExpectedIPs {
  const internalIP = address(node, "InternalIP");
  const external = usesExternalIP(precedence);
  const internalPrecedence =
    precedence === "" || precedence === "private" || precedence === "internal";
  let gatewayIP = external
    ? address(node, "ExternalIP")
    : internalPrecedence
      ? internalIP
      : undefined;
  const annotation = stringMap(node.metadata?.annotations)[GATEWAY_IP_ANNOTATION];
  if (annotation !== undefined) {
    if (!isIP(annotation)) {
      return {
        ok: false,
        problem: `annotation ${GATEWAY_IP_ANNOTATION}="${annotation}" is not an IP address`,
      };
    }
    gatewayIP = annotation;
  }
  if (!gatewayIP || !internalIP) {
    const missing = !internalIP
      ? "no InternalIP address"
      : external
        ? `no ExternalIP address (gatewayIPPrecedence is ${precedence})`
        : `gatewayIPPrecedence "${precedence}" selects no address`;
    return { ok: false, problem: `no valid IP address for a Gateway: ${missing}` };
  }
  return { ok: true, gatewayIP, internalIP };
}

export function isCandidate(node: KubeObject): boolean {
  return GATEWAY_ANNOTATION in stringMap(node.metadata?.annotations);
}

function gatewayNode(
  node: NodeObject | undefined,
  name: string,
  precedence: string,
  active: boolean,
): GatewayNode {
  if (!node) {
    return {
      node: name,
      candidate: false,
      exists: false,
      ready: false,
      readyMessage: "the Node does not exist",
      expected: { ok: false, problem: "the Node does not exist" },
      active,
      lifecycleLabels: {},
      aws: NOT_INSPECTED,
    };
  }
  const ready = findCondition(node.status?.conditions, "Ready");
  const annotations = stringMap(node.metadata?.annotations);
  const providerID = str(node.spec?.providerID);
  const provider = parseAwsProviderID(providerID);
  const internalIP = address(node, "InternalIP");
  const externalIP = address(node, "ExternalIP");
  const os =
    str(node.status?.nodeInfo?.operatingSystem) ??
    stringMap(node.metadata?.labels)["kubernetes.io/os"];
  return {
    node: name,
    candidate: isCandidate(node),
    ...(GATEWAY_ANNOTATION in annotations
      ? { annotationValue: annotations[GATEWAY_ANNOTATION] }
      : {}),
    exists: true,
    ready: ready?.status === "True",
    readyMessage: ready
      ? `Ready=${ready.status}${ready.message ? ` (${ready.message})` : ""}`
      : "no Ready condition",
    ...(os ? { os } : {}),
    ...(internalIP ? { internalIP } : {}),
    ...(externalIP ? { externalIP } : {}),
    ...(annotations[GATEWAY_IP_ANNOTATION] !== undefined
      ? { gatewayIPAnnotation: annotations[GATEWAY_IP_ANNOTATION] }
      : {}),
    expected: expectedIPs(node, precedence),
    ...(providerID ? { providerID } : {}),
    ...(provider ? { instanceId: provider.instanceId } : {}),
    ...(provider?.zone ? { zone: provider.zone } : {}),
    active,
    lifecycleLabels: lifecycleLabels(node),
    aws: NOT_INSPECTED,
  };
}

/** The active Gateway first, then candidates by name; an active Node that lost its annotation too. */
export function gatewayNodes(
  nodes: readonly NodeObject[],
  gatewayCRs: readonly GatewayCR[],
  precedence: string,
): GatewayNode[] {
  const active = new Set(gatewayCRs.map((g) => g.name));
  const byName = new Map(nodes.map((n) => [nameOf(n), n]));
  const result = nodes
    .filter(isCandidate)
    .map((n) => gatewayNode(n, nameOf(n), precedence, active.has(nameOf(n))));
  for (const cr of gatewayCRs) {
    if (!result.some((g) => g.node === cr.name)) {
      result.push(gatewayNode(byName.get(cr.name), cr.name, precedence, true));
    }
  }
  return result.sort((a, b) => Number(b.active) - Number(a.active) || a.node.localeCompare(b.node));
}
