import { awsNodeToGateway } from "../../src/checks/aws-node-to-gateway.js";
import { addRule, denied, nodeGroupSg, restrictEgress, subnetNacl } from "../support/aws-faults.js";
import { awsPair } from "../support/aws-scenarios.js";
import { checkCases } from "../support/check-cases.js";

const W0 = "ip-10-10-12-34.us-west-2.compute.internal";
const W1 = "ip-10-10-45-67.us-west-2.compute.internal";
const W2 = "ip-10-10-78-9.us-west-2.compute.internal";
const udp6081From = (group: string) => ({
  IpProtocol: "udp",
  FromPort: 6081,
  ToPort: 6081,
  UserIdGroupPairs: [{ GroupId: group, UserId: "123456789012" }],
});
/** West's third Node in a node group of its own, whose group admits nothing. */
const ownGroup = nodeGroupSg("west", 2, { GroupId: "sg-0ng", GroupName: "ng-2" });
/** The third Node in a group of its own that admits the Gateways' group (sg-0west). */
const nodeGroupAdmittingGateways = nodeGroupSg("west", 2, {
  GroupId: "sg-0ng",
  GroupName: "ng-2",
  IpPermissions: [udp6081From("sg-0west")],
});
const fromGroup = (direction: "ingress" | "egress", group: string, peer: string) =>
  `aws ec2 authorize-security-group-${direction} --group-id ${group} --ip-permissions 'IpProtocol=udp,FromPort=6081,ToPort=6081,UserIdGroupPairs=[{GroupId=${peer},Description="antrea-mc tunnel between Nodes and Gateway"}]' --region us-west-2`;
/** West's active Gateway subnet (us-west-2a) admits only east's VPC. */
const gatewaySubnetAdmitsPeerOnly = subnetNacl("west", "us-west-2a", [
  {
    RuleNumber: 100,
    Egress: false,
    Protocol: "-1",
    RuleAction: "allow",
    CidrBlock: "10.20.0.0/16",
  },
  { RuleNumber: 100, Egress: true, Protocol: "-1", RuleAction: "allow", CidrBlock: "10.20.0.0/16" },
]);

/** Both members on STT (TCP 7471). */
const stt = () => {
  const agentConf = { "multicluster.enablePodToPodConnectivity": true, tunnelType: "stt" };
  return awsPair({ agentConf }, { agentConf });
};
/** West's Gateway subnet allows TCP 7471 with its VPC both ways, and nothing else. */
const gatewaySubnetTcp = subnetNacl(
  "west",
  "us-west-2a",
  [false, true].map((Egress) => ({
    RuleNumber: 100,
    Egress,
    Protocol: "6",
    RuleAction: "allow" as const,
    CidrBlock: "10.10.0.0/16",
    PortRange: { From: 7471, To: 7471 },
  })),
);
/** West's Gateway subnet allows only UDP from and to its VPC. */
const gatewaySubnetUdpOnly = subnetNacl(
  "west",
  "us-west-2a",
  [false, true].map((Egress) => ({
    RuleNumber: 100,
    Egress,
    Protocol: "17",
    RuleAction: "allow" as const,
    CidrBlock: "10.10.0.0/16",
  })),
);

