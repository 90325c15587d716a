/**
 * Builds the AWS side of a test ClusterSet in moto with the AWS SDK, as an EKS operator would have
 * it: per member a VPC, a subnet per zone with its own route table, the EKS cluster security
 * group, one EC2 instance per Node at the Node's IP; between members a VPC peering, routes to the
 * peer VPC and tunnel rules. Members in other accounts are built through an assumed role, as the
 * plugin's --aws-role-arn reads them. Faults are applied afterwards with the SDK clients returned.
 */
import {
  AcceptTransitGatewayPeeringAttachmentCommand,
  AcceptVpcPeeringConnectionCommand,
  AssociateRouteTableCommand,
  AssociateTransitGatewayRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateTransitGatewayCommand,
  CreateTransitGatewayPeeringAttachmentCommand,
  CreateTransitGatewayRouteCommand,
  CreateTransitGatewayVpcAttachmentCommand,
  CreateVpcCommand,
  CreateVpcPeeringConnectionCommand,
  DescribeImagesCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  EC2Client,
  type IpPermission,
  RunInstancesCommand,
} from "@aws-sdk/client-ec2";
import { CreateClusterCommand, EKSClient } from "@aws-sdk/client-eks";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";

// The SDK's warning about Node 20 would clutter test output (the plugin silences it the same way).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

import { type MemberSpec, ownerOfNode, ownerTags } from "./fixtures/eks.js";
import { DEFAULT_ACCOUNT, type Moto } from "./moto.js";
import { type ScenarioMember, scenario } from "./scenarios.js";

export interface AwsMemberSpec {
  vpcCidr: string;
  /** Members in another account than moto's default are reached through this role. */
  account?: string;
  /** Give each instance a public IP (an Elastic IP) and the subnets an internet gateway route. */
  publicIps?: boolean;
  /** Run instances only for the Gateway candidates (large benchmark worlds); default: every Node. */
  candidatesOnly?: boolean;
  /** The member's EKS cluster (default: IPv4, the spec's Service CIDR); false: none. */
  eks?: EksSpec | false;
}

export interface EksSpec {
  serviceIpv4Cidr?: string;
  ipFamily?: "ipv4" | "ipv6";
  /** Report the cluster security group (default true; real EKS always does, moto never). */
  clusterSecurityGroup?: boolean;
  autoMode?: boolean;
  /** The API server endpoint's access (default: private only, reached over the peerings). */
  endpoint?: { public: boolean; private: boolean; publicAccessCidrs?: string[] };
}

export interface WorldMember {
  name: string;
  region: string;
  account: string;
  roleArn?: string;
  ec2: EC2Client;
  vpcId: string;
  vpcCidr: string;
  subnetIds: Record<string, string>;
  /** The route table explicitly associated with every Node subnet. */
  routeTableId: string;
  mainRouteTableId: string;
  defaultNaclId: string;
  igwId: string;
  clusterSgId: string;
  /** What the world was built as in the member's account. */
  credentials: Credentials;
  /** Instance per Node, in MemberSpec.nodes order. */
  instanceIds: string[];
  publicIps: string[];
}

export interface World {
  members: WorldMember[];
  /** The Kubernetes side, with the instances' IDs in the Nodes' providerIDs. */
  kube: ScenarioMember[];
  peeringId?: string;
  /** CLI flags that reach every member (roles for other accounts). */
  awsArgs: string[];
}

/** The first of moto's default AMIs (a Windows image, as every example instance shows). */
const IMAGE_ID = "ami-03cf127a";

const ROLE = (account: string) => `arn:aws:iam::${account}:role/antrea-mc-doctor`;

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

