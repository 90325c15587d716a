import { awsLeaderPath } from "../../src/checks/aws-leader-path.js";
import {
  callFails,
  denied,
  eksCluster,
  endpointAccess,
  natEgress,
  removeRoute,
  retarget,
} from "../support/aws-faults.js";
import { awsPair, SHARED_VPC, SHARED_VPC_EAST } from "../support/aws-scenarios.js";
import { tgwBlackhole, tgwRouteMissing } from "../support/aws-transit.js";
import { checkCases } from "../support/check-cases.js";

const PUBLIC = { public: true, private: false };

checkCases(
  awsLeaderPath,
  {
    valid: [
      {
        name: "private endpoint: peered, routed both ways, TCP 443 admitted",
        message:
          /^east's Nodes reach the leader west's private endpoint \(private endpoint access only\): peered by pcx-0west-east, TCP 443 admitted by sg-\S+$/,
      },
      {
        name: "private endpoint through peered transit gateways, both ways",
        aws: { transit: true },
        message:
          /^east's Nodes reach the leader west's private endpoint \(private endpoint access only\): through tgw-0us-east-1 and tgw-0us-west-2, TCP 443 admitted by sg-\S+$/,
      },
      {
        name: "the leader itself",
        member: "west",
        message: "west is the leader: its controller reaches its own API server inside the cluster",
      },
      {
        name: "public endpoint: the NAT gateway's Elastic IP is in publicAccessCidrs",
        aws: {
          faults: [
            endpointAccess("west", { ...PUBLIC, publicAccessCidrs: ["3.5.140.0/22"] }),
            natEgress("east", "3.5.140.17"),
          ],
        },
        message: /public endpoint access only\): egress 3\.5\.140\.17 within publicAccessCidrs$/,
      },
      {
        name: "public and private access from another VPC: the public path, said to be assumed",
        aws: {
          faults: [
            endpointAccess("west", { public: true, private: true }),
            natEgress("east", "3.5.140.17"),
          ],
        },
        message:
          /assumed public; to tell, resolve 4f1e9b7c2a5d8e3f6b0c1d2e3f4a5b6c\.gr7\.us-west-2\.eks\.amazonaws\.com on a member Node \(`nslookup \S+`\)\): egress 3\.5\.140\.17 within publicAccessCidrs$/,
      },
      {
        name: "public access said off, private access not said: the private path",
        aws: {
          faults: [
            eksCluster("west", (c) => {
              const vpc = c.resourcesVpcConfig as Record<string, unknown>;
              vpc.endpointPublicAccess = false;
              delete vpc.endpointPrivateAccess;
            }),
          ],
        },
        message: /private endpoint \(private endpoint access only\): peered by/,
      },
      {
        name: "public and private access, Nodes in the leader's VPC: the private path",
        members: awsPair({}, SHARED_VPC_EAST),
        aws: { ...SHARED_VPC, faults: [endpointAccess("west", { public: true, private: true })] },
        message:
          /the member's Nodes are in the leader's VPC, where the endpoint's name resolves to its private addresses\): TCP 443 admitted/,
      },
    ],
    invalid: [
      {
        name: "no rule for TCP 443 on the leader's control plane",
        aws: { leaderApiRule: false },
        status: "fail",
        severity: "error",
        resource: /^sg-/,
        message:
          /^east → the leader west's private endpoint \(private endpoint access only\): no security group of the leader's control plane \(sg-\S+\) admits TCP 443 from east's Nodes .*ip-10-20-8-15\.ec2\.internal \(10\.20\.8\.15\)/,
        remediation:
          /^aws ec2 authorize-security-group-ingress --group-id sg-\S+ --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=\[\{CidrIp=10\.20\.0\.0\/19,Description="antrea-mc antrea-mc: east to the leader API server"\},.*\]' --region us-west-2$/,
      },
      {
        name: "the member's Node subnets do not route the leader's VPC",
        aws: { faults: [removeRoute("east", "10.10.0.0/16")] },
        status: "fail",
        resource: /^rtb-/,
        message:
          /rtb-0east \(used by east's Node subnets subnet-0east-\w, subnet-0east-\w, subnet-0east-\w\): no route for 10\.10\.0\.0\/19 \(subnet-0west-a, the leader's control plane\)$/,
        remediation:
          /^# in east's account 444455556666 .*\naws ec2 create-route --route-table-id rtb-\S+ --destination-cidr-block 10\.10\.0\.0\/16 --vpc-peering-connection-id pcx-0west-east --region us-east-1$/,
      },
      {
        name: "the leader's control-plane subnets do not route back",
        aws: { faults: [removeRoute("west", "10.20.0.0/16")] },
        status: "fail",
        message:
          /rtb-0west \(used by the leader's control-plane subnets subnet-0west-a, subnet-0west-b, subnet-0west-c\): no route for 10\.20\.\d+\.0\/19 \(east's Nodes\)$/,
        remediation:
          /^aws ec2 create-route --route-table-id rtb-\S+ --destination-cidr-block 10\.20\.0\.0\/16 --vpc-peering-connection-id pcx-0west-east --region us-west-2$/,
      },
      {
        name: "no peering with the leader's VPC",
        aws: { peer: false },
        status: "fail",
        manual: true,
        message:
          /no active VPC peering \(nor a transit gateway\) joins east's VPC vpc-\S+ and the leader's vpc-\S+: the private endpoint cannot be reached/,
        remediation:
          /aws ec2 create-vpc-peering-connection --vpc-id vpc-\S+ --peer-vpc-id vpc-\S+ --peer-owner-id 123456789012 --peer-region us-west-2 --region us-east-1/,
      },
      {
        name: "public endpoint: the NAT gateway's Elastic IP is not in publicAccessCidrs",
        aws: {
          faults: [
            endpointAccess("west", { ...PUBLIC, publicAccessCidrs: ["203.0.113.0/24"] }),
            natEgress("east", "3.5.140.17"),
          ],
        },
        status: "fail",
        resource: "EKS cluster west",
        message:
          /the leader's public endpoint admits 203\.0\.113\.0\/24 \(publicAccessCidrs\), not east's egress address 3\.5\.140\.17$/,
        remediation:
          /^aws eks update-cluster-config --name west --resources-vpc-config endpointPublicAccess=true,publicAccessCidrs=203\.0\.113\.0\/24,3\.5\.140\.17\/32 --region us-west-2$/,
      },
      {
        name: "public endpoint: the Nodes have no way to the internet",
        aws: { faults: [endpointAccess("west", PUBLIC)] },
        status: "fail",
        manual: true,
        message:
          /has no route to the internet: east's Nodes there cannot reach the leader's public endpoint$/,
        remediation:
          /\nnat=\$\(aws ec2 describe-nat-gateways --filter Name=vpc-id,Values=vpc-0east Name=state,Values=available --query 'NatGateways\[0\]\.NatGatewayId' --output text --region us-east-1\)\naws ec2 create-route --route-table-id rtb-0east --destination-cidr-block 0\.0\.0\.0\/0 --nat-gateway-id "\$nat" --region us-east-1\n.*\naws eks update-cluster-config --name west --resources-vpc-config endpointPrivateAccess=true,endpointPublicAccess=false --region us-west-2$/s,
      },
      {
        name: "through transit gateways: east's gateway table has no route to the leader's VPC",
        aws: { transit: true, faults: [tgwRouteMissing("us-east-1", "10.10.0.0/16")] },
        status: "fail",
        message:
          /to the leader's control plane: tgw-rtb-0us-east-1 \(the route table of tgw-attach-0east on tgw-0us-east-1\) has no route to 10\.10\.0\.0/,
        remediation:
          /aws ec2 create-transit-gateway-route --transit-gateway-route-table-id tgw-rtb-0us-east-1 --destination-cidr-block 10\.10\.0\.0\/16 --transit-gateway-attachment-id tgw-attach-0us-west-2-us-east-1 --region us-east-1/,
      },
      {
        name: "through transit gateways: the way back is a blackhole in west's table",
        aws: { transit: true, faults: [tgwBlackhole("us-west-2", "10.20.0.0/16")] },
        status: "fail",
        message:
          /back from the leader's control plane: tgw-rtb-0us-west-2 routes 10\.20\.\d+\.\d+ to a blackhole/,
      },
      {
        name: "a route to a transit gateway the VPC is not attached to, beside the peering: wrong",
        status: "fail",
        aws: {
          faults: [retarget("east", "10.10.0.0/16", { TransitGatewayId: "tgw-0shared" })],
        },
        message:
          /rtb-0east \(used by east's Node subnets? [^)]*\): 10\.10\.0\.0\/19 \(subnet-0west-a, the leader's control plane\) goes to tgw-0shared, not pcx-/,
      },
      {
        name: "the leader's route tables could not be read: unknown, not a pass",
        aws: { faults: [denied("west", "DescribeRouteTables")] },
        status: "unknown",
        message: /DescribeRouteTables was not read for the leader \(see aws\.access\)/,
      },
      {
        name: "NAT gateways could not be read: the public path is unknown",
        aws: {
          faults: [
            endpointAccess("west", PUBLIC),
            natEgress("east", "3.5.140.17"),
            callFails("east", "DescribeNatGateways", {
              kind: "denied",
              code: "UnauthorizedOperation",
              message: "You are not authorized to perform this operation.",
            }),
          ],
        },
        status: "unknown",
        message: /NAT gateways were not read: You are not authorized/,
      },
      {
        name: "no leader context",
        leader: { kind: "none" },
        aws: {},
        status: "unknown",
        message: /^the leader was not read: /,
      },
    ],
  },
  { aws: {}, member: "east" },
);
