/**
 * Reads the AWS side of every member, batched per group of members that share credentials and a
 * Region: about ten calls per group (plus one per referenced prefix list, one per EKS cluster and,
 * where VPCs use a transit gateway, five more and two per gateway route table), whatever the number
 * of pairs, in three to five round trips (identity and instances; subnets, VPCs, route tables,
 * NACLs, security groups, peerings, transit gateway attachments and EKS clusters; the leader's
 * control plane and the transit gateways; their route tables' routes, and prefix lists), at most
 * MAX_IN_FLIGHT at once.
 */

import { configuredEksClusters, controlPlaneIds, eksClusterName } from "../../aws/eks-cluster.js";
import { QUOTAS, type QuotaKey, quotaId, VPC_QUOTAS } from "../../aws/quotas.js";
import {
  attachmentSubnetIds,
  mergedAnswer,
  notRequested,
  prefixListIds,
  referenced,
  transitGatewayIds,
  transitRouteTableIds,
  unique,
} from "../../aws/references.js";
import {
  type AwsFailure,
  type AwsFetched,
  type AwsOperation,
  type AwsSettings,
  accountRegionKey,
  type RawAws,
  type RawAwsGroup,
} from "../../aws/types.js";
import type { Reporter } from "../../reporter.js";
import { str } from "../../util/json.js";
import { Limiter } from "../../util/limit.js";
import { type AwsApi, awsFailure, type Json, sdkAwsApi } from "./client.js";

export interface AwsTarget {
  member: string;
  /** The kubeconfig context: an EKS cluster ARN names the cluster for eks:DescribeCluster. */
  context: string;
  settings: AwsSettings;
  /** EC2 instances of the member's Nodes (Gateways and every other Node), from spec.providerID. */
  instanceIds: string[];
  /** Its EKS cluster's name from the --config file, for a context that is no EKS ARN. */
  eksCluster?: string;
  /** Its cluster is the leader: read its control plane's VPC, subnets and security groups too. */
  leader?: boolean;
  /** The leader read for itself, not a member (no Nodes: `instanceIds` is empty). */
  memberless?: boolean;
  /**
   * The member's Gateway IPs (candidates included): a transit gateway route table too large to
   * list is searched for the route to each Gateway IP of the ClusterSet instead.
   */
  gatewayIPs?: string[];
  /** Transit gateways to read even if no VPC uses one yet (setup --via). */
  transitGatewayIds?: readonly string[];
}

export interface CollectAwsOptions {
  timeoutMs: number;
  reporter: Reporter;
  /** Makes the API client for a group (tests may pass another implementation). */
  api?: (settings: AwsSettings, timeoutMs: number, onCall: (operation: string) => void) => AwsApi;
}

type Attempt = (action: string, run: () => Promise<Json>) => Promise<AwsFetched>;

/** Calls in flight per account and Region (as the group's credentials and Region give them). */
export const MAX_IN_FLIGHT = 8;
const limiter = new Limiter(MAX_IN_FLIGHT);

/** Runs one read, logging it for -v (tests count these lines). */
function attempter(reporter: Reporter, where: string, key: string): Attempt {
  return async (action, run) => {
    const started = Date.now();
    try {
      const value = await limiter.run(key, run);
      reporter.debug(`AWS ${where}: ${action} → ok (${Date.now() - started} ms)`);
      return { ok: true, value };
    } catch (err) {
      const error = awsFailure(err, action);
      reporter.debug(`AWS ${where}: ${action} → ${error.code ?? error.kind}: ${error.message}`);
      return { ok: false, error };
    }
  };
}

/** A failure that makes every other call of the group pointless. */
const fatal = (f: AwsFailure) =>
  f.kind === "credentials" ||
  f.kind === "region" ||
  f.kind === "unreachable" ||
  f.kind === "proxy" ||
  f.kind === "tls";

