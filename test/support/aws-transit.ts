/**
 * Transit gateways in the in-memory AWS world (test/support/aws-answers.ts): per Region one
 * gateway, owned by the account of the Region's first member, that every member VPC of the Region
 * attaches to through its own attachment subnets (one /28 per Gateway zone, with their own
 * network ACL); one route table, associated with every attachment, into which every VPC
 * attachment propagates; the Regions' gateways peered with static routes on both sides; and the
 * Node route tables sending every peer VPC to the gateway. Answers are what EC2 prints for each
 * account and Region: the owner sees everything of its gateway, another account (the gateway
 * shared with it through AWS RAM) only the gateway and its own VPCs' attachments.
 */
import type {
  NetworkAcl,
  Subnet,
  TransitGateway,
  TransitGatewayAttachment,
  TransitGatewayPeeringAttachment,
  TransitGatewayRoute,
  TransitGatewayRouteTable,
  TransitGatewayRouteTablePropagation,
  TransitGatewayVpcAttachment,
} from "@aws-sdk/client-ec2";
import type { AwsWorld, Fault, WorldMember } from "./aws-answers.js";

export interface WorldTransitTable {
  region: string;
  owner: string;
  table: TransitGatewayRouteTable;
  /** What SearchTransitGatewayRoutes lists (static and propagated, as real AWS does). */
  routes: TransitGatewayRoute[];
  propagations: TransitGatewayRouteTablePropagation[];
}

/** One side's view of an attachment (a peering has one per gateway). */
export interface WorldTransitAttachment {
  region: string;
  /** The gateway's owner. */
  owner: string;
  view: TransitGatewayAttachment;
  /** VPC attachments: what DescribeTransitGatewayVpcAttachments prints. */
  vpc?: TransitGatewayVpcAttachment;
}

export interface WorldTransit {
  gateways: { region: string; gateway: TransitGateway }[];
  attachments: WorldTransitAttachment[];
  tables: WorldTransitTable[];
  peerings: { connection: TransitGatewayPeeringAttachment }[];
}

export const emptyTransit = (): WorldTransit => ({
  gateways: [],
  attachments: [],
  tables: [],
  peerings: [],
});

export const tgwIdOf = (region: string) => `tgw-0${region}`;
export const tgwTableOf = (region: string) => `tgw-rtb-0${region}`;
export const attachmentOf = (member: string) => `tgw-attach-0${member}`;
export const tgwPeeringOf = (a: string, b: string) => `tgw-attach-0${a}-${b}`;
export const tgwAclOf = (member: string) => `acl-0${member}-tgw`;

/** The attachment subnet of a member in a zone: the last /28s of its VPC's /16. */
export const tgwSubnetOf = (member: string, zone: string) => `subnet-0${member}-tgw-${zone.at(-1)}`;

const ALLOW_ALL = [true, false].flatMap((Egress) => [
  { CidrBlock: "0.0.0.0/0", Egress, Protocol: "-1", RuleAction: "allow" as const, RuleNumber: 100 },
  {
    CidrBlock: "0.0.0.0/0",
    Egress,
    Protocol: "-1",
    RuleAction: "deny" as const,
    RuleNumber: 32767,
  },
]);

/** A zone's AZ ID, the same in every account: us-west-2a → usw2-az1. */
export const zoneIdOf = (zone: string) =>
  `${zone.slice(0, -1).replace(/^(\w\w)-(\w)\w*-(\d)$/, "$1$2$3")}-az${zone.charCodeAt(zone.length - 1) - 96}`;

