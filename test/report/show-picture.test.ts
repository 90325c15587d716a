import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import parseDot from "dotparser";
import { JSDOM } from "jsdom";
import { runChecks } from "../../src/checks/engine.js";
import { readSnapshot } from "../../src/collect/snapshot/read.js";
import { buildModel } from "../../src/model/build.js";
import type { ClusterSetModel } from "../../src/model/types.js";
import { dotId, renderDot } from "../../src/report/show-dot.js";
import { mermaidText, renderMermaid, tunnelPathDiagram } from "../../src/report/show-mermaid.js";
import { type Picture, pictureOf } from "../../src/report/show-picture.js";
import { nodeGroupSg } from "../support/aws-faults.js";
import { awsModelOf, awsPair } from "../support/aws-scenarios.js";
import { modelOf } from "../support/memory-reader.js";
import { healthyScenario } from "../support/scenarios.js";

/** Names that break a careless writer: dashes, dots, quotes, a backslash, a Mermaid keyword. */
const picture: Picture = {
  members: [
    {
      name: "west-1.prod",
      clusterID: 'we"st',
      account: "123456789012",
      region: "us-west-2",
      vpcId: "vpc-27033aafc83b36bb7",
      vpcCidrs: ["10.10.0.0/16"],
      eks: { name: "west-1", version: "1.31", serviceCidr: "10.100.0.0/16", autoMode: true },
      compute: { total: 5, fargate: 2, auto: 3 },
      nodes: { count: 3, groups: 2, failing: ["aws.node-to-gateway"] },
      gateways: [
        {
          node: "ip-10-10-12-34.us-west-2.compute.internal",
          ip: "10.10.12.34",
          active: true,
          candidate: true,
        },
        { node: "gw\\2 <b>#1", ip: null, active: false, candidate: true },
      ],
    },
    {
      name: "end",
      clusterID: "east",
      account: null,
      region: "us-east-1",
      vpcId: "vpc-1c8258bc223342e84",
      vpcCidrs: ["10.20.0.0/16", "100.64.0.0/16"],
      eks: null,
      compute: { total: 1, fargate: 0, auto: 0 },
      nodes: { count: 1, groups: 1, failing: [] },
      gateways: [
        { node: "ip-10-20-8-15.ec2.internal", ip: "10.20.8.15", active: true, candidate: true },
      ],
    },
    {
      name: "north",
      clusterID: null,
      account: null,
      region: null,
      vpcId: null,
      vpcCidrs: [],
      eks: null,
      compute: null,
      nodes: null,
      gateways: [],
    },
  ],
  links: [
    {
      a: "west-1.prod",
      b: "end",
      label: "pcx-fb8400bce924961a1 active",
      failing: ["aws.route", "aws.nacl"],
    },
    { a: "west-1.prod", b: "north", label: "no VPC peering", failing: [] },
    { a: "end", b: "north", label: "no VPC peering", failing: ["aws.peering"] },
  ],
};

type DotNode = {
  type: string;
  id?: string | number;
  children?: DotNode[];
  edge_list?: { id: string }[];
  attr_list?: { id: string; eq: string }[];
};

describe("the picture of a model: EKS and the Nodes of each member", () => {
  const BROKEN = new URL("../../examples/broken", import.meta.url).pathname;
  const cases: {
    name: string;
    model: () => Promise<ClusterSetModel>;
    want: Pick<Picture["members"][number], "name" | "eks" | "nodes">[];
  }[] = [
    {
      name: "examples/broken: what EKS says, three Nodes in three groups each, reaching the Gateway",
      model: async () => buildModel((await readSnapshot(BROKEN)).raw),
      want: [
        {
          name: "west",
          eks: { name: "west", version: "1.33", serviceCidr: "10.100.0.0/16", autoMode: false },
          nodes: { count: 3, groups: 3, failing: [] },
        },
        {
          name: "east",
          eks: { name: "east", version: "1.32", serviceCidr: "10.100.0.0/16", autoMode: false },
          nodes: { count: 3, groups: 3, failing: [] },
        },
      ],
    },
    {
      name: "a node group of west whose security group admits nothing: west's Nodes fail, not east's",
      model: async () =>
        (
          await awsModelOf(awsPair()(), {
            faults: [nodeGroupSg("west", 2, { GroupId: "sg-0ng", GroupName: "ng-2" })],
          })
        ).model,
      want: [
        {
          name: "west",
          eks: { name: "west", version: "1.31", serviceCidr: "10.96.0.0/16", autoMode: false },
          nodes: { count: 3, groups: 3, failing: ["aws.node-to-gateway"] },
        },
        {
          name: "east",
          eks: { name: "east", version: "1.31", serviceCidr: "10.97.0.0/16", autoMode: false },
          nodes: { count: 3, groups: 3, failing: [] },
        },
      ],
    },
    {
      name: "AWS not inspected: no EKS lines, no Nodes box",
      model: () => modelOf(healthyScenario()),
      want: [
        { name: "west", eks: null, nodes: null },
        { name: "east", eks: null, nodes: null },
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const model = await c.model();
      const got = pictureOf(model, runChecks(model)).members.map((m) => ({
        name: m.name,
        eks: m.eks,
        nodes: m.nodes,
      }));
      assert.deepEqual(got, c.want);
    });
  }
});

