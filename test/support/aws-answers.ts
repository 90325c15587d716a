/**
 * The AWS side of a test ClusterSet in memory, for fast table tests: the EC2 state of each account
 * and Region, built from the members' specs as test/support/aws-world.ts builds it in moto — per
 * member a VPC, a /19 subnet per zone associated with the Node route table (plus the VPC's main
 * table), the default network ACL (allow all), the EKS cluster security group (itself, and the
 * tunnel from the peers' Gateway candidates /32), an instance per Node with its interface at the
 * Node IP; between members an active peering, routes to the peer VPC and the tunnel rules — and
 * the raw answers the collector stores for it (`RawAws`: per group of members that share
 * credentials and a Region, what `aws ec2 <operation> --output json` prints).
 *
 * Faults (test/support/aws-faults.ts) are small named functions that change the state before it
 * is read; the Kubernetes side and the model are in test/support/aws-scenarios.ts. Only the AWS
 * SDK's types are used: nothing is loaded, no moto.
 */
import type {
  Instance,
  IpPermission,
  NatGateway,
  NetworkAcl,
  NetworkAclEntry,
  Reservation,
  Route,
  RouteTable,
  SecurityGroup,
  Subnet,
  Tag,
  Vpc,
  VpcPeeringConnection,
  VpcPeeringConnectionStateReasonCode,
} from "@aws-sdk/client-ec2";
import { type AwsChoices, awsTargets } from "../../src/app/aws-targets.js";
import { controlPlaneIds, eksClusterName } from "../../src/aws/eks-cluster.js";
import { QUOTAS, type QuotaKey, quotaId, VPC_QUOTAS } from "../../src/aws/quotas.js";
import {
  attachmentSubnetIds,
  mergedAnswer,
  notRequested,
  prefixListIds,
  referenced,
  transitGatewayIds,
  transitRouteTableIds,
  unique,
} from "../../src/aws/references.js";
import {
  type AwsFailure,
  type AwsFetched,
  type AwsOperation,
  type AwsSettings,
  accountRegionKey,
  type RawAws,
  type RawAwsGroup,
} from "../../src/aws/types.js";
import type { AwsTarget } from "../../src/collect/aws/collect.js";
import type { ClusterSetModel } from "../../src/model/types.js";
import {
  emptyTransit,
  joinThroughTransit,
  transitAnswers,
  type WorldTransit,
} from "./aws-transit.js";
import {
  autoScalingTags,
  instanceId,
  type MemberSpec,
  type NodeSpec,
  ownerOfNode,
  ownerTags,
} from "./fixtures/eks.js";

/** The account of the default credentials (moto's default, as in the moto tests). */
export const DEFAULT_ACCOUNT = "123456789012";
/** The role doctor assumes in another account (--aws-role-arn), as in the moto tests. */
export const doctorRole = (account: string) => `arn:aws:iam::${account}:role/antrea-mc-doctor`;
/** Who the default credentials are. */
export const DEFAULT_PRINCIPAL = `arn:aws:iam::${DEFAULT_ACCOUNT}:user/doctor`;
export const TUNNEL_RULE = "antrea-mc tunnel from peer Gateways";
export const LEADER_API_RULE = "members to the leader API server";

// ---------------------------------------------------------------------------------------------
// The state

/** What EC2 holds in one account and Region (the SDK's own shapes, as the CLI prints them). */
export interface Ec2State {
  readonly account: string;
  readonly region: string;
  reservations: Reservation[];
  subnets: Subnet[];
  vpcs: Vpc[];
  routeTables: RouteTable[];
  networkAcls: NetworkAcl[];
  securityGroups: SecurityGroup[];
  /** Managed prefix list → its entries' CIDRs. */
  prefixLists: Record<string, string[]>;
  /** EKS cluster name → `aws eks describe-cluster` output ({"cluster": …}). */
  eksClusters: Record<string, { cluster: Record<string, unknown> }>;
  natGateways: NatGateway[];
}

/** A peering connection; each side's account and Region keeps its own tags. */
export interface WorldPeering {
  connection: VpcPeeringConnection;
  requesterTags: Tag[];
  accepterTags: Tag[];
}

/** How a member is read and what its AWS side looks like. */
export interface AwsMemberOptions {
  /** Default: the /16 holding its first Node's IP. */
  vpcCidr?: string;
  /** Where its resources live. Default: the MemberSpec's accountId. */
  account?: string;
  /**
   * How doctor reads it: a role to assume (--aws-role-arn; default: antrea-mc-doctor for another
   * account than the default credentials'), or false for the default credentials.
   */
  roleArn?: string | false;
  /** --aws-profile; the profile's credentials are those of the member's account. */
  profile?: string;
  /** Who the calls are made as (GetCallerIdentity Arn); default per role, profile or default. */
  principalArn?: string;
  /** --aws-region: where doctor looks for it (its resources stay in its Nodes' Region). */
  regionFlag?: string;
  /** Instances get public IPs (publicIpOf) and the Node route table a default route to the IGW. */
  publicIps?: boolean;
  /** Its Nodes live in this member's VPC (same account and Region): subnets of the same CIDR are shared. */
  vpcOf?: string;
}

