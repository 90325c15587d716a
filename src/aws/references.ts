/**
 * The IDs raw EC2 answers name, for the follow-up reads (and to tell which answers are missing):
 * pure functions of the AWS CLI JSON, no SDK.
 */
import { objects as arr, nonEmpty, str as s, strings } from "../util/json.js";
import type { AwsFetched } from "./types.js";

/** The items under `key` of an answer that was read (none for a failed or missing one). */
export const answerList = (f: AwsFetched | undefined, key: string) =>
  f?.ok ? arr(f.value[key]) : [];

/** EC2's `Tags: [{Key, Value}]` as a record. */
export const tagsOf = (v: unknown): Record<string, string> =>
  Object.fromEntries(
    arr(v).flatMap((t) =>
      nonEmpty(t.Key) ? [[nonEmpty(t.Key) as string, nonEmpty(t.Value) ?? ""]] : [],
    ),
  );

export const unique = (values: Iterable<string | undefined>) =>
  [...new Set([...values].filter((v): v is string => typeof v === "string" && v !== ""))].sort();

/** The IDs the instances name: their subnets, VPCs and the security groups of their interfaces. */
export function referenced(instances: Record<string, unknown>) {
  const all = arr(instances.Reservations).flatMap((r) => arr(r.Instances));
  const enis = all.flatMap((i) => arr(i.NetworkInterfaces));
  return {
    ownerId: s(arr(instances.Reservations)[0]?.OwnerId),
    subnetIds: unique([...all.map((i) => s(i.SubnetId)), ...enis.map((e) => s(e.SubnetId))]),
    vpcIds: unique([...all.map((i) => s(i.VpcId)), ...enis.map((e) => s(e.VpcId))]),
    groupIds: unique([
      ...all.flatMap((i) => arr(i.SecurityGroups).map((g) => s(g.GroupId))),
      ...enis.flatMap((e) => arr(e.Groups).map((g) => s(g.GroupId))),
    ]),
  };
}

/**
 * Prefix lists used as route destinations (VPC and transit gateway route tables) or security
 * group sources.
 */
export function prefixListIds(
  routeTables?: AwsFetched,
  groups?: AwsFetched,
  tgwRoutes: Record<string, AwsFetched> = {},
): string[] {
  const routes = routeTables?.ok
    ? arr(routeTables.value.RouteTables).flatMap((t) => arr(t.Routes))
    : [];
  const perms = groups?.ok
    ? arr(groups.value.SecurityGroups).flatMap((g) => [
        ...arr(g.IpPermissions),
        ...arr(g.IpPermissionsEgress),
      ])
    : [];
  const transit = Object.values(tgwRoutes).flatMap((f) =>
    f.ok ? arr(f.value.Routes).map((r) => s(r.PrefixListId)) : [],
  );
  return unique([
    ...routes.map((r) => s(r.DestinationPrefixListId)),
    ...transit,
    ...perms.flatMap((p) => arr(p.PrefixListIds).map((x) => s(x.PrefixListId))),
  ]);
}

/** The IDs one group asked for (RawAwsGroup.requested). */
export interface Requested {
  vpcIds: string[];
  subnetIds: string[];
  groupIds: string[];
}

/** What a control plane names that the group has not asked for yet. */
export function notRequested(
  plane: { vpcId?: string; subnetIds: readonly string[]; groupIds: readonly string[] },
  had: Requested,
): Requested {
  return {
    vpcIds: plane.vpcId && !had.vpcIds.includes(plane.vpcId) ? [plane.vpcId] : [],
    subnetIds: plane.subnetIds.filter((id) => !had.subnetIds.includes(id)),
    groupIds: plane.groupIds.filter((id) => !had.groupIds.includes(id)),
  };
}

/** Two answers of one operation as one (the second read asked for other IDs); a failure wins. */
export function mergedAnswer(first: AwsFetched | undefined, second: AwsFetched): AwsFetched {
  if (!first) return second;
  if (!first.ok) return first;
  if (!second.ok) return second;
  const key = Object.keys(second.value).find((k) => Array.isArray(second.value[k]));
  if (!key) return first;
  const a = Array.isArray(first.value[key]) ? (first.value[key] as unknown[]) : [];
  const seen = new Set(a.map((x) => JSON.stringify(x)));
  const b = (second.value[key] as unknown[]).filter((x) => !seen.has(JSON.stringify(x)));
  return { ok: true, value: { ...first.value, [key]: [...a, ...b] } };
}

/**
 * The transit gateways the members' VPCs use: those their VPC attachments join and those their
 * route tables send traffic to (a route may name a gateway the VPC is not attached to).
 */
export function transitGatewayIds(vpcAttachments?: AwsFetched, routeTables?: AwsFetched): string[] {
  const attached = vpcAttachments?.ok
    ? arr(vpcAttachments.value.TransitGatewayVpcAttachments).map((a) => s(a.TransitGatewayId))
    : [];
  const routed = routeTables?.ok
    ? arr(routeTables.value.RouteTables).flatMap((t) =>
        arr(t.Routes).map((r) => s(r.TransitGatewayId)),
      )
    : [];
  return unique([...attached, ...routed]);
}

/** The subnets the VPC attachments put in each Availability Zone (their AZ and NACL matter). */
export function attachmentSubnetIds(vpcAttachments?: AwsFetched): string[] {
  return vpcAttachments?.ok
    ? unique(
        arr(vpcAttachments.value.TransitGatewayVpcAttachments).flatMap((a) => strings(a.SubnetIds)),
      )
    : [];
}

/**
 * The transit gateway route tables to search: every live one the group could read (a gateway has
 * at most a few dozen; only its owner can read them).
 */
export function transitRouteTableIds(routeTables?: AwsFetched): string[] {
  return routeTables?.ok
    ? unique(
        arr(routeTables.value.TransitGatewayRouteTables)
          .filter((t) => !["deleting", "deleted"].includes(s(t.State) ?? ""))
          .map((t) => s(t.TransitGatewayRouteTableId)),
      )
    : [];
}
