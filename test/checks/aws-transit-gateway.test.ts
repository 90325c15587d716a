import { awsTransitGateway } from "../../src/checks/aws-transit-gateway.js";
import type { Fault, WorldOptions } from "../support/aws-answers.js";
import { denied, prefixList, prefixListDenied, vpcCidrs } from "../support/aws-faults.js";
import { awsPair, SAME_ACCOUNT, SAME_REGION_EAST } from "../support/aws-scenarios.js";
import {
  attachmentState,
  attachmentUnassociated,
  attachmentWithoutZone,
  tgwAclEntry,
  tgwAppliance,
  tgwBlackhole,
  tgwPeeringState,
  tgwPrefixListRoute,
  tgwRouteMissing,
} from "../support/aws-transit.js";
import { checkCases } from "../support/check-cases.js";

/** west (us-west-2) and east (us-east-1) joined through their Regions' peered gateways. */
const T = (...faults: Fault[]): WorldOptions => ({ transit: true, faults });
/** Both in us-west-2, one account: one gateway. */
const ONE = { members: awsPair({}, SAME_REGION_EAST) };
const T1 = (...faults: Fault[]): WorldOptions => ({ ...SAME_ACCOUNT, transit: true, faults });

const AS_EAST =
  "# in east's account 444455556666 (doctor read it by assuming arn:aws:iam::444455556666:role/antrea-mc-doctor), with credentials that may change it:\n";

