import { awsSgEgress } from "../../src/checks/aws-sg-egress.js";
import { tunnelPermission } from "../support/aws-answers.js";
import { denied, extraGroup, prefixList, restrictEgress } from "../support/aws-faults.js";
import { awsPair } from "../support/aws-scenarios.js";
import { checkCases } from "../support/check-cases.js";

const AS_EAST =
  "# in east's account 444455556666 (doctor read it by assuming arn:aws:iam::444455556666:role/antrea-mc-doctor), with credentials that may change it:\n";
const toWest = ["10.10.12.34", "10.10.45.67"]
  .map(
    (ip) =>
      `'IpProtocol=udp,FromPort=6081,ToPort=6081,IpRanges=[{CidrIp=${ip}/32,Description="antrea-mc tunnel to west"}]'`,
  )
  .join(" ");

checkCases(
  awsSgEgress,
  {
    valid: [
      {
        name: "all traffic out (the default outbound rule)",
        peer: "east",
        message: "sg-0west let UDP 6081 out to east's Gateway IPs",
        count: 1,
      },
      {
        name: "egress restricted to the peer's VPC CIDR",
        aws: {
          faults: [
            restrictEgress("west", {
              IpProtocol: "udp",
              FromPort: 0,
              ToPort: 65535,
              IpRanges: [{ CidrIp: "10.20.0.0/16" }],
            }),
          ],
        },
      },
      {
        name: "egress restricted to a prefix list holding the peer",
        aws: {
          faults: [
            prefixList("west", "pl-0peers", ["10.20.0.0/16"]),
            restrictEgress("west", {
              IpProtocol: "-1",
              PrefixListIds: [{ PrefixListId: "pl-0peers" }],
            }),
          ],
        },
      },
    ],
    invalid: [
      {
        name: "no outbound rule (the moto test): east's fix, in east's account",
        member: "east",
        peer: "west",
        aws: { faults: [restrictEgress("east")] },
        status: "fail",
        severity: "error",
        resource: "sg-0east",
        message:
          "no security group of eni-0east-0 (ip-10-20-8-15.ec2.internal, active Gateway), eni-0east-1 (ip-10-20-40-22.ec2.internal) lets UDP 6081 out to west's Gateway IPs 10.10.12.34, 10.10.45.67",
        remediation: `${AS_EAST}aws ec2 authorize-security-group-egress --group-id sg-0east --ip-permissions ${toWest} --region us-east-1`,
        count: 1,
      },
      {
        name: "egress restricted to HTTPS",
        aws: {
          faults: [
            restrictEgress("west", {
              IpProtocol: "tcp",
              FromPort: 443,
              ToPort: 443,
              IpRanges: [{ CidrIp: "0.0.0.0/0" }],
            }),
          ],
        },
        status: "fail",
        message: /lets UDP 6081 out to east's Gateway IPs 10\.20\.8\.15, 10\.20\.40\.22$/,
        remediation:
          /^aws ec2 authorize-security-group-egress --group-id sg-0west --ip-permissions 'IpProtocol=udp,FromPort=6081,ToPort=6081,IpRanges=\[\{CidrIp=10\.20\.8\.15\/32,Description="antrea-mc tunnel to east"\}\]' /,
      },
      {
        name: "egress to the active peer Gateway only: a warning for the failover",
        aws: { faults: [restrictEgress("west", tunnelPermission(6081, ["10.20.8.15"]))] },
        status: "warn",
        severity: "warning",
        message: /lets UDP 6081 out to east's Gateway IP 10\.20\.40\.22$/,
      },
      {
        name: "a group of the interface was not read, and the others do not let it out",
        aws: {
          faults: [
            restrictEgress("west"),
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
    ],
  },
  { members: awsPair(), aws: {} },
);