async function credentialsFor(moto: Moto, region: string, account: string): Promise<Credentials> {
  const base = {
    accessKeyId: moto.env.AWS_ACCESS_KEY_ID ?? "",
    secretAccessKey: moto.env.AWS_SECRET_ACCESS_KEY ?? "",
  };
  if (account === DEFAULT_ACCOUNT) return base;
  const sts = new STSClient({ region, endpoint: moto.endpoint, credentials: base });
  const out = await sts.send(
    new AssumeRoleCommand({ RoleArn: ROLE(account), RoleSessionName: "test-world" }),
  );
  sts.destroy();
  const c = out.Credentials;
  return {
    accessKeyId: c?.AccessKeyId ?? "",
    secretAccessKey: c?.SecretAccessKey ?? "",
    sessionToken: c?.SessionToken ?? "",
  };
}

/**
 * The member's EKS cluster, as DescribeCluster will answer. moto makes no cluster security group
 * no vpcId and no computeConfig: test/support/moto-server.py takes them from moto:* tags.
 */
async function createCluster(
  moto: Moto,
  credentials: Credentials,
  spec: MemberSpec,
  account: string,
  vpc: { vpcId: string; subnetIds: string[]; clusterSgId: string },
  eks: EksSpec,
): Promise<void> {
  const client = new EKSClient({ region: spec.region, endpoint: moto.endpoint, credentials });
  try {
    await client.send(
      new CreateClusterCommand({
        name: spec.name,
        // The SDK would pick a random idempotency token; a fixed one keeps the examples repeatable.
        clientRequestToken: `${spec.name}-cluster`,
        roleArn: `arn:aws:iam::${account}:role/eks-cluster-${spec.name}`,
        // The API servers' version (moto would say 1.19).
        version: `1.${spec.kubernetesMinor ?? 33}`,
        resourcesVpcConfig: {
          subnetIds: vpc.subnetIds,
          endpointPublicAccess: eks.endpoint?.public ?? false,
          endpointPrivateAccess: eks.endpoint?.private ?? true,
          ...(eks.endpoint?.publicAccessCidrs
            ? { publicAccessCidrs: eks.endpoint.publicAccessCidrs }
            : {}),
        },
        kubernetesNetworkConfig: {
          serviceIpv4Cidr: eks.serviceIpv4Cidr ?? spec.serviceCIDR,
          ipFamily: eks.ipFamily ?? "ipv4",
        },
        tags: {
          ...(eks.clusterSecurityGroup === false
            ? {}
            : { "moto:clusterSecurityGroupId": vpc.clusterSgId }),
          ...(eks.autoMode ? { "moto:computeConfig.enabled": "true" } : {}),
          "moto:vpcId": vpc.vpcId,
        },
      }),
    );
  } finally {
    client.destroy();
  }
}

/** The /19 of a VPC's /16 that holds an address: 10.10.45.67 → 10.10.32.0/19. */
export function subnetOf(ip: string): string {
  const [a, b, c] = ip.split(".").map(Number);
  return `${a}.${b}.${Math.floor((c ?? 0) / 32) * 32}.0/19`;
}

const tunnelRule = (port: number, sources: string[], description: string): IpPermission => ({
  IpProtocol: "udp",
  FromPort: port,
  ToPort: port,
  IpRanges: sources.map((ip) => ({ CidrIp: `${ip}/32`, Description: description })),
});

