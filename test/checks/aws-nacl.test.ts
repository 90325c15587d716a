import type { NetworkAclEntry } from "@aws-sdk/client-ec2";
import { awsNacl } from "../../src/checks/aws-nacl.js";
import { homeOf } from "../support/aws-answers.js";
import { denied, naclEntries, naclEntry } from "../support/aws-faults.js";
import { awsPair, SHARED_VPC, SHARED_VPC_EAST } from "../support/aws-scenarios.js";
import { checkCases } from "../support/check-cases.js";

const EXAMPLES = new URL("../../examples/", import.meta.url).pathname;
const AS_EAST =
  "# in east's account 444455556666 (doctor read it by assuming arn:aws:iam::444455556666:role/antrea-mc-doctor), with credentials that may change it:\n";
const deny = (entry: Partial<NetworkAclEntry> & { RuleNumber: number }): NetworkAclEntry => ({
  Protocol: "-1",
  RuleAction: "deny",
  Egress: false,
  CidrBlock: "10.20.0.0/16",
  ...entry,
});
/** create-network-acl-entry lines, as the fixes print them. */
const allow = (
  acl: string,
  direction: "ingress" | "egress",
  rules: [number, string][],
  args = "--protocol 17 --port-range From=6081,To=6081",
  region = "us-west-2",
) =>
  rules
    .map(
      ([n, ip]) =>
        `aws ec2 create-network-acl-entry --network-acl-id ${acl} --${direction} --rule-number ${n} ${args} --cidr-block ${ip}/32 --rule-action allow --region ${region}`,
    )
    .join("\n");
const tunnel = (type: string) => {
  const agentConf = { "multicluster.enablePodToPodConnectivity": true, tunnelType: type };
  return awsPair({ agentConf }, { agentConf });
};

