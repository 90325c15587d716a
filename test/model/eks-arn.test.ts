import assert from "node:assert/strict";
import { it } from "node:test";
import { parseEksClusterArn } from "../../src/aws/eks-arn.js";

it("reads region, account and cluster from an EKS context name", () => {
  assert.deepEqual(parseEksClusterArn("arn:aws:eks:us-west-2:123456789012:cluster/west"), {
    partition: "aws",
    region: "us-west-2",
    accountId: "123456789012",
    clusterName: "west",
  });
  assert.equal(
    parseEksClusterArn("arn:aws-us-gov:eks:us-gov-west-1:123456789012:cluster/gov")?.partition,
    "aws-us-gov",
  );
  assert.equal(parseEksClusterArn("kind-dev"), undefined);
  assert.equal(parseEksClusterArn("arn:aws:eks:us-west-2:1111:cluster/short-account"), undefined);
});