/** Handles on one member's resources, for faults and assertions. */
export interface WorldMember {
  readonly name: string;
  readonly spec: MemberSpec;
  readonly account: string;
  readonly region: string;
  readonly roleArn?: string;
  readonly profile?: string;
  readonly regionFlag?: string;
  readonly principalArn: string;
  readonly publicIps: boolean;
  readonly vpcId: string;
  readonly vpcCidr: string;
  /** Zone → subnet. */
  readonly subnetIds: Readonly<Record<string, string>>;
  /** The table explicitly associated with the Node subnets. */
  readonly routeTableId: string;
  readonly mainRouteTableId: string;
  readonly naclId: string;
  readonly igwId: string;
  readonly clusterSgId: string;
  /** Per Node, in MemberSpec.nodes order. */
  readonly instanceIds: readonly string[];
  readonly eniIds: readonly string[];
}

/** Something a group's call answers instead of data (as the collector classifies SDK errors). */
export interface CallFailure {
  /** The group of this member. */
  readonly member: string;
  /** "group": nothing is read at all (no Region, a snapshot without the group's folder). */
  readonly call:
    | AwsOperation
    | "GetCallerIdentity"
    | "GetManagedPrefixListEntries"
    | "SearchTransitGatewayRoutes"
    | "GetTransitGatewayRouteTablePropagations"
    | "GetServiceQuota"
    | "DescribeCluster"
    | "group";
  /** GetManagedPrefixListEntries of this list only (default: every list). */
  readonly prefixList?: string;
  readonly failure: AwsFailure;
}

export interface AwsWorld {
  readonly members: WorldMember[];
  readonly states: Ec2State[];
  readonly peerings: WorldPeering[];
  readonly failures: CallFailure[];
  /** Transit gateways (test/support/aws-transit.ts). */
  readonly transit: WorldTransit;
  /** The account that owns every transit gateway (default: each Region's first member's). */
  readonly transitOwner?: string;
  /** Applied quotas GetServiceQuota answers (default: moto's, MOTO_QUOTAS). */
  quotaValues?: Partial<Record<QuotaKey, number>>;
}

/** What moto answers GetServiceQuota with: its VPC defaults (routes: the old 50); no ec2 quota. */
export const MOTO_QUOTAS: Partial<Record<QuotaKey, number>> = {
  peeringsPerVpc: 50,
  routesPerTable: 50,
  rulesPerGroup: 60,
};

/** A change to the world before it is read. */
export type Fault = (w: AwsWorld) => void;

export interface WorldOptions {
  /** Per member name. */
  readonly members?: Readonly<Record<string, AwsMemberOptions>>;
  /** Peer every pair of VPCs (the earlier member requests, the later accepts); default true. */
  readonly peer?: boolean;
  /**
   * Join the VPCs through transit gateways instead (test/support/aws-transit.ts): no peerings
   * unless `peer` is true too; the Node route tables send the peer VPCs to the gateway.
   */
  readonly transit?: boolean | { readonly owner: string };
  /** Routes to the peer VPC CIDR in each Node route table; default true. */
  readonly routes?: boolean;
  /** The leader's TCP 443 rule for the other members' VPCs; default true. */
  leaderApiRule?: boolean;
  /** Tunnel rules (UDP port, from every peer Gateway candidate /32); default 6081. */
  readonly tunnelPort?: number | false;
  /** Which pairs are peered, routed and admitted (default: all). */
  readonly pairs?: (a: string, b: string) => boolean;
  readonly faults?: readonly Fault[];
}

/** The /16 holding an address: 10.10.45.67 → 10.10.0.0/16. */
export const sixteenOf = (ip: string) => `${ip.split(".").slice(0, 2).join(".")}.0.0/16`;

/** The /19 of a VPC's /16 that holds an address: 10.10.45.67 → 10.10.32.0/19 (as aws-world). */
export function subnetOf(ip: string): string {
  const [a, b, c] = ip.split(".").map(Number);
  return `${a}.${b}.${Math.floor((c ?? 0) / 32) * 32}.0/19`;
}

/** The public IP the world gives a Node's instance: 10.10.12.34 → 54.10.12.34. */
export const publicIpOf = (ip: string) => `54.${ip.split(".").slice(1).join(".")}`;

/** The instance the fixtures give a Node (its providerID). */
export const instanceOf = (spec: MemberSpec, n: NodeSpec) =>
  n.instanceId ?? instanceId(spec.name, n.ip);

const nameTags = (spec: MemberSpec, name: string): Tag[] => [
  { Key: "Name", Value: name },
  { Key: `kubernetes.io/cluster/${spec.name}`, Value: "owned" },
];

export const localRoute = (cidr: string): Route => ({
  DestinationCidrBlock: cidr,
  GatewayId: "local",
  Origin: "CreateRouteTable",
  State: "active",
});

const allowAll: NetworkAclEntry[] = [true, false].flatMap((egress) => [
  { CidrBlock: "0.0.0.0/0", Egress: egress, Protocol: "-1", RuleAction: "allow", RuleNumber: 100 },
  { CidrBlock: "0.0.0.0/0", Egress: egress, Protocol: "-1", RuleAction: "deny", RuleNumber: 32767 },
]);

/** An IpPermission as DescribeSecurityGroups prints it (every list present). */
export function permission(p: IpPermission): IpPermission {
  return { UserIdGroupPairs: [], IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], ...p };
}

