/**
 * The AWS side of a snapshot made by hand with the AWS CLI: no index in snapshot.json, only
 *   aws/<account>/<region>/<Operation>.json   (aws ec2 describe-… --region <region> --output json)
 *   aws/<account>/<region>/DescribeCluster.<name>.json   (aws eks describe-cluster --name <name> …)
 *   aws/<account>/<region>/SearchTransitGatewayRoutes.<tgw-rtb>.json, GetTransitGatewayRouteTablePropagations.<tgw-rtb>.json
 *   aws/<account>/<region>/GetServiceQuota.<service>.<code>.json   (optional: else the defaults)
 * Each member's folder is found from its `account` and `region` in snapshot.json, or, when one of
 * them is left out, from the only folder that fits.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { configuredEksClusters } from "../../aws/eks-cluster.js";
import { prefixListIds, transitGatewayIds, transitRouteTableIds } from "../../aws/references.js";
import {
  AWS_OPERATIONS,
  type AwsFetched,
  type AwsOperation,
  type RawAws,
  type RawAwsGroup,
} from "../../aws/types.js";
import { UsageError } from "../../errors.js";
import type { JsonObject } from "../../util/json.js";
import { KEBAB, PER_TABLE } from "./aws.js";

export interface HandMadeMember {
  name: string;
  region?: string | null;
  account?: string | null;
  /** Its EKS cluster's name, when the --config file gives one. */
  eksCluster?: string;
}

/** The AWS CLI command that writes one file of a hand-made snapshot (unfiltered: all is fine). */
export function handMadeCommand(op: AwsOperation, region: string): string {
  return `aws ec2 ${KEBAB[op]} --region ${region} --output json`;
}

const dirs = (path: string) =>
  readdirSync(path, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);

/** aws/<account>/<region> folders; a "~2" suffix (a second set of credentials) is not the Region. */
function folders(dir: string): { account: string; region: string; rel: string }[] {
  const root = join(dir, "aws");
  return dirs(root).flatMap((account) =>
    dirs(join(root, account)).map((name) => ({
      account,
      region: name.replace(/~\d+$/, ""),
      rel: `aws/${account}/${name}`,
    })),
  );
}

