/**
 * From raw EC2 answers (AWS CLI JSON, possibly hand-made) to the typed objects the checks use. Any
 * field may be missing or of the wrong type; such entries are skipped, never trusted.
 */

import { answerList as list, prefixListIds, tagsOf } from "../../aws/references.js";
import { AWS_OPERATIONS, type AwsFetched, type RawAwsGroup } from "../../aws/types.js";
import {
  objects as arr,
  defined,
  type JsonObject,
  num,
  object as obj,
  nonEmpty as str,
} from "../../util/json.js";
import { quotas } from "./quotas.js";
import { transitInventory } from "./transit.js";
import type {
  AwsInventory,
  AwsRead,
  Eni,
  GroupRef,
  Instance,
  NaclEntry,
  NatGateway,
  NetworkAcl,
  Peering,
  PeeringSide,
  Permission,
  Route,
  RouteTable,
  RouteTargetKind,
  SecurityGroup,
  Subnet,
  Vpc,
} from "./types.js";

type Obj = JsonObject;

const PROTOCOLS: Record<string, string> = {
  tcp: "6",
  udp: "17",
  icmp: "1",
  icmpv6: "58",
  all: "-1",
};

/** "tcp" → "6", "17" → "17", "-1" → "-1": EC2 shows some protocols by name, some by number. */
export function protocolNumber(p: unknown): string | undefined {
  if (typeof p === "number") return String(p);
  if (typeof p !== "string") return undefined;
  const lower = p.toLowerCase();
  return PROTOCOLS[lower] ?? (/^-?\d+$/.test(p) ? p : undefined);
}

function eni(e: Obj): Eni | undefined {
  const id = str(e.NetworkInterfaceId);
  if (!id) return undefined;
  const addresses = arr(e.PrivateIpAddresses);
  const privateIps = [
    str(e.PrivateIpAddress),
    ...addresses.map((a) => str(a.PrivateIpAddress)),
  ].filter(defined);
  const publicIps = [
    str(obj(e.Association).PublicIp),
    ...addresses.map((a) => str(obj(a.Association).PublicIp)),
  ].filter(defined);
  const deviceIndex = num(obj(e.Attachment).DeviceIndex);
  return {
    id,
    subnetId: str(e.SubnetId) ?? "",
    vpcId: str(e.VpcId) ?? "",
    privateIps: [...new Set(privateIps)],
    publicIps: [...new Set(publicIps)],
    groupIds: arr(e.Groups)
      .map((g) => str(g.GroupId))
      .filter(defined),
    ...(deviceIndex === undefined ? {} : { deviceIndex }),
  };
}

function instances(f: AwsFetched | undefined): Map<string, Instance> {
  const out = new Map<string, Instance>();
  for (const r of list(f, "Reservations")) {
    for (const i of arr(r.Instances)) {
      const id = str(i.InstanceId);
      if (!id) continue;
      const ownerId = str(r.OwnerId);
      out.set(id, {
        id,
        state: str(obj(i.State).Name) ?? "unknown",
        ...(ownerId ? { ownerId } : {}),
        enis: arr(i.NetworkInterfaces).map(eni).filter(defined),
        tags: tagsOf(i.Tags),
      });
    }
  }
  return out;
}

function subnets(f: AwsFetched | undefined): Map<string, Subnet> {
  const out = new Map<string, Subnet>();
  for (const s of list(f, "Subnets")) {
    const id = str(s.SubnetId);
    if (!id) continue;
    const zone = str(s.AvailabilityZone);
    const zoneId = str(s.AvailabilityZoneId);
    out.set(id, {
      id,
      vpcId: str(s.VpcId) ?? "",
      cidr: str(s.CidrBlock) ?? "",
      ...(zone ? { zone } : {}),
      ...(zoneId ? { zoneId } : {}),
    });
  }
  return out;
}

function vpcs(f: AwsFetched | undefined): Map<string, Vpc> {
  const out = new Map<string, Vpc>();
  for (const v of list(f, "Vpcs")) {
    const id = str(v.VpcId);
    if (!id) continue;
    const associated = arr(v.CidrBlockAssociationSet)
      .filter((a) => (str(obj(a.CidrBlockState).State) ?? "associated") === "associated")
      .map((a) => str(a.CidrBlock))
      .filter(defined);
    const primary = str(v.CidrBlock);
    const ownerId = str(v.OwnerId);
    out.set(id, {
      id,
      ...(ownerId ? { ownerId } : {}),
      cidrs: [...new Set(associated.length ? associated : primary ? [primary] : [])],
    });
  }
  return out;
}