/** UDP `port` from each IP /32: the world's tunnel rule. */
export const tunnelPermission = (port: number, ips: readonly string[], description = TUNNEL_RULE) =>
  permission({
    IpProtocol: "udp",
    FromPort: port,
    ToPort: port,
    IpRanges: ips.map((ip) => ({ CidrIp: `${ip}/32`, Description: description })),
  });

function stateOf(w: AwsWorld, account: string, region: string): Ec2State {
  let s = w.states.find((x) => x.account === account && x.region === region);
  if (!s) {
    s = {
      account,
      region,
      reservations: [],
      subnets: [],
      vpcs: [],
      routeTables: [],
      networkAcls: [],
      securityGroups: [],
      prefixLists: {},
      eksClusters: {},
      natGateways: [],
    };
    w.states.push(s);
  }
  return s;
}

/** A fault names something the world does not have (a table, a peering, a member). */
export class MissingHandle extends Error {
  override name = "MissingHandle";
}

export function memberOf(w: AwsWorld, name: string): WorldMember {
  const m = w.members.find((x) => x.name === name);
  if (!m) throw new MissingHandle(`no member ${name} in the AWS world`);
  return m;
}

/** The state a member's resources live in. */
export const homeOf = (w: AwsWorld, name: string): Ec2State => {
  const m = memberOf(w, name);
  return stateOf(w, m.account, m.region);
};

