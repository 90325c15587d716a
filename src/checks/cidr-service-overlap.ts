import { vpcBlocksInUse } from "../analysis/aws/vpc-overlap.js";
import { parseEksClusterArn } from "../aws/eks-arn.js";
import { awsFlags, runAs } from "../fixes/aws.js";
import { shellWord } from "../fixes/shell.js";
import { type Cidr, cidrsOverlap, parseCidr } from "../model/cidr.js";
import type { ClusterSetModel, MemberModel } from "../model/types.js";
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

/** The Service CIDRs and VPC blocks of every member: what a new Service CIDR must not overlap. */
function takenRanges(model: ClusterSetModel): Cidr[] {
  const services = model.members.flatMap((m) => {
    const c = m.serviceCIDR.known ? parseCidr(m.serviceCIDR.value.value) : undefined;
    return c ? [c] : [];
  });
  return [...services, ...vpcBlocksInUse(model)];
}

/**
 * A new cluster: EKS fixes the Service CIDR at creation. The command copies the cluster's role,
 * subnets and Kubernetes version from the cluster itself, so it runs as printed.
 */
function newCluster(member: MemberModel, free: string | undefined): string {
  const arn = parseEksClusterArn(member.context);
  const name = arn?.clusterName ?? member.name;
  const aws = member.aws.known ? member.aws.value : undefined;
  const region = aws?.region ?? arn?.region ?? member.region?.value;
  const flags = aws ? awsFlags(aws) : region ? `--region ${region}` : "";
  const version = /^v?(\d+\.\d+)/.exec(member.kubernetesVersion ?? "")?.[1];
  const describe = (query: string) =>
    `aws eks describe-cluster --name ${shellWord(name)} --query ${query} --output text ${flags}`.trimEnd();
  const lines = [
    `# The Service CIDR of an EKS cluster is set when it is created and cannot be changed:`,
    `# ${member.name} needs a new cluster, created like this one but with ${free ?? "a range no member uses"}.`,
    ...(aws ? [runAs(member.name, aws).trimEnd()].filter(Boolean) : []),
    `role=$(${describe("cluster.roleArn")})`,
    `subnets=$(${describe("cluster.resourcesVpcConfig.subnetIds")} | tr '\\t' ,)`,
    `aws eks create-cluster --name ${shellWord(`${name}-2`)}${version ? ` --kubernetes-version ${version}` : ""} --role-arn "$role" --resources-vpc-config subnetIds="$subnets"${free ? ` --kubernetes-network-config serviceIpv4Cidr=${free}` : ""} ${flags}`.trimEnd(),
    `# Then give it node groups, install Antrea and the member controller, join the ClusterSet,`,
    `# move the workloads and delete ${name}.`,
  ];
  return lines.join("\n");
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
    fix: "The Service CIDR of an EKS cluster cannot be changed, so this is a manual step, not a fix: create a new cluster for one of the members with a `serviceIpv4Cidr` no member uses (the finding prints `aws eks create-cluster` with the old cluster's role, subnets and version and a free range), move the workloads to it and delete the old one. Plan Service CIDRs per ClusterSet before creating clusters.",
  },
  run(member, peer, ctx) {
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
        remediation: newCluster(member, freeSlash16([a, b, ...takenRanges(ctx.model)])),
        manual: true,
      },
    ];
  },
};
