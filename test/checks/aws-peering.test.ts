import { awsPeering } from "../../src/checks/aws-peering.js";
import {
  addPeering,
  denied,
  forgetInstance,
  noPeering,
  peeringStatus,
  retarget,
} from "../support/aws-faults.js";
import {
  awsPair,
  privateCandidate,
  publicPair,
  SAME_ACCOUNT,
  SAME_REGION_EAST,
  SHARED_VPC,
  SHARED_VPC_EAST,
} from "../support/aws-scenarios.js";
import { checkCases } from "../support/check-cases.js";

const AS_EAST =
  "# in east's account 444455556666 (doctor read it by assuming arn:aws:iam::444455556666:role/antrea-mc-doctor), with credentials that may change it:\n";

/**
 * The moto test's fix for a missing peering: created as west, accepted as east with its role, then
 * the routes through it, east's and (back in west's account, once active there) west's: `create`
 * where there are none, `replace` where they still name a deleted peering.
 */
const createAndAccept = (route: "create" | "replace") =>
  [
    "# in west's account 123456789012:",
    "pcx=$(aws ec2 create-vpc-peering-connection --vpc-id vpc-0west --peer-vpc-id vpc-0east --peer-owner-id 444455556666 --peer-region us-east-1 --query VpcPeeringConnection.VpcPeeringConnectionId --output text --region us-west-2)",
    "# in east's account 444455556666 (doctor read it by assuming arn:aws:iam::444455556666:role/antrea-mc-doctor), with credentials that may change it:",
    'aws ec2 wait vpc-peering-connection-exists --vpc-peering-connection-ids "$pcx" --region us-east-1',
    'aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id "$pcx" --region us-east-1',
    `aws ec2 ${route}-route --route-table-id rtb-0east --destination-cidr-block 10.10.0.0/16 --vpc-peering-connection-id "$pcx" --region us-east-1`,
    "# in west's account 123456789012:",
    `for i in $(seq 60); do [ "$(aws ec2 describe-vpc-peering-connections --vpc-peering-connection-ids "$pcx" --query 'VpcPeeringConnections[0].Status.Code' --output text --region us-west-2 2>/dev/null)" = active ] && break; sleep 5; done`,
    `aws ec2 ${route}-route --route-table-id rtb-0west --destination-cidr-block 10.20.0.0/16 --vpc-peering-connection-id "$pcx" --region us-west-2`,
  ].join("\n");

