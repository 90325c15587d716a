import assert from "node:assert/strict";
import { it } from "node:test";
import { memberNames } from "../../src/collect/names.js";

it("names members by EKS cluster name, falling back to the full context on clashes", () => {
  const names = memberNames([
    "arn:aws:eks:us-west-2:123456789012:cluster/west",
    "arn:aws:eks:us-east-1:444455556666:cluster/east",
    "kind-dev",
    "arn:aws:eks:eu-west-1:123456789012:cluster/prod",
    "arn:aws:eks:eu-central-1:123456789012:cluster/prod",
    "user@team/ctx",
  ]);
  assert.deepEqual(
    [...names.values()],
    [
      "west",
      "east",
      "kind-dev",
      "arn-aws-eks-eu-west-1-123456789012-cluster-prod",
      "arn-aws-eks-eu-central-1-123456789012-cluster-prod",
      "user-team-ctx",
    ],
  );
});
