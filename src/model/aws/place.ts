/**
 * Maps a Gateway Node to EC2: providerID → instance → the interface that holds the Node's
 * InternalIP → subnet → effective route table (explicit association, else the VPC's main table)
 * → network ACL (every subnet has one) → the interface's security groups → VPC.
 */
import type { GatewayNode, GatewayPlacement } from "../types.js";
import type { AwsInventory, Eni } from "./types.js";

function eniFor(g: GatewayNode, enis: readonly Eni[]): Eni | undefined {
  const ip = g.internalIP;
  return ip ? enis.find((e) => e.privateIps.includes(ip)) : undefined;
}

export function placeGateway(g: GatewayNode, inv: AwsInventory): GatewayPlacement {
  const where = `account ${inv.account ?? "?"}, Region ${inv.region}`;
  if (!g.exists) return { mapped: false, problem: `Node ${g.node} does not exist` };
  if (!g.instanceId) {
    return {
      mapped: false,
      problem: `Node ${g.node} has no EC2 providerID (spec.providerID is ${g.providerID ? `"${g.providerID}"` : "empty"})`,
    };
  }
  const instance = inv.instances.get(g.instanceId);
  if (!instance) {
    return {
      mapped: false,
      problem: `instance ${g.instanceId} (Node ${g.node}) was not found in ${where}`,
    };
  }
  const eni = eniFor(g, instance.enis);
  if (!eni) {
    return {
      mapped: false,
      problem: `no network interface of ${instance.id} holds the Node's InternalIP ${g.internalIP ?? "(none)"}`,
    };
  }
  const subnet = inv.subnets.get(eni.subnetId);
  const vpc = inv.vpcs.get(eni.vpcId);
  const explicit = inv.routeTables.find((t) => t.subnetIds.includes(eni.subnetId));
  const routeTable = explicit ?? inv.routeTables.find((t) => t.main && t.vpcId === eni.vpcId);
  const nacl =
    inv.networkAcls.find((n) => n.subnetIds.includes(eni.subnetId)) ??
    inv.networkAcls.find((n) => n.isDefault && n.vpcId === eni.vpcId);
  const securityGroups = eni.groupIds.flatMap((id) => {
    const sg = inv.securityGroups.get(id);
    return sg ? [sg] : [];
  });
  return {
    mapped: true,
    instance,
    eni,
    ...(subnet ? { subnet } : {}),
    ...(vpc ? { vpc } : {}),
    ...(routeTable ? { routeTable } : {}),
    routeTableExplicit: explicit !== undefined,
    ...(nacl ? { nacl } : {}),
    securityGroups,
  };
}
