import { awsPublicPath } from "../../src/checks/aws-public-path.js";
import {
  addRoute,
  denied,
  ownRouteTable,
  publicIp,
  removeRoute,
  retarget,
} from "../support/aws-faults.js";
import { awsPair, awsSpecs, publicGateways, publicPair } from "../support/aws-scenarios.js";
import { checkCases } from "../support/check-cases.js";
import { instanceId } from "../support/fixtures/eks.js";

const AS_EAST =
  "# in east's account 444455556666 (doctor read it by assuming arn:aws:iam::444455556666:role/antrea-mc-doctor), with credentials that may change it:\n";
const W0 = "ip-10-10-12-34.us-west-2.compute.internal";
const I0 = instanceId("west", "10.10.12.34");
const LOOKUP =
  "igw=$(aws ec2 describe-internet-gateways --filters Name=attachment.vpc-id,Values=vpc-0west --query 'InternetGateways[0].InternetGatewayId' --output text --region us-west-2)";
/** create-route per east public Gateway IP to the internet gateway `igw`. */
const routes = (igw: string, verb = "create") =>
  ["54.20.8.15", "54.20.40.22"]
    .map(
      (ip) =>
        `aws ec2 ${verb}-route --route-table-id rtb-0west --destination-cidr-block ${ip}/32 --gateway-id ${igw} --region us-west-2`,
    )
    .join("\n");
/** west's first Node with its Gateway IP set by the gateway-ip annotation. */
const westGatewayIp = (ip: string) => ({
  nodes: [
    {
      ip: "10.10.12.34",
      zone: "us-west-2a",
      annotations: { "multicluster.antrea.io/gateway-ip": ip },
    },
    { ip: "10.10.45.67", zone: "us-west-2b" },
  ],
});
const [westSpec] = awsSpecs();
/** west on public Gateway IPs, east on private ones. */
const mixed = {
  members: awsPair(westSpec ? publicGateways(westSpec) : {}),
  aws: { members: { west: { publicIps: true } } },
};

