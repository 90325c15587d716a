/**
 * Faults of the in-memory EC2 world (test/support/aws-answers.ts): small named changes to the
 * state before it is read, as they happen in real accounts — a route removed, moved, repointed or
 * shadowed, a peering in another state or twice, a security group rule replaced, egress
 * restricted, a network ACL deny, an instance gone, a call denied. Each names its member(s).
 */
import type {
  Instance,
  InstanceStateName,
  IpPermission,
  NetworkAclEntry,
  Route,
  RouteTable,
  SecurityGroup,
  Tag,
  VpcPeeringConnectionStateReasonCode,
} from "@aws-sdk/client-ec2";
import type { QuotaKey } from "../../src/aws/quotas.js";
import type { AwsFailure, AwsOperation } from "../../src/aws/types.js";
import {
  type AwsWorld,
  type CallFailure,
  clusterSg,
  type Fault,
  homeOf,
  instanceAt,
  localRoute,
  MissingHandle,
  memberOf,
  naclOf,
  pcxId,
  peering,
  peeringsOf,
  permission,
  statusMessage,
  type TableName,
  TUNNEL_RULE,
  tableOf,
  type WorldPeering,
} from "./aws-answers.js";

function onePeering(w: AwsWorld, a: string, b: string): WorldPeering {
  const p = peeringsOf(w, a, b)[0];
  if (!p) throw new MissingHandle(`no peering between ${a} and ${b}`);
  return p;
}

const routeTo = (t: RouteTable, cidr: string) =>
  (t.Routes ?? []).find((r) => r.DestinationCidrBlock === cidr);

// Routes

/** Removes the route for `cidr` from a member's table. */
export const removeRoute =
  (member: string, cidr: string, table: TableName = "nodes"): Fault =>
  (w) => {
    const t = tableOf(w, member, table);
    t.Routes = (t.Routes ?? []).filter((r) => r.DestinationCidrBlock !== cidr);
  };

/** Adds a route (Origin CreateRoute, State active unless given). */
export const addRoute =
  (member: string, route: Route, table: TableName = "nodes"): Fault =>
  (w) => {
    tableOf(w, member, table).Routes?.push({ Origin: "CreateRoute", State: "active", ...route });
  };

/** The route for `cidr` sends traffic elsewhere: `target` replaces its target. */
export const retarget =
  (member: string, cidr: string, target: Route, table: TableName = "nodes"): Fault =>
  (w) => {
    const t = tableOf(w, member, table);
    t.Routes = (t.Routes ?? []).map((r) =>
      r.DestinationCidrBlock === cidr
        ? { DestinationCidrBlock: cidr, Origin: "CreateRoute", State: "active", ...target }
        : r,
    );
  };

/** The route for `cidr` is a blackhole (what EC2 shows once its peering is gone). */
export const blackholeRoute =
  (member: string, cidr: string, table: TableName = "nodes"): Fault =>
  (w) => {
    const r = routeTo(tableOf(w, member, table), cidr);
    if (r) r.State = "blackhole";
  };

/** The route for `cidr` moved from the Node subnets' table to the VPC's main table. */
export const moveRouteToMain =
  (member: string, cidr: string): Fault =>
  (w) => {
    const route = routeTo(tableOf(w, member), cidr);
    removeRoute(member, cidr)(w);
    if (route) tableOf(w, member, "main").Routes?.push(route);
  };

/** The subnet of `zone` gets a table of its own, with the local route and `routes`. */
export const ownRouteTable =
  (member: string, zone: string, routes: Route[] = []): Fault =>
  (w) => {
    const m = memberOf(w, member);
    const subnet = m.subnetIds[zone];
    const id = `${m.routeTableId}-${zone.at(-1)}`;
    const nodes = tableOf(w, member);
    nodes.Associations = (nodes.Associations ?? []).filter((a) => a.SubnetId !== subnet);
    homeOf(w, member).routeTables.push({
      RouteTableId: id,
      VpcId: m.vpcId,
      OwnerId: m.account,
      Associations: [
        {
          Main: false,
          RouteTableAssociationId: `rtbassoc-${subnet}-own`,
          RouteTableId: id,
          SubnetId: subnet,
          AssociationState: { State: "associated" },
        },
      ],
      Routes: [localRoute(m.vpcCidr), ...routes],
      Tags: [],
    });
  };

/** The route for `cidr` becomes a route to the managed prefix list `id` (holding `cidr`), same target. */
export const routeViaPrefixList =
  (member: string, cidr: string, id: string): Fault =>
  (w) => {
    prefixList(member, id, [cidr])(w);
    const t = tableOf(w, member);
    t.Routes = (t.Routes ?? []).map((r) => {
      if (r.DestinationCidrBlock !== cidr) return r;
      const { DestinationCidrBlock: _cidr, ...rest } = r;
      return { ...rest, DestinationPrefixListId: id };
    });
  };

