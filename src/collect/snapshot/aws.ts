/**
 * The AWS part of a snapshot (docs/reference.md "Snapshots"): aws/<account>/<region>/<Operation>.json, each what
 * `aws ec2 <operation> --output json` prints (all pages), and in snapshot.json the command that
 * prints it, or the error the call got.
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describeClusterFile } from "../../aws/eks-cluster.js";
import {
  AWS_OPERATIONS,
  type AwsFailure,
  type AwsFetched,
  type AwsOperation,
  type AwsSettings,
  type RawAws,
  type RawAwsGroup,
} from "../../aws/types.js";
import { UsageError } from "../../errors.js";

export interface SnapshotAwsEntry {
  file?: string;
  command: string;
  error?: AwsFailure;
}

export interface SnapshotAwsGroup {
  members: string[];
  /** The leader whose control plane this group read too (see RawAwsGroup.leader). */
  leader?: string;
  settings: AwsSettings;
  region?: string;
  account?: string;
  accountSource?: "sts" | "instances";
  principalArn?: string;
  failure?: AwsFailure;
  instanceIds: string[];
  requested?: { subnetIds: string[]; vpcIds: string[]; groupIds: string[] };
  /** The directory of this group's files, aws/<account>/<region>. */
  dir?: string;
  operations: Partial<Record<AwsOperation, SnapshotAwsEntry>>;
  prefixLists: Record<string, SnapshotAwsEntry>;
  /** eks:DescribeCluster per cluster name: DescribeCluster.<name>.json. */
  eksClusters?: Record<string, SnapshotAwsEntry>;
  /** Per member, the EKS cluster name its --config gave (so that offline runs name it alike). */
  eksClusterNames?: Record<string, string>;
  /** Per transit gateway route table: SearchTransitGatewayRoutes.<table>.json. */
  tgwRoutes?: Record<string, SnapshotAwsEntry>;
  /** Per transit gateway route table: GetTransitGatewayRouteTablePropagations.<table>.json. */
  tgwPropagations?: Record<string, SnapshotAwsEntry>;
  /** Per quota: GetServiceQuota.<service>.<code>.json. */
  quotas?: Record<string, SnapshotAwsEntry>;
}

/**
 * Reads made once per ID (a transit gateway route table, a quota): the file name's operation and
 * the AWS CLI command that prints the answer.
 */
export const PER_ID = {
  tgwRoutes: {
    op: "SearchTransitGatewayRoutes",
    command: (id: string) =>
      `aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id ${id} --filters Name=state,Values=active,blackhole`,
  },
  tgwPropagations: {
    op: "GetTransitGatewayRouteTablePropagations",
    command: (id: string) =>
      `aws ec2 get-transit-gateway-route-table-propagations --transit-gateway-route-table-id ${id}`,
  },
  quotas: {
    op: "GetServiceQuota",
    command: (id: string) => {
      const [service, code] = id.split(".");
      return `aws service-quotas get-service-quota --service-code ${service} --quota-code ${code}`;
    },
  },
} as const;

/** The per-ID reads of transit gateway route tables. */
export const PER_TABLE = { tgwRoutes: PER_ID.tgwRoutes, tgwPropagations: PER_ID.tgwPropagations };

export interface SnapshotAws {
  skipped?: string;
  groups: SnapshotAwsGroup[];
}

export const KEBAB: Record<AwsOperation, string> = {
  DescribeInstances: "describe-instances",
  DescribeSubnets: "describe-subnets",
  DescribeVpcs: "describe-vpcs",
  DescribeRouteTables: "describe-route-tables",
  DescribeNetworkAcls: "describe-network-acls",
  DescribeSecurityGroups: "describe-security-groups",
  DescribeVpcPeeringConnections: "describe-vpc-peering-connections",
  DescribeNatGateways: "describe-nat-gateways",
  DescribeTransitGatewayVpcAttachments: "describe-transit-gateway-vpc-attachments",
  DescribeTransitGateways: "describe-transit-gateways",
  DescribeTransitGatewayAttachments: "describe-transit-gateway-attachments",
  DescribeTransitGatewayRouteTables: "describe-transit-gateway-route-tables",
  DescribeTransitGatewayPeeringAttachments: "describe-transit-gateway-peering-attachments",
};

