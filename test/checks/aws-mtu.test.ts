import { awsMtu } from "../../src/checks/aws-mtu.js";
import { eksCluster, forgetInstance } from "../support/aws-faults.js";
import {
  awsPair,
  editMember,
  publicPair,
  SAME_ACCOUNT,
  SAME_REGION_EAST,
  SHARED_VPC,
  SHARED_VPC_EAST,
} from "../support/aws-scenarios.js";
import { checkCases } from "../support/check-cases.js";
import { patchObjects } from "../support/scenarios.js";

const cniDefault = { vpcCniMtu: undefined };

checkCases(
  awsMtu,
  {
    valid: [
      {
        name: "8500 fits inter-Region peering (the healthy moto world)",
        peer: "east",
        message:
          "tunnel packets of up to 8500 bytes (aws-node AWS_VPC_ENI_MTU) fit inter-Region VPC peering pcx-0west-east (8500)",
        count: 1,
      },
      {
        name: "the VPC CNI default fits same-Region peering",
        members: awsPair(cniDefault, { ...SAME_REGION_EAST, ...cniDefault }),
        aws: SAME_ACCOUNT,
        message:
          "tunnel packets of up to 9001 bytes (Amazon VPC CNI default) fit same-Region VPC peering (9001)",
      },
      {
        name: "the VPC CNI default fits one VPC",
        members: awsPair(cniDefault, { ...SHARED_VPC_EAST, ...cniDefault }),
        aws: SHARED_VPC,
        message:
          "tunnel packets of up to 9001 bytes (Amazon VPC CNI default) fit the same VPC (9001)",
      },
      {
        name: "1500 over the internet (the moto members test)",
        ...publicPair(),
        message:
          "tunnel packets of up to 1500 bytes (aws-node AWS_VPC_ENI_MTU) fit the internet (1500)",
      },
    ],
    invalid: [
      {
        name: "the VPC CNI default over a transit gateway in one Region: 8500, not 9001",
        members: awsPair(cniDefault, { ...SAME_REGION_EAST, ...cniDefault }),
        aws: { ...SAME_ACCOUNT, transit: true },
        status: "warn",
        message:
          "west sends tunnel packets of up to 9001 bytes (Amazon VPC CNI default) but transit gateway tgw-0us-west-2 to east carries 8500: larger packets are dropped (Don't Fragment)",
      },
      {
        name: "the VPC CNI keeps 9001 across Regions (the moto test)",
        members: awsPair(cniDefault),
        peer: "east",
        status: "warn",
        severity: "warning",
        resource: "daemonset/aws-node",
        message:
          "west sends tunnel packets of up to 9001 bytes (Amazon VPC CNI default) but inter-Region VPC peering pcx-0west-east to east carries 8500: larger packets are dropped (Don't Fragment)",
        remediation:
          "kubectl --context arn:aws:eks:us-west-2:123456789012:cluster/west -n kube-system set env daemonset/aws-node AWS_VPC_ENI_MTU=8500\n# then restart the Pods that talk across clusters, so that they get the smaller MTU",
        count: 1,
      },
      {
        name: "the broken example: the VPC CNI default on both sides",
        snapshot: new URL("../../examples/broken", import.meta.url).pathname,
        member: "east",
        status: "warn",
        message:
          /^east sends tunnel packets of up to 9001 bytes \(Amazon VPC CNI default\) but inter-Region VPC peering pcx-\w+ to west carries 8500/,
      },
      {
        name: "east's side: its own context",
        members: awsPair({}, cniDefault),
        member: "east",
        status: "warn",
        remediation:
          "kubectl --context arn:aws:eks:us-east-1:444455556666:cluster/east -n kube-system set env daemonset/aws-node AWS_VPC_ENI_MTU=8500\n# then restart the Pods that talk across clusters, so that they get the smaller MTU",
      },
      {
        name: "a custom MTU still too large",
        members: awsPair({ vpcCniMtu: 9000 }),
        status: "warn",
        message: /^west sends tunnel packets of up to 9000 bytes \(aws-node AWS_VPC_ENI_MTU\) but /,
      },
      {
        name: "8500 over the internet",
        ...publicPair({ vpcCniMtu: 8500 }),
        status: "warn",
        message:
          "west sends tunnel packets of up to 8500 bytes (aws-node AWS_VPC_ENI_MTU) but the internet to east carries 1500: larger packets are dropped (Don't Fragment)",
        remediation: /set env daemonset\/aws-node AWS_VPC_ENI_MTU=1500\n/,
      },
      {
        name: "across Regions without a peering yet: the path it will take",
        members: awsPair(cniDefault),
        aws: { peer: false },
        status: "warn",
        message: /but inter-Region VPC peering to east carries 8500:/,
      },
      {
        name: "no Amazon VPC CNI to read the MTU from",
        members: editMember(awsPair(), "west", (m) => {
          m.objects = patchObjects(m.objects, "DaemonSet", "aws-node", () => null);
        }),
        status: "unknown",
        message: "west runs no Amazon VPC CNI (aws-node) to read the MTU from",
      },
      {
        name: "EKS Auto Mode (its Nodes' label), no aws-node: the fix cannot be a VPC CNI setting",
        members: editMember(awsPair(), "west", (m) => {
          m.objects = patchObjects(m.objects, "DaemonSet", "aws-node", () => null);
          m.objects = patchObjects(m.objects, "Node", undefined, (n) => {
            const labels = (n.metadata as { labels: Record<string, string> }).labels;
            labels["eks.amazonaws.com/compute-type"] = "auto";
            return n;
          });
        }),
        status: "unknown",
        message:
          "3 Nodes are EKS Auto Mode Nodes (eks.amazonaws.com/compute-type: auto) and no aws-node DaemonSet runs: EKS Auto Mode manages the Pod network itself (no aws-node DaemonSet), so VPC CNI settings such as AWS_VPC_ENI_MTU do not apply to its Nodes, and the MTU cannot be read from one",
      },
      {
        name: "EKS Auto Mode (DescribeCluster) beside aws-node: the VPC CNI fix says it changes only its Nodes",
        members: awsPair(cniDefault),
        aws: {
          faults: [
            eksCluster("west", (c) => Object.assign(c, { computeConfig: { enabled: true } })),
          ],
        },
        peer: "east",
        status: "warn",
        remediation:
          /^# EKS cluster west runs in Auto Mode \(computeConfig\.enabled\): EKS Auto Mode manages the Pod network itself .*; this changes only the Nodes aws-node runs on\nkubectl .* set env daemonset\/aws-node AWS_VPC_ENI_MTU=8500\n/,
      },
      {
        name: "east's Gateways are not mapped to EC2",
        aws: { faults: [forgetInstance("east", 0), forgetInstance("east", 1)] },
        status: "unknown",
        message: "no Gateway Node of east is mapped to EC2 with a Gateway IP (see aws.instance)",
      },
    ],
  },
  { members: awsPair(), aws: {} },
);
