/**
 * The AWS CLI commands that close a gap, as doctor prints them in a finding's fix and setup in
 * what it leaves to the user: one renderer, so that both carry the member's Region, its profile
 * and, for a member read through a role, the account to run them in.
 */
import type { NewPeeringRoute, RouteFix, RouteGap } from "../analysis/aws/routes.js";
import { freeBlock } from "../analysis/aws/vpc-overlap.js";
import type { Wire } from "../analysis/aws/wire.js";
import { describeTarget } from "../model/aws/route.js";
import type { Cidr } from "../model/cidr.js";
import type { MemberAws } from "../model/types.js";
import { shellWord } from "./shell.js";

type Who = Pick<MemberAws, "region" | "settings">;

/**
 * The first line of fixes for a member read through an assumed role: the AWS CLI has no flag for
 * that, so `--region`/`--profile` alone would act in the caller's own account.
 */
export function runAs(
  name: string,
  aws: Pick<MemberAws, "settings" | "account">,
  /** Name the account even without a role: a fix that switches between members' accounts. */
  always = false,
): string {
  const role = aws.settings.roleArn;
  const account = aws.account ?? /^arn:[^:]+:iam::(\d{12}):/.exec(role ?? "")?.[1] ?? "?";
  if (!role) return always ? `# in ${name}'s account ${account}:\n` : "";
  return `# in ${name}'s account ${account} (doctor read it by assuming ${role}), with credentials that may change it:\n`;
}

/** `--region R [--profile P]` for an aws CLI command acting as this member. */
export function awsFlags(aws: Who, region = aws.region): string {
  const profile = aws.settings.profile ? ` --profile ${shellWord(aws.settings.profile)}` : "";
  return `--region ${region}${profile}`;
}

// Routes

/** The create-route flag naming a target: a peering connection or a transit gateway. */
const targetFlag = (id: string) =>
  id.startsWith("tgw-") ? `--transit-gateway-id ${id}` : `--vpc-peering-connection-id ${id}`;

export function createRoute(table: string, destination: string, target: string, aws: Who): string {
  return `aws ec2 create-route --route-table-id ${table} --destination-cidr-block ${destination} ${targetFlag(target)} ${awsFlags(aws)}`;
}

export function replaceRoute(table: string, destination: string, target: string, aws: Who): string {
  return `aws ec2 replace-route --route-table-id ${table} --destination-cidr-block ${destination} ${targetFlag(target)} ${awsFlags(aws)}`;
}

export function deleteRoute(table: string, destination: string, aws: Who): string {
  return `aws ec2 delete-route --route-table-id ${table} --destination-cidr-block ${destination} ${awsFlags(aws)}`;
}

export function describePeering(pcx: string, aws: Who): string {
  return `aws ec2 describe-vpc-peering-connections --vpc-peering-connection-ids ${pcx} ${awsFlags(aws)}`;
}

/**
 * The commands that close a route gap (without the account line: see runAs), or undefined when
 * they need the ID of a peering that does not exist yet.
 */
export function routeFixCommands(gap: RouteGap, aws: Who): string | undefined {
  const table = gap.table.id;
  const pcx = gap.peering.id;
  const fix: RouteFix = gap.fix;
  switch (fix.kind) {
    case "accept":
      return `${describePeering(fix.peering, aws)}  # accept it first (aws.peering)`;
    case "transit":
      return undefined; // aws.transit-gateway gives the attachment's fix
    case "delete":
      // When the deciding route itself is the longer prefix, say why it must go.
      return gap.shadowing === undefined
        ? [
            `# ${fix.target.route.cidr} → ${describeTarget(fix.target.route)} is more specific and takes the traffic; remove it if nothing else needs it:`,
            deleteRoute(table, fix.destination, aws),
          ].join("\n")
        : deleteRoute(table, fix.destination, aws);
    case "replace":
      return pcx ? replaceRoute(table, fix.destination, pcx, aws) : undefined;
    case "create": {
      if (!pcx) return undefined;
      const note = fix.mainTable
        ? [
            `# ${fix.mainTable.id} (the VPC's main table) has this route, but the Gateway subnets use ${table}:`,
          ]
        : [];
      return [...note, createRoute(table, fix.destination, pcx, aws)].join("\n");
    }
  }
}