function addMember(w: AwsWorld, spec: MemberSpec, o: AwsMemberOptions): WorldMember {
  const account = o.account ?? spec.accountId;
  const region = spec.region;
  const state = stateOf(w, account, region);
  const shared = o.vpcOf ? memberOf(w, o.vpcOf) : undefined;
  if (shared && (shared.account !== account || shared.region !== region))
    throw new Error(`${spec.name} cannot share ${shared.name}'s VPC in another account or Region`);
  const p = `0${spec.name}`;
  const first = spec.nodes[0]?.ip ?? "10.0.0.1";
  const vpcCidr = shared?.vpcCidr ?? o.vpcCidr ?? sixteenOf(first);
  const vpcId = shared?.vpcId ?? `vpc-${p}`;
  const routeTableId = shared?.routeTableId ?? `rtb-${p}`;
  const naclId = shared?.naclId ?? `acl-${p}`;
  const igwId = shared?.igwId ?? `igw-${p}`;
  const mainRouteTableId = shared?.mainRouteTableId ?? `rtb-${p}-main`;
  if (!shared) {
    state.vpcs.push({
      VpcId: vpcId,
      OwnerId: account,
      CidrBlock: vpcCidr,
      CidrBlockAssociationSet: [
        {
          AssociationId: `vpc-cidr-assoc-${p}`,
          CidrBlock: vpcCidr,
          CidrBlockState: { State: "associated" },
        },
      ],
      State: "available",
      IsDefault: false,
      Tags: nameTags(spec, `eksctl-${spec.name}-cluster/VPC`),
    });
    state.routeTables.push(
      {
        RouteTableId: mainRouteTableId,
        VpcId: vpcId,
        OwnerId: account,
        Associations: [
          {
            Main: true,
            RouteTableAssociationId: `rtbassoc-${p}-main`,
            RouteTableId: mainRouteTableId,
            AssociationState: { State: "associated" },
          },
        ],
        Routes: [localRoute(vpcCidr)],
        Tags: [],
      },
      {
        RouteTableId: routeTableId,
        VpcId: vpcId,
        OwnerId: account,
        Associations: [],
        Routes: [
          localRoute(vpcCidr),
          ...(o.publicIps
            ? [
                {
                  DestinationCidrBlock: "0.0.0.0/0",
                  GatewayId: igwId,
                  Origin: "CreateRoute",
                  State: "active",
                } satisfies Route,
              ]
            : []),
        ],
        Tags: nameTags(spec, `eksctl-${spec.name}-cluster/PrivateRouteTable`),
      },
    );
    state.networkAcls.push({
      NetworkAclId: naclId,
      VpcId: vpcId,
      OwnerId: account,
      IsDefault: true,
      Associations: [],
      Entries: structuredClone(allowAll),
      Tags: [],
    });
  }
  const table = state.routeTables.find((t) => t.RouteTableId === routeTableId);
  const nacl = state.networkAcls.find((n) => n.NetworkAclId === naclId);
  const subnetIds: Record<string, string> = {};
  for (const n of spec.nodes) {
    if (subnetIds[n.zone]) continue;
    const cidr = subnetOf(n.ip);
    const existing = state.subnets.find((s) => s.VpcId === vpcId && s.CidrBlock === cidr);
    const id = existing?.SubnetId ?? `subnet-${p}-${n.zone.at(-1)}`;
    subnetIds[n.zone] = id;
    if (existing) continue;
    state.subnets.push({
      SubnetId: id,
      VpcId: vpcId,
      OwnerId: account,
      CidrBlock: cidr,
      AvailabilityZone: n.zone,
      State: "available",
      DefaultForAz: false,
      MapPublicIpOnLaunch: false,
    });
    table?.Associations?.push({
      Main: false,
      RouteTableAssociationId: `rtbassoc-${id}`,
      RouteTableId: routeTableId,
      SubnetId: id,
      AssociationState: { State: "associated" },
    });
    nacl?.Associations?.push({
      NetworkAclAssociationId: `aclassoc-${id}`,
      NetworkAclId: naclId,
      SubnetId: id,
    });
  }
  const clusterSgId = `sg-${p}`;
  const groupName = `eks-cluster-sg-${spec.name}-1739465542`;
  state.securityGroups.push({
    GroupId: clusterSgId,
    GroupName: groupName,
    Description:
      "EKS created security group applied to ENI that is attached to EKS Control Plane master nodes, as well as any managed workloads.",
    VpcId: vpcId,
    OwnerId: account,
    Tags: [...nameTags(spec, groupName), { Key: "aws:eks:cluster-name", Value: spec.name }],
    IpPermissions: [
      permission({
        IpProtocol: "-1",
        UserIdGroupPairs: [{ GroupId: clusterSgId, UserId: account }],
      }),
    ],
    IpPermissionsEgress: [permission({ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] })],
  });
  const instanceIds: string[] = [];
  const eniIds: string[] = [];
  spec.nodes.forEach((n, k) => {
    const id = instanceOf(spec, n);
    const eni = `eni-${p}-${k}`;
    const subnetId = subnetIds[n.zone] ?? "";
    const publicIp = o.publicIps ? publicIpOf(n.ip) : undefined;
    const association = publicIp ? { Association: { PublicIp: publicIp } } : {};
    const groups = [{ GroupId: clusterSgId, GroupName: groupName }];
    instanceIds.push(id);
    eniIds.push(eni);
    state.reservations.push({
      ReservationId: `r-${p}-${k}`,
      OwnerId: account,
      Groups: [],
      Instances: [
        {
          InstanceId: id,
          InstanceType: "m6i.large",
          State: { Code: 16, Name: "running" },
          Placement: { AvailabilityZone: n.zone },
          SubnetId: subnetId,
          VpcId: vpcId,
          PrivateIpAddress: n.ip,
          ...(publicIp ? { PublicIpAddress: publicIp } : {}),
          SecurityGroups: groups,
          NetworkInterfaces: [
            {
              NetworkInterfaceId: eni,
              SubnetId: subnetId,
              VpcId: vpcId,
              OwnerId: account,
              PrivateIpAddress: n.ip,
              PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: n.ip, ...association }],
              ...association,
              Attachment: { DeviceIndex: 0, Status: "attached" },
              Groups: groups,
              Status: "in-use",
            },
          ],
          Tags: [
            { Key: `kubernetes.io/cluster/${spec.name}`, Value: "owned" },
            ...ownerTags(spec, ownerOfNode(spec, k)),
            ...autoScalingTags(ownerOfNode(spec, k)),
          ],
        },
      ],
    });
  });
  const role =
    o.roleArn === false || o.profile
      ? undefined
      : (o.roleArn ?? (account === DEFAULT_ACCOUNT ? undefined : doctorRole(account)));
  const principalArn =
    o.principalArn ??
    (role
      ? `arn:aws:sts::${account}:assumed-role/${role.split("/").pop()}/kubectl-antrea-mc`
      : o.profile
        ? `arn:aws:iam::${account}:user/${o.profile}`
        : DEFAULT_PRINCIPAL);
  // EKS, as DescribeCluster answers for an IPv4 cluster of the spec's Service CIDR.
  state.eksClusters[spec.name] = {
    cluster: {
      name: spec.name,
      arn: `arn:aws:eks:${region}:${account}:cluster/${spec.name}`,
      status: "ACTIVE",
      version: "1.31",
      kubernetesNetworkConfig: { serviceIpv4Cidr: spec.serviceCIDR, ipFamily: "ipv4" },
      resourcesVpcConfig: {
        vpcId,
        subnetIds: Object.values(subnetIds),
        clusterSecurityGroupId: clusterSgId,
        securityGroupIds: [],
        // Private access only: members reach a leader's API server over the peering.
        endpointPublicAccess: false,
        endpointPrivateAccess: true,
        publicAccessCidrs: ["0.0.0.0/0"],
      },
    },
  };
  return {
    name: spec.name,
    spec,
    account,
    region,
    ...(role ? { roleArn: role } : {}),
    ...(o.profile ? { profile: o.profile } : {}),
    ...(o.regionFlag ? { regionFlag: o.regionFlag } : {}),
    principalArn,
    publicIps: o.publicIps === true,
    vpcId,
    vpcCidr,
    subnetIds,
    routeTableId,
    mainRouteTableId,
    naclId,
    igwId,
    clusterSgId,
    instanceIds,
    eniIds,
  };
}

const sideOf = (m: WorldMember) => ({
  VpcId: m.vpcId,
  OwnerId: m.account,
  Region: m.region,
  CidrBlock: m.vpcCidr,
  CidrBlockSet: [{ CidrBlock: m.vpcCidr }],
});

/** The peering ID the world gives a pair ("pcx-0west-east"), or its n-th extra one. */
export const pcxId = (a: string, b: string, n = 1) => `pcx-0${a}-${b}${n > 1 ? `-${n}` : ""}`;

/** A peering from `a`'s VPC (requester) to `b`'s (accepter). */
export function peering(
  a: WorldMember,
  b: WorldMember,
  code: VpcPeeringConnectionStateReasonCode = "active",
  id = pcxId(a.name, b.name),
): WorldPeering {
  const connection: VpcPeeringConnection = {
    VpcPeeringConnectionId: id,
    RequesterVpcInfo: sideOf(a),
    AccepterVpcInfo: sideOf(b),
    ...(code === "pending-acceptance"
      ? { ExpirationTime: new Date("2026-12-02T08:00:00.000Z") }
      : {}),
  };
  connection.Status = { Code: code, Message: statusMessage(code, connection) };
  return { connection, requesterTags: [], accepterTags: [] };
}

