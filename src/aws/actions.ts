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
  "CreateTransitGatewayVpcAttachment",
  "ModifyTransitGatewayVpcAttachment",
  "DeleteTransitGatewayVpcAttachment",
  "AcceptTransitGatewayVpcAttachment",
  "AcceptTransitGatewayPeeringAttachment",
  "AssociateTransitGatewayRouteTable",
  "DisassociateTransitGatewayRouteTable",
  "EnableTransitGatewayRouteTablePropagation",
  "DisableTransitGatewayRouteTablePropagation",
  "CreateTransitGatewayRoute",
  "ReplaceTransitGatewayRoute",
  "DeleteTransitGatewayRoute",
] as const;

export type Ec2Action = (typeof EC2_ACTIONS)[number];
