import { awsInstance } from "../../src/checks/aws-instance.js";
import { instanceAt } from "../support/aws-answers.js";
import {
  denied,
  forgetInstance,
  groupFails,
  instanceState,
  moveNodeIp,
} from "../support/aws-faults.js";
import { awsPair, editMember } from "../support/aws-scenarios.js";
import { checkCases } from "../support/check-cases.js";
import { instanceId } from "../support/fixtures/eks.js";
import { patchObjects } from "../support/scenarios.js";

const W0 = "ip-10-10-12-34.us-west-2.compute.internal";
const W1 = "ip-10-10-45-67.us-west-2.compute.internal";
const E1 = "ip-10-20-40-22.ec2.internal";
const i = (member: string, ip: string) => instanceId(member, ip);
const WEST_CTX = "kubectl --context arn:aws:eks:us-west-2:123456789012:cluster/west";
const AS_EAST =
  "# in east's account 444455556666 (doctor read it by assuming arn:aws:iam::444455556666:role/antrea-mc-doctor), with credentials that may change it:\n";
const providerID = (node: string) =>
  `${WEST_CTX} get node ${node} -o jsonpath='{.spec.providerID}'`;

/** west's Node `name` with another providerID. */
const westProviderID = (name: string, id: string) =>
  editMember(awsPair(), "west", (m) => {
    m.objects = patchObjects(m.objects, "Node", name, (n) => ({ ...n, spec: { providerID: id } }));
  });

