import { awsSgIngress } from "../../src/checks/aws-sg-ingress.js";
import { permission, tunnelPermission } from "../support/aws-answers.js";
import {
  denied,
  extraGroup,
  peeringStatus,
  prefixList,
  prefixListDenied,
  tunnelRule,
} from "../support/aws-faults.js";
import { awsPair, SAME_ACCOUNT, SAME_REGION_EAST } from "../support/aws-scenarios.js";
import { tgwOptions } from "../support/aws-transit.js";
import { checkCases } from "../support/check-cases.js";

const AS_EAST =
  "# in east's account 444455556666 (doctor read it by assuming arn:aws:iam::444455556666:role/antrea-mc-doctor), with credentials that may change it:\n";
/** The healthy world's tunnel rules (moto-worlds WEST_RULE / EAST_RULE). */
const WEST_RULE = tunnelPermission(6081, ["10.20.8.15", "10.20.40.22"]);
const EAST_RULE = tunnelPermission(6081, ["10.10.12.34", "10.10.45.67"]);
const WEST_ENIS =
  "eni-0west-0 (ip-10-10-12-34.us-west-2.compute.internal, active Gateway), eni-0west-1 (ip-10-10-45-67.us-west-2.compute.internal)";
/** west's `--ip-permissions` for each of east's Gateway IPs. */
const fromEast = (proto: string) =>
  ["10.20.8.15", "10.20.40.22"]
    .map((ip) => `'${proto}IpRanges=[{CidrIp=${ip}/32,Description="antrea-mc tunnel from east"}]'`)
    .join(" ");
const tunnel = (type: string, extra: Record<string, unknown> = {}) => {
  const agentConf = { "multicluster.enablePodToPodConnectivity": true, tunnelType: type, ...extra };
  return awsPair({ agentConf }, { agentConf });
};
/** A rule of east's that names west's cluster security group instead of IPs. */
const referenceToWest = tunnelRule("east", {
  IpProtocol: "udp",
  FromPort: 6081,
  ToPort: 6081,
  UserIdGroupPairs: [{ GroupId: "sg-0west", UserId: "123456789012" }],
});
const REFERENCE_NOTE =
  "(sg-0east references sg-0west, but a security group reference only matches private IPs in the same VPC or across an active same-Region peering)";