// Security groups

/** --ip-permissions of authorize-security-group-ingress/egress for one source or destination. */
export function ipPermission(wire: Wire, cidr: string, description: string): string {
  return wire.port === undefined
    ? `IpProtocol=${wire.protocol},IpRanges=[{CidrIp=${cidr},Description="${description}"}]`
    : `IpProtocol=${wire.protocolName},FromPort=${wire.port},ToPort=${wire.port},IpRanges=[{CidrIp=${cidr},Description="${description}"}]`;
}

export function authorizeTunnel(
  direction: "ingress" | "egress",
  group: string,
  wire: Wire,
  remotes: readonly string[],
  description: string,
  aws: Who,
): string {
  const perms = remotes.map((ip) => `'${ipPermission(wire, `${ip}/32`, description)}'`).join(" ");
  return `aws ec2 authorize-security-group-${direction} --group-id ${group} --ip-permissions ${perms} ${awsFlags(aws)}`;
}

/**
 * One rule naming the other side's security group instead of addresses: the narrowest rule, valid
 * inside one VPC (Nodes and their Gateway).
 */
export function authorizeFromGroup(
  direction: "ingress" | "egress",
  group: string,
  wire: Wire,
  peerGroup: string,
  description: string,
  aws: Who,
): string {
  const pair = `UserIdGroupPairs=[{GroupId=${peerGroup},Description="${description}"}]`;
  const perm =
    wire.port === undefined
      ? `IpProtocol=${wire.protocol},${pair}`
      : `IpProtocol=${wire.protocolName},FromPort=${wire.port},ToPort=${wire.port},${pair}`;
  return `aws ec2 authorize-security-group-${direction} --group-id ${group} --ip-permissions '${perm}' ${awsFlags(aws)}`;
}

// Network ACLs

/** --protocol/--port-range of create-network-acl-entry. */
export function naclArgs(wire: Wire): string {
  return wire.port === undefined
    ? `--protocol ${wire.protocol}`
    : `--protocol ${wire.protocol} --port-range From=${wire.port},To=${wire.port}`;
}

// Peerings

interface PeeringEnd {
  readonly member: { readonly name: string };
  readonly aws: MemberAws;
  readonly vpcId: string;
}

/** The routes a new peering needs in each member's tables (routesForNewPeering). */
export interface PeeringRoutes {
  readonly a: readonly NewPeeringRoute[];
  readonly z: readonly NewPeeringRoute[];
}

const routeThrough = (r: NewPeeringRoute, pcx: string, aws: Who) =>
  (r.replace ? replaceRoute : createRoute)(r.table, r.destination, pcx, aws);

/**
 * Create a peering as the first member and accept it as the second, each with its own
 * credentials in its own Region, then add the routes both sides need through it: runnable as is
 * in a POSIX shell (the ID flows through $pcx), so that one paste leaves a working path.
 */
