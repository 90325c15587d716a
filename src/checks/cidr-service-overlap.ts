import { parseEksClusterArn } from "../aws/eks-arn.js";
import { type Cidr, cidrsOverlap, parseCidr } from "../model/cidr.js";
import type { MemberModel } from "../model/types.js";
import { bothKnown, unknownFinding } from "./helpers.js";
import type { PairCheck } from "./types.js";

/** A /16 in 10.100.0.0–10.255.0.0 that overlaps none of the given blocks. */
export function freeSlash16(taken: readonly Cidr[]): string | undefined {
  for (let second = 100; second <= 255; second++) {
    const candidate = parseCidr(`10.${second}.0.0/16`);
    if (candidate && !taken.some((t) => cidrsOverlap(t, candidate))) return candidate.canonical;
  }
  return undefined;
}

function recreateHint(member: MemberModel, free: string | undefined): string {
  const arn = parseEksClusterArn(member.context);
  const range = free ?? "<unused-/16>";
  const name = arn?.clusterName ?? member.name;
  const region = arn ? ` --region ${arn.region}` : "";
  return [
    `# The Service CIDR of an EKS cluster is fixed when the cluster is created: create ${name} again with`,
    `aws eks create-cluster --name ${name}${region} --kubernetes-network-config serviceIpv4Cidr=${range} ...`,
  ].join("\n");
}

export const cidrServiceOverlap: PairCheck<"cidr.service-overlap"> = {
  id: "cidr.service-overlap",
  title: "Service CIDRs do not overlap",
  category: "CIDR",
  severity: "error",
  scope: "pair",
  ordered: false,
  docs: {
    summary:
      "two members' Service CIDRs overlap (the EKS defaults 10.100.0.0/16 and 172.20.0.0/16 make this common)",
    why: "Exported Services are reached at their ClusterIPs in the peer's Service CIDR, and each Gateway routes a peer's whole Service CIDR into the tunnel. With overlapping ranges a member cannot tell its own Services from the peer's, so cross-cluster Service traffic breaks. EKS picks 10.100.0.0/16 or 172.20.0.0/16 unless told otherwise, so two default clusters usually collide.",
    fix: "The Service CIDR of an EKS cluster cannot be changed: create one of the clusters again with a distinct `serviceIpv4Cidr`. Plan Service CIDRs per ClusterSet before creating clusters.",
  },
  run(member, peer) {
    const inputs = bothKnown(member, peer, (m) => m.serviceCIDR, "Service CIDR");
    if (!inputs.ok) return [inputs.finding];
    const [mine, theirs] = inputs.values;
    const a = parseCidr(mine.value);
    const b = parseCidr(theirs.value);
    if (!a || !b) return [unknownFinding("a Service CIDR is not a valid CIDR")];
    const desc = `${member.name} ${a.text} (${mine.source}) and ${peer.name} ${b.text} (${theirs.source})`;
    if (!cidrsOverlap(a, b))
      return [{ status: "pass", message: `Service CIDRs ${a.text} and ${b.text} do not overlap` }];
    return [
      {
        status: "fail",
        resource: `Service CIDR ${a.text}`,
        message: `Service CIDRs overlap: ${desc}`,
        remediation: recreateHint(member, freeSlash16([a, b])),
      },
    ];
  },
};
