/**
 * Every AWS call the plugin makes, per mode. The SDK clients refuse any other call (the
 * allow-list middleware of sdkClients in src/collect/aws/client.ts), and the IAM policies of `iam-policy` and docs/ are built
 * from these lists, so what the code may send and what the policy grants cannot drift apart.
 */
import { EC2_ACTIONS } from "../aws/actions.js";

/** doctor, show and collect: reads only. */
export const READ_CALLS = [
  "sts:GetCallerIdentity",
  "ec2:DescribeInstances",
  "ec2:DescribeSubnets",
  "ec2:DescribeVpcs",
  "ec2:DescribeRouteTables",
  "ec2:DescribeNetworkAcls",
  "ec2:DescribeSecurityGroups",
  "ec2:DescribeVpcPeeringConnections",
  "ec2:DescribeNatGateways",
  "ec2:GetManagedPrefixListEntries",
  "ec2:DescribeTransitGatewayVpcAttachments",
  "ec2:DescribeTransitGateways",
  "ec2:DescribeTransitGatewayAttachments",
  "ec2:DescribeTransitGatewayRouteTables",
  "ec2:DescribeTransitGatewayPeeringAttachments",
  "ec2:SearchTransitGatewayRoutes",
  "ec2:GetTransitGatewayRouteTablePropagations",
  "eks:DescribeCluster",
  "servicequotas:GetServiceQuota",
] as const;

/** What setup and teardown call on top of the reads: the changes, and finding setup's own rules. */
export const CHANGE_CALLS: readonly string[] = [
  ...EC2_ACTIONS.map((a) => `ec2:${a}`),
  "ec2:DescribeSecurityGroupRules",
];

/**
 * doctor: the reads; setup: the reads and the changes. sts:AssumeRole (for --aws-role-arn) is sent
 * by the credential provider under the caller's own identity, outside these lists.
 */
export type Mode = "doctor" | "setup";

export function callsFor(mode: Mode): readonly string[] {
  return mode === "doctor" ? READ_CALLS : [...READ_CALLS, ...CHANGE_CALLS];
}
