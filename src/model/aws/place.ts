/**
 * Maps a Gateway Node to EC2: providerID → instance → the interface that holds its Gateway IP
 * (a `gateway-ip` annotation may name a secondary interface's address), else the Node's
 * InternalIP → subnet → effective route table (explicit association, else the VPC's main table)
 * → network ACL (every subnet has one) → the interface's security groups → VPC.
 */
import { isPrivateIPv4 } from "../cidr.js";
import type { GatewayNode, GatewayPlacement } from "../types.js";
import type { AwsInventory, Eni, NetworkAcl, SecurityGroup } from "./types.js";

function eniFor(g: GatewayNode, enis: readonly Eni[]): Eni | undefined {
  const ip = g.internalIP;
  return ip ? enis.find((e) => e.privateIps.includes(ip)) : undefined;
}

/** `gatewayIP`: the IP peers tunnel to (the Gateway CR's for the active Gateway), when known. */
export function placeGateway(
  g: GatewayNode,
  inv: AwsInventory,
  gatewayIP?: string,
): GatewayPlacement {
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
  const holder = gatewayIP
    ? instance.enis.find((e) => e.privateIps.includes(gatewayIP))
    : undefined;
  const eni = holder ?? eniFor(g, instance.enis);
  if (!eni) {
    return {
      mapped: false,
      problem: `no network interface of ${instance.id} holds the Node's InternalIP ${g.internalIP ?? "(none)"}`,
    };
  }
  // A private Gateway IP that no interface holds is not a public one: peers tunnel to nowhere.
  const vpcCidrs = inv.vpcs.get(eni.vpcId)?.cidrs ?? [];
  if (
    gatewayIP &&
    !holder &&
    !instance.enis.some((e) => e.publicIps.includes(gatewayIP)) &&
    isPrivateIPv4(gatewayIP, vpcCidrs)
  ) {
    return {
      mapped: false,
      problem: `its Gateway IP ${gatewayIP} is a private address that no network interface of ${instance.id} holds, so peers' tunnel packets reach no Gateway`,
    };
  }
  const subnet = inv.subnets.get(eni.subnetId);
  const vpc = inv.vpcs.get(eni.vpcId);
  const explicit = inv.routeTables.find((t) => t.subnetIds.includes(eni.subnetId));
  const routeTable = explicit ?? inv.routeTables.find((t) => t.main && t.vpcId === eni.vpcId);
  const nacl = naclOf(inv, eni);
  const securityGroups = securityGroupsOf(inv, eni);
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

/** The network ACL of an interface's subnet: its explicit association, else the VPC's default. */
export function naclOf(inv: AwsInventory, eni: Eni): NetworkAcl | undefined {
  return (
    inv.networkAcls.find((n) => n.subnetIds.includes(eni.subnetId)) ??
    inv.networkAcls.find((n) => n.isDefault && n.vpcId === eni.vpcId)
  );
}

/** The interface's security groups that were read (the others are missing). */
export function securityGroupsOf(inv: AwsInventory, eni: Eni): SecurityGroup[] {
  return eni.groupIds.flatMap((id) => {
    const sg = inv.securityGroups.get(id);
    return sg ? [sg] : [];
  });
}