async function buildMember(moto: Moto, spec: MemberSpec, aws: AwsMemberSpec): Promise<WorldMember> {
  const account = aws.account ?? DEFAULT_ACCOUNT;
  const credentials = await credentialsFor(moto, spec.region, account);
  const ec2 = new EC2Client({ region: spec.region, endpoint: moto.endpoint, credentials });
  const tags = (name: string) => [
    { Key: "Name", Value: name },
    { Key: `kubernetes.io/cluster/${spec.name}`, Value: "owned" },
  ];
  const vpc = await ec2.send(
    new CreateVpcCommand({
      CidrBlock: aws.vpcCidr,
      TagSpecifications: [{ ResourceType: "vpc", Tags: tags(`eksctl-${spec.name}-cluster/VPC`) }],
    }),
  );
  const vpcId = vpc.Vpc?.VpcId ?? "";
  const main = await ec2.send(
    new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }),
  );
  const mainRouteTableId = main.RouteTables?.[0]?.RouteTableId ?? "";
  const nacls = await ec2.send(
    new DescribeNetworkAclsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }),
  );
  const defaultNaclId = nacls.NetworkAcls?.find((n) => n.IsDefault)?.NetworkAclId ?? "";
  const igw = await ec2.send(new CreateInternetGatewayCommand({}));
  const igwId = igw.InternetGateway?.InternetGatewayId ?? "";
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igwId, VpcId: vpcId }));
  const rt = await ec2.send(
    new CreateRouteTableCommand({
      VpcId: vpcId,
      TagSpecifications: [
        {
          ResourceType: "route-table",
          Tags: tags(`eksctl-${spec.name}-cluster/PrivateRouteTable`),
        },
      ],
    }),
  );
  const routeTableId = rt.RouteTable?.RouteTableId ?? "";
  if (aws.publicIps) {
    await ec2.send(
      new CreateRouteCommand({
        RouteTableId: routeTableId,
        DestinationCidrBlock: "0.0.0.0/0",
        GatewayId: igwId,
      }),
    );
  }
  const subnetIds: Record<string, string> = {};
  for (const n of spec.nodes) {
    if (subnetIds[n.zone]) continue;
    const subnet = await ec2.send(
      new CreateSubnetCommand({
        VpcId: vpcId,
        CidrBlock: subnetOf(n.ip),
        AvailabilityZone: n.zone,
      }),
    );
    const id = subnet.Subnet?.SubnetId ?? "";
    subnetIds[n.zone] = id;
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: id }));
  }
  const sg = await ec2.send(
    new CreateSecurityGroupCommand({
      GroupName: `eks-cluster-sg-${spec.name}-1739465542`,
      Description:
        "EKS created security group applied to ENI that is attached to EKS Control Plane master nodes, as well as any managed workloads.",
      VpcId: vpcId,
    }),
  );
  const clusterSgId = sg.GroupId ?? "";
  await ec2.send(
    new CreateTagsCommand({
      Resources: [clusterSgId],
      Tags: [
        ...tags(`eks-cluster-sg-${spec.name}-1739465542`),
        { Key: "eks:cluster-name", Value: spec.name },
      ],
    }),
  );
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: clusterSgId,
      IpPermissions: [
        { IpProtocol: "-1", UserIdGroupPairs: [{ GroupId: clusterSgId, UserId: account }] },
      ],
    }),
  );
  // Named, not listed: moto answers DescribeImages without a filter with its whole catalogue
  // (~1,200 AMIs, 1 MB of XML, seconds of its time per member).
  const images = await ec2.send(new DescribeImagesCommand({ ImageIds: [IMAGE_ID] }));
  const imageId = images.Images?.[0]?.ImageId;
  if (!imageId) throw new Error(`moto does not know ${IMAGE_ID}: its default AMIs changed`);
  const instanceIds: string[] = [];
  const publicIps: string[] = [];
  for (const [k, n] of spec.nodes.entries()) {
    if (aws.candidatesOnly && !spec.candidates.includes(k)) {
      instanceIds.push("");
      publicIps.push("");
      continue;
    }
    const run = await ec2.send(
      new RunInstancesCommand({
        ImageId: imageId,
        InstanceType: "m6i.large",
        // The SDK would pick a random idempotency token; a fixed one keeps the examples repeatable.
        ClientToken: `${spec.name}-${n.ip}`,
        MinCount: 1,
        MaxCount: 1,
        NetworkInterfaces: [
          {
            DeviceIndex: 0,
            SubnetId: subnetIds[n.zone],
            PrivateIpAddress: n.ip,
            Groups: [clusterSgId],
            AssociatePublicIpAddress: aws.publicIps === true,
          },
        ],
        TagSpecifications: [
          {
            ResourceType: "instance",
            Tags: [
              { Key: `kubernetes.io/cluster/${spec.name}`, Value: "owned" },
              ...ownerTags(spec, ownerOfNode(spec, k)),
            ],
          },
        ],
      }),
    );
    const inst = run.Instances?.[0];
    instanceIds.push(inst?.InstanceId ?? "");
    publicIps.push(
      inst?.PublicIpAddress ?? inst?.NetworkInterfaces?.[0]?.Association?.PublicIp ?? "",
    );
  }
  return {
    name: spec.name,
    region: spec.region,
    account,
    credentials,
    ...(account !== DEFAULT_ACCOUNT ? { roleArn: ROLE(account) } : {}),
    ec2,
    vpcId,
    vpcCidr: aws.vpcCidr,
    subnetIds,
    routeTableId,
    mainRouteTableId,
    defaultNaclId,
    igwId,
    clusterSgId,
    instanceIds,
    publicIps,
  };
}

