/** show's Paths and pictures, through the built CLI on the shipped broken example. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import parseDot from "dotparser";
import { runCli } from "../support/cli.js";

const EXAMPLE = new URL("../../examples/broken", import.meta.url).pathname;

describe("show --snapshot examples/broken", () => {
  it("prints each direction's path with the failing hops, within 80 columns", async () => {
    const res = await runCli(["show", "--snapshot", EXAMPLE]);
    assert.equal(res.code, 0, res.stderr);
    const paths = res.stdout.slice(res.stdout.indexOf("\nPaths\n"));
    const [we, ew] = paths.split(/\n(?= {2}east → west)/);
    assert.ok(we && ew, paths);
    // west → east: west's route table has no route to east, east's ACL blocks it inbound. Inside
    // each member the Nodes and the Gateway exchange the tunnel (aws.node-to-gateway).
    const flat = (text: string) => text.replace(/\n +/g, " ");
    assert.match(
      flat(we),
      /west → east {2}3 Nodes ✓ › gw 10\.10\.12\.34 ✓ › to 10\.20\.8\.15 ✓ › sg-075d… out ✓ › acl-56e0… out ✓ › rtb-4634… ✗ › pcx-fb84… ✓ › acl-30f7… in ✗ › sg-135e… in ✓ › gw 10\.20\.8\.15 ✓ › 3 Nodes ✓$/,
    );
    // The other way round east tunnels to west's old Gateway IP (a stale ClusterInfoImport,
    // mc.clusterinfo); AWS lets it through.
    assert.match(
      flat(ew),
      /east → west {2}3 Nodes ✓ › gw 10\.20\.8\.15 ✓ › to 10\.10\.45\.67 ✗ › sg-135e… out ✓ › acl-30f7… out ✓ › rtb-1008… ✓ › pcx-fb84… ✓ › acl-56e0… in ✓ › sg-075d… in ✓ › gw 10\.10\.12\.34 ✓ › 3 Nodes ✓\n/,
    );
    for (const line of paths.split("\n")) assert.ok(line.length <= 80, line);
  });

  it("--no-aws: the path says once that AWS was not inspected", async () => {
    const res = await runCli(["show", "--snapshot", EXAMPLE, "--no-aws"]);
    assert.equal(res.code, 0, res.stderr);
    assert.match(
      res.stdout,
      /west → east {2}gw 10\.10\.12\.34 ✓ › to 10\.20\.8\.15 ✓ › AWS not inspected ›\s+gw 10\.20\.8\.15 ✓/,
    );
    // The Node hops are decided in AWS: left out with the others.
    assert.doesNotMatch(res.stdout, /Node to Gateway|Gateway to Node|\d+ Nodes? [✓✗?‼]/);
  });

  it("-o dot draws the ClusterSet, the failing pair in red, each member's Nodes", async () => {
    const res = await runCli(["show", "--snapshot", EXAMPLE, "-o", "dot"]);
    assert.equal(res.code, 0, res.stderr);
    const [graph] = parseDot(res.stdout) as unknown as { children: { type: string }[] }[];
    assert.equal(graph?.children.filter((c) => c.type === "subgraph").length, 2);
    assert.match(
      res.stdout,
      /label="west\\ncluster ID west\\n123456789012 \/ us-west-2\\nvpc-27033aafc83b36bb7 10\.10\.0\.0\/16\\nEKS west, Kubernetes 1\.33\\nService CIDR 10\.100\.0\.0\/16"/,
    );
    assert.match(
      res.stdout,
      /-- "east\/ip-10-20-8-15\.ec2\.internal" \[label="pcx-fb8400bce924961a1 active\\n✗ [^"]*aws\.route, aws\.nacl", color=red/,
    );
    assert.match(
      res.stdout,
      /"east\/ip-10-20-8-15\.ec2\.internal" -- "east\/Nodes" \[label="3 Node groups"\];/,
    );
  });

  it("-ojson is unchanged, and -o mermaid draws the same picture", async () => {
    const res = await runCli(["show", "--snapshot", EXAMPLE, "-omermaid"]);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^flowchart LR\n {2}subgraph m1\["west<br\/>/);
    assert.match(res.stdout, /m1g1 ---\|"pcx-fb8400bce924961a1 active<br\/>✗ [^"]*"\| m2g1/);
    // The Nodes' links come first and pass: the failing pair's link is the third.
    assert.match(res.stdout, /m1nodes ---\|"3 Node groups"\| m1g1\n/);
    assert.match(res.stdout, /linkStyle 2 stroke:red,color:red/);
    const json = await runCli(["show", "--snapshot", EXAMPLE, "-o", "json"]);
    assert.deepEqual(Object.keys(JSON.parse(json.stdout)), [
      "members",
      "leader",
      "pairs",
      "skippedContexts",
    ]);
  });

  it("doctor still refuses the pictures", async () => {
    const res = await runCli(["doctor", "--snapshot", EXAMPLE, "-o", "dot"]);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /-o dot: expected table, json, yaml or junit/);
    const help = await runCli(["doctor", "--help"]);
    assert.match(help.stdout, /output format: table, json, yaml or junit/);
    const showHelp = await runCli(["show", "--help"]);
    assert.match(
      showHelp.stdout,
      /output format: table, json, yaml, dot \(Graphviz\) or\s+mermaid/,
    );
  });
});