function gatewayFor(w: AwsWorld, region: string, owner: string): TransitGateway {
  owner = w.transitOwner ?? owner;
  const seen = w.transit.gateways.find((g) => g.region === region);
  if (seen) return seen.gateway;
  const id = tgwIdOf(region);
  const table = tgwTableOf(region);
  const gateway: TransitGateway = {
    TransitGatewayId: id,
    TransitGatewayArn: `arn:aws:ec2:${region}:${owner}:transit-gateway/${id}`,
    State: "available",
    OwnerId: owner,
    Options: {
      AmazonSideAsn: 64512,
      AutoAcceptSharedAttachments: "disable",
      DefaultRouteTableAssociation: "enable",
      AssociationDefaultRouteTableId: table,
      DefaultRouteTablePropagation: "enable",
      PropagationDefaultRouteTableId: table,
      VpnEcmpSupport: "enable",
      DnsSupport: "enable",
      SecurityGroupReferencingSupport: "disable",
      MulticastSupport: "disable",
    },
    Tags: [],
  };
  w.transit.gateways.push({ region, gateway });
  w.transit.tables.push({
    region,
    owner,
    table: {
      TransitGatewayRouteTableId: table,
      TransitGatewayId: id,
      State: "available",
      DefaultAssociationRouteTable: true,
      DefaultPropagationRouteTable: true,
      Tags: [],
    },
    routes: [],
    propagations: [],
  });
  return gateway;
}

export const transitTable = (w: AwsWorld, id: string): WorldTransitTable => {
  const t = w.transit.tables.find((x) => x.table.TransitGatewayRouteTableId === id);
  if (!t) throw new Error(`no transit gateway route table ${id} in the AWS world`);
  return t;
};

export const transitAttachment = (w: AwsWorld, id: string, region?: string) => {
  const a = w.transit.attachments.find(
    (x) => x.view.TransitGatewayAttachmentId === id && (!region || x.region === region),
  );
  if (!a) throw new Error(`no transit gateway attachment ${id} in the AWS world`);
  return a;
};

/** Attaches a member's VPC to its Region's gateway, with one attachment subnet per Gateway zone. */
function attach(
  w: AwsWorld,
  m: WorldMember,
  state: { subnets: Subnet[]; networkAcls: NetworkAcl[] },
) {
  const gateway = gatewayFor(w, m.region, m.account);
  const owner = gateway.OwnerId ?? m.account;
  const tgwId = gateway.TransitGatewayId ?? "";
  const zones = Object.keys(m.subnetIds);
  const base = m.vpcCidr.split(".").slice(0, 2).join(".");
  const subnetIds = zones.map((zone, k) => {
    const id = tgwSubnetOf(m.name, zone);
    state.subnets.push({
      SubnetId: id,
      VpcId: m.vpcId,
      OwnerId: m.account,
      CidrBlock: `${base}.255.${k * 16}/28`,
      AvailabilityZone: zone,
      AvailabilityZoneId: zoneIdOf(zone),
      State: "available",
    });
    return id;
  });
  state.networkAcls.push({
    NetworkAclId: tgwAclOf(m.name),
    VpcId: m.vpcId,
    OwnerId: m.account,
    IsDefault: false,
    Associations: subnetIds.map((SubnetId) => ({
      NetworkAclAssociationId: `aclassoc-${SubnetId}`,
      NetworkAclId: tgwAclOf(m.name),
      SubnetId,
    })),
    Entries: structuredClone(ALLOW_ALL),
    Tags: [],
  });
  const id = attachmentOf(m.name);
  const table = tgwTableOf(m.region);
  w.transit.attachments.push({
    region: m.region,
    owner,
    view: {
      TransitGatewayAttachmentId: id,
      TransitGatewayId: tgwId,
      TransitGatewayOwnerId: owner,
      ResourceOwnerId: m.account,
      ResourceType: "vpc",
      ResourceId: m.vpcId,
      State: "available",
      Association: { TransitGatewayRouteTableId: table, State: "associated" },
      Tags: [],
    },
    vpc: {
      TransitGatewayAttachmentId: id,
      TransitGatewayId: tgwId,
      VpcId: m.vpcId,
      VpcOwnerId: m.account,
      State: "available",
      SubnetIds: subnetIds,
      Options: {
        DnsSupport: "enable",
        SecurityGroupReferencingSupport: "enable",
        Ipv6Support: "disable",
        ApplianceModeSupport: "disable",
      },
      Tags: [],
    },
  });
  const t = transitTable(w, table);
  t.propagations.push({
    TransitGatewayAttachmentId: id,
    ResourceId: m.vpcId,
    ResourceType: "vpc",
    State: "enabled",
  });
  t.routes.push({
    DestinationCidrBlock: m.vpcCidr,
    TransitGatewayAttachments: [
      { ResourceId: m.vpcId, TransitGatewayAttachmentId: id, ResourceType: "vpc" },
    ],
    Type: "propagated",
    State: "active",
  });
}