/** Status.Message as EC2 words it, naming the accepter's (or the requester's) account. */
export function statusMessage(
  code: VpcPeeringConnectionStateReasonCode,
  p: VpcPeeringConnection,
): string {
  const accepter = p.AccepterVpcInfo?.OwnerId ?? "?";
  const requester = p.RequesterVpcInfo?.OwnerId ?? "?";
  const messages: Partial<Record<VpcPeeringConnectionStateReasonCode, string>> = {
    active: "Active",
    "pending-acceptance": `Pending Acceptance by ${accepter}`,
    deleted: `Deleted by ${requester}`,
    rejected: `Rejected by ${accepter}`,
    failed: "Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range",
    expired: "Expired",
    provisioning: "Provisioning",
  };
  return messages[code] ?? code;
}

/** The Gateway candidates' IPs of a member (what a peer must admit). */
const candidateIps = (m: WorldMember) =>
  m.spec.candidates.map((i) => {
    const ip = m.spec.nodes[i]?.ip ?? "";
    return m.publicIps ? publicIpOf(ip) : ip;
  });

/** The world for these members' specs, healthy unless `opts.faults` say otherwise. */
export function buildAwsWorld(specs: readonly MemberSpec[], opts: WorldOptions = {}): AwsWorld {
  const w: AwsWorld = {
    members: [],
    states: [],
    peerings: [],
    failures: [],
    transit: emptyTransit(),
    ...(typeof opts.transit === "object" ? { transitOwner: opts.transit.owner } : {}),
  };
  for (const spec of specs) w.members.push(addMember(w, spec, opts.members?.[spec.name] ?? {}));
  // Members on public IPs and without peerings reach a leader's API server over the internet.
  if ((opts.peer === false || opts.transit) && w.members.every((m) => m.publicIps))
    for (const m of w.members) {
      const vpc = homeOf(w, m.name).eksClusters[m.name]?.cluster.resourcesVpcConfig;
      if (vpc) Object.assign(vpc, { endpointPublicAccess: true, endpointPrivateAccess: false });
    }
  // Pairs are named in ClusterSet order (the earlier member first), whichever side asks.
  const paired = (a: WorldMember, b: WorldMember) => {
    const [x, y] = w.members.indexOf(a) < w.members.indexOf(b) ? [a, b] : [b, a];
    return opts.pairs?.(x.name, y.name) ?? true;
  };
  if (opts.transit)
    joinThroughTransit(
      w,
      (m) => homeOf(w, m.name),
      (m) => tableOf(w, m.name),
      opts.routes !== false,
    );
  const peer = opts.peer ?? !opts.transit;
  for (const [i, a] of w.members.entries()) {
    for (const b of w.members.slice(i + 1)) {
      if (!peer || !paired(a, b) || a.vpcId === b.vpcId) continue;
      const p = peering(a, b);
      w.peerings.push(p);
      if (opts.routes === false) continue;
      for (const [from, to] of [
        [a, b],
        [b, a],
      ] as const) {
        tableOf(w, from.name).Routes?.push({
          DestinationCidrBlock: to.vpcCidr,
          VpcPeeringConnectionId: p.connection.VpcPeeringConnectionId,
          Origin: "CreateRoute",
          State: "active",
        });
      }
    }
  }
  const port = opts.tunnelPort ?? 6081;
  if (port !== false) {
    for (const m of w.members) {
      const sources = w.members.flatMap((peer) =>
        peer !== m && paired(m, peer) ? candidateIps(peer) : [],
      );
      if (sources.length) clusterSg(w, m.name).IpPermissions?.push(tunnelPermission(port, sources));
    }
  }
  // The leader's API server (private access) admits the other members' VPCs on TCP 443.
  for (const leader of w.members.filter((m) => m.spec.leader)) {
    const vpcs = [...new Set(w.members.filter((m) => m !== leader).map((m) => m.vpcCidr))];
    if (vpcs.length === 0 || opts.leaderApiRule === false) continue;
    // As aws-world: a large ClusterSet's admin admits the private network at once.
    const cidrs = vpcs.length > 4 ? ["10.0.0.0/8"] : vpcs;
    clusterSg(w, leader.name).IpPermissions?.push(
      permission({
        IpProtocol: "tcp",
        FromPort: 443,
        ToPort: 443,
        IpRanges: cidrs.map((CidrIp) => ({ CidrIp, Description: LEADER_API_RULE })),
      }),
    );
  }
  for (const f of opts.faults ?? []) f(w);
  return w;
}

// ---------------------------------------------------------------------------------------------
// Reading it as the collector does

const fatal = (f: AwsFailure) =>
  f.kind === "credentials" || f.kind === "region" || f.kind === "unreachable";

/** What the AWS CLI prints: plain JSON (dates as ISO strings), never the world's own objects. */
const plain = (value: unknown): Record<string, unknown> =>
  JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

