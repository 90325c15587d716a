/** The EC2 actions that change something: what setup and teardown send, and what the IAM policy grants. */
export const EC2_ACTIONS = [
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
] as const;

export type Ec2Action = (typeof EC2_ACTIONS)[number];
