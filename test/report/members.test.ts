/** The `eks` and `nodeGroups` of a member's JSON view (docs/reference.md "JSON"). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readSnapshot } from "../../src/collect/snapshot/read.js";
import { buildModel } from "../../src/model/build.js";
import { known } from "../../src/model/known.js";
import type { ClusterSetModel, MemberModel } from "../../src/model/types.js";
import { type MemberView, memberView } from "../../src/report/members.js";
import { awsModelOf, awsPair } from "../support/aws-scenarios.js";
import { modelOf } from "../support/memory-reader.js";
import { healthyScenario, withoutNodeLabel } from "../support/scenarios.js";

const BROKEN = new URL("../../examples/broken", import.meta.url).pathname;

const westOf = (model: ClusterSetModel): MemberModel => {
  const m = model.members.find((x) => x.name === "west");
  assert.ok(m);
  return m;
};

/** West with twelve Nodes in us-west-2c besides its two Gateways. */
const busySubnet = awsPair({
  nodes: [
    { ip: "10.10.12.34", zone: "us-west-2a" },
    { ip: "10.10.45.67", zone: "us-west-2b" },
    ...Array.from({ length: 12 }, (_, i) => ({ ip: `10.10.78.${i + 10}`, zone: "us-west-2c" })),
  ],
});

type Shown = Pick<MemberView, "eks" | "nodeGroups"> & { sources: Partial<MemberView["sources"]> };

const cases: { name: string; member: () => Promise<MemberModel>; want: (v: MemberView) => void }[] =
  [
    {
      name: "examples/broken: what DescribeCluster says, and one group per subnet",
      member: async () => westOf(buildModel((await readSnapshot(BROKEN)).raw)),
      want: (v) => {
        const got: Shown = {
          eks: v.eks,
          nodeGroups: v.nodeGroups,
          sources: { eks: v.sources.eks, nodeGroups: v.sources.nodeGroups },
        };
        const group = (subnetId: string, node: string) => ({
          subnetId,
          securityGroupIds: ["sg-075da331b561a60df"],
          networkAclId: "acl-56e0d5be6c01bb44d",
          nodeCount: 1,
          nodes: [node],
        });
        assert.deepEqual(got, {
          eks: {
            name: "west",
            nameSource: "the EKS context ARN",
            arn: "arn:aws:eks:us-west-2:123456789012:cluster/west",
            status: "ACTIVE",
            version: "1.33",
            ipFamily: "ipv4",
            serviceIpv4Cidr: "10.100.0.0/16",
            vpcId: "vpc-27033aafc83b36bb7",
            clusterSecurityGroupId: "sg-075da331b561a60df",
            autoMode: false,
          },
          nodeGroups: [
            group("subnet-026e15029028cc27c", "ip-10-10-12-34.us-west-2.compute.internal"),
            group("subnet-9c95133046503cb30", "ip-10-10-45-67.us-west-2.compute.internal"),
            group("subnet-38d9e146d0e93f1d0", "ip-10-10-78-9.us-west-2.compute.internal"),
          ],
          sources: {
            eks: "eks:DescribeCluster",
            nodeGroups: "the Nodes' primary network interfaces in EC2",
          },
        });
      },
    },
    {
      name: "twelve Nodes in one subnet: one group, counted, ten names",
      member: async () => westOf((await awsModelOf(busySubnet())).model),
      want: (v) => {
        const busy = v.nodeGroups.find((g) => g.nodeCount > 1);
        assert.ok(busy, JSON.stringify(v.nodeGroups));
        assert.equal(v.nodeGroups.length, 3);
        assert.equal(busy.nodeCount, 12);
        assert.deepEqual(busy.nodes, [
          "ip-10-10-78-10.us-west-2.compute.internal",
          "ip-10-10-78-11.us-west-2.compute.internal",
          "ip-10-10-78-12.us-west-2.compute.internal",
          "ip-10-10-78-13.us-west-2.compute.internal",
          "ip-10-10-78-14.us-west-2.compute.internal",
          "ip-10-10-78-15.us-west-2.compute.internal",
          "ip-10-10-78-16.us-west-2.compute.internal",
          "ip-10-10-78-17.us-west-2.compute.internal",
          "ip-10-10-78-18.us-west-2.compute.internal",
          "ip-10-10-78-19.us-west-2.compute.internal",
        ]);
      },
    },
    {
      name: "a Node outside EC2 is named in the source, in no group",
      member: async () => {
        const m = westOf((await awsModelOf(awsPair()())).model);
        const nodes = m.nodes.known ? m.nodes.value : [];
        return { ...m, nodes: known([...nodes, { node: "fargate-ip-10-10-90-1", os: "linux" }]) };
      },
      want: (v) => {
        assert.equal(
          v.sources.nodeGroups,
          "the Nodes' primary network interfaces in EC2; not placed in EC2: fargate-ip-10-10-90-1 (no EC2 providerID)",
        );
        assert.equal(
          v.nodeGroups.reduce((n, g) => n + g.nodeCount, 0),
          3,
        );
      },
    },
    {
      name: "AWS not inspected: null and empty, each with the reason",
      member: async () => westOf(await modelOf(healthyScenario())),
      want: (v) => {
        assert.equal(v.eks, null);
        assert.deepEqual(v.nodeGroups, []);
        assert.match(v.sources.eks, /^unknown: AWS was not inspected/);
        assert.match(v.sources.nodeGroups, /^unknown: AWS side of west not known/);
      },
    },
  ];

describe("a member's EKS facts and Node groups in JSON", () => {
  for (const c of cases) it(c.name, async () => c.want(memberView(await c.member())));
});

describe("a Gateway's launchedBy", () => {
  it("names what replaces each Gateway Node, from its labels or its instance's tags", async () => {
    const model = buildModel((await readSnapshot(BROKEN)).raw);
    const launched = model.members.map((m) =>
      memberView(m).gateways.map((g) => `${g.node}: ${g.launchedBy}`),
    );
    assert.deepEqual(launched, [
      ["ip-10-10-12-34.us-west-2.compute.internal: Karpenter NodePool gateway"],
      [
        "ip-10-20-8-15.ec2.internal: managed node group east-ng-1",
        "ip-10-20-40-22.ec2.internal: managed node group east-ng-1",
      ],
    ]);
  });

  it("is null when neither the labels nor the instance (AWS not read) tell", async () => {
    const members = healthyScenario();
    for (const m of members) withoutNodeLabel(m, "karpenter.sh/nodepool");
    const view = memberView(westOf(await modelOf(members)));
    assert.deepEqual(
      view.gateways.map((g) => g.launchedBy),
      [null, null],
    );
  });
});
