import { awsEksCluster } from "../../src/checks/aws-eks-cluster.js";
import { eksCluster, extraGroup } from "../support/aws-faults.js";
import { awsPair, editMember } from "../support/aws-scenarios.js";
import { checkCases } from "../support/check-cases.js";
import { patchObjects } from "../support/scenarios.js";

/** Every Node of west labelled as a Fargate Node. */
const fargateWest = editMember(awsPair(), "west", (m) => {
  m.objects = patchObjects(m.objects, "Node", undefined, (n) => ({
    ...n,
    metadata: {
      ...n.metadata,
      labels: { ...n.metadata?.labels, "eks.amazonaws.com/compute-type": "fargate" },
    },
  }));
});

const vpc = (c: Record<string, unknown>) => c.resourcesVpcConfig as Record<string, unknown>;
const net = (c: Record<string, unknown>) => c.kubernetesNetworkConfig as Record<string, unknown>;

checkCases(
  awsEksCluster,
  {
    valid: [
      {
        name: "EKS agrees with the Gateway (the healthy world)",
        message: "EKS cluster west: Service CIDR 10.96.0.0/16 as the Gateway publishes; IPV4",
        count: 1,
      },
      {
        name: "Auto Mode is said, not an error",
        aws: {
          faults: [
            eksCluster("west", (c) => Object.assign(c, { computeConfig: { enabled: true } })),
          ],
        },
        message: /runs in Auto Mode \(computeConfig\.enabled\): VPC CNI settings do not apply$/,
      },
      {
        name: "no clusterSecurityGroupId reported: nothing assumed",
        aws: {
          faults: [
            eksCluster("west", (c) => delete vpc(c).clusterSecurityGroupId),
            extraGroup("west", { GroupId: "sg-0nodes", GroupName: "nodes" }),
          ],
        },
      },
    ],
    invalid: [
      {
        name: "EKS's Service CIDR differs from the one the Gateway publishes",
        aws: {
          faults: [
            eksCluster("west", (c) => Object.assign(net(c), { serviceIpv4Cidr: "10.100.0.0/16" })),
          ],
        },
        status: "fail",
        severity: "error",
        resource: /^Gateway /,
        message:
          /^EKS cluster west gives ClusterIPs from 10\.100\.0\.0\/16 \(eks:DescribeCluster\) but Gateway \S+ publishes 10\.96\.0\.0\/16 to the peers: they would send Service traffic for west to the wrong range$/,
        remediationText:
          /\+ serviceCIDR: "10\.100\.0\.0\/16"\n.*rollout restart deployment\/antrea-mc-controller$/s,
      },
      {
        name: "an IPv6 cluster",
        aws: { faults: [eksCluster("west", (c) => Object.assign(net(c), { ipFamily: "ipv6" }))] },
        status: "fail",
        severity: "error",
        manual: true,
        message:
          "EKS cluster west is IPv6 (kubernetesNetworkConfig.ipFamily: ipv6): Antrea Multi-cluster Gateways are IPv4-only, so west cannot join a ClusterSet's data path; an IPv4 cluster is needed",
      },
      {
        name: "only Fargate Nodes: no antrea-agent",
        members: fargateWest,
        status: "fail",
        severity: "error",
        resource: "Nodes",
        message:
          /^all \d+ Nodes of west run on Fargate .* no antrea-agent runs and networkPolicyOnly Multi-cluster cannot work there/,
      },
      {
        name: "the Gateway lacks the cluster security group, another group admits the tunnel",
        aws: {
          faults: [
            eksCluster("west", (c) => Object.assign(vpc(c), { clusterSecurityGroupId: "sg-0eks" })),
          ],
        },
        status: "warn",
        severity: "info",
        message:
          /lacks the EKS cluster security group sg-0eks, where the Antrea guide adds the tunnel rule; its groups sg-\S+ admit the tunnel from every peer/,
      },
      {
        name: "DescribeCluster unreadable: unknown, with the reason",
        aws: {
          faults: [
            (w) => {
              for (const s of w.states) s.eksClusters = {};
            },
          ],
        },
        status: "unknown",
        message:
          /^EKS has no cluster west \(the EKS context ARN\) where it was asked: No cluster found for name: west\.$/,
      },
    ],
  },
  { members: awsPair(), aws: {} },
);
