import { awsRoute } from "../../src/checks/aws-route.js";
import { homeOf, tableOf } from "../support/aws-answers.js";
import {
  addPeering,
  addRoute,
  blackholeRoute,
  denied,
  moveRouteToMain,
  noPeering,
  ownRouteTable,
  peeringStatus,
  prefixListDenied,
  removeRoute,
  retarget,
  routeViaPrefixList,
} from "../support/aws-faults.js";
import { awsPair, publicPair, SHARED_VPC, SHARED_VPC_EAST } from "../support/aws-scenarios.js";
import { checkCases } from "../support/check-cases.js";

/** A secondary CIDR block associated with a member's VPC (EKS custom networking). */
const secondaryCidr = (member: string, cidr: string) => (w: Parameters<typeof tableOf>[0]) => {
  const vpc = homeOf(w, member).vpcs[0];
  if (!vpc) throw new Error(`${member} has no VPC`);
  vpc.CidrBlockAssociationSet = [
    ...(vpc.CidrBlockAssociationSet ?? []),
    {
      AssociationId: `vpc-cidr-assoc-${cidr}`,
      CidrBlock: cidr,
      CidrBlockState: { State: "associated" },
    },
  ];
};

const AS_EAST =
  "# in east's account 444455556666 (doctor read it by assuming arn:aws:iam::444455556666:role/antrea-mc-doctor), with credentials that may change it:\n";
const E0 = "east's Gateway IP 10.20.8.15 (ip-10-20-8-15.ec2.internal)";
const E1 = "east's Gateway IP 10.20.40.22 (ip-10-20-40-22.ec2.internal)";
const PODS = "east's Pod CIDR 10.20.0.0/16";
const USED = "rtb-0west (used by subnet-0west-a, subnet-0west-b)";
const CREATE =
  "aws ec2 create-route --route-table-id rtb-0west --destination-cidr-block 10.20.0.0/16 --vpc-peering-connection-id pcx-0west-east --region us-west-2";
/** The peer VPC route replaced by a prefix-list route to the peering. */
const viaPrefixList = [routeViaPrefixList("west", "10.20.0.0/16", "pl-0east")];
/** west's Node subnets lose their explicit association: they use the VPC's main table. */
const mainTableOnly = (w: Parameters<typeof tableOf>[0]) => {
  tableOf(w, "west").Associations = [];
};

