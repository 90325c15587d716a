import { vpcBlocksInUse, vpcOverlap } from "../analysis/aws/vpc-overlap.js";
import { moveToNewVpc } from "../fixes/aws.js";
import { failing, unknownOf } from "./aws/findings.js";
import type { PairCheck } from "./types.js";

export const awsVpcOverlap: PairCheck<"aws.vpc-overlap"> = {
  id: "aws.vpc-overlap",
  title: "VPC CIDRs do not overlap",
  category: "AWS",
  severity: "error",
  scope: "pair",
  ordered: false,
  docs: {
    summary:
      "the two members' VPCs have overlapping CIDR blocks (secondary blocks included), so they cannot be peered — where a peering is or would have to be the path (a pair joined through a transit gateway passes)",
    why: "VPC peering refuses VPCs whose IPv4 CIDR blocks overlap (the request goes straight to `failed`), and with the Amazon VPC CNI the Pod CIDRs are the VPC blocks too. Members whose Gateways talk over private IPs need peered, disjoint VPCs.",
    fix: "VPC CIDR blocks cannot be changed, so this is a manual step: run one member in a VPC with a disjoint block (plan one range per ClusterSet member), or connect the Gateways over public IPs.",
  },
  run(member, peer, ctx) {
    const overlap = vpcOverlap(member, peer, ctx.model.aws);
    if ("ok" in overlap) return [unknownOf(overlap)];
    if (overlap.kind === "not-needed") return [{ status: "pass", message: overlap.reason }];
    const { a, b, mine, theirs, clashes, aws } = overlap;
    const desc = `${a.placed.eni.vpcId} (${mine.map((c) => c.text).join(", ")}) and ${b.placed.eni.vpcId} (${theirs.map((c) => c.text).join(", ")})`;
    if (clashes.length === 0) return [{ status: "pass", message: `${desc} do not overlap` }];
    return [
      {
        ...failing(overlap.impact),
        resource: `${a.placed.eni.vpcId}, ${b.placed.eni.vpcId}`,
        message: `VPCs overlap (${clashes.join("; ")}): ${desc} cannot be peered`,
        remediation: moveToNewVpc(member.name, aws, vpcBlocksInUse(ctx.model)),
        // A cluster moves to a new VPC: its Nodes are replaced. A person plans that.
        manual: true,
      },
    ];
  },
};