checkCases(
  awsTransitGateway,
  {
    valid: [
      {
        name: "two Regions joined by peered gateways, static routes on both sides",
        peer: "east",
        message:
          "the tunnel to east goes through tgw-attach-0west → tgw-rtb-0us-west-2 (10.20.0.0/16, static) → peering tgw-attach-0us-west-2-us-east-1 → tgw-0us-east-1 → tgw-rtb-0us-east-1 (10.20.0.0/16, propagated) → tgw-attach-0east (10.10.12.34 → 10.20.8.15) (and 3 more Gateway pairs)",
        count: 1,
      },
      {
        name: "one Region, one gateway, propagated routes",
        ...ONE,
        aws: T1(),
        peer: "east",
        message:
          /^the tunnel to east goes through tgw-attach-0west → tgw-rtb-0us-west-2 \(10\.20\.0\.0\/16, propagated\) → tgw-attach-0east /,
      },
      {
        name: "VPC peering only: not joined through a transit gateway",
        aws: {},
        peer: "east",
        message: "west's and east's Gateways are not joined through a transit gateway",
      },
      {
        name: "overlapping secondary CIDRs (custom networking) carried by the gateway: no matter",
        aws: T(
          vpcCidrs("west", "10.10.0.0/16", "100.64.0.0/16"),
          vpcCidrs("east", "10.20.0.0/16", "100.64.0.0/16"),
        ),
        peer: "east",
        message: /^the tunnel to east goes through /,
      },
      {
        name: "a peering and a gateway: the Gateway subnet's route chooses the gateway",
        aws: { ...T(), peer: true },
        peer: "east",
        message: /^the tunnel to east goes through tgw-attach-0west/,
      },
      {
        name: "a route to a prefix list: its entries decide",
        aws: T(
          tgwPrefixListRoute("us-west-2", "10.20.0.0/16", "pl-0peers"),
          prefixList("west", "pl-0peers", ["10.20.0.0/16"]),
        ),
        peer: "east",
        message:
          /^the tunnel to east goes through tgw-attach-0west → tgw-rtb-0us-west-2 \(10\.20\.0\.0\/16, static\) → peering/,
      },
    ],
    invalid: [
      {
        name: "the attachment has no subnet in a candidate's zone: a warning, fixed by adding one",
        aws: T(attachmentWithoutZone("west", "us-west-2b")),
        peer: "east",
        status: "warn",
        severity: "warning",
        resource: "tgw-attach-0west",
        message:
          "tgw-attach-0west has no subnet in us-west-2b of subnet-0west-b (ip-10-10-45-67.us-west-2.compute.internal): traffic from a zone without an attachment subnet cannot enter tgw-0us-west-2",
        remediation:
          "aws ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id tgw-attach-0west --add-subnet-ids subnet-0west-b --region us-west-2  # or a small subnet of its own in that zone, as AWS advises",
      },
      {
        name: "the gateway's table has no route over the peering: a static route to it",
        aws: T(tgwRouteMissing("us-west-2", "10.20.0.0/16")),
        peer: "east",
        status: "fail",
        severity: "error",
        resource: "tgw-rtb-0us-west-2",
        message:
          "tgw-rtb-0us-west-2 (the route table of tgw-attach-0west on tgw-0us-west-2) has no route to 10.20.8.15, 10.20.40.22",
        remediation:
          "aws ec2 create-transit-gateway-route --transit-gateway-route-table-id tgw-rtb-0us-west-2 --destination-cidr-block 10.20.0.0/16 --transit-gateway-attachment-id tgw-attach-0us-west-2-us-east-1 --region us-west-2",
      },
      {
        name: "the far side of the peering has no static route back (two Regions): east's account adds it",
        aws: T(tgwRouteMissing("us-east-1", "10.10.0.0/16")),
        member: "east",
        peer: "west",
        status: "fail",
        resource: "tgw-rtb-0us-east-1",
        remediation: `${AS_EAST}aws ec2 create-transit-gateway-route --transit-gateway-route-table-id tgw-rtb-0us-east-1 --destination-cidr-block 10.10.0.0/16 --transit-gateway-attachment-id tgw-attach-0us-west-2-us-east-1 --region us-east-1`,
      },
      {
        name: "one Region: the peer VPC's attachment does not propagate: enable it",
        ...ONE,
        aws: T1(tgwRouteMissing("us-west-2", "10.20.0.0/16", "east")),
        peer: "east",
        status: "fail",
        resource: "tgw-rtb-0us-west-2",
        remediation:
          "aws ec2 enable-transit-gateway-route-table-propagation --transit-gateway-route-table-id tgw-rtb-0us-west-2 --transit-gateway-attachment-id tgw-attach-0east --region us-west-2",
      },
      {
        name: "a blackhole route: replaced",
        aws: T(tgwBlackhole("us-west-2", "10.20.0.0/16")),
        peer: "east",
        status: "fail",
        message:
          "tgw-rtb-0us-west-2 routes 10.20.8.15, 10.20.40.22 to a blackhole (10.20.0.0/16, static): tgw-0us-west-2 drops the tunnel",
        remediation:
          "aws ec2 replace-transit-gateway-route --transit-gateway-route-table-id tgw-rtb-0us-west-2 --destination-cidr-block 10.20.0.0/16 --transit-gateway-attachment-id tgw-attach-0us-west-2-us-east-1 --region us-west-2",
      },
      {
        name: "the attachment subnets' ACL denies the tunnel in from the Gateway",
        aws: T(
          tgwAclEntry("west", {
            RuleNumber: 50,
            Protocol: "17",
            PortRange: { From: 6081, To: 6081 },
            CidrBlock: "10.10.0.0/16",
            Egress: false,
            RuleAction: "deny",
          }),
        ),
        peer: "east",
        status: "fail",
        resource: "acl-0west-tgw rule 50",
        message:
          "acl-0west-tgw of attachment subnet subnet-0west-tgw-a blocks UDP 6081 in from 10.10.12.34 on its way into tgw-0us-west-2: rule 50 (deny) decides",
        count: 2,
        remediation:
          "aws ec2 create-network-acl-entry --network-acl-id acl-0west-tgw --ingress --rule-number 40 --protocol 17 --port-range From=6081,To=6081 --cidr-block 10.10.12.34/32 --rule-action allow --region us-west-2",
      },
      {
        name: "the peer's attachment subnets' ACL denies the tunnel out to its Gateway: the peer's finding",
        aws: T(
          tgwAclEntry("east", {
            RuleNumber: 50,
            Protocol: "-1",
            CidrBlock: "10.20.0.0/16",
            Egress: true,
            RuleAction: "deny",
          }),
        ),
        member: "east",
        peer: "west",
        status: "fail",
        resource: "acl-0east-tgw rule 50",
        message:
          /^acl-0east-tgw of attachment subnet subnet-0east-tgw-a blocks UDP 6081 out to 10\.20\.8\.15, 10\.20\.40\.22 on its way out of tgw-0us-east-1/,
        remediation:
          /^# in east's account 444455556666 .*\naws ec2 create-network-acl-entry --network-acl-id acl-0east-tgw --egress --rule-number 40 /,
      },
      {
        name: "a next hop it does not follow (an inspection VPC): unknown with the reason",
        aws: T(tgwAppliance("us-west-2", "10.20.0.0/16")),
        peer: "east",
        status: "unknown",
        message:
          "tgw-rtb-0us-west-2 sends 10.20.8.15 (10.20.0.0/16) to tgw-attach-0inspection, VPC vpc-0inspection (an inspection or appliance VPC?): a next hop this tool does not follow",
      },
      {
        name: "the attachment waits for the gateway owner's acceptance",
        aws: T(attachmentState("west", "pendingAcceptance")),
        peer: "east",
        status: "fail",
        message:
          "tgw-attach-0west (vpc vpc-0west to tgw-0us-west-2) is pendingAcceptance: the owner of tgw-0us-west-2 must accept it",
        remediation:
          "aws ec2 accept-transit-gateway-vpc-attachment --transit-gateway-attachment-id tgw-attach-0west --region us-west-2",
      },
      {
        name: "the gateways' peering waits for the accepter: east's account accepts it in us-east-1",
        aws: T(tgwPeeringState("pendingAcceptance")),
        peer: "east",
        status: "fail",
        resource: "tgw-attach-0us-west-2-us-east-1",
        message:
          "transit gateway peering tgw-attach-0us-west-2-us-east-1 (tgw-0us-west-2 to tgw-0us-east-1) is pendingAcceptance: account 444455556666 must accept it in us-east-1",
        remediation: `${AS_EAST}aws ec2 accept-transit-gateway-peering-attachment --transit-gateway-attachment-id tgw-attach-0us-west-2-us-east-1 --region us-east-1`,
      },
      {
        name: "a route to a prefix list whose entries were not read: unknown, not a false 'no route'",
        aws: T(
          tgwPrefixListRoute("us-west-2", "10.20.0.0/16", "pl-0peers"),
          prefixListDenied("west", "pl-0peers"),
        ),
        peer: "east",
        status: "unknown",
        message:
          "tgw-rtb-0us-west-2 routes prefix list pl-0peers, whose entries were not read (GetManagedPrefixListEntries; see aws.access)",
      },
      {
        name: "the attachment is associated with no route table",
        aws: T(attachmentUnassociated("west")),
        peer: "east",
        status: "fail",
        resource: "tgw-attach-0west",
        remediation:
          "aws ec2 associate-transit-gateway-route-table --transit-gateway-route-table-id tgw-rtb-0us-west-2 --transit-gateway-attachment-id tgw-attach-0west --region us-west-2",
      },
      {
        name: "a gateway shared through AWS RAM: its tables are unknown, with who can read them",
        ...ONE,
        aws: { ...SAME_ACCOUNT, transit: { owner: "999988887777" } },
        peer: "east",
        status: "unknown",
        message:
          /^transit gateway route table tgw-rtb-0us-west-2 belongs to account 999988887777 \(tgw-0us-west-2 is shared with 123456789012 through AWS RAM\): only the owner can read it\. .*--aws-role-arn CONTEXT=arn:aws:iam::999988887777:role\/ROLE.*aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id tgw-rtb-0us-west-2 --filters Name=state,Values=active,blackhole --region us-west-2$/,
      },
      {
        name: "the attachments could not be read: unknown, not a pass",
        aws: T(denied("west", "DescribeTransitGatewayVpcAttachments")),
        peer: "east",
        status: "unknown",
        message:
          "the transit gateway attachments of vpc-0west were not read (DescribeTransitGatewayVpcAttachments; see aws.access)",
      },
    ],
  },
  { members: awsPair(), aws: T() },
);
