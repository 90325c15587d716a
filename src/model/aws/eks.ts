/**
 * What EKS says about a member (eks:DescribeCluster), and what its Nodes say about the compute EKS
 * runs them on. Normalized from the AWS CLI JSON ({"cluster": …}); absent fields stay absent
 * (moto, for one, returns no clusterSecurityGroupId), never guessed.
 */
import { EKS_CLUSTER_TAGS, type EksClusterName, eksClusterName } from "../../aws/eks-cluster.js";
import type { AwsFailure, RawAwsGroup } from "../../aws/types.js";
import { EKS_COMPUTE_TYPE_LABEL } from "../../kube/node-lifecycle.js";
import type { NodeObject } from "../../kube/shapes.js";
import { nonEmpty, object, stringMap, strings } from "../../util/json.js";
import { known, unknown } from "../known.js";
import type { Known } from "../types.js";

export interface EksCluster {
  readonly name: string;
  /** Where the name came from (--config, the context ARN, an instance tag), in words and as a kind. */
  readonly nameSource: string;
  readonly nameFrom: EksClusterName["from"];
  readonly arn?: string;
  readonly status?: string;
  readonly version?: string;
  /** kubernetesNetworkConfig.serviceIpv4Cidr */
  readonly serviceIpv4Cidr?: string;
  /** kubernetesNetworkConfig.ipFamily: "ipv4" or "ipv6". */
  readonly ipFamily?: string;
  readonly vpcId?: string;
  /** resourcesVpcConfig.clusterSecurityGroupId */
  readonly clusterSecurityGroupId?: string;
  /** computeConfig.enabled: EKS Auto Mode. */
  readonly autoMode: boolean;
  /** resourcesVpcConfig: the API server endpoint's access (absent when EKS did not say). */
  readonly endpoint: {
    readonly publicAccess?: boolean;
    readonly privateAccess?: boolean;
    /** Who may reach the public endpoint (EKS's default: 0.0.0.0/0). */
    readonly publicAccessCidrs: readonly string[];
    /** The subnets of the control plane's network interfaces. */
    readonly subnetIds: readonly string[];
    /** Extra security groups on those interfaces, beside the cluster security group. */
    readonly securityGroupIds: readonly string[];
  };
}

export interface NodeCompute {
  readonly total: number;
  /** Nodes labelled compute-type fargate: they run no DaemonSets, so no antrea-agent. */
  readonly fargate: number;
  /** Nodes labelled compute-type auto (EKS Auto Mode). */
  readonly auto: number;
}

export function nodeCompute(nodes: readonly NodeObject[]): NodeCompute {
  const type = (n: NodeObject) => stringMap(n.metadata?.labels)[EKS_COMPUTE_TYPE_LABEL];
  return {
    total: nodes.length,
    fargate: nodes.filter((n) => type(n) === "fargate").length,
    auto: nodes.filter((n) => type(n) === "auto").length,
  };
}

function normalize(named: EksClusterName, value: Record<string, unknown>): EksCluster {
  const c = object(value.cluster);
  const net = object(c.kubernetesNetworkConfig);
  const vpc = object(c.resourcesVpcConfig);
  const opt = (key: string, v: unknown) => {
    const s = nonEmpty(v);
    return s ? { [key]: s } : {};
  };
  return {
    name: named.name,
    nameSource: named.source,
    nameFrom: named.from,
    ...opt("arn", c.arn),
    ...opt("status", c.status),
    ...opt("version", c.version),
    ...opt("serviceIpv4Cidr", net.serviceIpv4Cidr),
    ...opt("ipFamily", net.ipFamily),
    ...opt("vpcId", vpc.vpcId),
    ...opt("clusterSecurityGroupId", vpc.clusterSecurityGroupId),
    autoMode: object(c.computeConfig).enabled === true,
    endpoint: {
      ...(typeof vpc.endpointPublicAccess === "boolean"
        ? { publicAccess: vpc.endpointPublicAccess }
        : {}),
      ...(typeof vpc.endpointPrivateAccess === "boolean"
        ? { privateAccess: vpc.endpointPrivateAccess }
        : {}),
      publicAccessCidrs: strings(vpc.publicAccessCidrs),
      subnetIds: strings(vpc.subnetIds),
      securityGroupIds: strings(vpc.securityGroupIds),
    },
  };
}

/** The member's EKS cluster as DescribeCluster answered, or why it is not known. */
export function eksClusterOf(
  member: string,
  context: string,
  group: RawAwsGroup | undefined,
  instanceIds: readonly string[],
): { eks: Known<EksCluster>; problem?: AwsFailure } {
  if (!group) return { eks: unknown("AWS was not inspected for this member") };
  const described = group.calls.DescribeInstances;
  const named = eksClusterName(
    context,
    described?.ok ? described.value : undefined,
    instanceIds,
    group.eksClusterNames?.[member],
  );
  if (!named) {
    return {
      eks: unknown(
        `no EKS cluster name: the context is not an EKS cluster ARN and no Gateway instance carries a ${EKS_CLUSTER_TAGS.join(", ")} tag`,
      ),
    };
  }
  const answer = group.eksClusters?.[named.name];
  if (!answer) {
    return {
      eks: unknown(
        `eks:DescribeCluster was not read for cluster ${named.name} (${named.source}); a snapshot made by hand needs aws eks describe-cluster --name ${named.name} --output json > aws/<account>/<region>/DescribeCluster.${named.name}.json`,
      ),
    };
  }
  if (!answer.ok && answer.error.code === "ResourceNotFoundException") {
    // Not a refused read: the name (an ARN of another account, a stale tag) names no cluster here.
    return {
      eks: unknown(
        `EKS has no cluster ${named.name} (${named.source}) where it was asked: ${answer.error.message}`,
      ),
    };
  }
  if (!answer.ok) {
    return {
      eks: unknown(
        `eks:DescribeCluster ${named.name} failed (see aws.access): ${answer.error.message}`,
      ),
      problem: answer.error,
    };
  }
  return { eks: known(normalize(named, answer.value)) };
}