/** Tags on a member's route table (setup's route marks). */
export const tableTags =
  (member: string, tags: Tag[], table: TableName = "nodes"): Fault =>
  (w) => {
    const t = tableOf(w, member, table);
    t.Tags = [...(t.Tags ?? []), ...tags];
  };

/** A managed prefix list in a member's account and Region. */
export const prefixList =
  (member: string, id: string, cidrs: string[]): Fault =>
  (w) => {
    homeOf(w, member).prefixLists[id] = cidrs;
  };

// Peerings

/** The pair's peering is in another state (message as EC2 words it). */
export const peeringStatus =
  (a: string, b: string, code: VpcPeeringConnectionStateReasonCode, message?: string): Fault =>
  (w) => {
    const p = onePeering(w, a, b).connection;
    p.Status = { Code: code, Message: message ?? statusMessage(code, p) };
    if (code === "pending-acceptance") p.ExpirationTime = new Date("2026-12-02T08:00:00.000Z");
  };

/** No peering between the pair at all, nor routes to it (never made). */
export const noPeering =
  (a: string, b: string): Fault =>
  (w) => {
    const gone = peeringsOf(w, a, b).map((p) => p.connection.VpcPeeringConnectionId);
    w.peerings.splice(
      0,
      w.peerings.length,
      ...w.peerings.filter((p) => !gone.includes(p.connection.VpcPeeringConnectionId)),
    );
    for (const m of [a, b]) {
      for (const t of homeOf(w, m).routeTables)
        t.Routes = (t.Routes ?? []).filter((r) => !gone.includes(r.VpcPeeringConnectionId));
    }
  };

/** One more peering between the pair (by default requested by `a`), with its own ID. */
export const addPeering =
  (
    a: string,
    b: string,
    code: VpcPeeringConnectionStateReasonCode = "active",
    opts: { requester?: "a" | "b"; id?: string; tags?: Tag[] } = {},
  ): Fault =>
  (w) => {
    const [r, x] = opts.requester === "b" ? [b, a] : [a, b];
    const id = opts.id ?? pcxId(r, x, peeringsOf(w, a, b).length + 1);
    const p = peering(memberOf(w, r), memberOf(w, x), code, id);
    p.requesterTags = [...(opts.tags ?? [])];
    p.accepterTags = [...(opts.tags ?? [])];
    w.peerings.push(p);
  };

/** Tags on the pair's peering, in the requester's view, the accepter's, or both. */
export const peeringTags =
  (a: string, b: string, tags: Tag[], side: "requester" | "accepter" | "both" = "both"): Fault =>
  (w) => {
    const p = onePeering(w, a, b);
    if (side !== "accepter") p.requesterTags = [...p.requesterTags, ...tags];
    if (side !== "requester") p.accepterTags = [...p.accepterTags, ...tags];
  };

// Security groups

/** A member's tunnel rule is replaced by `perms` (none: removed). */
export const tunnelRule =
  (member: string, ...perms: IpPermission[]): Fault =>
  (w) => {
    const g = clusterSg(w, member);
    g.IpPermissions = [
      ...(g.IpPermissions ?? []).filter(
        (p) => !(p.IpRanges ?? []).some((r) => r.Description === TUNNEL_RULE),
      ),
      ...perms.map(permission),
    ];
  };

/** A member's cluster security group lets out only `perms` (none: nothing). */
export const restrictEgress =
  (member: string, ...perms: IpPermission[]): Fault =>
  (w) => {
    clusterSg(w, member).IpPermissionsEgress = perms.map(permission);
  };

/** One more rule on a member's cluster security group. */
export const addRule =
  (member: string, direction: "ingress" | "egress", perm: IpPermission): Fault =>
  (w) => {
    const g = clusterSg(w, member);
    if (direction === "ingress") g.IpPermissions = [...(g.IpPermissions ?? []), permission(perm)];
    else g.IpPermissionsEgress = [...(g.IpPermissionsEgress ?? []), permission(perm)];
  };

/**
 * Another security group on every Node interface of a member; `read: false` leaves it out of its
 * account's groups (DescribeSecurityGroups does not return it).
 */
export const extraGroup =
  (
    member: string,
    group: SecurityGroup & { GroupId: string },
    opts: { read?: boolean } = {},
  ): Fault =>
  (w) => {
    const m = memberOf(w, member);
    if (opts.read !== false)
      homeOf(w, member).securityGroups.push({ VpcId: m.vpcId, OwnerId: m.account, ...group });
    for (const r of homeOf(w, member).reservations)
      for (const i of r.Instances ?? [])
        for (const e of i.NetworkInterfaces ?? [])
          if (m.eniIds.includes(e.NetworkInterfaceId ?? ""))
            e.Groups = [
              ...(e.Groups ?? []),
              { GroupId: group.GroupId, GroupName: group.GroupName },
            ];
  };