export interface WorldOptions {
  /** Builds the Kubernetes objects from the specs (default: the healthy scenario()). */
  kube?: (specs: MemberSpec[]) => ScenarioMember[];
  /** Peer the two VPCs (requester: the first member) and accept; default true. */
  peer?: boolean;
  /** Routes to the peer VPC CIDR in each member's Node route table; default true. */
  routes?: boolean;
  /** Tunnel rules (UDP port, from every peer Gateway candidate /32); default 6081. */
  tunnelPort?: number | false;
  /** The leader's TCP 443 rule for the other members' VPCs (its private endpoint); default true. */
  leaderApiRule?: boolean;
  /** Which pairs are peered, routed and admitted (default: all). */
  pairs?: (a: MemberSpec, b: MemberSpec) => boolean;
  /** Members built at once (default 1: IDs in a repeatable order). */
  concurrency?: number;
  /**
   * Join the VPCs through transit gateways instead of peerings (unless `peer` is true too): per
   * Region one gateway in its first member's account, each VPC attached through a /28 subnet per
   * Gateway zone (default association and propagation), the Regions' gateways peered with static
   * routes both sides, and each Node route table sending the peer VPCs to its gateway.
   */
  transit?: boolean;
}

/** The Gateway candidates' IPs of a member (what a peer must admit). */
export const candidateIps = (spec: MemberSpec) =>
  spec.candidates.map((i) => spec.nodes[i]?.ip ?? "");