function routeTarget(r: Obj): Route["target"] {
  const pick = (kind: RouteTargetKind, id: string | undefined) => (id ? { kind, id } : undefined);
  const gw = str(r.GatewayId);
  return (
    pick("peering", str(r.VpcPeeringConnectionId)) ??
    (gw === "local" ? { kind: "local" as const, id: "local" } : undefined) ??
    pick("internet-gateway", gw?.startsWith("igw-") ? gw : undefined) ??
    pick("virtual-private-gateway", gw?.startsWith("vgw-") ? gw : undefined) ??
    pick("nat-gateway", str(r.NatGatewayId)) ??
    pick("transit-gateway", str(r.TransitGatewayId)) ??
    pick("instance", str(r.InstanceId)) ??
    pick("network-interface", str(r.NetworkInterfaceId)) ??
    pick(
      "other",
      gw ??
        str(r.EgressOnlyInternetGatewayId) ??
        str(r.LocalGatewayId) ??
        str(r.CarrierGatewayId) ??
        str(r.CoreNetworkArn),
    ) ?? { kind: "other", id: "unknown" }
  );
}

function routeTables(f: AwsFetched | undefined): RouteTable[] {
  return list(f, "RouteTables").flatMap((t) => {
    const id = str(t.RouteTableId);
    if (!id) return [];
    const associations = arr(t.Associations).filter(
      (a) =>
        !["disassociated", "disassociating", "failed"].includes(
          str(obj(a.AssociationState).State) ?? "",
        ),
    );
    const routes = arr(t.Routes).flatMap((r): Route[] => {
      const cidr = str(r.DestinationCidrBlock);
      const prefixListId = str(r.DestinationPrefixListId);
      if (!cidr && !prefixListId) return []; // IPv6-only routes do not carry the IPv4 tunnel
      return [
        {
          ...(cidr ? { cidr } : {}),
          ...(prefixListId ? { prefixListId } : {}),
          target: routeTarget(r),
          state: str(r.State) ?? "active",
          propagated: str(r.Origin) === "EnableVgwRoutePropagation",
        },
      ];
    });
    return [
      {
        id,
        vpcId: str(t.VpcId) ?? "",
        main: associations.some((a) => a.Main === true),
        subnetIds: associations.map((a) => str(a.SubnetId)).filter(defined),
        routes,
        tags: tagsOf(t.Tags),
      },
    ];
  });
}

function naclEntry(e: Obj): NaclEntry | undefined {
  const ruleNumber = num(e.RuleNumber);
  const protocol = protocolNumber(e.Protocol);
  const cidr = str(e.CidrBlock);
  if (ruleNumber === undefined || protocol === undefined || !cidr) return undefined; // IPv6 entries
  const range = obj(e.PortRange);
  const from = num(range.From);
  const to = num(range.To);
  return {
    ruleNumber,
    protocol,
    allow: str(e.RuleAction) === "allow",
    egress: e.Egress === true,
    cidr,
    ...(from !== undefined && to !== undefined ? { portRange: { from, to } } : {}),
  };
}

function networkAcls(f: AwsFetched | undefined): NetworkAcl[] {
  return list(f, "NetworkAcls").flatMap((n) => {
    const id = str(n.NetworkAclId);
    if (!id) return [];
    return [
      {
        id,
        vpcId: str(n.VpcId) ?? "",
        isDefault: n.IsDefault === true,
        subnetIds: arr(n.Associations)
          .map((a) => str(a.SubnetId))
          .filter(defined),
        entries: arr(n.Entries)
          .map(naclEntry)
          .filter(defined)
          .sort((a, b) => a.ruleNumber - b.ruleNumber),
      },
    ];
  });
}

function permission(p: Obj): Permission | undefined {
  const protocol = protocolNumber(p.IpProtocol);
  if (protocol === undefined) return undefined;
  const fromPort = num(p.FromPort);
  const toPort = num(p.ToPort);
  return {
    protocol,
    ...(fromPort === undefined ? {} : { fromPort }),
    ...(toPort === undefined ? {} : { toPort }),
    cidrs: arr(p.IpRanges)
      .map((r) => str(r.CidrIp))
      .filter(defined),
    prefixListIds: arr(p.PrefixListIds)
      .map((r) => str(r.PrefixListId))
      .filter(defined),
    groups: arr(p.UserIdGroupPairs)
      .map((g): GroupRef | undefined => {
        const groupId = str(g.GroupId);
        const userId = str(g.UserId);
        return groupId ? { groupId, ...(userId ? { userId } : {}) } : undefined;
      })
      .filter(defined),
  };
}

