/** The AWS side of the model: EC2 objects as the checks need them, normalized from raw answers. */
import type { QuotaKey } from "../../aws/quotas.js";
import type { AwsOperation } from "../../aws/types.js";
import type { Quota } from "./quotas.js";

export interface Eni {
  readonly id: string;
  readonly subnetId: string;
  readonly vpcId: string;
  readonly privateIps: readonly string[];
  /** Public or Elastic IPs associated with any of its private IPs. */
  readonly publicIps: readonly string[];
  readonly groupIds: readonly string[];
  readonly deviceIndex?: number;
}

export interface Instance {
  readonly id: string;
  readonly state: string;
  readonly ownerId?: string;
  readonly enis: readonly Eni[];
  /** Who launched it (an Auto Scaling group, a node group, Karpenter) is in its tags. */
  readonly tags: Readonly<Record<string, string>>;
}

export interface Subnet {
  readonly id: string;
  readonly vpcId: string;
  readonly cidr: string;
  readonly zone?: string;
  /** The zone's ID (use1-az1): the same location in every account, unlike its name. */
  readonly zoneId?: string;
}

export interface Vpc {
  readonly id: string;
  readonly ownerId?: string;
  /** IPv4 CIDR blocks in state "associated". */
  readonly cidrs: readonly string[];
}

export type RouteTargetKind =
  | "local"
  | "peering"
  | "internet-gateway"
  | "nat-gateway"
  | "transit-gateway"
  | "virtual-private-gateway"
  | "network-interface"
  | "instance"
  | "other";

export interface Route {
  /** IPv4 destination, or the prefix list whose entries are the destinations. */
  readonly cidr?: string;
  readonly prefixListId?: string;
  readonly target: { readonly kind: RouteTargetKind; readonly id: string };
  readonly state: string;
  readonly propagated: boolean;
}

export interface RouteTable {
  readonly id: string;
  readonly vpcId: string;
  readonly main: boolean;
  readonly subnetIds: readonly string[];
  readonly routes: readonly Route[];
  readonly tags: Readonly<Record<string, string>>;
}

export interface NaclEntry {
  readonly ruleNumber: number;
  /** IP protocol number as a string, "-1" for all. */
  readonly protocol: string;
  readonly allow: boolean;
  readonly egress: boolean;
  readonly cidr?: string;
  readonly portRange?: { readonly from: number; readonly to: number };
}

export interface NetworkAcl {
  readonly id: string;
  readonly vpcId: string;
  readonly isDefault: boolean;
  readonly subnetIds: readonly string[];
  readonly entries: readonly NaclEntry[];
}

export interface GroupRef {
  readonly groupId: string;
  readonly userId?: string;
}

export interface Permission {
  /** IP protocol number as a string ("6", "17", "47"), "-1" for all. */
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly cidrs: readonly string[];
  readonly prefixListIds: readonly string[];
  readonly groups: readonly GroupRef[];
}

export interface SecurityGroup {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly vpcId?: string;
  readonly ownerId?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly ingress: readonly Permission[];
  readonly egress: readonly Permission[];
}

export interface PeeringSide {
  readonly vpcId: string;
  readonly ownerId?: string;
  readonly region?: string;
  readonly cidrs: readonly string[];
}

export interface Peering {
  readonly id: string;
  readonly status: string;
  readonly message?: string;
  readonly expirationTime?: string;
  readonly requester: PeeringSide;
  readonly accepter: PeeringSide;
  /** As seen from the account that read it: tags are per account and Region. */
  readonly tags: Readonly<Record<string, string>>;
}

/** A NAT gateway: the public addresses a private subnet's traffic to the internet leaves from. */
export interface NatGateway {
  readonly id: string;
  readonly vpcId: string;
  readonly subnetId?: string;
  readonly state: string;
  /** Its Elastic IPs (public NAT gateways); none for a private one. */
  readonly publicIps: readonly string[];
}

/** A transit gateway, as its owner or an account it is shared with sees it. */
export interface TransitGateway {
  readonly id: string;
  readonly ownerId?: string;
  readonly state: string;
  /** Options.SecurityGroupReferencingSupport is "enable" (off by default). */
  readonly sgReferencing: boolean;
  /** Options.AutoAcceptSharedAttachments is "enable": another account's attachment needs no accepting. */
  readonly autoAcceptShared?: boolean;
  readonly defaultAssociationTable?: string;
  readonly defaultPropagationTable?: string;
}