/** Peers two Regions' gateways (the first requests, the second accepts) with static routes. */
function peerGateways(w: AwsWorld, a: string, b: string, members: readonly WorldMember[]) {
  const ga = w.transit.gateways.find((g) => g.region === a)?.gateway;
  const gb = w.transit.gateways.find((g) => g.region === b)?.gateway;
  if (!ga || !gb) return;
  const id = tgwPeeringOf(a, b);
  const info = (g: TransitGateway, region: string) => ({
    TransitGatewayId: g.TransitGatewayId ?? "",
    OwnerId: g.OwnerId ?? "",
    Region: region,
  });
  w.transit.peerings.push({
    connection: {
      TransitGatewayAttachmentId: id,
      RequesterTgwInfo: info(ga, a),
      AccepterTgwInfo: info(gb, b),
      Status: { Code: "available", Message: "Available" },
      State: "available",
      Tags: [],
    },
  });
  for (const [here, there, region, far] of [
    [ga, gb, a, b],
    [gb, ga, b, a],
  ] as const) {
    w.transit.attachments.push({
      region,
      owner: here.OwnerId ?? "",
      view: {
        TransitGatewayAttachmentId: id,
        TransitGatewayId: here.TransitGatewayId ?? "",
        TransitGatewayOwnerId: here.OwnerId ?? "",
        ResourceOwnerId: there.OwnerId ?? "",
        ResourceType: "peering",
        ResourceId: there.TransitGatewayId ?? "",
        State: "available",
        Association: { TransitGatewayRouteTableId: tgwTableOf(region), State: "associated" },
        Tags: [],
      },
    });
    for (const m of members.filter((x) => x.region === far))
      transitTable(w, tgwTableOf(region)).routes.push({
        DestinationCidrBlock: m.vpcCidr,
        TransitGatewayAttachments: [
          {
            ResourceId: there.TransitGatewayId ?? "",
            TransitGatewayAttachmentId: id,
            ResourceType: "peering",
          },
        ],
        Type: "static",
        State: "active",
      });
  }
}

/**
 * Joins every member through transit gateways: attachments, propagation, Region peerings, and a
 * route to the gateway for every peer VPC in each Node route table (unless `routes` is false).
 */
export function joinThroughTransit(
  w: AwsWorld,
  stateOf: (m: WorldMember) => { subnets: Subnet[]; networkAcls: NetworkAcl[] },
  tableOf: (m: WorldMember) => { Routes?: unknown[] },
  routes = true,
): void {
  const vpcs = new Set<string>();
  for (const m of w.members) {
    if (vpcs.has(m.vpcId)) continue;
    vpcs.add(m.vpcId);
    attach(w, m, stateOf(m));
  }
  const regions = [...new Set(w.members.map((m) => m.region))];
  for (const [i, a] of regions.entries())
    for (const b of regions.slice(i + 1)) peerGateways(w, a, b, w.members);
  if (!routes) return;
  for (const m of w.members) {
    const peers = [...new Set(w.members.filter((p) => p.vpcId !== m.vpcId).map((p) => p.vpcCidr))];
    const table = tableOf(m);
    for (const cidr of peers)
      table.Routes?.push({
        DestinationCidrBlock: cidr,
        TransitGatewayId: tgwIdOf(m.region),
        Origin: "CreateRoute",
        State: "active",
      });
  }
}

