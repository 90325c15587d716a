/**
 * Every Node of a member as the Node-to-Gateway analysis needs it: its EC2 instance (from
 * spec.providerID) and InternalIP, the address Antrea tunnels to (Pod hostIP) and from.
 */
import { type NodeObject, nameOf } from "../kube/shapes.js";
import { objects, str, stringMap } from "../util/json.js";
import { parseAwsProviderID } from "./provider-id.js";
import type { MemberNode } from "./types.js";

function internalIPOf(node: NodeObject): string | undefined {
  const all = objects<{ type?: unknown; address?: unknown }>(node.status?.addresses).filter(
    (a) => a.type === "InternalIP" && typeof a.address === "string" && a.address !== "",
  );
  return str(all.at(-1)?.address);
}

export function memberNodes(nodes: readonly NodeObject[]): MemberNode[] {
  return nodes
    .map((n): MemberNode => {
      const provider = parseAwsProviderID(str(n.spec?.providerID));
      const internalIP = internalIPOf(n);
      const os =
        str(n.status?.nodeInfo?.operatingSystem) ??
        stringMap(n.metadata?.labels)["kubernetes.io/os"] ??
        "linux";
      return {
        node: nameOf(n),
        os,
        ...(internalIP ? { internalIP } : {}),
        ...(provider ? { instanceId: provider.instanceId } : {}),
      };
    })
    .sort((a, b) => a.node.localeCompare(b.node));
}

/**
 * The EC2 instances read for a member, Gateways first: every Node's, for aws.node-to-gateway, and
 * the first that carries an EKS cluster tag names the cluster (collect and the model alike).
 */
export function memberInstanceIds(
  gateways: readonly { readonly instanceId?: string }[],
  nodes: readonly { readonly instanceId?: string }[],
): string[] {
  return [
    ...new Set([...gateways, ...nodes].map((n) => n.instanceId).filter((id): id is string => !!id)),
  ];
}