async function collectGroup(
  targets: AwsTarget[],
  opts: CollectAwsOptions,
  /** Every Gateway IP of the ClusterSet (see AwsTarget.gatewayIPs). */
  gatewayIPs: readonly string[],
): Promise<RawAwsGroup> {
  const settings = targets[0]?.settings ?? {};
  const leader = targets.find((t) => t.leader);
  const group: RawAwsGroup = {
    members: targets.filter((t) => !t.memberless).map((t) => t.member),
    ...(leader ? { leader: leader.member } : {}),
    settings,
    instanceIds: unique(targets.flatMap((t) => t.instanceIds)),
    ...configuredEksClusters(targets),
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
  const where = `${settings.region}${settings.profile ? ` (profile ${settings.profile})` : ""}`;
  const api = (opts.api ?? sdkAwsApi)(settings, opts.timeoutMs, (op) =>
    opts.reporter.debug(`AWS ${where}: request ${op}`),
  );
  opts.reporter.debug(`AWS ${where}: reading for ${group.members.join(", ")}`);
  const attempt = attempter(opts.reporter, where, accountRegionKey(settings));
  try {
    // Who we are and the instances do not depend on each other: one round trip for both.
    const [identity, instances] = await Promise.all([
      attempt("sts:GetCallerIdentity", () => api.callerIdentity()),
      group.instanceIds.length
        ? attempt("ec2:DescribeInstances", () => api.describeInstances(group.instanceIds))
        : undefined,
    ]);
    if (!identity.ok && fatal(identity.error)) {
      group.failure = identity.error;
      return group;
    }
    // eks:DescribeCluster for each cluster the context ARNs or the instances' tags name.
    const readClusters = async (described?: Json) => {
      const names = unique(
        targets.map((t) => eksClusterName(t.context, described, t.instanceIds, t.eksCluster)?.name),
      );
      if (!names.length) return;
      const answers = await Promise.all(
        names.map((n) => attempt("eks:DescribeCluster", () => api.describeCluster(n))),
      );
      group.eksClusters = Object.fromEntries(answers.map((a, i) => [names[i] ?? "", a]));
    };
    if (identity.ok && str(identity.value.Account)) {
      group.account = str(identity.value.Account);
      group.accountSource = "sts";
      const arn = str(identity.value.Arn);
      if (arn) group.principalArn = arn;
    }
    // The leader's control plane: its VPC's route tables, its subnets and security groups, as far
    // as the members' reads did not cover them (one more round trip, for the leader's group only).
    const readControlPlane = async (described?: Json) => {
      const named =
        leader &&
        eksClusterName(leader.context, described, leader.instanceIds, leader.eksCluster)?.name;
      const answer = named ? group.eksClusters?.[named] : undefined;
      if (!answer?.ok) return;
      const plane = controlPlaneIds(answer.value);
      const had = group.requested ?? { subnetIds: [], vpcIds: [], groupIds: [] };
      const { vpcIds, subnetIds, groupIds } = notRequested(plane, had);
      const more: [AwsOperation, string, string[], (ids: string[]) => Promise<Json>][] = [
        ["DescribeVpcs", "ec2:DescribeVpcs", vpcIds, (x) => api.describeVpcs(x)],
        [
          "DescribeRouteTables",
          "ec2:DescribeRouteTables",
          vpcIds,
          (x) => api.describeRouteTables(x),
        ],
        [
          "DescribeVpcPeeringConnections",
          "ec2:DescribeVpcPeeringConnections",
          vpcIds,
          (x) => api.describeVpcPeeringConnections(x),
        ],
        ["DescribeSubnets", "ec2:DescribeSubnets", subnetIds, (x) => api.describeSubnets(x)],
        [
          "DescribeSecurityGroups",
          "ec2:DescribeSecurityGroups",
          groupIds,
          (x) => api.describeSecurityGroups(x),
        ],
      ];
      const got = await Promise.all(
        more.map(([, action, ids, read]) =>
          ids.length ? attempt(action, () => read(ids)) : undefined,
        ),
      );
      more.forEach(([op], i) => {
        const a = got[i];
        if (a) group.calls[op] = mergedAnswer(group.calls[op], a);
      });
      // The transit gateway reads may have asked for more subnets meanwhile: add to what is now.
      const now = group.requested ?? had;
      group.requested = {
        ...now,
        vpcIds: [...now.vpcIds, ...vpcIds],
        subnetIds: [...now.subnetIds, ...subnetIds],
        groupIds: [...now.groupIds, ...groupIds],
      };
    };
    // Applied quotas (aws.quota); a failed read leaves the documented default, said so there.
    const readQuotas = async (keys: readonly QuotaKey[]) => {
      const got = await Promise.all(
        keys.map((k) =>
          attempt("servicequotas:GetServiceQuota", () =>
            api.serviceQuota(QUOTAS[k].service, QUOTAS[k].code),
          ),
        ),
      );
      group.quotas = {
        ...group.quotas,
        ...Object.fromEntries(keys.map((k, i) => [quotaId(QUOTAS[k]), got[i] as AwsFetched])),
      };
    };
    // Transit gateways the VPCs attach to or route to: the gateways, all their attachments (with
    // each one's route table), their route tables and peerings, and the attachment subnets (their
    // Availability Zones); then each route table's routes and propagations. Two round trips, only
    // for a group whose VPCs use a transit gateway.
    const readTransit = async () => {
      const tgwIds = unique([
        ...transitGatewayIds(
          group.calls.DescribeTransitGatewayVpcAttachments,
          group.calls.DescribeRouteTables,
        ),
        ...targets.flatMap((t) => t.transitGatewayIds ?? []),
      ]);
      if (!tgwIds.length) return;
      const had = group.requested ?? { subnetIds: [], vpcIds: [], groupIds: [] };
      const subnetIds = attachmentSubnetIds(
        group.calls.DescribeTransitGatewayVpcAttachments,
      ).filter((id) => !had.subnetIds.includes(id));
      group.requested = { ...had, subnetIds: [...had.subnetIds, ...subnetIds], tgwIds };
      const reads: [AwsOperation, (ids: string[]) => Promise<Json>][] = [
        ["DescribeTransitGateways", (x) => api.describeTransitGateways(x)],
        ["DescribeTransitGatewayAttachments", (x) => api.describeTransitGatewayAttachments(x)],
        ["DescribeTransitGatewayRouteTables", (x) => api.describeTransitGatewayRouteTables(x)],
        [
          "DescribeTransitGatewayPeeringAttachments",
          (x) => api.describeTransitGatewayPeeringAttachments(x),
        ],
      ];
      const [got, subnets] = await Promise.all([
        Promise.all(reads.map(([op, read]) => attempt(`ec2:${op}`, () => read(tgwIds)))),
        subnetIds.length
          ? attempt("ec2:DescribeSubnets", () => api.describeSubnets(subnetIds))
          : undefined,
        readQuotas(["attachmentsPerGateway"]),
      ]);
      reads.forEach(([op], i) => {
        const a = got[i];
        if (a) group.calls[op] = a;
      });
      if (subnets) group.calls.DescribeSubnets = mergedAnswer(group.calls.DescribeSubnets, subnets);
      const tables = transitRouteTableIds(group.calls.DescribeTransitGatewayRouteTables);
      if (!tables.length) return;
      // Each table's routes and propagations, side by side.
      const perTable = (action: string, read: (table: string) => Promise<Json>) =>
        Promise.all(tables.map(async (t) => [t, await attempt(action, () => read(t))] as const));
      const [routes, propagations] = await Promise.all([
        perTable("ec2:SearchTransitGatewayRoutes", (t) =>
          api.searchTransitGatewayRoutes(t, gatewayIPs),
        ),
        perTable("ec2:GetTransitGatewayRouteTablePropagations", (t) =>
          api.transitGatewayRouteTablePropagations(t),
        ),
      ]);
      group.tgwRoutes = Object.fromEntries(routes);
      group.tgwPropagations = Object.fromEntries(propagations);
    };
    // The prefix lists that the routes and rules read so far name (the leader's included).
    const readPrefixLists = async () => {
      const lists = prefixListIds(
        group.calls.DescribeRouteTables,
        group.calls.DescribeSecurityGroups,
        group.tgwRoutes,
      );
      const entries = await Promise.all(
        lists.map((id) =>
          attempt("ec2:GetManagedPrefixListEntries", () => api.prefixListEntries(id)),
        ),
      );
      lists.forEach((id, i) => {
        const e = entries[i];
        if (e) group.prefixLists[id] = e;
      });
    };
    if (!instances) {
      await readClusters();
      await readControlPlane();
      await readPrefixLists();
      return group;
    }
    group.calls.DescribeInstances = instances;
    if (!instances.ok) {
      if (fatal(instances.error)) group.failure = instances.error;
      else {
        await readClusters();
        await readControlPlane();
        await readPrefixLists();
      }
      return group;
    }
    const ids = referenced(instances.value);
    group.requested = { subnetIds: ids.subnetIds, vpcIds: ids.vpcIds, groupIds: ids.groupIds };
    if (!group.account && ids.ownerId) {
      group.account = ids.ownerId;
      group.accountSource = "instances";
    }
    const reads: [AwsOperation, string, string[], (ids: string[]) => Promise<Json>][] = [
      ["DescribeSubnets", "ec2:DescribeSubnets", ids.subnetIds, (x) => api.describeSubnets(x)],
      ["DescribeVpcs", "ec2:DescribeVpcs", ids.vpcIds, (x) => api.describeVpcs(x)],
      [
        "DescribeRouteTables",
        "ec2:DescribeRouteTables",
        ids.vpcIds,
        (x) => api.describeRouteTables(x),
      ],
      [
        "DescribeNetworkAcls",
        "ec2:DescribeNetworkAcls",
        ids.vpcIds,
        (x) => api.describeNetworkAcls(x),
      ],
      [
        "DescribeSecurityGroups",
        "ec2:DescribeSecurityGroups",
        ids.groupIds,
        (x) => api.describeSecurityGroups(x),
      ],
      [
        "DescribeVpcPeeringConnections",
        "ec2:DescribeVpcPeeringConnections",
        ids.vpcIds,
        (x) => api.describeVpcPeeringConnections(x),
      ],
      // Where the Nodes' traffic to the internet leaves from (a public leader endpoint sees that).
      [
        "DescribeNatGateways",
        "ec2:DescribeNatGateways",
        ids.vpcIds,
        (x) => api.describeNatGateways(x),
      ],
      [
        "DescribeTransitGatewayVpcAttachments",
        "ec2:DescribeTransitGatewayVpcAttachments",
        ids.vpcIds,
        (x) => api.describeTransitGatewayVpcAttachments(x),
      ],
    ];
    const [answers] = await Promise.all([
      Promise.all(
        reads.map(([, action, list, read]) =>
          list.length ? attempt(action, () => read(list)) : undefined,
        ),
      ),
      readClusters(instances.value),
      readQuotas(VPC_QUOTAS),
    ]);
    reads.forEach(([op], i) => {
      const a = answers[i];
      if (a) group.calls[op] = a;
    });
    await Promise.all([readControlPlane(instances.value), readTransit()]);
    await readPrefixLists();
    return group;
  } finally {
    api.destroy();
  }
}

/** Reads every group concurrently. */
export async function collectAws(
  targets: readonly AwsTarget[],
  opts: CollectAwsOptions,
): Promise<RawAws> {
  const groups = new Map<string, AwsTarget[]>();
  for (const t of targets)
    groups.set(accountRegionKey(t.settings), [
      ...(groups.get(accountRegionKey(t.settings)) ?? []),
      t,
    ]);
  opts.reporter.progress(
    `Reading AWS for ${targets.length} member(s) in ${groups.size} account/Region group(s)…`,
  );
  const gatewayIPs = unique(targets.flatMap((t) => t.gatewayIPs ?? []));
  return {
    groups: await Promise.all(
      [...groups.values()].map(async (g) => {
        for (const t of g) opts.reporter.stage(t.member, "mapping to EC2…");
        const group = await collectGroup(g, opts, gatewayIPs);
        for (const t of g) opts.reporter.stage(t.member, group.failure ? "EC2 not read" : "mapped");
        return group;
      }),
    ),
  };
}