/** What EC2 answers in `account` and `region` for the transit gateway reads. */
export function transitAnswers(w: AwsWorld, account: string, region: string) {
  const t = w.transit;
  const here = <T extends { region: string }>(x: T) => x.region === region;
  const owned = (tgwId?: string) =>
    t.gateways.some(
      (g) => here(g) && g.gateway.TransitGatewayId === tgwId && g.gateway.OwnerId === account,
    );
  const has = (ids: readonly string[]) => (id: string | undefined) => !!id && ids.includes(id);
  return {
    DescribeTransitGatewayVpcAttachments: (vpcIds: readonly string[]) => ({
      TransitGatewayVpcAttachments: t.attachments
        .filter(
          (a) =>
            here(a) &&
            a.vpc &&
            has(vpcIds)(a.vpc.VpcId) &&
            (a.vpc.VpcOwnerId === account || a.owner === account),
        )
        .map((a) => a.vpc),
    }),
    // Shared through AWS RAM with every member account.
    DescribeTransitGateways: (ids: readonly string[]) => ({
      TransitGateways: t.gateways
        .filter((g) => here(g) && has(ids)(g.gateway.TransitGatewayId))
        .map((g) => g.gateway),
    }),
    DescribeTransitGatewayAttachments: (ids: readonly string[]) => ({
      TransitGatewayAttachments: t.attachments
        .filter(
          (a) =>
            here(a) &&
            has(ids)(a.view.TransitGatewayId) &&
            (owned(a.view.TransitGatewayId) || a.view.ResourceOwnerId === account),
        )
        .map((a) => a.view),
    }),
    DescribeTransitGatewayRouteTables: (ids: readonly string[]) => ({
      TransitGatewayRouteTables: t.tables
        .filter((x) => here(x) && x.owner === account && has(ids)(x.table.TransitGatewayId))
        .map((x) => x.table),
    }),
    DescribeTransitGatewayPeeringAttachments: (ids: readonly string[]) => ({
      TransitGatewayPeeringAttachments: t.peerings
        .filter((p) =>
          [p.connection.RequesterTgwInfo, p.connection.AccepterTgwInfo].some(
            (s) => s?.Region === region && s.OwnerId === account && has(ids)(s.TransitGatewayId),
          ),
        )
        .map((p) => p.connection),
    }),
    searchRoutes: (table: string) => ({
      Routes: t.tables.find((x) => x.table.TransitGatewayRouteTableId === table)?.routes ?? [],
      AdditionalRoutesAvailable: false,
    }),
    propagations: (table: string) => ({
      TransitGatewayRouteTablePropagations:
        t.tables.find((x) => x.table.TransitGatewayRouteTableId === table)?.propagations ?? [],
    }),
  };
}

// Faults

const vpcAttachmentOf = (w: AwsWorld, member: string) => {
  const a = transitAttachment(w, attachmentOf(member));
  if (!a.vpc) throw new Error(`${attachmentOf(member)} is no VPC attachment`);
  return { view: a.view, vpc: a.vpc };
};

/** The member's attachment has no subnet in `zone`. */
export const attachmentWithoutZone =
  (member: string, zone: string): Fault =>
  (w) => {
    const { vpc } = vpcAttachmentOf(w, member);
    vpc.SubnetIds = (vpc.SubnetIds ?? []).filter((id) => id !== tgwSubnetOf(member, zone));
  };

/** The member's attachment is in `state` (pendingAcceptance, deleted, …). */
export const attachmentState =
  (member: string, state: TransitGatewayAttachment["State"]): Fault =>
  (w) => {
    const a = vpcAttachmentOf(w, member);
    a.view.State = state;
    a.vpc.State = state;
  };