/** Who a group's settings make the calls as. */
function identityOf(w: AwsWorld, s: AwsSettings): { account: string; principalArn: string } {
  const m = w.members.find(
    (x) => x.roleArn === s.roleArn && x.profile === s.profile && (s.roleArn || s.profile),
  );
  if (m) return { account: m.account, principalArn: m.principalArn };
  const role = s.roleArn ? /^arn:[^:]+:iam::(\d{12}):role\/(.+)$/.exec(s.roleArn) : null;
  if (role?.[1])
    return {
      account: role[1],
      principalArn: `arn:aws:sts::${role[1]}:assumed-role/${role[2]?.split("/").pop()}/kubectl-antrea-mc`,
    };
  const plainDefault = w.members.find((x) => !x.roleArn && !x.profile);
  return {
    account: DEFAULT_ACCOUNT,
    principalArn: plainDefault?.principalArn ?? DEFAULT_PRINCIPAL,
  };
}

function answers(s: Ec2State | undefined, w: AwsWorld, account: string, region: string) {
  const inList = (ids: readonly string[]) => (id: string | undefined) =>
    id !== undefined && ids.includes(id);
  const side = (v: VpcPeeringConnection["RequesterVpcInfo"], vpcIds: readonly string[]) =>
    !!s && !!v && inList(vpcIds)(v.VpcId) && v.OwnerId === s.account && v.Region === s.region;
  return {
    DescribeInstances: (ids: readonly string[]) => ({
      Reservations: (s?.reservations ?? []).flatMap((r) => {
        const Instances = (r.Instances ?? []).filter((i: Instance) => inList(ids)(i.InstanceId));
        return Instances.length ? [{ ...r, Instances }] : [];
      }),
    }),
    DescribeSubnets: (ids: readonly string[]) => ({
      Subnets: (s?.subnets ?? []).filter((x) => inList(ids)(x.SubnetId)),
    }),
    DescribeVpcs: (ids: readonly string[]) => ({
      Vpcs: (s?.vpcs ?? []).filter((x) => inList(ids)(x.VpcId)),
    }),
    DescribeRouteTables: (vpcIds: readonly string[]) => ({
      RouteTables: (s?.routeTables ?? []).filter((x) => inList(vpcIds)(x.VpcId)),
    }),
    DescribeNetworkAcls: (vpcIds: readonly string[]) => ({
      NetworkAcls: (s?.networkAcls ?? []).filter((x) => inList(vpcIds)(x.VpcId)),
    }),
    DescribeSecurityGroups: (ids: readonly string[]) => ({
      SecurityGroups: (s?.securityGroups ?? []).filter((x) => inList(ids)(x.GroupId)),
    }),
    // Both accounts see a peering, each with its own tags (one resource when both sides are one).
    DescribeVpcPeeringConnections: (vpcIds: readonly string[]) => ({
      VpcPeeringConnections: w.peerings.flatMap((p) => {
        const requester = side(p.connection.RequesterVpcInfo, vpcIds);
        const accepter = side(p.connection.AccepterVpcInfo, vpcIds);
        if (!requester && !accepter) return [];
        return [{ ...p.connection, Tags: requester ? p.requesterTags : p.accepterTags }];
      }),
    }),
    DescribeNatGateways: (vpcIds: readonly string[]) => ({
      NatGateways: (s?.natGateways ?? []).filter((x) => inList(vpcIds)(x.VpcId)),
    }),
    prefixList: (id: string) => ({
      Entries: (s?.prefixLists[id] ?? []).map((Cidr) => ({ Cidr })),
    }),
    ...transitAnswers(w, account, region),
  } satisfies Record<AwsOperation, (ids: readonly string[]) => unknown> & {
    prefixList: (id: string) => unknown;
    searchRoutes: (id: string) => unknown;
    propagations: (id: string) => unknown;
  };
}

