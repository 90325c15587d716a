/**
 * Every AWS call the plugin makes, per mode. The SDK clients refuse any other call (see
 * allowOnly in src/collect/aws/client.ts), and the IAM policies of `iam-policy` and docs/ are built
 * from these lists, so what the code may send and what the policy grants cannot drift apart.
 */
import type { Ec2Action } from "../plan/types.js";

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
  "ec2:GetManagedPrefixListEntries",
] as const;

/** The changes setup and teardown make (a list, so that a new Ec2Action must be added here). */
export const CHANGE_ACTIONS: readonly Ec2Action[] = [
  "CreateVpcPeeringConnection",
  "AcceptVpcPeeringConnection",
  "DeleteVpcPeeringConnection",
  "CreateRoute",
  "ReplaceRoute",
  "DeleteRoute",
  "AuthorizeSecurityGroupIngress",
  "AuthorizeSecurityGroupEgress",
  "RevokeSecurityGroupIngress",
  "RevokeSecurityGroupEgress",
  "CreateTags",
  "DeleteTags",
];

/** What setup and teardown call on top of the reads: the changes, and finding setup's own rules. */
export const CHANGE_CALLS: readonly string[] = [
  ...CHANGE_ACTIONS.map((a) => `ec2:${a}`),
  "ec2:DescribeSecurityGroupRules",
];

/** sts:AssumeRole is made by the credential provider for --aws-role-arn, under the caller's identity. */
export type Mode = "doctor" | "setup";

export function callsFor(mode: Mode): readonly string[] {
  return mode === "doctor" ? READ_CALLS : [...READ_CALLS, ...CHANGE_CALLS];
}
