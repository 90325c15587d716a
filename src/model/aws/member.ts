/** The AWS side of one member: its group's settings and inventory, or why there is none. */
import type { AwsFailure, RawAws, RawAwsGroup } from "../../aws/types.js";
import { cidrContains, isIPv4, parseCidr } from "../cidr.js";
import { known, unknown } from "../known.js";
import type { GatewayCR, GatewayNode, Known, MemberAws, Sourced } from "../types.js";
import { inventory } from "./normalize.js";
import { placeGateway } from "./place.js";
import type { AwsInventory, Peering } from "./types.js";

export interface AwsForMember {
  aws: Known<MemberAws>;
  problems: AwsFailure[];
  group?: RawAwsGroup;
}

/** Normalizes every group once; members of a group share its inventory. */
export function awsIndex(raw: RawAws | undefined): Map<RawAwsGroup, AwsInventory> {
  return new Map((raw?.groups ?? []).filter((g) => !g.failure).map((g) => [g, inventory(g)]));
}

export function awsForMember(
  name: string,
  raw: RawAws | undefined,
  index: ReadonlyMap<RawAwsGroup, AwsInventory>,
): AwsForMember {
  if (!raw) return { aws: unknown("AWS was not inspected"), problems: [] };
  if (raw.skipped) return { aws: unknown(raw.skipped), problems: [] };
  const group = raw.groups.find((g) => g.members.includes(name));
  if (!group) return { aws: unknown("AWS was not inspected for this member"), problems: [] };
  const failed = Object.values(group.calls).flatMap((c) => (c && !c.ok ? [c.error] : []));
  const listFailures = Object.values(group.prefixLists).flatMap((c) => (!c.ok ? [c.error] : []));
  const problems = [...(group.failure ? [group.failure] : []), ...failed, ...listFailures];
  const inv = index.get(group);
  if (group.failure || !inv || !group.region) {
    return {
      aws: unknown(group.failure?.message ?? "AWS could not be read"),
      problems,
      group,
    };
  }
  return {
    aws: known({
      settings: group.settings,
      region: group.region,
      ...(group.account ? { account: group.account } : {}),
      ...(group.accountSource ? { accountSource: group.accountSource } : {}),
      ...(group.principalArn ? { principalArn: group.principalArn } : {}),
      inventory: inv,
    }),
    problems,
    group,
  };
}

/** The IP peers tunnel to: the Gateway CR's for the active Gateway, else what it would be. */
export function gatewayIPOf(g: GatewayNode, crs: readonly GatewayCR[]): string | undefined {
  return (
    crs.find((c) => c.name === g.node)?.gatewayIP ||
    (g.expected.ok ? g.expected.gatewayIP : undefined)
  );
}

/** Gateway Nodes placed in EC2, or the reason AWS says nothing about them. */
export function placeGateways(
  gateways: readonly GatewayNode[],
  aws: Known<MemberAws>,
  problems: readonly AwsFailure[],
  crs: readonly GatewayCR[] = [],
): GatewayNode[] {
  const instancesFailed = problems.find((p) => p.action === "ec2:DescribeInstances");
  return gateways.map((g) => ({
    ...g,
    aws: !aws.known
      ? aws
      : instancesFailed
        ? unknown(`DescribeInstances failed: ${instancesFailed.message}`)
        : known(placeGateway(g, aws.value.inventory, gatewayIPOf(g, crs))),
  }));
}

/**
 * With the Amazon VPC CNI, Pods take addresses from the VPC: the Pod CIDRs are the VPC's CIDR
 * blocks that hold Pod IPs (all of them when the Pods could not be listed).
 */
export function podCIDRsFromVpc(
  gateways: readonly GatewayNode[],
  podIPs: Known<readonly string[]>,
): Sourced<readonly string[]> | undefined {
  const placed = gateways.find((g) => g.aws.known && g.aws.value.mapped && g.aws.value.vpc);
  const vpc = placed?.aws.known && placed.aws.value.mapped ? placed.aws.value.vpc : undefined;
  if (!vpc || vpc.cidrs.length === 0) return undefined;
  const used = podIPs.known
    ? vpc.cidrs.filter((c) => {
        const cidr = parseCidr(c);
        return cidr && podIPs.value.some((ip) => isIPv4(ip) && cidrContains(cidr, ip));
      })
    : [...vpc.cidrs];
  return {
    value: used.length ? used : [...vpc.cidrs],
    source: `VPC ${vpc.id} CIDR blocks (Pods get VPC addresses from the Amazon VPC CNI)`,
  };
}

/**
 * Every peering seen from any account, once; an active view wins over a stale one, and the tags of
 * both sides are kept (each account tags its own view).
 */
export function allPeerings(index: ReadonlyMap<RawAwsGroup, AwsInventory>): Peering[] {
  const byId = new Map<string, Peering>();
  for (const inv of index.values()) {
    for (const p of inv.peerings) {
      const seen = byId.get(p.id);
      const tags = { ...seen?.tags, ...p.tags };
      const base = !seen || (p.status === "active" && seen.status !== "active") ? p : seen;
      byId.set(p.id, { ...base, tags });
    }
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}