export function createPeering(a: PeeringEnd, z: PeeringEnd, routes?: PeeringRoutes): string {
  const peerAccount = z.aws.account ? ` --peer-owner-id ${z.aws.account}` : "";
  const switching = !!(a.aws.settings.roleArn || z.aws.settings.roleArn);
  const lines = [
    `${runAs(a.member.name, a.aws, switching)}pcx=$(aws ec2 create-vpc-peering-connection --vpc-id ${a.vpcId} --peer-vpc-id ${z.vpcId}${peerAccount} --peer-region ${z.aws.region} --query VpcPeeringConnection.VpcPeeringConnectionId --output text ${awsFlags(a.aws)})`,
    `${runAs(z.member.name, z.aws, switching)}aws ec2 wait vpc-peering-connection-exists --vpc-peering-connection-ids "$pcx" ${awsFlags(z.aws)}`,
    `aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id "$pcx" ${awsFlags(z.aws)}`,
  ];
  // Still as the accepter: its routes first, then back to the requester for its own.
  for (const r of routes?.z ?? []) lines.push(routeThrough(r, '"$pcx"', z.aws));
  if (routes?.a.length) {
    lines.push(
      // The requester's Region sees the peering active a moment after the accept. The CLI's
      // vpc-peering-connection-exists waiter ignores a status filter (any answer is success):
      // poll the status instead, for up to five minutes.
      `${runAs(a.member.name, a.aws, switching)}for i in $(seq 60); do [ "$(aws ec2 describe-vpc-peering-connections --vpc-peering-connection-ids "$pcx" --query 'VpcPeeringConnections[0].Status.Code' --output text ${awsFlags(a.aws)} 2>/dev/null)" = active ] && break; sleep 5; done`,
      ...routes.a.map((r) => routeThrough(r, '"$pcx"', a.aws)),
    );
  }
  return lines.join("\n");
}

/** Accept a pending peering as the member whose VPC must accept it, in the accepter's Region. */
export function acceptPeering(pending: {
  readonly peering: { readonly id: string; readonly accepter: { readonly region?: string } };
  readonly accepter: PeeringEnd;
}): string {
  const { peering: p, accepter } = pending;
  return `${runAs(accepter.member.name, accepter.aws)}aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id ${p.id} ${awsFlags(accepter.aws, p.accepter.region ?? accepter.aws.region)}`;
}

/** Delete every live peering between two VPCs but the one to keep, as the member that asked for it. */
export function deleteExtraPeerings(several: {
  readonly live: readonly {
    readonly id: string;
    readonly requester: { readonly vpcId: string; readonly region?: string };
  }[];
  readonly keep: { readonly id: string };
  readonly a: PeeringEnd;
  readonly z: PeeringEnd;
}): string {
  const { a, z } = several;
  const switching = !!(a.aws.settings.roleArn || z.aws.settings.roleArn);
  const lines = [
    `# keep ${several.keep.id}; the routes of both members must point at it (aws.route)`,
  ];
  let last: PeeringEnd | undefined;
  for (const p of several.live) {
    if (p.id === several.keep.id) continue;
    const side = p.requester.vpcId === z.vpcId ? z : a;
    const account = side === last ? "" : runAs(side.member.name, side.aws, switching);
    last = side;
    lines.push(
      `${account}aws ec2 delete-vpc-peering-connection --vpc-peering-connection-id ${p.id} ${awsFlags(side.aws, p.requester.region ?? side.aws.region)}`,
    );
  }
  return lines.join("\n");
}

/** VPC blocks cannot change: the member moves to a VPC whose block overlaps none in `taken`. */
export function moveToNewVpc(name: string, aws: MemberAws, taken: readonly Cidr[]): string {
  return [
    `${runAs(name, aws)}# A VPC's CIDR blocks cannot be changed: move ${name} to a VPC with a disjoint block, e.g.`,
    `aws ec2 create-vpc --cidr-block ${freeBlock(taken)} ${awsFlags(aws)}`,
  ].join("\n");
}

// The leader's API server

/** TCP 443 from the member's Node subnets, on the leader's control-plane security group. */
export function authorizeApiServer(
  group: string,
  cidrs: readonly string[],
  description: string,
  aws: Who,
): string {
  const ranges = cidrs.map((c) => `{CidrIp=${c},Description="${description}"}`).join(",");
  return `aws ec2 authorize-security-group-ingress --group-id ${group} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[${ranges}]' ${awsFlags(aws)}`;
}

/** The public endpoint's allowed CIDRs, all of them: the list given replaces the cluster's. */
export function updatePublicAccessCidrs(
  cluster: string,
  cidrs: readonly string[],
  aws: Who,
): string {
  return `aws eks update-cluster-config --name ${cluster} --resources-vpc-config endpointPublicAccess=true,publicAccessCidrs=${shellWord(cidrs.join(","))} ${awsFlags(aws)}`;
}