/** The member's attachment is associated with no route table. */
export const attachmentUnassociated =
  (member: string): Fault =>
  (w) => {
    delete vpcAttachmentOf(w, member).view.Association;
  };

/** The gateway table has no route for `cidr`, and nothing propagates it. */
export const tgwRouteMissing =
  (region: string, cidr: string, member?: string): Fault =>
  (w) => {
    const t = transitTable(w, tgwTableOf(region));
    t.routes = t.routes.filter((r) => r.DestinationCidrBlock !== cidr);
    if (member)
      t.propagations = t.propagations.filter(
        (p) => p.TransitGatewayAttachmentId !== attachmentOf(member),
      );
  };

/** The gateway table's route for `cidr` is a static blackhole. */
export const tgwBlackhole =
  (region: string, cidr: string): Fault =>
  (w) => {
    const t = transitTable(w, tgwTableOf(region));
    t.routes = [
      ...t.routes.filter((r) => r.DestinationCidrBlock !== cidr),
      {
        DestinationCidrBlock: cidr,
        TransitGatewayAttachments: [],
        Type: "static",
        State: "blackhole",
      },
    ];
  };

/** The gateway table sends `cidr` to an inspection VPC's attachment (an appliance next hop). */
export const tgwAppliance =
  (region: string, cidr: string): Fault =>
  (w) => {
    const t = transitTable(w, tgwTableOf(region));
    const id = "tgw-attach-0inspection";
    w.transit.attachments.push({
      region,
      owner: t.owner,
      view: {
        TransitGatewayAttachmentId: id,
        TransitGatewayId: tgwIdOf(region),
        TransitGatewayOwnerId: t.owner,
        ResourceOwnerId: t.owner,
        ResourceType: "vpc",
        ResourceId: "vpc-0inspection",
        State: "available",
        Association: { TransitGatewayRouteTableId: tgwTableOf(region), State: "associated" },
      },
    });
    t.routes = [
      ...t.routes.filter((r) => r.DestinationCidrBlock !== cidr),
      {
        DestinationCidrBlock: cidr,
        TransitGatewayAttachments: [
          { ResourceId: "vpc-0inspection", TransitGatewayAttachmentId: id, ResourceType: "vpc" },
        ],
        Type: "static",
        State: "active",
      },
    ];
  };

/** One more entry in the member's attachment subnets' network ACL. */
export const tgwAclEntry =
  (member: string, entry: NonNullable<NetworkAcl["Entries"]>[number]): Fault =>
  (w) => {
    const m = w.members.find((x) => x.name === member);
    const state = w.states.find((s) => s.account === m?.account && s.region === m?.region);
    state?.networkAcls.find((n) => n.NetworkAclId === tgwAclOf(member))?.Entries?.push(entry);
  };

/** The gateway's options (SecurityGroupReferencingSupport, …). */
export const tgwOptions =
  (region: string, options: NonNullable<TransitGateway["Options"]>): Fault =>
  (w) => {
    const g = w.transit.gateways.find((x) => x.region === region)?.gateway;
    if (g) g.Options = { ...g.Options, ...options };
  };

/** The gateways' peering is in `state` (pendingAcceptance, …), both sides' views. */
export const tgwPeeringState =
  (state: TransitGatewayAttachment["State"]): Fault =>
  (w) => {
    for (const p of w.transit.peerings) p.connection.State = state;
    for (const a of w.transit.attachments)
      if (a.view.ResourceType === "peering") a.view.State = state;
  };

/** The gateway table's route for `cidr` names a prefix list instead (its entries not read). */
export const tgwPrefixListRoute =
  (region: string, cidr: string, list: string): Fault =>
  (w) => {
    const t = transitTable(w, tgwTableOf(region));
    t.routes = t.routes.map((r) =>
      r.DestinationCidrBlock === cidr
        ? { ...r, DestinationCidrBlock: undefined, PrefixListId: list }
        : r,
    );
  };
