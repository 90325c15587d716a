/** Which EKS cluster a member is: its context's ARN, else its Gateway instances' tags. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { eksClusterName } from "../../src/aws/eks-cluster.js";

/** DescribeInstances as the AWS CLI prints it, one instance per [id, tags]. */
const described = (...instances: [string, Record<string, string>][]) => ({
  Reservations: instances.map(([id, tags]) => ({
    Instances: [
      { InstanceId: id, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
    ],
  })),
});

describe("eksClusterName", () => {
  const cases: [string, string, ReturnType<typeof described>, string[], unknown, string?][] = [
    [
      "the context ARN wins over tags",
      "arn:aws:eks:us-west-2:123456789012:cluster/west",
      described(["i-1", { "eks:cluster-name": "other" }]),
      ["i-1"],
      { name: "west", source: "the EKS context ARN", from: "arn" },
    ],
    [
      "a managed node group's instance",
      "west",
      described(["i-1", { "eks:cluster-name": "west" }]),
      ["i-1"],
      { name: "west", source: "tag eks:cluster-name of instance i-1", from: "tag" },
    ],
    [
      "a Karpenter or Auto Mode instance",
      "west",
      described(["i-1", { "karpenter.sh/nodepool": "gateway", "eks:eks-cluster-name": "west" }]),
      ["i-1"],
      { name: "west", source: "tag eks:eks-cluster-name of instance i-1", from: "tag" },
    ],
    [
      "the first Gateway instance that has a tag",
      "west",
      described(["i-1", { Name: "x" }], ["i-2", { "aws:eks:cluster-name": "west" }]),
      ["i-1", "i-2"],
      { name: "west", source: "tag aws:eks:cluster-name of instance i-2", from: "tag" },
    ],
    [
      "the --config file's name wins over the ARN and tags",
      "arn:aws:eks:us-west-2:123456789012:cluster/west",
      described(["i-1", { "eks:cluster-name": "other" }]),
      ["i-1"],
      { name: "lab", source: "eksCluster in --config", from: "config" },
      "lab",
    ],
    ["no tag, no ARN", "west", described(["i-1", { Name: "x" }]), ["i-1"], undefined],
    [
      "tags of an instance that is not a Gateway",
      "west",
      described(["i-9", { "eks:cluster-name": "west" }]),
      ["i-1"],
      undefined,
    ],
  ];
  for (const [name, context, instances, ids, expected, configured] of cases) {
    it(name, () => assert.deepEqual(eksClusterName(context, instances, ids, configured), expected));
  }
});