describe("show -o dot", () => {
  const dot = renderDot(picture);
  const [graph] = parseDot(dot) as unknown as DotNode[];

  it("is DOT a real parser reads: members as clusters, Gateways in them, one edge per pair", () => {
    assert.ok(graph);
    assert.equal(graph.type, "graph");
    const subgraphs = (graph.children ?? []).filter((c) => c.type === "subgraph");
    assert.deepEqual(
      subgraphs.map((s) => s.id),
      ["cluster_west-1.prod", "cluster_end", "cluster_north"],
    );
    const nodes = subgraphs.map(
      (s) => (s.children ?? []).filter((c) => c.type === "node_stmt").length,
    );
    assert.deepEqual(
      nodes,
      [3, 2, 1],
      "two Gateways and the Nodes, one Gateway and the Nodes, and a 'no Gateway' box",
    );
    const edges = (graph.children ?? []).filter((c) => c.type === "edge_stmt");
    assert.deepEqual(
      edges.map((e) => (e.edge_list ?? []).map((n) => n.id)),
      [
        ["west-1.prod/ip-10-10-12-34.us-west-2.compute.internal", "end/ip-10-20-8-15.ec2.internal"],
        ["west-1.prod/ip-10-10-12-34.us-west-2.compute.internal", "north/no Gateway"],
        ["end/ip-10-20-8-15.ec2.internal", "north/no Gateway"],
      ],
    );
    const attr = (e: DotNode | undefined, k: string) => e?.attr_list?.find((a) => a.id === k)?.eq;
    assert.deepEqual(
      edges.map((e) => attr(e, "color")),
      ["red", undefined, "red"],
      "failing pairs are red",
    );
    assert.equal(attr(edges[0], "label"), "pcx-fb8400bce924961a1 active\\n✗ aws.route, aws.nacl");
    // Inside each member, its Nodes and its active Gateway; the first member's Nodes first.
    const inner = subgraphs.map((sg) =>
      (sg.children ?? [])
        .filter((c) => c.type === "edge_stmt")
        .map((e) => [...(e.edge_list ?? []).map((n) => n.id), attr(e, "label"), attr(e, "color")]),
    );
    assert.deepEqual(inner, [
      [
        [
          "west-1.prod/Nodes",
          "west-1.prod/ip-10-10-12-34.us-west-2.compute.internal",
          "2 Node groups\\n✗ aws.node-to-gateway",
          "red",
        ],
      ],
      [["end/ip-10-20-8-15.ec2.internal", "end/Nodes", "1 Node group", undefined]],
      [],
    ]);
  });

  it("member boxes say what EKS says, and the Nodes boxes how many", () => {
    assert.match(
      dot,
      /label="west-1\.prod\\n.*?\\nEKS west-1, Kubernetes 1\.31\\nService CIDR 10\.100\.0\.0\/16\\nAuto Mode\\n2 of 5 Nodes on Fargate\\n3 of 5 Nodes in Auto Mode";/,
    );
    assert.match(dot, /label="end\\ncluster ID east\\nus-east-1\\nvpc-[^"]*100\.64\.0\.0\/16";/);
    assert.match(dot, /"west-1\.prod\/Nodes" \[label="3 Nodes", style=rounded\];/);
  });

  it("quotes and escapes every ID and label", () => {
    assert.equal(dotId('a"b\\c\nd'), '"a\\"b\\\\c\\nd"');
    assert.match(dot, /label="west-1\.prod\\ncluster ID we\\"st\\n123456789012 \/ us-west-2\\n/);
    assert.ok(dot.includes('"west-1.prod/gw\\\\2 <b>#1"'), "a backslash in a name is escaped");
  });

  it("a syntax error fails the parse (the test can fail)", () => {
    // An ID with a dash or a dot, unquoted, is not one ID.
    const id = '"west-1.prod/ip-10-10-12-34.us-west-2.compute.internal"';
    assert.throws(() => parseDot(dot.replaceAll(id, id.slice(1, -1))));
    assert.throws(() => parseDot(dot.replace('we\\"st', 'we"st')));
  });
});