/** One group's answers, as collectGroup (src/collect/aws/collect.ts) stores them. */
function readGroup(w: AwsWorld, targets: readonly AwsTarget[]): RawAwsGroup {
  const settings = targets[0]?.settings ?? {};
  const leader = targets.find((t) => t.leader);
  const group: RawAwsGroup = {
    members: targets.filter((t) => !t.memberless).map((t) => t.member),
    ...(leader ? { leader: leader.member } : {}),
    settings,
    instanceIds: unique(targets.flatMap((t) => t.instanceIds)),
    calls: {},
    prefixLists: {},
    ...(settings.region ? { region: settings.region } : {}),
  };
  if (!settings.region) {
    group.failure = {
      kind: "region",
      message:
        "no AWS Region: the Nodes carry no topology.kubernetes.io/region label or providerID zone; pass --aws-region",
    };
    return group;
  }
  const failureOf = (call: CallFailure["call"], prefixList?: string) =>
    w.failures.find(
      (f) =>
        f.call === call &&
        (group.members.includes(f.member) || f.member === group.leader) &&
        (f.prefixList === undefined || f.prefixList === prefixList),
    )?.failure;
  const nothing = failureOf("group");
  if (nothing) {
    group.failure = nothing;
    return group;
  }
  const read = (op: AwsOperation, answer: () => unknown): AwsFetched => {
    const failure = failureOf(op);
    return failure ? { ok: false, error: failure } : { ok: true, value: plain(answer()) };
  };
  const who = identityOf(w, settings);
  const api = answers(
    w.states.find((s) => s.account === who.account && s.region === settings.region),
    w,
    who.account,
    settings.region,
  );
  const identity = failureOf("GetCallerIdentity");
  if (identity && fatal(identity)) {
    group.failure = identity;
    return group;
  }
  if (!identity) {
    group.account = who.account;
    group.accountSource = "sts";
    group.principalArn = who.principalArn;
  }
  const home = w.states.find((s) => s.account === who.account && s.region === settings.region);
  const readClusters = (described?: Record<string, unknown>) => {
    const names = unique(
      targets.map((t) => eksClusterName(t.context, described, t.instanceIds)?.name),
    );
    if (!names.length) return;
    group.eksClusters = Object.fromEntries(
      names.map((n): [string, AwsFetched] => {
        const failure = failureOf("DescribeCluster");
        if (failure) return [n, { ok: false, error: failure }];
        const c = home?.eksClusters[n];
        return [
          n,
          c
            ? { ok: true, value: plain(c) }
            : {
                ok: false,
                error: {
                  kind: "error",
                  code: "ResourceNotFoundException",
                  action: "eks:DescribeCluster",
                  message: `No cluster found for name: ${n}.`,
                },
              },
        ];
      }),
    );
  };
  // As collectGroup: the leader's control plane, beyond what the members' reads covered.
  const readControlPlane = (described?: Record<string, unknown>) => {
    const named =
      leader &&
      eksClusterName(leader.context, described, leader.instanceIds, leader.eksCluster)?.name;
    const answer = named ? group.eksClusters?.[named] : undefined;
    if (!answer?.ok) return;
    const plane = controlPlaneIds(answer.value);
    const had = group.requested ?? { subnetIds: [], vpcIds: [], groupIds: [] };
    const { vpcIds, subnetIds, groupIds } = notRequested(plane, had);
    const more: [AwsOperation, string[]][] = [
      ["DescribeVpcs", vpcIds],
      ["DescribeRouteTables", vpcIds],
      ["DescribeVpcPeeringConnections", vpcIds],
      ["DescribeSubnets", subnetIds],
      ["DescribeSecurityGroups", groupIds],
    ];
    for (const [op, ids] of more)
      if (ids.length)
        group.calls[op] = mergedAnswer(
          group.calls[op],
          read(op, () => api[op](ids)),
        );
    group.requested = {
      vpcIds: [...had.vpcIds, ...vpcIds],
      subnetIds: [...had.subnetIds, ...subnetIds],
      groupIds: [...had.groupIds, ...groupIds],
    };
  };
  // As collectGroup: the quotas, as moto answers them (its VPC defaults; none for ec2).
  const readQuotas = (keys: readonly QuotaKey[]) => {
    for (const key of keys) {
      const spec = QUOTAS[key];
      const failure = failureOf("GetServiceQuota");
      const value = w.quotaValues?.[key] ?? MOTO_QUOTAS[key];
      const answer: AwsFetched = failure
        ? { ok: false, error: failure }
        : value === undefined
          ? {
              ok: false,
              error: {
                kind: "error",
                code: "NoSuchResourceException",
                action: "servicequotas:GetServiceQuota",
                message: "This service is not available in the current Region.",
              },
            }
          : {
              ok: true,
              value: {
                Quota: {
                  ServiceCode: spec.service,
                  QuotaCode: spec.code,
                  QuotaName: spec.name,
                  Value: value,
                  Adjustable: true,
                },
              },
            };
      group.quotas = { ...group.quotas, [quotaId(spec)]: answer };
    }
  };
  // As collectGroup: the transit gateways the VPCs attach or route to, then their tables' routes.
  const readTransit = () => {
    const tgwIds = transitGatewayIds(
      group.calls.DescribeTransitGatewayVpcAttachments,
      group.calls.DescribeRouteTables,
    );
    if (!tgwIds.length) return;
    const had = group.requested ?? { subnetIds: [], vpcIds: [], groupIds: [] };
    const subnetIds = attachmentSubnetIds(group.calls.DescribeTransitGatewayVpcAttachments).filter(
      (id) => !had.subnetIds.includes(id),
    );
    group.requested = { ...had, subnetIds: [...had.subnetIds, ...subnetIds], tgwIds };
    for (const op of [
      "DescribeTransitGateways",
      "DescribeTransitGatewayAttachments",
      "DescribeTransitGatewayRouteTables",
      "DescribeTransitGatewayPeeringAttachments",
    ] as const)
      group.calls[op] = read(op, () => api[op](tgwIds));
    if (subnetIds.length)
      group.calls.DescribeSubnets = mergedAnswer(
        group.calls.DescribeSubnets,
        read("DescribeSubnets", () => api.DescribeSubnets(subnetIds)),
      );
    readQuotas(["attachmentsPerGateway"]);
    const tables = transitRouteTableIds(group.calls.DescribeTransitGatewayRouteTables);
    if (!tables.length) return;
    const perTable = (
      call: "SearchTransitGatewayRoutes" | "GetTransitGatewayRouteTablePropagations",
      answer: (id: string) => unknown,
    ) =>
      Object.fromEntries(
        tables.map((id): [string, AwsFetched] => {
          const failure = failureOf(call);
          return [
            id,
            failure ? { ok: false, error: failure } : { ok: true, value: plain(answer(id)) },
          ];
        }),
      );
    group.tgwRoutes = perTable("SearchTransitGatewayRoutes", api.searchRoutes);
    group.tgwPropagations = perTable("GetTransitGatewayRouteTablePropagations", api.propagations);
  };
  const readPrefixLists = () => {
    for (const id of prefixListIds(
      group.calls.DescribeRouteTables,
      group.calls.DescribeSecurityGroups,
      group.tgwRoutes,
    )) {
      const failure = failureOf("GetManagedPrefixListEntries", id);
      group.prefixLists[id] = failure
        ? { ok: false, error: failure }
        : { ok: true, value: plain(api.prefixList(id)) };
    }
  };
  if (group.instanceIds.length === 0) {
    readClusters();
    readControlPlane();
    readPrefixLists();
    return group;
  }
  const instances = read("DescribeInstances", () => api.DescribeInstances(group.instanceIds));
  group.calls.DescribeInstances = instances;
  if (!instances.ok) {
    if (fatal(instances.error)) group.failure = instances.error;
    else {
      readClusters();
      readControlPlane();
      readPrefixLists();
    }
    return group;
  }
  readClusters(instances.value);
  readQuotas(VPC_QUOTAS);
  const ids = referenced(instances.value);
  group.requested = { subnetIds: ids.subnetIds, vpcIds: ids.vpcIds, groupIds: ids.groupIds };
  if (!group.account && ids.ownerId) {
    group.account = ids.ownerId;
    group.accountSource = "instances";
  }
  const reads: [AwsOperation, string[]][] = [
    ["DescribeSubnets", ids.subnetIds],
    ["DescribeVpcs", ids.vpcIds],
    ["DescribeRouteTables", ids.vpcIds],
    ["DescribeNetworkAcls", ids.vpcIds],
    ["DescribeSecurityGroups", ids.groupIds],
    ["DescribeVpcPeeringConnections", ids.vpcIds],
    ["DescribeNatGateways", ids.vpcIds],
    ["DescribeTransitGatewayVpcAttachments", ids.vpcIds],
  ];
  for (const [op, list] of reads) {
    if (list.length) group.calls[op] = read(op, () => api[op](list));
  }
  readControlPlane(instances.value);
  readTransit();
  readPrefixLists();
  return group;
}