export async function readHandMadeAws(
  dir: string,
  members: readonly HandMadeMember[],
  readJson: (file: string) => Promise<unknown>,
): Promise<RawAws | undefined> {
  if (!existsSync(join(dir, "aws"))) return undefined;
  const all = folders(dir);
  const byFolder = new Map<string, { folder: (typeof all)[number]; members: string[] }>();
  const groups: RawAwsGroup[] = [];
  for (const m of members) {
    const fits = all.filter(
      (f) => (!m.account || f.account === m.account) && (!m.region || f.region === m.region),
    );
    if (fits.length > 1) {
      throw new UsageError(
        `snapshot ${dir}: member ${m.name} could be in ${fits.map((f) => f.rel).join(" or ")}: set its "account" and "region" in snapshot.json`,
      );
    }
    const folder = fits[0];
    if (!folder) {
      const want = `aws/${m.account ?? "<account>"}/${m.region ?? "<region>"}`;
      groups.push({
        members: [m.name],
        settings: m.region ? { region: m.region } : {},
        ...(m.region ? { region: m.region } : {}),
        ...(m.account ? { account: m.account } : {}),
        failure: {
          kind: "not-collected",
          message: `the snapshot has no ${want}/ folder for ${m.name}`,
        },
        instanceIds: [],
        calls: {},
        prefixLists: {},
      });
      continue;
    }
    const entry = byFolder.get(folder.rel) ?? { folder, members: [] };
    entry.members.push(m.name);
    byFolder.set(folder.rel, entry);
  }
  const read = async (file: string): Promise<AwsFetched> => {
    const value = await readJson(file);
    return { ok: true, value: value && typeof value === "object" ? (value as JsonObject) : {} };
  };
  /** A file's answer; or, when the snapshot has none, `not-collected` with the command. */
  const answer = (file: string, action: string, command: string): Promise<AwsFetched> =>
    existsSync(join(dir, file))
      ? read(file)
      : Promise.resolve({
          ok: false,
          error: {
            kind: "not-collected",
            action,
            message: `the snapshot has no ${file}`,
            request: `${command} > ${file}`,
          },
        });
  /** Every `<prefix>.<id>.json` of a folder, by id. */
  const filesNamed = async (rel: string, prefix: string) => {
    const out: Record<string, AwsFetched> = {};
    for (const file of readdirSync(join(dir, rel))) {
      const id =
        file.startsWith(`${prefix}.`) && file.endsWith(".json")
          ? file.slice(prefix.length + 1, -".json".length)
          : "";
      if (id) out[id] = await read(`${rel}/${file}`);
    }
    return out;
  };
  for (const { folder, members: names } of byFolder.values()) {
    const calls: RawAwsGroup["calls"] = {};
    for (const op of AWS_OPERATIONS) {
      const file = `${folder.rel}/${op}.json`;
      calls[op] = await answer(file, `ec2:${op}`, handMadeCommand(op, folder.region));
    }
    // Transit gateway files are needed only where the VPCs attach or route to a gateway.
    if (
      !transitGatewayIds(calls.DescribeTransitGatewayVpcAttachments, calls.DescribeRouteTables)
        .length
    )
      for (const op of AWS_OPERATIONS)
        if (
          op.startsWith("DescribeTransitGateway") &&
          op !== "DescribeTransitGatewayVpcAttachments" &&
          !calls[op]?.ok
        )
          delete calls[op];
    // Per gateway route table: SearchTransitGatewayRoutes.<id>.json and its propagations.
    const perTable: Pick<RawAwsGroup, "tgwRoutes" | "tgwPropagations"> = {};
    const tables = transitRouteTableIds(calls.DescribeTransitGatewayRouteTables);
    for (const key of Object.keys(PER_TABLE) as (keyof typeof PER_TABLE)[]) {
      const { op, command } = PER_TABLE[key];
      const answers: Record<string, AwsFetched> = {};
      for (const id of tables)
        answers[id] = await answer(
          `${folder.rel}/${op}.${id}.json`,
          `ec2:${op}`,
          `${command(id)} --region ${folder.region} --output json`,
        );
      if (tables.length) perTable[key] = answers;
    }
    // Quotas read by hand: GetServiceQuota.<service>.<code>.json (else the documented defaults).
    const quotas = await filesNamed(folder.rel, "GetServiceQuota");
    // The prefix lists its routes and rules use: GetManagedPrefixListEntries.<pl-id>.json each.
    const prefixLists: RawAwsGroup["prefixLists"] = {};
    for (const id of prefixListIds(
      calls.DescribeRouteTables,
      calls.DescribeSecurityGroups,
      perTable.tgwRoutes,
    )) {
      prefixLists[id] = await answer(
        `${folder.rel}/GetManagedPrefixListEntries.${id}.json`,
        "ec2:GetManagedPrefixListEntries",
        `aws ec2 get-managed-prefix-list-entries --prefix-list-id ${id} --region ${folder.region} --output json`,
      );
    }
    // Every EKS cluster answer in the folder; a member whose cluster has none is unknown to aws.eks-cluster.
    const eksClusters = await filesNamed(folder.rel, "DescribeCluster");
    groups.push({
      ...configuredEksClusters(
        members
          .filter((m) => names.includes(m.name))
          .map((m) => ({ member: m.name, eksCluster: m.eksCluster })),
      ),
      members: names,
      settings: { region: folder.region, regionSource: "snapshot folder" },
      region: folder.region,
      account: folder.account,
      instanceIds: [],
      calls,
      prefixLists,
      ...perTable,
      ...(Object.keys(quotas).length ? { quotas } : {}),
      ...(Object.keys(eksClusters).length ? { eksClusters } : {}),
    });
  }
  return { groups };
}