checkCases(
  awsRoute,
  {
    valid: [
      {
        name: "the peer VPC routed to the transit gateway both VPCs attach to",
        aws: { transit: true },
        peer: "east",
        message:
          "rtb-0west route east's Gateway IPs and Pod CIDRs 10.20.0.0/16 to transit gateway tgw-0us-west-2",
      },
      {
        name: "east's Pod CIDRs are not known: the Gateway IPs are routed, which is what the tunnel needs",
        members: awsPair({}, { mcConf: { podCIDRs: [] } }),
        aws: {
          faults: [
            (w) => {
              homeOf(w, "east").vpcs = [];
            },
          ],
        },
        message:
          "rtb-0west route east's Gateway IPs to the peering (east's Pod CIDRs are not known, so the optional Pod CIDR routes are not checked: antrea-mc-controller-config sets no podCIDRs and Pods get VPC addresses from the Amazon VPC CNI: the Pod CIDRs are the VPC CIDR blocks, which this run did not read from AWS)",
      },
      {
        name: "the peer VPC routed to the peering",
        peer: "east",
        message: "rtb-0west route east's Gateway IPs and Pod CIDRs 10.20.0.0/16 to the peering",
        count: 1,
      },
      {
        name: "east, read through its role",
        member: "east",
        message: "rtb-0east route west's Gateway IPs and Pod CIDRs 10.10.0.0/16 to the peering",
      },
      {
        name: "a broader route to the peering covers the peer",
        aws: {
          faults: [
            removeRoute("west", "10.20.0.0/16"),
            addRoute("west", {
              DestinationCidrBlock: "10.20.0.0/15",
              VpcPeeringConnectionId: "pcx-0west-east",
            }),
          ],
        },
        message: /route east's Gateway IPs and Pod CIDRs 10\.20\.0\.0\/16 to the peering$/,
      },
      {
        name: "a more specific route to the same peering is no shadow",
        aws: {
          faults: [
            addRoute("west", {
              DestinationCidrBlock: "10.20.8.0/24",
              VpcPeeringConnectionId: "pcx-0west-east",
            }),
          ],
        },
      },
      {
        name: "a prefix-list route to the peering",
        aws: { faults: viaPrefixList },
        message: "rtb-0west route east's Gateway IPs and Pod CIDRs 10.20.0.0/16 to the peering",
      },
      {
        name: "subnets without their own table use the main table, which has the route",
        aws: { faults: [moveRouteToMain("west", "10.20.0.0/16"), mainTableOnly] },
        message:
          "rtb-0west-main route east's Gateway IPs and Pod CIDRs 10.20.0.0/16 to the peering",
      },
      {
        name: "the Gateways share a VPC: the local route",
        members: awsPair({}, SHARED_VPC_EAST),
        aws: SHARED_VPC,
        message: "the Gateways share a VPC: the local route carries the tunnel",
      },
      {
        name: "public Gateway IPs: the internet gateway is aws.public-path's",
        ...publicPair(),
        message: "public Gateway IPs: the path is the internet gateway (aws.public-path)",
      },
    ],
    invalid: [
      {
        name: "joined through a transit gateway, no route to it: the route to the gateway",
        aws: { transit: true, faults: [removeRoute("west", "10.20.0.0/16")] },
        peer: "east",
        status: "fail",
        resource: "rtb-0west",
        remediation:
          "aws ec2 create-route --route-table-id rtb-0west --destination-cidr-block 10.20.0.0/16 --transit-gateway-id tgw-0us-west-2 --region us-west-2",
      },
      {
        name: "no route to the peer: one create-route for the whole VPC",
        aws: { faults: [removeRoute("west", "10.20.0.0/16")] },
        peer: "east",
        status: "fail",
        severity: "error",
        resource: "rtb-0west",
        message: `${USED}: no route for ${E0}; no route for ${PODS}; no route for ${E1}`,
        remediation: CREATE,
        count: 1,
      },
      {
        name: "the broken example: west's route is in the main table",
        snapshot: new URL("../../examples/broken", import.meta.url).pathname,
        status: "fail",
        severity: "error",
        message:
          /^rtb-\w+ \(used by subnet-\w+\): no route for east's Gateway IP 10\.20\.8\.15 \(ip-10-20-8-15\.ec2\.internal\); no route for east's Pod CIDR 10\.20\.0\.0\/16; /,
        remediation:
          /^# rtb-\w+ \(the VPC's main table\) has this route, but the Gateway subnets use rtb-\w+:\naws ec2 create-route --route-table-id rtb-\w+ --destination-cidr-block 10\.20\.0\.0\/16 --vpc-peering-connection-id pcx-\w+ --region us-west-2$/,
        count: 1,
      },
      {
        name: "east's route missing: the fix runs in east's account",
        member: "east",
        aws: { faults: [removeRoute("east", "10.10.0.0/16")] },
        status: "fail",
        remediation: `${AS_EAST}aws ec2 create-route --route-table-id rtb-0east --destination-cidr-block 10.10.0.0/16 --vpc-peering-connection-id pcx-0west-east --region us-east-1`,
      },
      {
        name: "the route sits in the main table, but the Gateway subnets use their own (the moto test)",
        aws: { faults: [moveRouteToMain("west", "10.20.0.0/16")] },
        status: "fail",
        resource: "rtb-0west",
        message: `${USED}: no route for ${E0}; no route for ${PODS}; no route for ${E1}`,
        remediation: `# rtb-0west-main (the VPC's main table) has this route, but the Gateway subnets use rtb-0west:\n${CREATE}`,
      },
      {
        name: "subnets without their own table use the main table, which lacks the route",
        aws: { faults: [removeRoute("west", "10.20.0.0/16"), mainTableOnly] },
        status: "fail",
        resource: "rtb-0west-main",
        message:
          /^rtb-0west-main \(main table, used by subnet-0west-a, subnet-0west-b\): no route for /,
        remediation: CREATE.replace("rtb-0west", "rtb-0west-main"),
      },
      {
        name: "a longer prefix shadows the peering route: the Gateway IP it takes (the moto test)",
        aws: {
          faults: [
            addRoute("west", { DestinationCidrBlock: "10.20.8.0/24", GatewayId: "igw-0west" }),
          ],
        },
        status: "fail",
        severity: "error",
        message: `${USED}: ${E0} goes to igw-0west (internet-gateway, route 10.20.8.0/24), not to pcx-0west-east`,
        remediation:
          "# 10.20.8.0/24 → igw-0west is more specific and takes the traffic; remove it if nothing else needs it:\naws ec2 delete-route --route-table-id rtb-0west --destination-cidr-block 10.20.8.0/24 --region us-west-2",
        count: 2,
      },
      {
        name: "a longer prefix shadows the peering route: the Pod CIDR it carves",
        aws: {
          faults: [
            addRoute("west", { DestinationCidrBlock: "10.20.8.0/24", GatewayId: "igw-0west" }),
          ],
        },
        // The Gateway IP inside the carved part is the error (the case above); the Pod CIDR's
        // own route is Antrea's guide's: info.
        status: "warn",
        severity: "info",
        message: `${USED}: ${PODS} is shadowed in part by 10.20.8.0/24 → igw-0west`,
        remediation:
          "aws ec2 delete-route --route-table-id rtb-0west --destination-cidr-block 10.20.8.0/24 --region us-west-2",
      },
      {
        name: "only part of the Pod CIDR routed to the peering",
        aws: {
          faults: [
            removeRoute("west", "10.20.0.0/16"),
            addRoute("west", {
              DestinationCidrBlock: "10.20.0.0/17",
              VpcPeeringConnectionId: "pcx-0west-east",
            }),
          ],
        },
        // The Gateway IPs (10.20.8.15, 10.20.40.22) are in the routed half: only Antrea's
        // guide's Pod CIDR route is incomplete.
        status: "warn",
        severity: "info",
        message: `${USED}: only part of ${PODS} goes to pcx-0west-east (route 10.20.0.0/17)`,
        remediation: CREATE,
        count: 1,
      },
      {
        name: "a peering pending acceptance: its routes are blackholes (the moto test)",
        aws: { faults: [peeringStatus("west", "east", "pending-acceptance")] },
        status: "fail",
        message: `${USED}: the route 10.20.0.0/16 → pcx-0west-east for ${E0} is a blackhole: the peering is pending-acceptance; the route 10.20.0.0/16 → pcx-0west-east for ${PODS} is a blackhole: the peering is pending-acceptance; the route 10.20.0.0/16 → pcx-0west-east for ${E1} is a blackhole: the peering is pending-acceptance`,
        remediation:
          "aws ec2 describe-vpc-peering-connections --vpc-peering-connection-ids pcx-0west-east --region us-west-2  # accept it first (aws.peering)",
      },
      {
        name: "a pending peering: east has no route at all (the moto test)",
        member: "east",
        aws: {
          faults: [
            peeringStatus("west", "east", "pending-acceptance"),
            removeRoute("east", "10.10.0.0/16"),
          ],
        },
        status: "fail",
        message: /no route for west's Gateway IP 10\.10\.12\.34/,
        remediation: `${AS_EAST}aws ec2 create-route --route-table-id rtb-0east --destination-cidr-block 10.10.0.0/16 --vpc-peering-connection-id pcx-0west-east --region us-east-1`,
      },
      {
        // EC2's view of the route lags the peering's (or the route predates its last state):
        // pointing the route at the same peering again is the one command that can clear it.
        name: "a blackhole route to a peering seen as active: point it at the peering again",
        aws: { faults: [blackholeRoute("west", "10.20.0.0/16")] },
        status: "fail",
        message:
          /^rtb-0west \(used by subnet-0west-a, subnet-0west-b\): the route 10\.20\.0\.0\/16 → pcx-0west-east for east's Gateway IP 10\.20\.8\.15 \(ip-10-20-8-15\.ec2\.internal\) is a blackhole although the peering is active;/,
        remediation:
          "aws ec2 replace-route --route-table-id rtb-0west --destination-cidr-block 10.20.0.0/16 --vpc-peering-connection-id pcx-0west-east --region us-west-2",
      },
      {
        name: "a dead peering's blackhole route, and a new peering: replace the route",
        aws: {
          faults: [
            peeringStatus("west", "east", "deleted"),
            blackholeRoute("west", "10.20.0.0/16"),
            addPeering("west", "east"),
          ],
        },
        status: "fail",
        message: `${USED}: ${E0} goes to pcx-0west-east (peering, route 10.20.0.0/16), not to pcx-0west-east-2; ${PODS} goes to pcx-0west-east (peering, route 10.20.0.0/16), not to pcx-0west-east-2; ${E1} goes to pcx-0west-east (peering, route 10.20.0.0/16), not to pcx-0west-east-2`,
        remediation:
          "aws ec2 replace-route --route-table-id rtb-0west --destination-cidr-block 10.20.0.0/16 --vpc-peering-connection-id pcx-0west-east-2 --region us-west-2",
      },
      {
        name: "the peer VPC routed to a transit gateway",
        aws: { faults: [retarget("west", "10.20.0.0/16", { TransitGatewayId: "tgw-0shared" })] },
        status: "fail",
        message:
          /: east's Gateway IP 10\.20\.8\.15 \(ip-10-20-8-15\.ec2\.internal\) goes to tgw-0shared \(transit-gateway, route 10\.20\.0\.0\/16\), not to pcx-0west-east;/,
        remediation:
          "aws ec2 replace-route --route-table-id rtb-0west --destination-cidr-block 10.20.0.0/16 --vpc-peering-connection-id pcx-0west-east --region us-west-2",
      },
      {
        name: "no peer route, the default route to a NAT gateway takes it",
        aws: {
          faults: [
            removeRoute("west", "10.20.0.0/16"),
            addRoute("west", { DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: "nat-0west" }),
          ],
        },
        status: "fail",
        message: /goes to nat-0west \(nat-gateway, route 0\.0\.0\.0\/0\), not to pcx-0west-east/,
        remediation: CREATE,
      },
      {
        name: "a candidate's subnet with a table of its own: a warning (the moto setup test)",
        aws: { faults: [ownRouteTable("west", "us-west-2b")] },
        status: "warn",
        severity: "warning",
        resource: "rtb-0west-b",
        message: `rtb-0west-b (used by subnet-0west-b): no route for ${E0}; no route for ${PODS}; no route for ${E1}`,
        remediation: CREATE.replace("rtb-0west", "rtb-0west-b"),
        count: 1,
      },
      {
        name: "Pods in the peer VPC's secondary CIDR (custom networking): an info with the route Antrea's guide asks for",
        members: awsPair({}, { mcConf: { podCIDRs: ["100.64.0.0/16"] } }),
        aws: { faults: [secondaryCidr("east", "100.64.0.0/16")] },
        status: "warn",
        severity: "info",
        message: `${USED}: no route for east's Pod CIDR 100.64.0.0/16`,
        remediation:
          "aws ec2 create-route --route-table-id rtb-0west --destination-cidr-block 100.64.0.0/16 --vpc-peering-connection-id pcx-0west-east --region us-west-2",
      },
      {
        name: "Pods in a CIDR no peering can carry (not the peer VPC's): an info, and no route to add",
        members: awsPair({}, { mcConf: { podCIDRs: ["100.64.0.0/16"] } }),
        status: "warn",
        severity: "info",
        message: `${USED}: no route for east's Pod CIDR 100.64.0.0/16 (it cannot be routed over the peering: it is not inside the peer VPC's CIDR blocks (10.20.0.0/16), and a peering carries traffic only to those; the tunnel does not need it)`,
        remediation: null,
      },
      {
        name: "the same secondary CIDR in both VPCs: overlapping the local VPC, no route to add",
        members: awsPair({}, { mcConf: { podCIDRs: ["100.64.0.0/16"] } }),
        aws: {
          faults: [secondaryCidr("east", "100.64.0.0/16"), secondaryCidr("west", "100.64.0.0/16")],
        },
        status: "warn",
        severity: "info",
        message:
          /it cannot be routed over the peering: it overlaps the local VPC's 100\.64\.0\.0\/16/,
        remediation: null,
      },
      {
        name: "no route table for the Gateway subnet",
        aws: {
          faults: [
            (w) => {
              homeOf(w, "west").routeTables = [];
            },
          ],
        },
        status: "unknown",
        message: "no route table found for subnet-0west-a (DescribeRouteTables)",
      },
      {
        name: "no peering to route to",
        aws: { faults: [noPeering("west", "east")] },
        status: "unknown",
        message: "no peering between vpc-0west and vpc-0east to route to (see aws.peering)",
      },
      {
        name: "route tables not read",
        aws: { faults: [denied("west", "DescribeRouteTables")] },
        status: "unknown",
        message:
          /^DescribeRouteTables was not read for west \(see aws\.access\): You are not authorized/,
      },
      {
        name: "a prefix-list route whose entries were not read",
        aws: { faults: [...viaPrefixList, prefixListDenied("west")] },
        status: "unknown",
        message:
          "GetManagedPrefixListEntries was not read for west (see aws.access): pl-0east: You are not authorized to perform this operation.",
      },
    ],
  },
  { members: awsPair(), aws: {} },
);
