import { cidrsOf, vpcOverlap } from "../analysis/aws/vpc-overlap.js";
import { awsFlags, runAs } from "../fixes/aws.js";
import { type Cidr, cidrsOverlap, parseCidr } from "../model/cidr.js";
import { failing, unknownOf } from "./aws/findings.js";
import type { PairCheck } from "./types.js";

/** A /16 in 10.0.0.0/8 that overlaps none of the given blocks. */
function freeBlock(taken: readonly Cidr[]): string {
  for (let second = 0; second <= 255; second++) {
    const c = parseCidr(`10.${second}.0.0/16`);
    if (c && !taken.some((t) => cidrsOverlap(t, c))) return c.canonical;
  }
  return "<unused-block>";
}

export const awsVpcOverlap: PairCheck<"aws.vpc-overlap"> = {
  id: "aws.vpc-overlap",
  title: "VPC CIDRs do not overlap",
  category: "AWS",
  severity: "error",
  scope: "pair",
  ordered: false,
  docs: {
    summary:
      "the two members' VPCs have overlapping CIDR blocks (secondary blocks included), so they cannot be peered",
    why: "VPC peering refuses VPCs whose IPv4 CIDR blocks overlap (the request goes straight to `failed`), and with the Amazon VPC CNI the Pod CIDRs are the VPC blocks too. Members whose Gateways talk over private IPs need peered, disjoint VPCs.",
    fix: "VPC CIDR blocks cannot be changed: run one member in a VPC with a disjoint block (plan one range per ClusterSet member), or connect the Gateways over public IPs.",
  },
  run(member, peer, ctx) {
    const overlap = vpcOverlap(member, peer);
    if ("ok" in overlap) return [unknownOf(overlap)];
    if (overlap.kind === "not-needed") return [{ status: "pass", message: overlap.reason }];
    const { a, b, mine, theirs, clashes, aws } = overlap;
    const desc = `${a.placed.eni.vpcId} (${mine.map((c) => c.text).join(", ")}) and ${b.placed.eni.vpcId} (${theirs.map((c) => c.text).join(", ")})`;
    if (clashes.length === 0) return [{ status: "pass", message: `${desc} do not overlap` }];
    const taken = ctx.model.members.flatMap((m) =>
      m.gateways.known
        ? m.gateways.value.flatMap((g) =>
            g.aws.known && g.aws.value.mapped ? cidrsOf(g.aws.value.vpc?.cidrs ?? []) : [],
          )
        : [],
    );
    return [
      {
        ...failing(overlap.impact),
        resource: `${a.placed.eni.vpcId}, ${b.placed.eni.vpcId}`,
        message: `VPCs overlap (${clashes.join("; ")}): ${desc} cannot be peered`,
        remediation: [
          `${runAs(member.name, aws)}# A VPC's CIDR blocks cannot be changed: move ${member.name} to a VPC with a disjoint block, e.g.`,
          `aws ec2 create-vpc --cidr-block ${freeBlock(taken)} ${awsFlags(aws)}`,
        ].join("\n"),
      },
    ];
  },
};
