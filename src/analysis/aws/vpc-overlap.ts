/** Whether two members' VPCs overlap where their Gateways would need a peering (none can be made). */
import { type Cidr, cidrsOverlap, parseCidr } from "../../model/cidr.js";
import type { ClusterSetModel, MemberAws, MemberModel } from "../../model/types.js";
import {
  type Endpoint,
  type Impact,
  type Missing,
  pairEndpoints,
  peeringNeed,
} from "./endpoints.js";
import { transitBothWays } from "./via.js";

export const cidrsOf = (list: readonly string[]) =>
  list.map((c) => parseCidr(c)).filter((c): c is Cidr => !!c);

export type VpcOverlap =
  | { readonly kind: "not-needed"; readonly reason: string }
  | {
      readonly kind: "disjoint" | "overlap";
      readonly impact: Impact;
      /** The member's side: how it reaches AWS. */
      readonly aws: MemberAws;
      readonly a: Endpoint;
      readonly b: Endpoint;
      readonly mine: readonly Cidr[];
      readonly theirs: readonly Cidr[];
      /** "x and y" for every overlapping pair of blocks. */
      readonly clashes: readonly string[];
    };

export function vpcOverlap(
  member: MemberModel,
  peer: MemberModel,
  aws: Pick<ClusterSetModel["aws"], "peerings" | "transit">,
): VpcOverlap | Missing {
  const pair = pairEndpoints(member, peer, { mine: ["DescribeVpcs"], theirs: ["DescribeVpcs"] });
  if (!pair.ok) return pair;
  // Overlap only matters where the Gateways would need a peering (a transit gateway routes by
  // prefix, so overlapping blocks it does not route to do not matter).
  const need = peeringNeed(
    pair.mine.endpoints,
    pair.theirs.endpoints,
    transitBothWays(pair, aws.peerings, aws.transit),
  );
  if ("none" in need) return { kind: "not-needed", reason: need.none };
  const { a, b, impact } = need;
  const mine = cidrsOf(a.placed.vpc?.cidrs ?? []);
  const theirs = cidrsOf(b.placed.vpc?.cidrs ?? []);
  if (mine.length === 0 || theirs.length === 0) {
    return { ok: false, reason: "the VPC CIDR blocks were not read (DescribeVpcs)" };
  }
  const clashes = mine.flatMap((x) =>
    theirs.filter((y) => cidrsOverlap(x, y)).map((y) => `${x.text} and ${y.text}`),
  );
  return {
    kind: clashes.length ? "overlap" : "disjoint",
    impact,
    aws: pair.mine.aws,
    a,
    b,
    mine,
    theirs,
    clashes,
  };
}

/** The VPC blocks of a member's Gateway Nodes, as AWS reports them (none without AWS). */
export function memberVpcBlocks(m: MemberModel): Cidr[] {
  return m.gateways.known
    ? m.gateways.value.flatMap((g) =>
        g.aws.known && g.aws.value.mapped ? cidrsOf(g.aws.value.vpc?.cidrs ?? []) : [],
      )
    : [];
}

/** The VPC blocks of every member's Gateway Nodes: what a new VPC must not overlap. */
export function vpcBlocksInUse(model: ClusterSetModel): Cidr[] {
  return model.members.flatMap(memberVpcBlocks);
}

/** The private /16s a new VPC could take (RFC 1918), in the order a person would try them. */
function* privateSixteens(): Generator<string> {
  for (let second = 0; second <= 255; second++) yield `10.${second}.0.0/16`;
  for (let second = 16; second <= 31; second++) yield `172.${second}.0.0/16`;
  yield "192.168.0.0/16";
}

/**
 * A private /16 that overlaps none of the given blocks: in 10.0.0.0/8 first, then 172.16.0.0/12
 * and 192.168.0.0/16. Only when every one of them is taken (no real ClusterSet) is it a
 * placeholder the user must replace.
 */
export function freeBlock(taken: readonly Cidr[]): string {
  for (const block of privateSixteens()) {
    const c = parseCidr(block);
    if (c && !taken.some((t) => cidrsOverlap(t, c))) return c.canonical;
  }
  return "<unused-block>";
}