function securityGroups(f: AwsFetched | undefined): Map<string, SecurityGroup> {
  const out = new Map<string, SecurityGroup>();
  for (const g of list(f, "SecurityGroups")) {
    const id = str(g.GroupId);
    if (!id) continue;
    const vpcId = str(g.VpcId);
    const ownerId = str(g.OwnerId);
    out.set(id, {
      id,
      name: str(g.GroupName) ?? "",
      description: str(g.Description) ?? "",
      ...(vpcId ? { vpcId } : {}),
      ...(ownerId ? { ownerId } : {}),
      tags: tagsOf(g.Tags),
      ingress: arr(g.IpPermissions).map(permission).filter(defined),
      egress: arr(g.IpPermissionsEgress).map(permission).filter(defined),
    });
  }
  return out;
}

function peeringSide(v: unknown): PeeringSide | undefined {
  const o = obj(v);
  const vpcId = str(o.VpcId);
  if (!vpcId) return undefined;
  const ownerId = str(o.OwnerId);
  const region = str(o.Region);
  const cidrs = [str(o.CidrBlock), ...arr(o.CidrBlockSet).map((c) => str(c.CidrBlock))].filter(
    defined,
  );
  return {
    vpcId,
    ...(ownerId ? { ownerId } : {}),
    ...(region ? { region } : {}),
    cidrs: [...new Set(cidrs)],
  };
}

function peerings(f: AwsFetched | undefined): Peering[] {
  return list(f, "VpcPeeringConnections").flatMap((p) => {
    const id = str(p.VpcPeeringConnectionId);
    const requester = peeringSide(p.RequesterVpcInfo);
    const accepter = peeringSide(p.AccepterVpcInfo);
    if (!id || !requester || !accepter) return [];
    const status = obj(p.Status);
    const message = str(status.Message);
    const expirationTime = str(p.ExpirationTime);
    return [
      {
        id,
        status: str(status.Code) ?? "unknown",
        ...(message ? { message } : {}),
        ...(expirationTime ? { expirationTime } : {}),
        requester,
        accepter,
        tags: tagsOf(p.Tags),
      },
    ];
  });
}

function natGateways(f: AwsFetched | undefined): NatGateway[] {
  return list(f, "NatGateways").flatMap((n) => {
    const id = str(n.NatGatewayId);
    const vpcId = str(n.VpcId);
    if (!id || !vpcId) return [];
    const subnetId = str(n.SubnetId);
    return [
      {
        id,
        vpcId,
        ...(subnetId ? { subnetId } : {}),
        state: str(n.State) ?? "unknown",
        publicIps: arr<{ PublicIp?: unknown }>(n.NatGatewayAddresses)
          .map((a) => str(a.PublicIp))
          .filter(defined),
      },
    ];
  });
}

export function inventory(group: RawAwsGroup): AwsInventory {
  const unread = new Map<AwsRead, string>();
  for (const op of AWS_OPERATIONS) {
    const f = group.calls[op];
    if (f && !f.ok) unread.set(op, f.error.message);
  }
  // Snapshots taken before NAT gateways (transit gateways) were read: unknown, not "none".
  const older = "not in this snapshot (taken by an older version)";
  if (group.calls.DescribeInstances?.ok && !group.calls.DescribeNatGateways)
    unread.set("DescribeNatGateways", older);
  if (group.calls.DescribeInstances?.ok && !group.calls.DescribeTransitGatewayVpcAttachments)
    unread.set("DescribeTransitGatewayVpcAttachments", older);
  // A prefix list a route or rule uses but whose entries were never read is not an empty one.
  const lists = prefixListIds(
    group.calls.DescribeRouteTables,
    group.calls.DescribeSecurityGroups,
    group.tgwRoutes,
  );
  const notRead = lists.filter((id) => !group.prefixLists[id]);
  if (notRead.length) {
    unread.set("GetManagedPrefixListEntries", `${notRead.join(", ")}: entries not read`);
  }
  const prefixLists = new Map<string, string[]>();
  for (const [id, f] of Object.entries(group.prefixLists)) {
    if (!f.ok) {
      unread.set("GetManagedPrefixListEntries", `${id}: ${f.error.message}`);
      continue;
    }
    prefixLists.set(
      id,
      list(f, "Entries")
        .map((e) => str(e.Cidr))
        .filter(defined),
    );
  }
  return {
    ...(group.account ? { account: group.account } : {}),
    region: group.region ?? "",
    instances: instances(group.calls.DescribeInstances),
    subnets: subnets(group.calls.DescribeSubnets),
    vpcs: vpcs(group.calls.DescribeVpcs),
    routeTables: routeTables(group.calls.DescribeRouteTables),
    networkAcls: networkAcls(group.calls.DescribeNetworkAcls),
    securityGroups: securityGroups(group.calls.DescribeSecurityGroups),
    peerings: peerings(group.calls.DescribeVpcPeeringConnections),
    natGateways: natGateways(group.calls.DescribeNatGateways),
    prefixLists,
    ...transitInventory(group, unread),
    quotas: quotas(group),
    unread,
  };
}