checkCases(
  awsNacl,
  {
    valid: [
      {
        // STT has no handshake and sends no acknowledgments: nothing returns to an ephemeral port.
        name: "STT: ephemeral ports denied, TCP 7471 allowed: nothing more is needed",
        members: tunnel("stt"),
        aws: {
          faults: [
            naclEntry(
              "west",
              deny({ RuleNumber: 50, Protocol: "6", PortRange: { From: 32768, To: 65535 } }),
            ),
            naclEntry(
              "west",
              deny({
                RuleNumber: 50,
                Protocol: "6",
                PortRange: { From: 32768, To: 65535 },
                Egress: true,
              }),
            ),
          ],
        },
      },
      {
        name: "the default network ACL allows everything",
        peer: "east",
        message: "acl-0west allow the tunnel to and from east's Gateway IPs",
        count: 1,
      },
      {
        name: "east, read through its role",
        member: "east",
        message: "acl-0east allow the tunnel to and from west's Gateway IPs",
      },
      {
        name: "an allow numbered before the deny",
        aws: {
          faults: [
            naclEntry("west", {
              ...deny({ RuleNumber: 40 }),
              Protocol: "17",
              RuleAction: "allow",
              PortRange: { From: 6081, To: 6081 },
            }),
            naclEntry("west", deny({ RuleNumber: 50 })),
          ],
        },
      },
      {
        name: "a deny of other ports",
        aws: {
          faults: [
            naclEntry(
              "west",
              deny({ RuleNumber: 50, Protocol: "17", PortRange: { From: 7000, To: 8000 } }),
            ),
          ],
        },
      },
      {
        name: "the Gateways share a subnet: network ACLs do not apply",
        members: awsPair({ candidates: [0] }, { ...SHARED_VPC_EAST, candidates: [0] }),
        aws: SHARED_VPC,
        message: "the Gateways share a subnet: network ACLs do not apply",
      },
      {
        name: "the healthy example snapshot",
        snapshot: `${EXAMPLES}healthy`,
        message: /^acl-\w+ allow the tunnel to and from east's Gateway IPs$/,
      },
    ],
    invalid: [
      {
        name: "a deny ahead of the allow, inbound (the moto test)",
        aws: {
          faults: [
            naclEntry(
              "west",
              deny({ RuleNumber: 50, Protocol: "17", PortRange: { From: 6000, To: 7000 } }),
            ),
          ],
        },
        peer: "east",
        status: "fail",
        severity: "error",
        resource: "acl-0west rule 50",
        message:
          "acl-0west blocks UDP 6081 in from east's Gateway IPs 10.20.8.15, 10.20.40.22: rule 50 (deny) decides",
        remediation: allow("acl-0west", "ingress", [
          [40, "10.20.8.15"],
          [30, "10.20.40.22"],
        ]),
        count: 1,
      },
      {
        name: "a deny outbound, in east: the fix runs in east's account",
        member: "east",
        aws: {
          faults: [
            naclEntry("east", deny({ RuleNumber: 90, Egress: true, CidrBlock: "10.10.0.0/16" })),
          ],
        },
        status: "fail",
        resource: "acl-0east rule 90",
        message:
          "acl-0east blocks UDP 6081 out to west's Gateway IPs 10.10.12.34, 10.10.45.67: rule 90 (deny) decides",
        remediation: `${AS_EAST}${allow(
          "acl-0east",
          "egress",
          [
            [80, "10.10.12.34"],
            [70, "10.10.45.67"],
          ],
          undefined,
          "us-east-1",
        )}`,
      },
      {
        name: "both directions denied: a finding each",
        aws: {
          faults: [
            naclEntry("west", deny({ RuleNumber: 50 })),
            naclEntry("west", deny({ RuleNumber: 50, Egress: true })),
          ],
        },
        status: "fail",
        message:
          /blocks UDP 6081 out to east's Gateway IPs 10\.20\.8\.15, 10\.20\.40\.22: rule 50 \(deny\) decides$/,
        remediation: /--egress --rule-number 40 .*\n.*--egress --rule-number 30 /,
        count: 2,
      },
      {
        name: "two denies in one direction: a rule number is handed out once",
        aws: {
          faults: [
            naclEntry("west", deny({ RuleNumber: 50, CidrBlock: "10.20.8.15/32" })),
            naclEntry("west", deny({ RuleNumber: 60, CidrBlock: "10.20.40.22/32" })),
          ],
        },
        status: "warn",
        resource: "acl-0west rule 60",
        remediation: allow("acl-0west", "ingress", [[30, "10.20.40.22"]]),
        count: 2,
      },
      {
        name: "no allow at all: the last rule (32767) decides",
        aws: {
          faults: [
            naclEntries("west", [
              deny({ RuleNumber: 32767, CidrBlock: "0.0.0.0/0" }),
              {
                RuleNumber: 100,
                Protocol: "-1",
                RuleAction: "allow",
                Egress: true,
                CidrBlock: "0.0.0.0/0",
              },
            ]),
          ],
        },
        status: "fail",
        resource: "acl-0west rule 32767",
        remediation: allow("acl-0west", "ingress", [
          [32760, "10.20.8.15"],
          [32750, "10.20.40.22"],
        ]),
      },
      {
        name: "no inbound entry at all: the implicit deny decides",
        aws: {
          faults: [
            naclEntries("west", [
              {
                RuleNumber: 100,
                Protocol: "-1",
                RuleAction: "allow",
                Egress: true,
                CidrBlock: "0.0.0.0/0",
              },
            ]),
          ],
        },
        status: "fail",
        resource: "acl-0west the default rule *",
        message:
          "acl-0west blocks UDP 6081 in from east's Gateway IPs 10.20.8.15, 10.20.40.22: the default rule * (deny) decides",
        remediation: /--rule-number 32760 /,
      },
      {
        name: "a deny at rule 1: no number is free before it",
        aws: { faults: [naclEntry("west", deny({ RuleNumber: 1 }))] },
        status: "fail",
        resource: "acl-0west rule 1",
        message:
          "acl-0west blocks UDP 6081 in from east's Gateway IPs 10.20.8.15, 10.20.40.22: rule 1 (deny) decides, and too few rule numbers are free before it",
        remediation:
          "# renumber: delete the deny and create it again with a higher --rule-number, then add the allows before it\naws ec2 describe-network-acls --network-acl-ids acl-0west --region us-west-2",
      },
      {
        name: "only the peer's candidate denied: a warning for the failover",
        aws: { faults: [naclEntry("west", deny({ RuleNumber: 50, CidrBlock: "10.20.40.22/32" }))] },
        status: "warn",
        severity: "warning",
        message:
          "acl-0west blocks UDP 6081 in from east's Gateway IP 10.20.40.22: rule 50 (deny) decides",
        remediation: allow("acl-0west", "ingress", [[40, "10.20.40.22"]]),
      },
      {
        name: "STT: TCP 7471 denied inbound from the peer",
        members: tunnel("stt"),
        aws: {
          faults: [
            naclEntry(
              "west",
              deny({ RuleNumber: 50, Protocol: "6", PortRange: { From: 7471, To: 7471 } }),
            ),
          ],
        },
        status: "fail",
        message:
          "acl-0west blocks TCP 7471 in from east's Gateway IPs 10.20.8.15, 10.20.40.22: rule 50 (deny) decides",
        remediation: allow(
          "acl-0west",
          "ingress",
          [
            [40, "10.20.8.15"],
            [30, "10.20.40.22"],
          ],
          "--protocol 6 --port-range From=7471,To=7471",
        ),
      },
      {
        name: "GRE denied outbound: a protocol, no ports",
        members: tunnel("gre"),
        aws: {
          faults: [naclEntry("west", deny({ RuleNumber: 50, Protocol: "47", Egress: true }))],
        },
        status: "fail",
        message: /^acl-0west blocks GRE \(IP protocol 47\) out to east's Gateway IPs/,
        remediation: allow(
          "acl-0west",
          "egress",
          [
            [40, "10.20.8.15"],
            [30, "10.20.40.22"],
          ],
          "--protocol 47",
        ),
      },
      {
        name: "the broken example: east's rule 90 denies UDP from west's VPC",
        snapshot: `${EXAMPLES}broken`,
        member: "east",
        peer: "west",
        status: "fail",
        severity: "error",
        resource: /^acl-\w+ rule 90$/,
        message:
          /^acl-\w+ blocks UDP 6081 \(west's tunnel\) in from west's Gateway IP 10\.10\.12\.34: rule 90 \(deny\) decides$/,
        remediation: new RegExp(
          `^${AS_EAST.replace(/[().]/g, "\\$&")}aws ec2 create-network-acl-entry --network-acl-id acl-\\w+ --ingress --rule-number 80 --protocol 17 --port-range From=6081,To=6081 --cidr-block 10\\.10\\.12\\.34/32 --rule-action allow --region us-east-1$`,
        ),
      },
      {
        name: "no network ACL found for the subnet",
        aws: {
          faults: [
            (w) => {
              homeOf(w, "west").networkAcls = [];
            },
          ],
        },
        status: "unknown",
        message: "no network ACL found for subnet-0west-a (DescribeNetworkAcls)",
      },
      {
        name: "network ACLs not read",
        aws: { faults: [denied("west", "DescribeNetworkAcls")] },
        status: "unknown",
        message: /^DescribeNetworkAcls was not read for west \(see aws\.access\)/,
      },
    ],
  },
  { members: awsPair(), aws: {} },
);