// Network ACLs

/** One more entry in a member's network ACL (ports: From/To). */
export const naclEntry =
  (member: string, entry: NetworkAclEntry): Fault =>
  (w) => {
    naclOf(w, member).Entries?.push(entry);
  };

/** A member's network ACL holds only `entries`. */
export const naclEntries =
  (member: string, entries: NetworkAclEntry[]): Fault =>
  (w) => {
    naclOf(w, member).Entries = entries;
  };

// Instances and VPCs

/** The instance of a member's Node is not in EC2 (terminated long ago, or another account). */
export const forgetInstance =
  (member: string, node: number): Fault =>
  (w) => {
    const id = memberOf(w, member).instanceIds[node];
    const home = homeOf(w, member);
    home.reservations = home.reservations.filter(
      (r) => !(r.Instances ?? []).some((i) => i.InstanceId === id),
    );
  };

/** The instance of a member's Node is in another state. */
export const instanceState =
  (member: string, node: number, state: InstanceStateName): Fault =>
  (w) => {
    instanceAt(w, member, node).State = { Name: state };
  };

/** Changes the interface of a member's Node (its addresses, groups, …). */
export const editEni =
  (
    member: string,
    node: number,
    edit: (e: NonNullable<Instance["NetworkInterfaces"]>[number]) => void,
  ): Fault =>
  (w) => {
    for (const e of instanceAt(w, member, node).NetworkInterfaces ?? []) edit(e);
  };

/** The interface of a member's Node holds `ip` instead of the Node's InternalIP. */
export const moveNodeIp = (member: string, node: number, ip: string): Fault =>
  editEni(member, node, (e) => {
    e.PrivateIpAddress = ip;
    e.PrivateIpAddresses = [{ Primary: true, PrivateIpAddress: ip }];
  });

/** The interface of a member's Node holds this public IP (none: no public IP). */
export const publicIp = (member: string, node: number, ip?: string): Fault =>
  editEni(member, node, (e) => {
    if (ip) e.Association = { PublicIp: ip };
    else delete e.Association;
    for (const a of e.PrivateIpAddresses ?? []) {
      if (ip) a.Association = { PublicIp: ip };
      else delete a.Association;
    }
  });

/** A member's VPC has these CIDR blocks (associated), the first being the primary. */
export const vpcCidrs =
  (member: string, ...cidrs: string[]): Fault =>
  (w) => {
    const m = memberOf(w, member);
    const vpc = homeOf(w, member).vpcs.find((v) => v.VpcId === m.vpcId);
    if (!vpc) return;
    vpc.CidrBlock = cidrs[0];
    vpc.CidrBlockAssociationSet = cidrs.map((c, i) => ({
      AssociationId: `vpc-cidr-assoc-${m.name}-${i}`,
      CidrBlock: c,
      CidrBlockState: { State: "associated" },
    }));
  };

// Calls

const callFailure =
  (member: string, call: CallFailure["call"], failure: AwsFailure, prefix?: string): Fault =>
  (w) => {
    w.failures.push({ member, call, failure, ...(prefix ? { prefixList: prefix } : {}) });
  };

