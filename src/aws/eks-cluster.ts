/**
 * Which EKS cluster a member is, for eks:DescribeCluster: the context's ARN (as `aws eks
 * update-kubeconfig` names it), else the tag EKS puts on its Nodes' instances. Pure functions of
 * the context name and the AWS CLI JSON of DescribeInstances, shared by collect and the model.
 */
import { objects as arr, nonEmpty, object, str, strings } from "../util/json.js";
import { parseEksClusterArn } from "./eks-arn.js";
import { unique } from "./references.js";

export interface EksClusterName {
  readonly name: string;
  /** Where the name came from, shown to users. */
  readonly source: string;
  /** The same, for decisions: a user who did not type the name is told where it came from. */
  readonly from: "config" | "arn" | "tag";
}

/**
 * Managed node groups tag their instances eks:cluster-name, Karpenter (v1) and EKS Auto Mode
 * eks:eks-cluster-name; EKS-created resources carry aws:eks:cluster-name.
 */
export const EKS_CLUSTER_TAGS = [
  "eks:cluster-name",
  "eks:eks-cluster-name",
  "aws:eks:cluster-name",
] as const;

/** The cluster named by the first of `instanceIds` that carries an EKS cluster tag. */
function fromTags(
  instances: Record<string, unknown> | undefined,
  instanceIds: readonly string[],
): EksClusterName | undefined {
  const all = arr(instances?.Reservations).flatMap((r) => arr(r.Instances));
  for (const id of instanceIds) {
    const tags = arr(all.find((i) => str(i.InstanceId) === id)?.Tags);
    for (const key of EKS_CLUSTER_TAGS) {
      const name = nonEmpty(tags.find((t) => str(t.Key) === key)?.Value);
      if (name) return { name, source: `tag ${key} of instance ${id}`, from: "tag" };
    }
  }
  return undefined;
}

export function eksClusterName(
  context: string,
  instances: Record<string, unknown> | undefined,
  instanceIds: readonly string[],
  /** The member's `eksCluster` in the --config file: the user's word wins. */
  configured?: string,
): EksClusterName | undefined {
  if (configured) return { name: configured, source: "eksCluster in --config", from: "config" };
  const arn = parseEksClusterArn(context);
  if (arn) return { name: arn.clusterName, source: "the EKS context ARN", from: "arn" };
  return fromTags(instances, instanceIds);
}

/** Per member, the EKS cluster name the --config file gives it, as a group of reads keeps them. */
export function configuredEksClusters(
  members: readonly { readonly member: string; readonly eksCluster?: string | undefined }[],
): { eksClusterNames?: Record<string, string> } {
  const named = members.flatMap((m) => (m.eksCluster ? [[m.member, m.eksCluster] as const] : []));
  return named.length ? { eksClusterNames: Object.fromEntries(named) } : {};
}

/** The snapshot file of one cluster's answer, beside the EC2 files of its account and Region. */
export const describeClusterFile = (name: string) => `DescribeCluster.${name}.json`;

/**
 * What a DescribeCluster answer says the control plane's network interfaces sit in: its VPC, its
 * subnets, and the cluster security group with the extra ones (resourcesVpcConfig).
 */
export function controlPlaneIds(answer: unknown): {
  vpcId?: string;
  subnetIds: string[];
  groupIds: string[];
} {
  const vpc = object(object(object(answer).cluster).resourcesVpcConfig);
  const vpcId = str(vpc.vpcId);
  return {
    ...(vpcId ? { vpcId } : {}),
    subnetIds: strings(vpc.subnetIds),
    groupIds: unique([str(vpc.clusterSecurityGroupId), ...strings(vpc.securityGroupIds)]),
  };
}