export async function buildWorld(
  moto: Moto,
  members: { spec: MemberSpec; aws: AwsMemberSpec }[],
  opts: WorldOptions = {},
): Promise<World> {
  const built: WorldMember[] = new Array(members.length);
  const step = opts.concurrency ?? 1;
  for (let i = 0; i < members.length; i += step) {
    await Promise.all(
      members.slice(i, i + step).map(async (m, k) => {
        built[i + k] = await buildMember(moto, m.spec, m.aws);
      }),
    );
  }
  const paired = (i: number, j: number) => {
    const [a, b] = [members[i]?.spec, members[j]?.spec];
    return !!a && !!b && (opts.pairs?.(a, b) ?? true);
  };
  if (opts.transit) await joinThroughTransit(built, opts.routes !== false);
  // Peer every pair of VPCs (the earlier member requests, the later one accepts), route both ways.
  const peeringIds: string[] = [];
  const peer = opts.peer ?? !opts.transit;
  for (let i = 0; i < built.length && peer; i++) {
    for (let j = i + 1; j < built.length; j++) {
      const a = built[i];
      const b = built[j];
      if (!a || !b || !paired(i, j)) continue;
      const p = await a.ec2.send(
        new CreateVpcPeeringConnectionCommand({
          VpcId: a.vpcId,
          PeerVpcId: b.vpcId,
          PeerOwnerId: b.account,
          PeerRegion: b.region,
        }),
      );
      const id = p.VpcPeeringConnection?.VpcPeeringConnectionId ?? "";
      peeringIds.push(id);
      await b.ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
      if (opts.routes === false) continue;
      for (const [from, to] of [
        [a, b],
        [b, a],
      ] as const) {
        await from.ec2.send(
          new CreateRouteCommand({
            RouteTableId: from.routeTableId,
            DestinationCidrBlock: to.vpcCidr,
            VpcPeeringConnectionId: id,
          }),
        );
      }
    }
  }
  const peeringId = peeringIds[0];
  const port = opts.tunnelPort ?? 6081;
  if (port !== false) {
    for (const [i, m] of built.entries()) {
      // A peer's tunnel arrives from its Gateway IPs: private ones, or its public IPs.
      const sources = members.flatMap((peer, k) => {
        if (k === i || !paired(Math.min(i, k), Math.max(i, k))) return [];
        const ips = candidateIps(peer.spec);
        return peer.aws.publicIps
          ? peer.spec.candidates.map((c) => built[k]?.publicIps[c] ?? "").filter(Boolean)
          : ips;
      });
      // Past 50 peer Gateways (a security group holds 60 rules) the admin admits the private
      // network at once.
      const wide = sources.length > 50 && sources.every((ip) => ip.startsWith("10."));
      if (sources.length) {
        await m.ec2.send(
          new AuthorizeSecurityGroupIngressCommand({
            GroupId: m.clusterSgId,
            IpPermissions: [
              wide
                ? {
                    ...tunnelRule(port, [], "antrea-mc tunnel from peer Gateways"),
                    IpRanges: [
                      { CidrIp: "10.0.0.0/8", Description: "antrea-mc tunnel from peer Gateways" },
                    ],
                  }
                : tunnelRule(port, sources, "antrea-mc tunnel from peer Gateways"),
            ],
          }),
        );
      }
    }
  }
  // The leader's API server (private access) admits the other members' VPCs on TCP 443.
  for (const [i, m] of built.entries()) {
    if (!members[i]?.spec.leader || opts.leaderApiRule === false) continue;
    const vpcs = [...new Set(built.filter((o) => o !== m).map((o) => o.vpcCidr))];
    if (vpcs.length === 0) continue;
    // A large ClusterSet's admin admits the private network at once (a rule per VPC would
    // exceed the 60 rules a security group may have).
    const cidrs = vpcs.length > 4 ? ["10.0.0.0/8"] : vpcs;
    await m.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: m.clusterSgId,
        IpPermissions: [
          {
            IpProtocol: "tcp",
            FromPort: 443,
            ToPort: 443,
            IpRanges: cidrs.map((CidrIp) => ({
              CidrIp,
              Description: "members to the leader API server",
            })),
          },
        ],
      }),
    );
  }
  // EKS clusters last: moto's IDs are drawn in order, so the EC2 IDs stay those of worlds without.
  for (const [i, m] of members.entries()) {
    const w = built[i];
    if (!w || m.aws.eks === false) continue;
    await createCluster(
      moto,
      w.credentials,
      m.spec,
      w.account,
      { vpcId: w.vpcId, subnetIds: Object.values(w.subnetIds), clusterSgId: w.clusterSgId },
      // Members on public IPs and without peerings reach a leader's API server over the internet.
      {
        ...(!peer && members.every((x) => x.aws.publicIps)
          ? { endpoint: { public: true, private: false } }
          : {}),
        ...m.aws.eks,
      },
    );
  }
  const specs = members.map((m, i) => {
    const w = built[i];
    return {
      ...m.spec,
      nodes: m.spec.nodes.map((n, k) => ({
        ...n,
        ...(w?.instanceIds[k] ? { instanceId: w.instanceIds[k] } : {}),
        ...(m.aws.publicIps && w?.publicIps[k] ? { externalIP: w.publicIps[k] } : {}),
      })),
    };
  });
  const awsArgs = built.flatMap((m) =>
    m.roleArn ? ["--aws-role-arn", `${m.name}=${m.roleArn}`] : [],
  );
  return {
    members: built,
    kube: (opts.kube ?? scenario)(specs),
    ...(peeringId ? { peeringId } : {}),
    awsArgs,
  };
}

/** The gateway ID of each Region's transit gateway, once joinThroughTransit made them. */
export const transitGateways = new WeakMap<WorldMember, { tgwId: string; tableId: string }>();