/** The flags that make doctor read each member as the world says (--aws-profile/-role-arn/-region). */
export function choicesOf(w: AwsWorld): AwsChoices {
  const keyed = (pick: (m: WorldMember) => string | undefined) => ({
    byMember: Object.fromEntries(
      w.members.flatMap((m) => {
        const v = pick(m);
        return v ? [[m.name, v]] : [];
      }),
    ),
  });
  return {
    profile: keyed((m) => m.profile),
    roleArn: keyed((m) => m.roleArn),
    region: keyed((m) => m.regionFlag),
  };
}

/**
 * What the collector stores for the world: the targets doctor derives from the Kubernetes side
 * (settings from the flags and the Nodes' Region, the Gateway Nodes' instances), grouped by
 * credentials and Region, each group read in the collector's order.
 */
export function rawAwsOf(w: AwsWorld, kube: ClusterSetModel): RawAws {
  const groups = new Map<string, AwsTarget[]>();
  for (const t of awsTargets(kube, choicesOf(w), {})) {
    const key = accountRegionKey(t.settings);
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  return { groups: [...groups.values()].map((g) => readGroup(w, g)) };
}

// ---------------------------------------------------------------------------------------------
// Handles on what the world holds, for faults

export type TableName = "nodes" | "main" | (string & {});

/** A member's route table: its Node subnets' ("nodes"), the VPC's main one, or by ID. */
export function tableOf(w: AwsWorld, member: string, which: TableName = "nodes"): RouteTable {
  const m = memberOf(w, member);
  const id = which === "nodes" ? m.routeTableId : which === "main" ? m.mainRouteTableId : which;
  const t = homeOf(w, member).routeTables.find((x) => x.RouteTableId === id);
  if (!t) throw new MissingHandle(`no route table ${id} for ${member}`);
  return t;
}

export function clusterSg(w: AwsWorld, member: string): SecurityGroup {
  const m = memberOf(w, member);
  const g = homeOf(w, member).securityGroups.find((x) => x.GroupId === m.clusterSgId);
  if (!g) throw new MissingHandle(`no cluster security group for ${member}`);
  return g;
}

export function naclOf(w: AwsWorld, member: string): NetworkAcl {
  const m = memberOf(w, member);
  const n = homeOf(w, member).networkAcls.find((x) => x.NetworkAclId === m.naclId);
  if (!n) throw new MissingHandle(`no network ACL for ${member}`);
  return n;
}

/** The instance of a member's Node (by index into its spec's nodes). */
export function instanceAt(w: AwsWorld, member: string, node: number): Instance {
  const id = memberOf(w, member).instanceIds[node];
  const i = homeOf(w, member)
    .reservations.flatMap((r) => r.Instances ?? [])
    .find((x) => x.InstanceId === id);
  if (!i) throw new MissingHandle(`no instance for node ${node} of ${member}`);
  return i;
}

/** Peerings between two members' VPCs, oldest first. */
export const peeringsOf = (w: AwsWorld, a: string, b: string) => {
  const vpcs = [memberOf(w, a).vpcId, memberOf(w, b).vpcId];
  return w.peerings.filter(
    (p) =>
      vpcs.includes(p.connection.RequesterVpcInfo?.VpcId ?? "") &&
      vpcs.includes(p.connection.AccepterVpcInfo?.VpcId ?? "") &&
      p.connection.RequesterVpcInfo?.VpcId !== p.connection.AccepterVpcInfo?.VpcId,
  );
};
