/**
 * The least-privilege IAM policies, built from the call lists in calls.ts. setup's changes are
 * narrowed by resource type and by tags: peerings are created only with setup's tags and deleted
 * only when they carry them; tags are written only under antrea.io/ (and Name).
 */
import { type Mode, READ_CALLS } from "./calls.js";

export interface Statement {
  Sid: string;
  Effect: "Allow";
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: Statement[];
}

const arn = (type: string) => `arn:aws:ec2:*:*:${type}/*`;

export const DOCTOR_STATEMENTS: Statement[] = [
  { Sid: "AntreaMcDoctorReadOnly", Effect: "Allow", Action: [...READ_CALLS], Resource: "*" },
];

export const SETUP_STATEMENTS: Statement[] = [
  {
    Sid: "PeeringFromTheRequesterVpc",
    Effect: "Allow",
    Action: ["ec2:CreateVpcPeeringConnection", "ec2:AcceptVpcPeeringConnection"],
    Resource: arn("vpc"),
  },
  {
    Sid: "OnlyPeeringsTaggedAsSetups",
    Effect: "Allow",
    Action: "ec2:CreateVpcPeeringConnection",
    Resource: arn("vpc-peering-connection"),
    Condition: { StringEquals: { "aws:RequestTag/antrea.io/managed-by": "kubectl-antrea-mc" } },
  },
  {
    Sid: "AcceptPeerings",
    Effect: "Allow",
    Action: "ec2:AcceptVpcPeeringConnection",
    Resource: arn("vpc-peering-connection"),
  },
  {
    Sid: "DeleteOnlySetupsPeerings",
    Effect: "Allow",
    Action: "ec2:DeleteVpcPeeringConnection",
    Resource: arn("vpc-peering-connection"),
    Condition: { StringEquals: { "ec2:ResourceTag/antrea.io/managed-by": "kubectl-antrea-mc" } },
  },
  {
    Sid: "Routes",
    Effect: "Allow",
    Action: ["ec2:CreateRoute", "ec2:ReplaceRoute", "ec2:DeleteRoute"],
    Resource: arn("route-table"),
  },
  {
    Sid: "TunnelRules",
    Effect: "Allow",
    Action: [
      "ec2:AuthorizeSecurityGroupIngress",
      "ec2:AuthorizeSecurityGroupEgress",
      "ec2:RevokeSecurityGroupIngress",
      "ec2:RevokeSecurityGroupEgress",
    ],
    Resource: [arn("security-group"), arn("security-group-rule")],
  },
  {
    Sid: "ReadSetupsRules",
    Effect: "Allow",
    Action: "ec2:DescribeSecurityGroupRules",
    Resource: "*",
  },
  {
    Sid: "TransitGatewayLayout",
    Effect: "Allow",
    Action: [
      "ec2:CreateTransitGatewayVpcAttachment",
      "ec2:ModifyTransitGatewayVpcAttachment",
      "ec2:AcceptTransitGatewayVpcAttachment",
      "ec2:AcceptTransitGatewayPeeringAttachment",
      "ec2:AssociateTransitGatewayRouteTable",
      "ec2:DisassociateTransitGatewayRouteTable",
      "ec2:EnableTransitGatewayRouteTablePropagation",
      "ec2:DisableTransitGatewayRouteTablePropagation",
      "ec2:CreateTransitGatewayRoute",
      "ec2:ReplaceTransitGatewayRoute",
      "ec2:DeleteTransitGatewayRoute",
    ],
    Resource: [
      arn("transit-gateway"),
      arn("transit-gateway-attachment"),
      arn("transit-gateway-route-table"),
      arn("vpc"),
      arn("subnet"),
    ],
  },
  {
    Sid: "DeleteOnlySetupsAttachments",
    Effect: "Allow",
    Action: "ec2:DeleteTransitGatewayVpcAttachment",
    Resource: arn("transit-gateway-attachment"),
    Condition: { StringEquals: { "ec2:ResourceTag/antrea.io/managed-by": "kubectl-antrea-mc" } },
  },
  {
    Sid: "OnlySetupsTags",
    Effect: "Allow",
    Action: ["ec2:CreateTags", "ec2:DeleteTags"],
    Resource: [
      arn("vpc-peering-connection"),
      arn("route-table"),
      arn("security-group-rule"),
      arn("transit-gateway-attachment"),
      arn("transit-gateway-route-table"),
    ],
    Condition: { "ForAllValues:StringLike": { "aws:TagKeys": ["antrea.io/*", "Name"] } },
  },
];

const document = (statements: Statement[]): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: statements,
});

/** The whole policy one mode needs (setup includes doctor's reads: it runs doctor first). */
export function iamPolicy(mode: Mode): PolicyDocument {
  return document(
    mode === "doctor" ? DOCTOR_STATEMENTS : [...DOCTOR_STATEMENTS, ...SETUP_STATEMENTS],
  );
}

/** docs/antrea-mc-doctor-policy.json and docs/antrea-mc-setup-policy.json (setup's additions). */
export const POLICY_FILES = {
  "antrea-mc-doctor-policy.json": document(DOCTOR_STATEMENTS),
  "antrea-mc-setup-policy.json": document(SETUP_STATEMENTS),
} as const;

/** The actions a policy grants, sorted and unique. */
export function grantedActions(p: PolicyDocument): string[] {
  return [
    ...new Set(p.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))),
  ].sort();
}

export const formatPolicy = (p: PolicyDocument) => `${JSON.stringify(p, null, 2)}\n`;