checkCases(
  awsSgIngress,
  {
    valid: [
      {
        name: "a reference across one transit gateway with security group referencing on",
        member: "east",
        peer: "west",
        members: awsPair({}, SAME_REGION_EAST),
        aws: {
          ...SAME_ACCOUNT,
          transit: true,
          faults: [
            referenceToWest,
            tgwOptions("us-west-2", { SecurityGroupReferencingSupport: "enable" }),
          ],
        },
      },
      {
        name: "the tunnel from each peer Gateway candidate /32",
        peer: "east",
        message: "sg-0west admit UDP 6081 from east's Gateway IPs 10.20.8.15, 10.20.40.22",
        count: 1,
      },
      {
        name: "east, read through its role",
        member: "east",
        message: "sg-0east admit UDP 6081 from west's Gateway IPs 10.10.12.34, 10.10.45.67",
      },
      {
        name: "all traffic from the peer's VPC CIDR (the moto test)",
        member: "east",
        aws: {
          faults: [
            tunnelRule("east", { IpProtocol: "-1", IpRanges: [{ CidrIp: "10.10.0.0/16" }] }),
          ],
        },
      },
      {
        name: "a UDP port range from the peer VPC",
        aws: {
          faults: [
            tunnelRule("west", {
              IpProtocol: "udp",
              FromPort: 6000,
              ToPort: 7000,
              IpRanges: [{ CidrIp: "10.20.0.0/16" }],
            }),
          ],
        },
      },
      {
        name: "a prefix list holding the peer's VPC",
        aws: {
          faults: [
            prefixList("west", "pl-0peers", ["10.20.0.0/16"]),
            tunnelRule("west", {
              IpProtocol: "udp",
              FromPort: 6081,
              ToPort: 6081,
              PrefixListIds: [{ PrefixListId: "pl-0peers" }],
            }),
          ],
        },
      },
      {
        name: "a security group reference across an active same-Region peering (the moto test)",
        member: "east",
        members: awsPair({}, SAME_REGION_EAST),
        aws: { ...SAME_ACCOUNT, faults: [referenceToWest] },
        message: "sg-0east admit UDP 6081 from west's Gateway IPs 10.10.12.34, 10.10.45.67",
      },
      {
        name: "a second security group on the interfaces admits it",
        aws: {
          faults: [
            tunnelRule("west"),
            extraGroup("west", {
              GroupId: "sg-0tunnel",
              GroupName: "antrea-mc-tunnel",
              Description: "tunnel",
              IpPermissions: [WEST_RULE],
            }),
          ],
        },
        message: /^sg-0west, sg-0tunnel admit UDP 6081/,
      },
      {
        name: "a group that was not read does not matter when the others admit the tunnel",
        aws: {
          faults: [
            extraGroup("west", { GroupId: "sg-0extra", GroupName: "extra" }, { read: false }),
          ],
        },
      },
      {
        name: "VXLAN with UDP 4789 open (the moto test)",
        members: tunnel("vxlan"),
        aws: { tunnelPort: 4789 },
        message: /admit UDP 4789 from/,
      },
      {
        name: "different tunnels: checked for the one mc.tunnel-consistency keeps",
        members: awsPair(
          {},
          { agentConf: { "multicluster.enablePodToPodConnectivity": true, tunnelType: "vxlan" } },
        ),
        message:
          "sg-0west admit UDP 6081 (west's tunnel) from east's Gateway IPs 10.20.8.15, 10.20.40.22",
      },
    ],
    invalid: [
      {
        name: "a reference across a transit gateway without security group referencing: it matches nothing",
        member: "east",
        peer: "west",
        members: awsPair({}, SAME_REGION_EAST),
        aws: { ...SAME_ACCOUNT, transit: true, faults: [referenceToWest] },
        status: "fail",
        message:
          /\(sg-0east references sg-0west, but tgw-0us-west-2 has SecurityGroupReferencingSupport disabled \(the path is tgw-0us-west-2\)\)$/,
      },
      {
        name: "the wrong port (the moto test): east's fix, in east's account",
        member: "east",
        peer: "west",
        aws: { faults: [tunnelRule("east", { ...EAST_RULE, FromPort: 6082, ToPort: 6082 })] },
        status: "fail",
        severity: "error",
        resource: "sg-0east",
        message:
          "no security group of eni-0east-0 (ip-10-20-8-15.ec2.internal, active Gateway), eni-0east-1 (ip-10-20-40-22.ec2.internal) admits UDP 6081 from west's Gateway IPs 10.10.12.34, 10.10.45.67",
        remediation: `${AS_EAST}aws ec2 authorize-security-group-ingress --group-id sg-0east --ip-permissions 'IpProtocol=udp,FromPort=6081,ToPort=6081,IpRanges=[{CidrIp=10.10.12.34/32,Description="antrea-mc tunnel from west"}]' 'IpProtocol=udp,FromPort=6081,ToPort=6081,IpRanges=[{CidrIp=10.10.45.67/32,Description="antrea-mc tunnel from west"}]' --region us-east-1`,
        count: 1,
      },
      {
        name: "only the active peer Gateway admitted: a warning for the failover (the moto test)",
        aws: { faults: [tunnelRule("west", tunnelPermission(6081, ["10.20.8.15"]))] },
        status: "warn",
        severity: "warning",
        message: `no security group of eni-0west-0 (ip-10-10-12-34.us-west-2.compute.internal, active Gateway), eni-0west-1 (ip-10-10-45-67.us-west-2.compute.internal) admits UDP 6081 from east's Gateway IP 10.20.40.22`,
        remediation: `aws ec2 authorize-security-group-ingress --group-id sg-0west --ip-permissions 'IpProtocol=udp,FromPort=6081,ToPort=6081,IpRanges=[{CidrIp=10.20.40.22/32,Description="antrea-mc tunnel from east"}]' --region us-west-2`,
      },
      {
        name: "no tunnel rule at all",
        aws: { faults: [tunnelRule("west")] },
        status: "fail",
        message: `no security group of ${WEST_ENIS} admits UDP 6081 from east's Gateway IPs 10.20.8.15, 10.20.40.22`,
        remediation: `aws ec2 authorize-security-group-ingress --group-id sg-0west --ip-permissions ${fromEast("IpProtocol=udp,FromPort=6081,ToPort=6081,")} --region us-west-2`,
      },
      {
        name: "TCP where the tunnel is UDP",
        aws: { faults: [tunnelRule("west", { ...WEST_RULE, IpProtocol: "tcp" })] },
        status: "fail",
        message: /admits UDP 6081 from east's Gateway IPs/,
      },
      {
        name: "VXLAN, and only 6081 open (the moto test)",
        members: tunnel("vxlan"),
        status: "fail",
        message: `no security group of ${WEST_ENIS} admits UDP 4789 from east's Gateway IPs 10.20.8.15, 10.20.40.22`,
        remediation: `aws ec2 authorize-security-group-ingress --group-id sg-0west --ip-permissions ${fromEast("IpProtocol=udp,FromPort=4789,ToPort=4789,")} --region us-west-2`,
      },
      {
        name: "GRE: IP protocol 47, no ports",
        members: tunnel("gre"),
        status: "fail",
        message: /admits GRE \(IP protocol 47\) from east's Gateway IPs/,
        remediation: `aws ec2 authorize-security-group-ingress --group-id sg-0west --ip-permissions ${fromEast("IpProtocol=47,")} --region us-west-2`,
      },
      {
        name: "STT: TCP 7471",
        members: tunnel("stt"),
        status: "fail",
        message: /admits TCP 7471 from/,
        remediation: /'IpProtocol=tcp,FromPort=7471,ToPort=7471,IpRanges=/,
      },
      {
        name: "a custom tunnelPort",
        members: tunnel("geneve", { tunnelPort: 7081 }),
        status: "fail",
        message: /admits UDP 7081 from/,
      },
      {
        name: "Multi-cluster WireGuard: its port, not the tunnel's",
        members: tunnel("geneve", { "multicluster.trafficEncryptionMode": "wireGuard" }),
        status: "fail",
        message: /admits UDP 51821 from/,
      },
      {
        name: "a reference to the peer's group across Regions cannot match",
        member: "east",
        aws: { faults: [referenceToWest] },
        status: "fail",
        message: `no security group of eni-0east-0 (ip-10-20-8-15.ec2.internal, active Gateway), eni-0east-1 (ip-10-20-40-22.ec2.internal) admits UDP 6081 from west's Gateway IPs 10.10.12.34, 10.10.45.67 ${REFERENCE_NOTE}`,
      },
      {
        name: "a reference stops matching when the peering goes (the moto test)",
        member: "east",
        members: awsPair({}, SAME_REGION_EAST),
        aws: {
          ...SAME_ACCOUNT,
          faults: [referenceToWest, peeringStatus("west", "east", "deleted")],
        },
        status: "fail",
        message: new RegExp(`${REFERENCE_NOTE.replace(/[().]/g, "\\$&")}$`),
        remediation:
          /^aws ec2 authorize-security-group-ingress --group-id sg-0east .* --region us-west-2$/,
      },
      {
        name: "a group of the interface was not read, and the others do not admit the tunnel",
        aws: {
          faults: [
            tunnelRule("west"),
            extraGroup("west", { GroupId: "sg-0extra", GroupName: "extra" }, { read: false }),
          ],
        },
        status: "unknown",
        message:
          "security groups sg-0extra were not in the DescribeSecurityGroups answer, so their rules are not known",
      },
      {
        name: "security groups not read",
        aws: { faults: [denied("west", "DescribeSecurityGroups")] },
        status: "unknown",
        message: /^DescribeSecurityGroups was not read for west \(see aws\.access\)/,
      },
      {
        name: "a prefix list source whose entries were not read",
        aws: {
          faults: [
            prefixList("west", "pl-0peers", ["10.20.0.0/16"]),
            tunnelRule(
              "west",
              permission({
                IpProtocol: "udp",
                FromPort: 6081,
                ToPort: 6081,
                PrefixListIds: [{ PrefixListId: "pl-0peers" }],
              }),
            ),
            prefixListDenied("west"),
          ],
        },
        status: "unknown",
        message:
          /^GetManagedPrefixListEntries was not read for west \(see aws\.access\): pl-0peers: /,
      },
      {
        name: "the tunnel is not known (an invalid tunnelType)",
        members: awsPair({
          agentConf: { "multicluster.enablePodToPodConnectivity": true, tunnelType: "ipip" },
        }),
        status: "unknown",
        message: 'the tunnel of west is not known: tunnelType "ipip" is not valid',
      },
    ],
  },
  { members: awsPair(), aws: {} },
);