checkCases(
  awsPublicPath,
  {
    valid: [
      {
        name: "private Gateway IPs: the peering is the path",
        peer: "east",
        message: "private Gateway IPs: the path is the VPC peering (aws.peering, aws.route)",
        count: 1,
      },
      {
        name: "public Gateway IPs owned by the instances, a default route to the internet gateway (the moto test)",
        ...publicPair(),
        message: "public Gateway IPs owned by the instances, routed to an internet gateway",
      },
      {
        name: "/32 routes to the internet gateway, the default route to a NAT gateway",
        ...publicPair({}, {}, [
          retarget("west", "0.0.0.0/0", { NatGatewayId: "nat-0west" }),
          addRoute("west", { DestinationCidrBlock: "54.20.8.15/32", GatewayId: "igw-0west" }),
          addRoute("west", { DestinationCidrBlock: "54.20.40.22/32", GatewayId: "igw-0west" }),
        ]),
      },
      {
        name: "an Elastic IP set as the gateway-ip: the instance's own",
        ...publicPair(westGatewayIp("54.10.12.34")),
      },
    ],
    invalid: [
      {
        name: "no route to the internet gateway (the moto test): look it up, a /32 per peer Gateway",
        ...publicPair({}, {}, [removeRoute("west", "0.0.0.0/0")]),
        peer: "east",
        status: "fail",
        severity: "error",
        resource: "rtb-0west",
        message: "rtb-0west has no route to east's public Gateway IPs 54.20.8.15, 54.20.40.22",
        remediation: `${LOOKUP}\n${routes('"$igw"')}`,
        count: 1,
      },
      {
        name: "no route in the Gateway subnets' table, the internet gateway known from another table",
        ...publicPair({}, {}, [
          removeRoute("west", "0.0.0.0/0"),
          addRoute("west", { DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-0west" }, "main"),
        ]),
        status: "fail",
        remediation: routes("igw-0west"),
      },
      {
        name: "through a NAT gateway: the peer sees the NAT's address",
        ...publicPair({}, {}, [retarget("west", "0.0.0.0/0", { NatGatewayId: "nat-0west" })]),
        status: "warn",
        severity: "warning",
        resource: "rtb-0west",
        message:
          "rtb-0west sends east's public Gateway IPs 54.20.8.15, 54.20.40.22 to nat-0west (nat-gateway), not to an internet gateway: east sees the NAT's address instead of 54.10.12.34",
        remediation: `${LOOKUP}\n${routes('"$igw"')}`,
      },
      {
        name: "a /32 to another target: replaced",
        ...publicPair({}, {}, [
          addRoute("west", {
            DestinationCidrBlock: "54.20.8.15/32",
            TransitGatewayId: "tgw-0shared",
          }),
        ]),
        status: "fail",
        message:
          "rtb-0west sends east's public Gateway IP 54.20.8.15 to tgw-0shared (transit-gateway), not to an internet gateway",
        remediation:
          "aws ec2 replace-route --route-table-id rtb-0west --destination-cidr-block 54.20.8.15/32 --gateway-id igw-0west --region us-west-2",
      },
      {
        name: "a candidate's subnet without the internet route: a warning",
        ...publicPair({}, {}, [ownRouteTable("west", "us-west-2b")]),
        status: "warn",
        severity: "warning",
        resource: "rtb-0west-b",
        message: "rtb-0west-b has no route to east's public Gateway IPs 54.20.8.15, 54.20.40.22",
      },
      {
        name: "a public Gateway IP that is not the instance's (the moto test): annotate its own",
        ...publicPair(westGatewayIp("52.9.9.9")),
        status: "fail",
        severity: "error",
        resource: I0,
        message: `Gateway IP 52.9.9.9 of eni-0west-0 (${W0}, active Gateway) is neither a private nor a public IP of ${I0} (its public IP is 54.10.12.34)`,
        remediation: `kubectl --context arn:aws:eks:us-west-2:123456789012:cluster/west annotate node ${W0} multicluster.antrea.io/gateway-ip=54.10.12.34 --overwrite`,
      },
      {
        name: "a public Gateway IP, and the instance has none: allocate an Elastic IP",
        ...publicPair(westGatewayIp("52.9.9.9"), {}, [publicIp("west", 0)]),
        status: "fail",
        message: `Gateway IP 52.9.9.9 of eni-0west-0 (${W0}, active Gateway) is neither a private nor a public IP of ${I0} (it has no public IP)`,
        remediation: `alloc=$(aws ec2 allocate-address --domain vpc --query AllocationId --output text --region us-west-2)\naws ec2 associate-address --instance-id ${I0} --allocation-id "$alloc" --region us-west-2`,
      },
      {
        name: "the same in east: the Elastic IP is allocated in east's account",
        member: "east",
        ...publicPair(
          {},
          {
            nodes: [
              {
                ip: "10.20.8.15",
                zone: "us-east-1a",
                annotations: { "multicluster.antrea.io/gateway-ip": "52.8.8.8" },
              },
              { ip: "10.20.40.22", zone: "us-east-1b" },
            ],
          },
          [publicIp("east", 0)],
        ),
        status: "fail",
        remediation: new RegExp(
          `^${AS_EAST.replace(/[().]/g, "\\$&")}alloc=\\$\\(aws ec2 allocate-address --domain vpc --query AllocationId --output text --region us-east-1\\)\naws ec2 associate-address --instance-id i-\\w+ --allocation-id "\\$alloc" --region us-east-1$`,
        ),
      },
      {
        name: "west on public Gateway IPs, east on private ones: a warning per east Gateway",
        ...mixed,
        status: "warn",
        severity: "warning",
        resource: "eni-0east-0",
        message:
          "west uses a public Gateway IP (54.10.12.34) but east's ip-10-20-8-15.ec2.internal a private one (10.20.8.15): the two cannot reach each other the same way; use one gatewayIPPrecedence in the whole ClusterSet",
        remediation: null,
        count: 2,
      },
      {
        name: "west on public Gateway IPs: east needs a route to them",
        ...mixed,
        member: "east",
        status: "fail",
        message: "rtb-0east has no route to west's public Gateway IPs 54.10.12.34, 54.10.45.67",
        remediation:
          /^# in east's account 444455556666 .*\nigw=\$\(aws ec2 describe-internet-gateways --filters Name=attachment\.vpc-id,Values=vpc-0east /,
      },
      {
        name: "route tables not read",
        aws: { faults: [denied("west", "DescribeRouteTables")] },
        status: "unknown",
        message: /^DescribeRouteTables was not read for west \(see aws\.access\)/,
      },
    ],
  },
  { members: awsPair(), aws: {} },
);
