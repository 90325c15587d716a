/** show's Node groups line: the most detail that fits, and a reason that wraps. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readSnapshot } from "../../src/collect/snapshot/read.js";
import { buildModel } from "../../src/model/build.js";
import { unknown } from "../../src/model/known.js";
import type { NodeGroupView } from "../../src/report/members.js";
import { nodeGroupsText } from "../../src/report/node-groups.js";
import { renderShowTable, showDocument } from "../../src/report/show.js";
import { makeStyle } from "../../src/report/style.js";

const BROKEN = new URL("../../examples/broken", import.meta.url).pathname;

const group = (over: Partial<NodeGroupView> = {}): NodeGroupView => ({
  subnetId: "subnet-026e15029028cc27c",
  securityGroupIds: ["sg-075da331b561a60df"],
  networkAclId: "acl-56e0d5be6c01bb44d",
  nodeCount: 1,
  nodes: [],
  ...over,
});
/** examples/broken's west: one Node in each of three subnets, one group and ACL. */
const threeSubnets = [
  group(),
  group({ subnetId: "subnet-9c95133046503cb30" }),
  group({ subnetId: "subnet-38d9e146d0e93f1d0" }),
];

describe("nodeGroupsText", () => {
  const cases: { name: string; groups: NodeGroupView[]; room: number; want: string }[] = [
    {
      name: "full IDs when they fit",
      groups: threeSubnets,
      room: 80,
      want: "3 Nodes in 3 groups: 3 subnets, sg-075da331b561a60df, acl-56e0d5be6c01bb44d",
    },
    {
      name: "shortened IDs when only those fit",
      groups: threeSubnets,
      room: 64,
      want: "3 Nodes in 3 groups: 3 subnets, sg-075d…, acl-56e0…",
    },
    {
      name: "the counts alone on a narrow line",
      groups: threeSubnets,
      room: 30,
      want: "3 Nodes in 3 groups",
    },
    {
      name: "one subnet, two sets of security groups (a Karpenter NodeClass of its own)",
      groups: [
        group({ nodeCount: 10 }),
        group({ securityGroupIds: ["sg-0ng", "sg-075da331b561a60df"], nodeCount: 2 }),
      ],
      room: 100,
      want: "12 Nodes in 2 groups: subnet-026e15029028cc27c, 2 sets of security groups, acl-56e0d5be6c01bb44d",
    },
    {
      name: "one Node, two groups on it, no network ACL read",
      groups: [group({ securityGroupIds: ["sg-0a", "sg-0b"], networkAclId: null })],
      room: 80,
      want: "1 Node in 1 group: subnet-026e15029028cc27c, sg-0a,sg-0b, no network ACL",
    },
    { name: "no Node in EC2", groups: [], room: 80, want: "no Node placed in EC2" },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = nodeGroupsText(c.groups, c.room);
      assert.equal(got, c.want);
      assert.ok(got.length <= c.room, got);
    });
  }
});

describe("show's Node groups line", () => {
  const lines = async (width: number, nodesUnknown?: string) => {
    const model = buildModel((await readSnapshot(BROKEN)).raw);
    const m = nodesUnknown
      ? {
          ...model,
          members: model.members.map((x) => ({ ...x, nodes: unknown<never>(nodesUnknown) })),
        }
      : model;
    const text = renderShowTable(showDocument(m), m, makeStyle(0), { views: [], width });
    const all = text.split("\n");
    const at = all.findIndex((l) => l.startsWith("  Node groups"));
    assert.ok(at >= 0, text);
    const end = all.findIndex((l, i) => i > at && !l.startsWith(" ".repeat(16)));
    return all.slice(at, end);
  };

  it("one line per member, within 80 columns", async () => {
    assert.deepEqual(await lines(80), [
      "  Node groups   3 Nodes in 3 groups: 3 subnets, sg-075d…, acl-56e0…",
    ]);
  });

  it("a reason they are not known wraps under the value", async () => {
    const got = await lines(60, "nodes could not be listed: nodes is forbidden for this user");
    assert.deepEqual(got, [
      "  Node groups   - (Nodes of west not known: nodes could not",
      "                be listed: nodes is forbidden for this user)",
    ]);
  });
});