/** The member's group was refused these reads (UnauthorizedOperation). */
export const denied =
  (member: string, ...ops: AwsOperation[]): Fault =>
  (w) => {
    const who = memberOf(w, member).principalArn;
    for (const op of ops) {
      const action = `ec2:${op}`;
      callFailure(member, op, {
        kind: "denied",
        code: "UnauthorizedOperation",
        action,
        message: `You are not authorized to perform this operation. User: ${who} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
      })(w);
    }
  };

/** A read of the member's group failed otherwise (throttled to the end, unreachable, …). */
export const callFails = (
  member: string,
  op: AwsOperation,
  failure: Omit<AwsFailure, "action">,
): Fault => callFailure(member, op, { ...failure, action: `ec2:${op}` });

/** GetManagedPrefixListEntries failed for one list (or every list). */
export const prefixListDenied = (member: string, id?: string): Fault =>
  callFailure(
    member,
    "GetManagedPrefixListEntries",
    {
      kind: "denied",
      code: "UnauthorizedOperation",
      action: "ec2:GetManagedPrefixListEntries",
      message: "You are not authorized to perform this operation.",
    },
    id,
  );

/** Nothing could be read for the member's group (no Region; a snapshot without its folder). */
export const groupFails = (member: string, failure: AwsFailure): Fault =>
  callFailure(member, "group", failure);

/** sts:GetCallerIdentity failed: no credentials, a role that cannot be assumed, no endpoint. */
export const identityFails = (member: string, failure: AwsFailure): Fault =>
  callFailure(member, "GetCallerIdentity", failure);

// Node groups (aws.node-to-gateway)

/**
 * A member's Node belongs to another node group: its interface carries only `group` (added to the
 * account with all egress allowed unless it says otherwise), which no other group names.
 */
export const nodeGroupSg =
  (member: string, node: number, group: SecurityGroup & { GroupId: string }): Fault =>
  (w) => {
    const m = memberOf(w, member);
    homeOf(w, member).securityGroups.push({
      VpcId: m.vpcId,
      OwnerId: m.account,
      Description: "node group security group",
      IpPermissions: [],
      IpPermissionsEgress: [permission({ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] })],
      ...group,
    });
    const i = instanceAt(w, member, node);
    i.SecurityGroups = [{ GroupId: group.GroupId, GroupName: group.GroupName }];
    for (const e of i.NetworkInterfaces ?? [])
      e.Groups = [{ GroupId: group.GroupId, GroupName: group.GroupName }];
  };

/** The subnet of a member's zone gets its own network ACL holding only `entries`. */
export const subnetNacl =
  (member: string, zone: string, entries: NetworkAclEntry[]): Fault =>
  (w) => {
    const m = memberOf(w, member);
    const subnet = m.subnetIds[zone];
    if (!subnet) throw new MissingHandle(`${member} has no subnet in ${zone}`);
    const home = homeOf(w, member);
    for (const n of home.networkAcls)
      n.Associations = (n.Associations ?? []).filter((a) => a.SubnetId !== subnet);
    const id = `acl-${subnet.slice("subnet-".length)}`;
    home.networkAcls.push({
      NetworkAclId: id,
      VpcId: m.vpcId,
      OwnerId: m.account,
      IsDefault: false,
      Associations: [
        { NetworkAclAssociationId: `aclassoc-own-${subnet}`, NetworkAclId: id, SubnetId: subnet },
      ],
      Entries: entries,
      Tags: [],
    });
  };

// EKS

/** Changes what DescribeCluster answers for a member's cluster ({"cluster": …}). */
export const eksCluster =
  (member: string, fn: (cluster: Record<string, unknown>) => void): Fault =>
  (w) => {
    const c = homeOf(w, member).eksClusters[member];
    if (!c) throw new MissingHandle(`no EKS cluster for ${member}`);
    fn(c.cluster);
  };

/** The member's group was refused eks:DescribeCluster (AccessDeniedException, as EKS says it). */
export const describeClusterDenied =
  (member: string): Fault =>
  (w) => {
    const who = memberOf(w, member).principalArn;
    callFailure(member, "DescribeCluster", {
      kind: "denied",
      code: "AccessDeniedException",
      action: "eks:DescribeCluster",
      message: `User: ${who} is not authorized to perform: eks:DescribeCluster`,
    })(w);
  };

// The leader's API server

/**
 * A member's Nodes reach the internet through a NAT gateway with Elastic IP `publicIp`: the
 * gateway in its VPC, and a 0.0.0.0/0 route to it in the Nodes' route table.
 */
export const natEgress =
  (member: string, publicIp: string): Fault =>
  (w) => {
    const m = memberOf(w, member);
    const id = `nat-0${member}`;
    homeOf(w, member).natGateways.push({
      NatGatewayId: id,
      VpcId: m.vpcId,
      SubnetId: Object.values(m.subnetIds)[0] ?? "",
      State: "available",
      ConnectivityType: "public",
      NatGatewayAddresses: [
        { AllocationId: `eipalloc-0${member}`, PublicIp: publicIp, PrivateIp: "10.0.0.5" },
      ],
    });
    addRoute(member, { DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: id })(w);
  };

/** The member's EKS endpoint access, as update-cluster-config would set it. */
export const endpointAccess = (
  member: string,
  access: { public: boolean; private: boolean; publicAccessCidrs?: string[] },
): Fault =>
  eksCluster(member, (c) => {
    Object.assign(c.resourcesVpcConfig as Record<string, unknown>, {
      endpointPublicAccess: access.public,
      endpointPrivateAccess: access.private,
      publicAccessCidrs: access.publicAccessCidrs ?? ["0.0.0.0/0"],
    });
  });

// Quotas

/** Service Quotas answers this applied value for a quota (every account and Region). */
export const quota =
  (key: QuotaKey, value: number): Fault =>
  (w) => {
    w.quotaValues = { ...w.quotaValues, [key]: value };
  };

/** servicequotas:GetServiceQuota is refused for the member's group. */
export const quotasDenied = (member: string): Fault =>
  callFailure(member, "GetServiceQuota", {
    kind: "denied",
    code: "AccessDeniedException",
    action: "servicequotas:GetServiceQuota",
    message:
      "User: arn:aws:iam::123456789012:user/doctor is not authorized to perform: servicequotas:GetServiceQuota",
  });