checkCases(
  awsPeering,
  {
    valid: [
      {
        name: "joined through peered transit gateways: no peering needed, and which gateways",
        aws: { transit: true },
        peer: "east",
        message:
          "vpc-0west and vpc-0east are joined through transit gateway tgw-0us-west-2 and tgw-0us-east-1: no peering needed (aws.transit-gateway checks that path)",
      },
      {
        name: "an active peering",
        peer: "east",
        message: "pcx-0west-east between vpc-0west and vpc-0east is active",
        count: 1,
      },
      {
        name: "a deleted peering and the active one that replaced it",
        aws: { faults: [peeringStatus("west", "east", "deleted"), addPeering("west", "east")] },
        message: "pcx-0west-east-2 between vpc-0west and vpc-0east is active",
      },
      {
        name: "east's peerings were not read, but west's answer shows it active",
        aws: { faults: [denied("east", "DescribeVpcPeeringConnections")] },
        message: /is active$/,
      },
      {
        name: "public Gateway IPs: no peering needed",
        ...publicPair(),
        message: "public Gateway IPs: the tunnel crosses the internet, no peering needed",
      },
      {
        name: "the Gateways share a VPC",
        members: awsPair({}, SHARED_VPC_EAST),
        aws: SHARED_VPC,
        message: "the Gateways share vpc-0west where they use private IPs: no peering needed",
      },
    ],
    invalid: [
      {
        name: "a peering and a gateway: west's route chooses the pending peering, so the peering is checked",
        aws: {
          transit: true,
          peer: true,
          faults: [
            peeringStatus("west", "east", "pending-acceptance"),
            retarget("west", "10.20.0.0/16", { VpcPeeringConnectionId: "pcx-0west-east" }),
          ],
        },
        member: "east",
        peer: "west",
        status: "fail",
        message: /^pcx-0west-east is pending acceptance/,
      },
      {
        name: "a request nobody accepted: east, the accepter, must accept it in its Region (the moto test)",
        aws: { faults: [peeringStatus("west", "east", "pending-acceptance")] },
        member: "east",
        peer: "west",
        status: "fail",
        severity: "error",
        resource: "pcx-0west-east",
        message:
          "pcx-0west-east is pending acceptance: east (account 444455556666) must accept it in us-east-1 before 2026-12-02T08:00:00.000Z",
        remediation: `${AS_EAST}aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id pcx-0west-east --region us-east-1`,
        count: 1,
      },
      {
        name: "a request from east: west must accept it, with its own credentials",
        aws: {
          faults: [
            noPeering("west", "east"),
            addPeering("west", "east", "pending-acceptance", { requester: "b" }),
          ],
        },
        member: "west",
        peer: "east",
        status: "fail",
        message:
          "pcx-0east-west is pending acceptance: west (account 123456789012) must accept it in us-west-2 before 2026-12-02T08:00:00.000Z",
        remediation:
          "aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id pcx-0east-west --region us-west-2",
      },
      {
        name: "a deleted peering (the moto test): create it as west, accept it as east",
        aws: { faults: [peeringStatus("west", "east", "deleted")] },
        peer: "east",
        status: "fail",
        severity: "error",
        resource: "vpc-0west, vpc-0east",
        message:
          "no VPC peering connection between vpc-0west (west) and vpc-0east (east): pcx-0west-east is deleted (Deleted by 123456789012)",
        remediation: createAndAccept("replace"),
        count: 1,
      },
      {
        name: "no peering was ever made",
        aws: { faults: [noPeering("west", "east")] },
        status: "fail",
        message: "no VPC peering connection between vpc-0west (west) and vpc-0east (east)",
        remediation: createAndAccept("create"),
      },
      {
        name: "a rejected request",
        aws: { faults: [peeringStatus("west", "east", "rejected")] },
        status: "fail",
        message: /: pcx-0west-east is rejected \(Rejected by 444455556666\)$/,
      },
      {
        name: "one account and Region: the fix needs no account switch",
        members: awsPair({}, SAME_REGION_EAST),
        aws: { ...SAME_ACCOUNT, faults: [noPeering("west", "east")] },
        status: "fail",
        remediation: [
          "pcx=$(aws ec2 create-vpc-peering-connection --vpc-id vpc-0west --peer-vpc-id vpc-0east --peer-owner-id 123456789012 --peer-region us-west-2 --query VpcPeeringConnection.VpcPeeringConnectionId --output text --region us-west-2)",
          'aws ec2 wait vpc-peering-connection-exists --vpc-peering-connection-ids "$pcx" --region us-west-2',
          'aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id "$pcx" --region us-west-2',
          'aws ec2 create-route --route-table-id rtb-0east --destination-cidr-block 10.10.0.0/16 --vpc-peering-connection-id "$pcx" --region us-west-2',
          `for i in $(seq 60); do [ "$(aws ec2 describe-vpc-peering-connections --vpc-peering-connection-ids "$pcx" --query 'VpcPeeringConnections[0].Status.Code' --output text --region us-west-2 2>/dev/null)" = active ] && break; sleep 5; done`,
          'aws ec2 create-route --route-table-id rtb-0west --destination-cidr-block 10.20.0.0/16 --vpc-peering-connection-id "$pcx" --region us-west-2',
        ].join("\n"),
      },
      {
        name: "members read with profiles: --profile on each command",
        members: awsPair({}, SAME_REGION_EAST),
        aws: {
          members: { west: { profile: "ops" }, east: { account: "123456789012", profile: "net" } },
          faults: [noPeering("west", "east")],
        },
        status: "fail",
        remediation:
          /--output text --region us-west-2 --profile ops\)\naws ec2 wait .* --region us-west-2 --profile net\naws ec2 accept-vpc-peering-connection .* --region us-west-2 --profile net\naws ec2 create-route .* --region us-west-2 --profile net\nfor i in .* --region us-west-2 --profile ops 2>\/dev\/null\)" = active \] && break; sleep 5; done\naws ec2 create-route .* --region us-west-2 --profile ops$/,
      },
      {
        name: "only failover candidates need it (active Gateways on public IPs): a warning",
        ...publicPair(
          {
            nodes: [
              { ip: "10.10.12.34", zone: "us-west-2a" },
              privateCandidate("10.10.45.67", "us-west-2b"),
            ],
          },
          {
            nodes: [
              { ip: "10.20.8.15", zone: "us-east-1a" },
              privateCandidate("10.20.40.22", "us-east-1b"),
            ],
          },
        ),
        status: "warn",
        severity: "warning",
        message: "no VPC peering connection between vpc-0west (west) and vpc-0east (east)",
      },
      {
        name: "two live peerings between the same VPCs",
        aws: { faults: [addPeering("west", "east", "pending-acceptance")] },
        status: "fail",
        severity: "error",
        resource: "pcx-0west-east, pcx-0west-east-2",
        message: "2 peering connections between vpc-0west and vpc-0east: AWS allows one",
        // The one the routes use stays; the other goes, deleted by the member that asked for it.
        remediation: [
          "# keep pcx-0west-east; the routes of both members must point at it (aws.route)",
          "# in west's account 123456789012:",
          "aws ec2 delete-vpc-peering-connection --vpc-peering-connection-id pcx-0west-east-2 --region us-west-2",
        ].join("\n"),
      },
      {
        name: "a peering still being provisioned: re-check",
        aws: { faults: [peeringStatus("west", "east", "provisioning")] },
        status: "warn",
        severity: "warning",
        message: "pcx-0west-east is provisioning: re-check in a minute",
        remediation:
          "aws ec2 describe-vpc-peering-connections --vpc-peering-connection-ids pcx-0west-east --region us-west-2",
      },
      {
        name: "no peering seen, but east's answer is missing: not known",
        aws: {
          faults: [noPeering("west", "east"), denied("east", "DescribeVpcPeeringConnections")],
        },
        status: "unknown",
        message: /^DescribeVpcPeeringConnections was not read for east \(see aws\.access\): /,
      },
      {
        name: "west's Gateways are not mapped to EC2",
        aws: { faults: [forgetInstance("west", 0), forgetInstance("west", 1)] },
        status: "unknown",
        message: "no Gateway Node of west is mapped to EC2 with a Gateway IP (see aws.instance)",
      },
    ],
  },
  { members: awsPair(), aws: {} },
);
