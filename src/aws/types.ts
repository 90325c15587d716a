/**
 * Raw AWS answers, as the AWS CLI prints them (`aws ec2 <operation> --output json`: the API's own
 * PascalCase shape, all pages merged). Nothing here is interpreted; a snapshot holds the same.
 */

export type AwsFailureKind =
  | "credentials" // no usable credentials (none found, expired, role not assumable)
  | "region" // no Region could be determined for the member
  | "denied" // the call was refused (UnauthorizedOperation, AccessDenied)
  | "unreachable" // the endpoint could not be reached
  | "proxy" // the proxy of HTTPS_PROXY / HTTP_PROXY refused or could not be reached
  | "tls" // the endpoint's certificate is not trusted, or the CA bundle cannot be used
  | "error" // any other error answer
  | "not-collected"; // a snapshot (made by hand) has no file for it

export interface AwsFailure {
  kind: AwsFailureKind;
  message: string;
  /** The API action, e.g. "ec2:DescribeRouteTables". */
  action?: string;
  /** The AWS error code, e.g. "UnauthorizedOperation". */
  code?: string;
  /** not-collected: the AWS CLI command that writes the missing snapshot file. */
  request?: string;
}

export type AwsFetched<T = Record<string, unknown>> =
  | { ok: true; value: T }
  | { ok: false; error: AwsFailure };

/** The calls doctor makes, per account and Region; each is one snapshot file. */
export const AWS_OPERATIONS = [
  "DescribeInstances",
  "DescribeSubnets",
  "DescribeVpcs",
  "DescribeRouteTables",
  "DescribeNetworkAcls",
  "DescribeSecurityGroups",
  "DescribeVpcPeeringConnections",
  "DescribeNatGateways",
  // Transit gateways: the VPCs' attachments, then (when any) their gateways, every attachment of
  // those with its association, their route tables and their peerings with other gateways.
  "DescribeTransitGatewayVpcAttachments",
  "DescribeTransitGateways",
  "DescribeTransitGatewayAttachments",
  "DescribeTransitGatewayRouteTables",
  "DescribeTransitGatewayPeeringAttachments",
] as const;
export type AwsOperation = (typeof AWS_OPERATIONS)[number];

/** How one member reaches AWS: the flags, config file or defaults that applied. */
export interface AwsSettings {
  profile?: string;
  roleArn?: string;
  region?: string;
  /** Where the Region came from ("--aws-region", "Node … label …", "AWS_REGION", …). */
  regionSource?: string;
}

/**
 * Members read with the same credentials in the same Region: about one account and Region, the
 * unit EC2 throttles by. Reads are batched per key, and calls in flight are bounded per key.
 */
export const accountRegionKey = (s: AwsSettings, region = s.region): string =>
  JSON.stringify([s.profile ?? "", s.roleArn ?? "", region ?? ""]);

/**
 * The AWS answers for the members that share credentials and a Region: their calls are batched,
 * so the number of calls grows with account/Region groups, not with members or pairs.
 */
export interface RawAwsGroup {
  members: string[];
  /**
   * The leader cluster whose control plane this group also read (its VPC, route tables, subnets
   * and security groups, for aws.leader-path): a member's name, or the leader's own when it is
   * no member (it is then not in `members`).
   */
  leader?: string;
  settings: AwsSettings;
  region?: string;
  account?: string;
  accountSource?: "sts" | "instances";
  /** The principal the calls were made as (sts:GetCallerIdentity Arn), for permission fixes. */
  principalArn?: string;
  /** Nothing could be read (no Region, no credentials). */
  failure?: AwsFailure;
  /** The instances that were asked for (Gateway Nodes and candidates). */
  instanceIds: string[];
  /** The IDs the follow-up reads asked for (named by the instances), for the snapshot's commands. */
  requested?: { subnetIds: string[]; vpcIds: string[]; groupIds: string[]; tgwIds?: string[] };
  calls: Partial<Record<AwsOperation, AwsFetched>>;
  /** GetManagedPrefixListEntries per prefix list referenced by a route or a security group rule. */
  prefixLists: Record<string, AwsFetched>;
  /**
   * Per transit gateway route table that carries the members' traffic (associated with their VPCs'
   * attachments or with a peering between gateways): SearchTransitGatewayRoutes ({"Routes": …},
   * `AdditionalRoutesAvailable` kept) and GetTransitGatewayRouteTablePropagations.
   */
  tgwRoutes?: Record<string, AwsFetched>;
  tgwPropagations?: Record<string, AwsFetched>;
  /**
   * servicequotas:GetServiceQuota per quota (src/aws/quotas.ts quotaId: "vpc.L-7E9ECCDB"), as
   * `aws service-quotas get-service-quota` prints it ({"Quota": …}). A failure here is no
   * aws.access finding: aws.quota then uses the documented default and says so.
   */
  quotas?: Record<string, AwsFetched>;
  /**
   * eks:DescribeCluster per EKS cluster name (`aws eks describe-cluster` output, {"cluster": …}),
   * for the members whose cluster could be named (src/aws/eks-cluster.ts).
   */
  eksClusters?: Record<string, AwsFetched>;
  /** Per member, the EKS cluster name the --config file gives it (else named as above). */
  eksClusterNames?: Record<string, string>;
}

export interface RawAws {
  groups: RawAwsGroup[];
  /** Set when AWS was not inspected at all (--no-aws), with the reason. */
  skipped?: string;
}