checkCases(
  awsInstance,
  {
    valid: [
      {
        name: "the Gateway and its candidate mapped to their instances and interfaces",
        message: `mapped: ${W0} → ${i("west", "10.10.12.34")} (eni-0west-0, subnet-0west-a); ${W1} → ${i("west", "10.10.45.67")} (eni-0west-1, subnet-0west-b)`,
        count: 1,
      },
      {
        name: "east, read through its role",
        member: "east",
        message: new RegExp(
          `${E1} → ${i("east", "10.20.40.22")} \\(eni-0east-1, subnet-0east-b\\)$`,
        ),
      },
      {
        name: "a Gateway IP (gateway-ip annotation) on a secondary interface: that interface",
        members: awsPair({
          nodes: [
            {
              ip: "10.10.12.34",
              zone: "us-west-2a",
              annotations: { "multicluster.antrea.io/gateway-ip": "10.10.12.200" },
            },
            { ip: "10.10.45.67", zone: "us-west-2b" },
          ],
        }),
        aws: {
          faults: [
            (w) => {
              instanceAt(w, "west", 0).NetworkInterfaces?.push({
                NetworkInterfaceId: "eni-0west-0b",
                SubnetId: "subnet-0west-a",
                VpcId: "vpc-0west",
                PrivateIpAddress: "10.10.12.200",
                PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: "10.10.12.200" }],
                Attachment: { DeviceIndex: 1 },
                Groups: [{ GroupId: "sg-0west" }],
              });
            },
          ],
        },
        message: new RegExp(`^mapped: ${W0} → i-\\w+ \\(eni-0west-0b, subnet-0west-a\\)`),
      },
    ],
    invalid: [
      {
        name: "a candidate's instance is not in EC2: a warning (the failover)",
        aws: { faults: [forgetInstance("west", 1)] },
        status: "warn",
        severity: "warning",
        resource: i("west", "10.10.45.67"),
        message: `Gateway candidate ${W1}: instance ${i("west", "10.10.45.67")} (Node ${W1}) was not found in account 123456789012, Region us-west-2`,
        remediation: `aws ec2 describe-instances --instance-ids ${i("west", "10.10.45.67")} --region us-west-2\n${providerID(W1)}`,
        count: 1,
      },
      {
        name: "the active Gateway's providerID names an instance EC2 does not know: an error",
        members: westProviderID(W0, "aws:///us-west-2a/i-0fedcba9876543210"),
        status: "fail",
        severity: "error",
        resource: "i-0fedcba9876543210",
        message: `the active Gateway ${W0}: instance i-0fedcba9876543210 (Node ${W0}) was not found in account 123456789012, Region us-west-2`,
        count: 1,
      },
      {
        name: "east's candidate not found: the fix runs in east's account",
        member: "east",
        aws: { faults: [forgetInstance("east", 1)] },
        status: "warn",
        remediation: `${AS_EAST}aws ec2 describe-instances --instance-ids ${i("east", "10.20.40.22")} --region us-east-1\nkubectl --context arn:aws:eks:us-east-1:444455556666:cluster/east get node ${E1} -o jsonpath='{.spec.providerID}'`,
      },
      {
        name: "--aws-region points west at another Region: its instances are not there",
        aws: { members: { west: { regionFlag: "eu-west-1" } } },
        status: "fail",
        message: /was not found in account 123456789012, Region eu-west-1$/,
        remediation: /--region eu-west-1\n/,
        count: 2,
      },
      {
        name: "east read without its role: the default account has no such instance",
        member: "east",
        aws: { members: { east: { roleArn: false } } },
        status: "fail",
        message: /was not found in account 123456789012, Region us-east-1$/,
      },
      {
        name: "the active Gateway's instance is stopped",
        aws: { faults: [instanceState("west", 0, "stopped")] },
        status: "fail",
        resource: i("west", "10.10.12.34"),
        message: `the active Gateway ${W0} runs on ${i("west", "10.10.12.34")}, which is stopped`,
        remediation: `aws ec2 describe-instances --instance-ids ${i("west", "10.10.12.34")} --region us-west-2`,
      },
      {
        name: "a candidate's instance is terminated",
        aws: { faults: [instanceState("west", 1, "terminated")] },
        status: "warn",
        message: `Gateway candidate ${W1} runs on ${i("west", "10.10.45.67")}, which is terminated`,
      },
      {
        name: "no interface of the instance holds the Node's InternalIP",
        aws: { faults: [moveNodeIp("west", 1, "10.10.45.99")] },
        status: "warn",
        message: `Gateway candidate ${W1}: no network interface of ${i("west", "10.10.45.67")} holds the Node's InternalIP 10.10.45.67`,
      },
      {
        name: "a private Gateway IP (gateway-ip annotation) that no interface holds",
        members: awsPair({
          nodes: [
            {
              ip: "10.10.12.34",
              zone: "us-west-2a",
              annotations: { "multicluster.antrea.io/gateway-ip": "10.10.12.99" },
            },
            { ip: "10.10.45.67", zone: "us-west-2b" },
          ],
        }),
        status: "fail",
        message: `the active Gateway ${W0}: its Gateway IP 10.10.12.99 is a private address that no network interface of ${i("west", "10.10.12.34")} holds, so peers' tunnel packets reach no Gateway`,
      },
      {
        name: "a candidate Node that is not an EC2 instance (providerID)",
        members: westProviderID(W1, "kind://docker/west/west-worker"),
        status: "warn",
        resource: `Node ${W1}`,
        message: `Gateway candidate ${W1}: Node ${W1} has no EC2 providerID (spec.providerID is "kind://docker/west/west-worker")`,
        remediation: providerID(W1),
      },
      {
        name: "the active Gateway's Node was deleted",
        members: editMember(awsPair(), "west", (m) => {
          m.objects = patchObjects(m.objects, "Node", W0, () => null);
        }),
        status: "fail",
        resource: `Node ${W0}`,
        message: `the active Gateway ${W0}: Node ${W0} does not exist`,
        remediation: providerID(W0),
      },
      {
        name: "AWS could not be read for the member",
        aws: {
          faults: [
            groupFails("west", { kind: "credentials", message: "Could not load credentials" }),
          ],
        },
        status: "unknown",
        message: "AWS side of west not known: Could not load credentials",
      },
      {
        name: "DescribeInstances denied: each Gateway Node unknown",
        aws: { faults: [denied("west", "DescribeInstances")] },
        status: "unknown",
        message: new RegExp(`^${W0}: DescribeInstances failed: You are not authorized`),
        count: 2,
      },
      {
        name: "Nodes cannot be read",
        overrides: { west: { forbidden: [{ resource: "nodes" }] } },
        status: "unknown",
        message: /^Nodes could not be read: /,
      },
      {
        name: "no Gateway Node at all",
        members: awsPair({ candidates: [], active: null }),
        status: "unknown",
        message: "no Gateway Node to map",
      },
    ],
  },
  { members: awsPair(), aws: {} },
);