/** The AWS CLI command that prints what the plugin read. */
export function awsCommand(op: AwsOperation, g: RawAwsGroup): string {
  const flags = `--region ${g.region ?? "<region>"}${g.settings.profile ? ` --profile ${g.settings.profile}` : ""} --output json`;
  const r = g.requested ?? { subnetIds: [], vpcIds: [], groupIds: [] };
  const tgws = `--filters Name=transit-gateway-id,Values=${(r.tgwIds ?? []).join(",")}`;
  const args: Record<AwsOperation, string> = {
    DescribeInstances: `--filters Name=instance-id,Values=${g.instanceIds.join(",")}`,
    DescribeSubnets: `--filters Name=subnet-id,Values=${r.subnetIds.join(",")}`,
    DescribeVpcs: `--vpc-ids ${r.vpcIds.join(" ")}`,
    DescribeRouteTables: `--filters Name=vpc-id,Values=${r.vpcIds.join(",")}`,
    DescribeNetworkAcls: `--filters Name=vpc-id,Values=${r.vpcIds.join(",")}`,
    DescribeSecurityGroups: `--filters Name=group-id,Values=${r.groupIds.join(",")}`,
    DescribeVpcPeeringConnections: `--filters Name=requester-vpc-info.vpc-id,Values=${r.vpcIds.join(",")}`,
    DescribeNatGateways: `--filter Name=vpc-id,Values=${r.vpcIds.join(",")}`,
    DescribeTransitGatewayVpcAttachments: `--filters Name=vpc-id,Values=${r.vpcIds.join(",")}`,
    DescribeTransitGateways: tgws,
    DescribeTransitGatewayAttachments: tgws,
    DescribeTransitGatewayRouteTables: tgws,
    DescribeTransitGatewayPeeringAttachments: tgws,
  };
  const one = `aws ec2 ${KEBAB[op]} ${args[op]} ${flags}`;
  return op === "DescribeVpcPeeringConnections"
    ? `${one}; aws ec2 ${KEBAB[op]} --filters Name=accepter-vpc-info.vpc-id,Values=${r.vpcIds.join(",")} ${flags} (merge the two lists)`
    : one;
}