describe("show -o mermaid and the docs' tunnel path", () => {
  let parse: (text: string) => Promise<unknown>;
  before(async () => {
    // Mermaid's flowchart parser runs outside a browser; it only needs a DOM for sanitising.
    const { window } = new JSDOM("");
    Object.assign(globalThis, { window, document: window.document });
    const mermaid = (await import("mermaid")).default;
    parse = (text) => mermaid.parse(text);
  });
  const mm = renderMermaid(picture);

  it("is a flowchart Mermaid parses", async () => {
    assert.deepEqual(await parse(mm), { diagramType: "flowchart-v2", config: {} });
    await assert.rejects(parse(mm.replace('"]', "]")), /Parse error/);
  });

  it("node IDs are made up and alphanumeric; the real names are in the labels", () => {
    const ids = [...mm.matchAll(/^\s*(?:subgraph )?(\S+?)[[(]/gm)].map((m) => m[1]);
    assert.deepEqual(ids, [
      "m1",
      "m1g1",
      "m1g2",
      "m1nodes",
      "m2",
      "m2g1",
      "m2nodes",
      "m3",
      "m3none",
    ]);
    assert.match(
      mm,
      /subgraph m2\["end<br\/>cluster ID east<br\/>us-east-1<br\/>vpc-1c8258bc223342e84 10\.20\.0\.0\/16, 100\.64\.0\.0\/16"\]/,
    );
    assert.match(
      mm,
      /m1g2\["gw\\2 #lt;b#gt;#35;1<br\/>no Gateway IP<br\/>candidate"\]:::candidate/,
    );
    assert.match(mm, /cluster ID we#quot;st/);
  });

  it("links: each member's Nodes to its Gateway, one per pair, the failing ones red by linkStyle", () => {
    const links = mm.split("\n").filter((l) => l.includes("---|"));
    assert.deepEqual(
      links.map((l) => `${l.trim().split(" ")[0]} ${l.trim().split(" ").at(-1)}`),
      ["m1nodes m1g1", "m2g1 m2nodes", "m1g1 m2g1", "m1g1 m3none", "m2g1 m3none"],
    );
    assert.ok(links[0]?.includes('"2 Node groups<br/>✗ aws.node-to-gateway"'));
    assert.ok(links[2]?.includes('"pcx-fb8400bce924961a1 active<br/>✗ aws.route, aws.nacl"'));
    // linkStyle counts every link in order: west's Nodes (0) and the two failing pairs (2, 4).
    assert.match(mm, /^ {2}linkStyle 0,2,4 stroke:red,color:red$/m);
    assert.match(mm, /m1nodes\("3 Nodes"\)/);
    assert.match(mm, /Auto Mode<br\/>2 of 5 Nodes on Fargate<br\/>3 of 5 Nodes in Auto Mode"\]/);
  });

  it("escapes what Mermaid would read as syntax", () => {
    assert.equal(
      mermaidText(['a "b" <c> #d `e`', "f"]),
      '"a #quot;b#quot; #lt;c#gt; #35;d #96;e#96;<br/>f"',
    );
  });

  it("the tunnel path diagram parses, forks for the three links and names every check", async () => {
    const d = tunnelPathDiagram();
    assert.deepEqual(await parse(d), { diagramType: "flowchart-v2", config: {} });
    assert.match(d, /^flowchart LR\n/);
    assert.match(
      d,
      /h6 -->\|"private Gateway IPs, peered VPCs"\| h7\n {2}h7 --> h10\n {2}h6 -->\|"private Gateway IPs, joined by a transit gateway"\| h8\n {2}h8 --> h10\n {2}h6 -->\|"public Gateway IPs"\| h9\n {2}h9 --> h10/,
    );
    // Inside each member, the Pod's Node and the Gateway are linked by Antrea's own tunnel.
    assert.match(d, /h1\["Node to Gateway<br\/>sender<br\/>aws\.node-to-gateway"\]/);
    assert.match(d, /pod1 --> h1\n {2}h1 -->\|"Antrea tunnel"\| h2\n/);
    assert.match(d, /h12 -->\|"Antrea tunnel"\| h13\n {2}h13 --> pod2\n$/);
  });
});