async function joinThroughTransit(built: readonly WorldMember[], routes: boolean): Promise<void> {
  const byRegion = new Map<string, { owner: WorldMember; tgwId: string; tableId: string }>();
  for (const m of built) {
    let hub = byRegion.get(m.region);
    if (!hub) {
      const out = await m.ec2.send(
        new CreateTransitGatewayCommand({ Description: `antrea-mc test ${m.region}` }),
      );
      const tgwId = out.TransitGateway?.TransitGatewayId ?? "";
      hub = {
        owner: m,
        tgwId,
        tableId: out.TransitGateway?.Options?.AssociationDefaultRouteTableId ?? "",
      };
      byRegion.set(m.region, hub);
    }
    transitGateways.set(m, { tgwId: hub.tgwId, tableId: hub.tableId });
    // A /28 per zone at the top of the VPC's /16: the gateway's own subnets.
    const base = m.vpcCidr.split(".").slice(0, 2).join(".");
    const subnets: string[] = [];
    for (const [k, zone] of Object.keys(m.subnetIds).entries()) {
      const s = await m.ec2.send(
        new CreateSubnetCommand({
          VpcId: m.vpcId,
          CidrBlock: `${base}.255.${k * 16}/28`,
          AvailabilityZone: zone,
        }),
      );
      subnets.push(s.Subnet?.SubnetId ?? "");
    }
    await m.ec2.send(
      new CreateTransitGatewayVpcAttachmentCommand({
        TransitGatewayId: hub.tgwId,
        VpcId: m.vpcId,
        SubnetIds: subnets,
      }),
    );
  }
  const hubs = [...byRegion.values()];
  for (const [i, a] of hubs.entries()) {
    for (const b of hubs.slice(i + 1)) {
      const out = await a.owner.ec2.send(
        new CreateTransitGatewayPeeringAttachmentCommand({
          TransitGatewayId: a.tgwId,
          PeerTransitGatewayId: b.tgwId,
          PeerAccountId: b.owner.account,
          PeerRegion: b.owner.region,
        }),
      );
      const id = out.TransitGatewayPeeringAttachment?.TransitGatewayAttachmentId ?? "";
      await b.owner.ec2.send(
        new AcceptTransitGatewayPeeringAttachmentCommand({ TransitGatewayAttachmentId: id }),
      );
      for (const [here, there] of [
        [a, b],
        [b, a],
      ] as const) {
        await here.owner.ec2.send(
          new AssociateTransitGatewayRouteTableCommand({
            TransitGatewayRouteTableId: here.tableId,
            TransitGatewayAttachmentId: id,
          }),
        );
        for (const m of built.filter((x) => x.region === there.owner.region))
          await here.owner.ec2.send(
            new CreateTransitGatewayRouteCommand({
              TransitGatewayRouteTableId: here.tableId,
              DestinationCidrBlock: m.vpcCidr,
              TransitGatewayAttachmentId: id,
            }),
          );
      }
    }
  }
  if (!routes) return;
  // A large ClusterSet's admin routes the private network to the gateway at once.
  const supernet = built.length > 4 && built.every((m) => m.vpcCidr.startsWith("10."));
  for (const m of built) {
    const hub = byRegion.get(m.region);
    if (supernet && hub) {
      await m.ec2.send(
        new CreateRouteCommand({
          RouteTableId: m.routeTableId,
          DestinationCidrBlock: "10.0.0.0/8",
          TransitGatewayId: hub.tgwId,
        }),
      );
      continue;
    }
    for (const p of built) {
      if (p.vpcId === m.vpcId || !hub) continue;
      await m.ec2.send(
        new CreateRouteCommand({
          RouteTableId: m.routeTableId,
          DestinationCidrBlock: p.vpcCidr,
          TransitGatewayId: hub.tgwId,
        }),
      );
    }
  }
}

export function destroyWorld(world: World): void {
  for (const m of world.members) m.ec2.destroy();
}