/** The AWS CLI command that prints one cluster's DescribeCluster answer. */
export function describeClusterCommand(name: string, g: Pick<RawAwsGroup, "region" | "settings">) {
  return `aws eks describe-cluster --name ${name} --region ${g.region ?? "<region>"}${g.settings.profile ? ` --profile ${g.settings.profile}` : ""} --output json`;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 4)}\n`;

export async function writeAws(dir: string, aws: RawAws): Promise<SnapshotAws> {
  const groups: SnapshotAwsGroup[] = [];
  const used = new Set<string>();
  for (const g of aws.groups) {
    const entry: SnapshotAwsGroup = {
      members: g.members,
      ...(g.leader ? { leader: g.leader } : {}),
      settings: g.settings,
      ...(g.region ? { region: g.region } : {}),
      ...(g.account ? { account: g.account } : {}),
      ...(g.accountSource ? { accountSource: g.accountSource } : {}),
      ...(g.principalArn ? { principalArn: g.principalArn } : {}),
      ...(g.failure ? { failure: g.failure } : {}),
      instanceIds: g.instanceIds,
      ...(g.requested ? { requested: g.requested } : {}),
      ...(g.eksClusterNames ? { eksClusterNames: g.eksClusterNames } : {}),
      operations: {},
      prefixLists: {},
    };
    if (!g.failure) {
      // Members reached with other credentials in the same account and Region get their own folder.
      let rel = `aws/${g.account ?? "unknown-account"}/${g.region ?? "unknown-region"}`;
      for (let n = 2; used.has(rel); n++)
        rel = `aws/${g.account ?? "unknown-account"}/${g.region}~${n}`;
      used.add(rel);
      entry.dir = rel;
      await mkdir(join(dir, rel), { recursive: true });
      for (const op of AWS_OPERATIONS) {
        const f = g.calls[op];
        if (!f) continue;
        const command = awsCommand(op, g);
        if (f.ok) {
          await writeFile(join(dir, rel, `${op}.json`), json(f.value));
          entry.operations[op] = { file: `${rel}/${op}.json`, command };
        } else {
          entry.operations[op] = { command, error: f.error };
        }
      }
      for (const [id, f] of Object.entries(g.prefixLists)) {
        const file = `${rel}/GetManagedPrefixListEntries.${id}.json`;
        const command = `aws ec2 get-managed-prefix-list-entries --prefix-list-id ${id} --region ${g.region} --output json`;
        if (f.ok) {
          await writeFile(join(dir, file), json(f.value));
          entry.prefixLists[id] = { file, command };
        } else {
          entry.prefixLists[id] = { command, error: f.error };
        }
      }
      for (const key of Object.keys(PER_ID) as (keyof typeof PER_ID)[]) {
        const { op, command } = PER_ID[key];
        const entries: Record<string, SnapshotAwsEntry> = {};
        for (const [id, f] of Object.entries(g[key] ?? {})) {
          const file = `${rel}/${op}.${id}.json`;
          const cmd = `${command(id)} --region ${g.region}${g.settings.profile ? ` --profile ${g.settings.profile}` : ""} --output json`;
          if (f.ok) {
            await writeFile(join(dir, file), json(f.value));
            entries[id] = { file, command: cmd };
          } else {
            entries[id] = { command: cmd, error: f.error };
          }
        }
        if (Object.keys(entries).length) entry[key] = entries;
      }
      for (const [name, f] of Object.entries(g.eksClusters ?? {})) {
        const file = `${rel}/${describeClusterFile(name)}`;
        const command = describeClusterCommand(name, g);
        entry.eksClusters ??= {};
        if (f.ok) {
          await writeFile(join(dir, file), json(f.value));
          entry.eksClusters[name] = { file, command };
        } else {
          entry.eksClusters[name] = { command, error: f.error };
        }
      }
    }
    groups.push(entry);
  }
  return { ...(aws.skipped ? { skipped: aws.skipped } : {}), groups };
}

/** A snapshot's eksClusterNames, keeping only string values (it may be edited by hand). */
function names(v: unknown): Pick<RawAwsGroup, "eksClusterNames"> {
  if (!v || typeof v !== "object") return {};
  const kept = Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string");
  return kept.length ? { eksClusterNames: Object.fromEntries(kept) } : {};
}

export async function readAws(
  dir: string,
  index: SnapshotAws | undefined,
  readJson: (file: string) => Promise<unknown>,
): Promise<RawAws> {
  if (!index) return { groups: [], skipped: "the snapshot holds no AWS data" };
  const groups: RawAwsGroup[] = [];
  const fetched = async (
    e: SnapshotAwsEntry | undefined,
    what: string,
  ): Promise<AwsFetched | undefined> => {
    if (!e) return undefined;
    if (e.error) return { ok: false, error: e.error };
    if (!e.file) return undefined;
    if (!existsSync(join(dir, e.file)))
      throw new UsageError(`snapshot ${dir}: ${e.file} (${what}) is listed but missing`);
    const value = await readJson(e.file);
    return {
      ok: true,
      value: value && typeof value === "object" ? (value as Record<string, unknown>) : {},
    };
  };
  for (const g of Array.isArray(index.groups) ? index.groups : []) {
    const calls: RawAwsGroup["calls"] = {};
    for (const op of AWS_OPERATIONS) {
      const f = await fetched(g.operations?.[op], op);
      if (f) calls[op] = f;
    }
    const prefixLists: RawAwsGroup["prefixLists"] = {};
    for (const [id, e] of Object.entries(g.prefixLists ?? {})) {
      const f = await fetched(e, id);
      if (f) prefixLists[id] = f;
    }
    const eksClusters: RawAwsGroup["prefixLists"] = {};
    for (const [name, e] of Object.entries(g.eksClusters ?? {})) {
      const f = await fetched(e, `EKS cluster ${name}`);
      if (f) eksClusters[name] = f;
    }
    const perTable: Pick<RawAwsGroup, keyof typeof PER_ID> = {};
    for (const key of Object.keys(PER_ID) as (keyof typeof PER_ID)[]) {
      const answers: Record<string, AwsFetched> = {};
      for (const [id, e] of Object.entries(g[key] ?? {})) {
        const f = await fetched(e, `${PER_ID[key].op} of ${id}`);
        if (f) answers[id] = f;
      }
      if (Object.keys(answers).length) perTable[key] = answers;
    }
    groups.push({
      members: Array.isArray(g.members) ? g.members.filter((m) => typeof m === "string") : [],
      ...(typeof g.leader === "string" ? { leader: g.leader } : {}),
      settings: g.settings ?? {},
      ...(typeof g.region === "string" ? { region: g.region } : {}),
      ...(typeof g.account === "string" ? { account: g.account } : {}),
      ...(g.accountSource ? { accountSource: g.accountSource } : {}),
      ...(typeof g.principalArn === "string" ? { principalArn: g.principalArn } : {}),
      ...(g.failure ? { failure: g.failure } : {}),
      instanceIds: Array.isArray(g.instanceIds) ? g.instanceIds : [],
      ...(g.requested ? { requested: g.requested } : {}),
      calls,
      prefixLists,
      ...(Object.keys(eksClusters).length ? { eksClusters } : {}),
      ...perTable,
      ...names(g.eksClusterNames),
    });
  }
  return { ...(index.skipped ? { skipped: index.skipped } : {}), groups };
}