/** An attachment of a transit gateway, as seen from that gateway (a peering has one per side). */
export interface TgwAttachment {
  readonly id: string;
  readonly tgwId: string;
  /** vpc, peering, vpn, direct-connect-gateway, connect, … */
  readonly resourceType: string;
  /** The VPC, the peer transit gateway, the VPN connection, … */
  readonly resourceId: string;
  readonly resourceOwnerId?: string;
  readonly state: string;
  /** The route table that routes the traffic arriving through it; absent when it has none. */
  readonly routeTableId?: string;
  /** False when DescribeTransitGatewayAttachments did not list it: its association is unknown. */
  readonly associationKnown: boolean;
  /** VPC attachments: its subnets, one per Availability Zone. */
  readonly subnetIds: readonly string[];
  /** VPC attachments: Options.SecurityGroupReferencingSupport (enabled unless turned off). */
  readonly sgReferencing?: boolean;
  /**
   * Peering attachments: the gateway at the other end, and whether it is the accepter (the side
   * whose owner accepts the request in its Region).
   */
  readonly peer?: {
    readonly tgwId: string;
    readonly ownerId?: string;
    readonly region?: string;
    readonly accepter?: boolean;
  };
  /** Listed by the gateway owner's account: its association (or none) is authoritative. */
  readonly ownerView?: boolean;
  /** Its tags, as the account that listed it sees them (setup's marks are there). */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface TgwRouteTarget {
  readonly attachmentId: string;
  readonly resourceType?: string;
  readonly resourceId?: string;
}

export interface TgwRoute {
  readonly cidr?: string;
  readonly prefixListId?: string;
  /** static or propagated */
  readonly type: string;
  /** active or blackhole */
  readonly state: string;
  /** Where it sends traffic (none for a blackhole; several for ECMP). */
  readonly targets: readonly TgwRouteTarget[];
}

export interface TgwRouteTable {
  readonly id: string;
  readonly tgwId: string;
  readonly state: string;
  /** As SearchTransitGatewayRoutes lists them; undefined when they were not read. */
  readonly routes?: readonly TgwRoute[];
  /**
   * Only the routes that decide for these Gateway IPs were listed (a table too large to list whole
   * by an endpoint without page tokens); other addresses are not known.
   */
  readonly narrowedTo?: readonly string[];
  /** Attachments whose routes propagate into it; undefined when not read. */
  readonly propagations?: readonly string[];
  /** Its tags: setup records the routes and propagations it makes here (routes have no tags). */
  readonly tags: Readonly<Record<string, string>>;
}

/** Everything read from one account and Region. */
export interface AwsInventory {
  readonly account?: string;
  readonly region: string;
  readonly instances: ReadonlyMap<string, Instance>;
  readonly subnets: ReadonlyMap<string, Subnet>;
  readonly vpcs: ReadonlyMap<string, Vpc>;
  readonly routeTables: readonly RouteTable[];
  readonly networkAcls: readonly NetworkAcl[];
  readonly securityGroups: ReadonlyMap<string, SecurityGroup>;
  readonly peerings: readonly Peering[];
  readonly natGateways: readonly NatGateway[];
  readonly prefixLists: ReadonlyMap<string, readonly string[]>;
  readonly transitGateways: ReadonlyMap<string, TransitGateway>;
  readonly tgwAttachments: readonly TgwAttachment[];
  readonly tgwRouteTables: ReadonlyMap<string, TgwRouteTable>;
  /** Applied quotas, else the documented defaults (src/model/aws/quotas.ts). */
  readonly quotas: ReadonlyMap<QuotaKey, Quota>;
  /**
   * Answers asked for but not read (denied, failed, missing from a snapshot): operation → why.
   * A check that needs one is `unknown`; an empty list here would otherwise read as "none".
   */
  readonly unread: ReadonlyMap<AwsRead, string>;
}

export type AwsRead =
  | AwsOperation
  | "GetManagedPrefixListEntries"
  | "SearchTransitGatewayRoutes"
  | "GetTransitGatewayRouteTablePropagations";
