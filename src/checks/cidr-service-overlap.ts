import { type Cidr, cidrsOverlap, parseCidr } from "../model/cidr.js";
import type { MemberModel } from "../model/types.js";
import { unknownFinding } from "./helpers.js";
import type { PairCheck } from "./types.js";

const EKS_ARN = /^arn:aws[a-z-]*:eks:([a-z0-9-]+):\d{12}:cluster\/(.+)$/;

/** A /16 in 10.100.0.0–10.255.0.0 that overlaps none of the given blocks. */
export function freeSlash16(taken: readonly Cidr[]): string | undefined {
  for (let second = 100; second <= 255; second++) {
    const candidate = parseCidr(`10.${second}.0.0/16`);
    if (candidate && !taken.some((t) => cidrsOverlap(t, candidate))) return candidate.canonical;
  }
  return undefined;
}

function recreateHint(member: MemberModel, free: string | undefined): string {
  const arn = EKS_ARN.exec(member.context);
  const range = free ?? "<unused-/16>";
  const name = arn?.[2] ?? member.name;
  const region = arn ? ` --region ${arn[1]}` : "";
  return [
    `# The Service CIDR of an EKS cluster is fixed when the cluster is created: create ${name} again with`,
    `aws eks create-cluster --name ${name}${region} --kubernetes-network-config serviceIpv4Cidr=${range} ...`,
  ].join("\n");
}

export const cidrServiceOverlap: PairCheck = {
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
    if (!member.serviceCIDR.known)
      return [
        unknownFinding(
          `the Service CIDR of ${member.name} is not known: ${member.serviceCIDR.reason}`,
        ),
      ];
    if (!peer.serviceCIDR.known)
      return [
        unknownFinding(`the Service CIDR of ${peer.name} is not known: ${peer.serviceCIDR.reason}`),
      ];
    const a = parseCidr(member.serviceCIDR.value.value);
    const b = parseCidr(peer.serviceCIDR.value.value);
    if (!a || !b) return [unknownFinding("a Service CIDR is not a valid CIDR")];
    const desc = `${member.name} ${a.text} (${member.serviceCIDR.value.source}) and ${peer.name} ${b.text} (${peer.serviceCIDR.value.source})`;
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