checkCases(
  awsNodeToGateway,
  {
    valid: [
      {
        name: "every Node carries the cluster security group, which admits itself",
        message: "3 Nodes in 3 Node groups and 2 Gateways exchange UDP 6081 both ways",
        count: 1,
      },
      {
        name: "a node group admitted both ways by group reference",
        aws: {
          faults: [nodeGroupAdmittingGateways, addRule("west", "ingress", udp6081From("sg-0ng"))],
        },
      },
      {
        name: "the Node tunnel stays Geneve 6081 when WireGuard carries the Gateway leg",
        members: awsPair({
          agentConf: {
            "multicluster.enablePodToPodConnectivity": true,
            "multicluster.trafficEncryptionMode": "wireGuard",
          },
        }),
        aws: {
          faults: [nodeGroupAdmittingGateways, addRule("west", "ingress", udp6081From("sg-0ng"))],
        },
        message: /exchange UDP 6081 both ways/,
      },
      {
        // STT sends no replies (no handshake, no acknowledgments): TCP 7471 each way is all.
        name: "STT: a Gateway subnet ACL that allows TCP 7471 both ways and no ephemeral ports",
        members: stt(),
        aws: { faults: [gatewaySubnetTcp] },
        message: /exchange TCP 7471 both ways/,
      },
      {
        name: "a network ACL of the Gateway subnet that also allows the VPC",
        aws: {
          faults: [
            subnetNacl("west", "us-west-2a", [
              {
                RuleNumber: 100,
                Egress: false,
                Protocol: "17",
                RuleAction: "allow",
                CidrBlock: "10.10.0.0/16",
                PortRange: { From: 6081, To: 6081 },
              },
              {
                RuleNumber: 100,
                Egress: true,
                Protocol: "17",
                RuleAction: "allow",
                CidrBlock: "10.10.0.0/16",
                PortRange: { From: 6081, To: 6081 },
              },
            ]),
          ],
        },
      },
    ],
    invalid: [
      {
        name: "a node group security group that the Gateway's groups do not admit: Nodes to the active Gateway",
        aws: { faults: [ownGroup] },
        status: "fail",
        severity: "error",
        message: `Nodes in subnet-0west-c with sg-0ng (1 Node: ${W2}) cannot send UDP 6081 to the active Gateway ${W0} (10.10.12.34): sg-0west (the Gateway's) does not admit it`,
        remediation: fromGroup("ingress", "sg-0west", "sg-0ng"),
        resource: "sg-0west",
        leg: "to-gateway",
        // Both directions, for the active Gateway and the candidate.
        count: 4,
      },
      {
        name: "… and the Gateway back to the Node of the Pod",
        aws: { faults: [ownGroup] },
        status: "fail",
        severity: "error",
        message: `the active Gateway ${W0} (10.10.12.34) cannot send UDP 6081 to Nodes in subnet-0west-c with sg-0ng (1 Node: ${W2}): sg-0ng (the Nodes') does not admit it`,
        remediation: fromGroup("ingress", "sg-0ng", "sg-0west"),
        leg: "from-gateway",
      },
      {
        name: "… a Gateway candidate is a warning",
        aws: { faults: [ownGroup] },
        status: "warn",
        severity: "warning",
        message: `Nodes in subnet-0west-c with sg-0ng (1 Node: ${W2}) cannot send UDP 6081 to Gateway candidate ${W1} (10.10.45.67): sg-0west (the Gateway's) does not admit it`,
      },
      {
        name: "one direction only: the node group admits the Gateways, the cluster group not the node group",
        aws: {
          faults: [nodeGroupAdmittingGateways],
        },
        status: "fail",
        message: /^Nodes in subnet-0west-c .* cannot send UDP 6081 to the active Gateway/,
        count: 2,
      },
      {
        name: "a candidate-only problem: only the candidate's group misses the node group",
        aws: {
          faults: [
            // The active Gateway gets a group of its own that admits the node group.
            nodeGroupSg("west", 0, {
              GroupId: "sg-0gw",
              GroupName: "gateway",
              IpPermissions: [udp6081From("sg-0ng"), udp6081From("sg-0west")],
            }),
            addRule("west", "ingress", udp6081From("sg-0gw")),
            nodeGroupSg("west", 2, {
              GroupId: "sg-0ng",
              GroupName: "ng-2",
              IpPermissions: [udp6081From("sg-0west"), udp6081From("sg-0gw")],
            }),
          ],
        },
        status: "warn",
        severity: "warning",
        message: `Nodes in subnet-0west-c with sg-0ng (1 Node: ${W2}) cannot send UDP 6081 to Gateway candidate ${W1} (10.10.45.67): sg-0west (the Gateway's) does not admit it`,
        count: 1,
      },
      {
        name: "a dedicated Gateway subnet whose network ACL admits only the peer VPC",
        aws: { faults: [gatewaySubnetAdmitsPeerOnly] },
        status: "fail",
        severity: "error",
        message: `Nodes in subnet-0west-c with sg-0west (1 Node: ${W2}) cannot send UDP 6081 to the active Gateway ${W0} (10.10.12.34): acl-0west-a (the Gateway's subnet) denies it inbound at rule *`,
        // Rule numbers handed out by one finding are not handed out again by the next.
        remediation:
          /^aws ec2 create-network-acl-entry --network-acl-id acl-0west-a --ingress --rule-number 327\d0 --protocol 17 --port-range From=6081,To=6081 --cidr-block 10\.10\.64\.0\/19 --rule-action allow --region us-west-2$/,
        resource: "acl-0west-a",
        leg: "to-gateway",
      },
      {
        name: "… and out of the Gateway subnet back to the Nodes",
        aws: { faults: [gatewaySubnetAdmitsPeerOnly] },
        status: "fail",
        message: `the active Gateway ${W0} (10.10.12.34) cannot send UDP 6081 to Nodes in subnet-0west-b with sg-0west (1 Node: ${W1}): acl-0west-a (the Gateway's subnet) denies it outbound at rule *`,
        leg: "from-gateway",
      },
      {
        name: "STT: a Gateway subnet ACL that allows only the UDP tunnels",
        members: stt(),
        aws: { faults: [gatewaySubnetUdpOnly] },
        status: "fail",
        message: `Nodes in subnet-0west-c with sg-0west (1 Node: ${W2}) cannot send TCP 7471 to the active Gateway ${W0} (10.10.12.34): acl-0west-a (the Gateway's subnet) denies it inbound at rule *`,
        remediation:
          /^aws ec2 create-network-acl-entry --network-acl-id acl-0west-a --ingress --rule-number \d+ --protocol 6 --port-range From=7471,To=7471 --cidr-block 10\.10\.64\.0\/19 --rule-action allow --region us-west-2$/,
        leg: "to-gateway",
      },
      {
        name: "restricted egress: the cluster group lets no tunnel out",
        aws: { faults: [restrictEgress("west")] },
        status: "fail",
        message:
          /^Nodes in subnet-0west-c .* cannot send UDP 6081 to the active Gateway .*: sg-0west \(the Nodes'\) does not let it out$/,
        remediation: fromGroup("egress", "sg-0west", "sg-0west"),
      },
      {
        name: "security groups not readable",
        aws: { faults: [denied("west", "DescribeSecurityGroups")] },
        status: "unknown",
        message: /^DescribeSecurityGroups was not read for west/,
        leg: null,
      },
    ],
  },
  { members: awsPair(), aws: {} },
);
