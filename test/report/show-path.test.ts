import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type PathHop, TUNNEL_PATH } from "../../src/analysis/tunnel-path.js";
import { runChecks } from "../../src/checks/engine.js";
import type { CheckResult, Status } from "../../src/checks/types.js";
import {
  hopStatus,
  type PathView,
  pathViews,
  renderPaths,
  shortId,
  wrapHops,
} from "../../src/report/show-path.js";
import { makeStyle } from "../../src/report/style.js";
import { nodeGroupSg } from "../support/aws-faults.js";
import { awsModelOf, awsPair } from "../support/aws-scenarios.js";

const style = makeStyle(0);

/** The peering path of examples/broken, west → east, with the given statuses (in hop order). */
const IDS: Record<string, string[]> = {
  "aws.node-to-gateway/sender": ["3 Nodes"],
  "mc.gateway/sender": ["10.10.12.34"],
  "aws.sg-egress/sender": ["sg-075da331b561a60df"],
  "aws.nacl/sender": ["acl-56e0d5be6c01bb44d"],
  "aws.route/sender": ["rtb-46342f3e09574fa22"],
  "aws.peering/pair": ["pcx-fb8400bce924961a1"],
  "aws.nacl/receiver": ["acl-30f7bb620d4253d91"],
  "aws.sg-ingress/receiver": ["sg-135ed7ec55a094829"],
  "mc.gateway/receiver": ["10.20.8.15"],
  "aws.node-to-gateway/receiver": ["2 Nodes"],
};
// The renderer's cases need no ClusterInfoImport hop (the CLI test shows it).
const PEERING = TUNNEL_PATH.filter(
  (h) => (!h.link || h.link === "peering") && h.resource !== "import",
);

function view(statuses: (Status | undefined)[], from = "west", to = "east"): PathView {
  return {
    from,
    to,
    aws: true,
    hops: PEERING.map((hop, i) => ({
      at: {
        hop,
        member: hop.side === "receiver" ? to : from,
        peer: hop.side === "receiver" ? from : to,
        ids: IDS[`${hop.check}/${hop.side}`] ?? [],
      },
      status: statuses[i],
    })),
  };
}

const P = "pass" as const;
const F = "fail" as const;

describe("show's path lines", () => {
  const cases: {
    name: string;
    views: PathView[];
    width: number;
    want: string[];
    failingOnly?: boolean;
  }[] = [
    {
      name: "80 columns: IDs shortened alike, wrapped between hops with a hanging indent",
      views: [view([P, P, P, P, F, P, F, P, P, P])],
      width: 80,
      want: [
        "Paths",
        "  west → east  3 Nodes ✓ › gw 10.10.12.34 ✓ › sg-075d… out ✓ › acl-56e0… out ✓ ›",
        "               rtb-4634… ✗ › pcx-fb84… ✓ › acl-30f7… in ✗ › sg-135e… in ✓ ›",
        "               gw 10.20.8.15 ✓ › 2 Nodes ✓",
      ],
    },
    {
      name: "160 columns: full IDs (they fit on two lines)",
      views: [view([P, P, P, P, F, P, F, P, P, P])],
      width: 160,
      want: [
        "Paths",
        "  west → east  3 Nodes ✓ › gw 10.10.12.34 ✓ › sg-075da331b561a60df out ✓ › acl-56e0d5be6c01bb44d out ✓ › rtb-46342f3e09574fa22 ✗ › pcx-fb8400bce924961a1 ✓ ›",
        "               acl-30f7bb620d4253d91 in ✗ › sg-135ed7ec55a094829 in ✓ › gw 10.20.8.15 ✓ › 2 Nodes ✓",
      ],
    },
    {
      name: "unknown and no result both print ?; a warning ‼",
      views: [view([P, P, "unknown", undefined, "warn", P, P, P, P, P])],
      width: 160,
      want: [
        "Paths",
        "  west → east  3 Nodes ✓ › gw 10.10.12.34 ✓ › sg-075da331b561a60df out ? › acl-56e0d5be6c01bb44d out ? › rtb-46342f3e09574fa22 ‼ › pcx-fb8400bce924961a1 ✓ ›",
        "               acl-30f7bb620d4253d91 in ✓ › sg-135ed7ec55a094829 in ✓ › gw 10.20.8.15 ✓ › 2 Nodes ✓",
      ],
    },
    {
      name: "the Node hops: the sender's Nodes before its Gateway, the receiver's after its own",
      views: [view([F, P, P, P, P, P, P, P, P, "warn"])],
      width: 160,
      want: [
        "Paths",
        "  west → east  3 Nodes ✗ › gw 10.10.12.34 ✓ › sg-075da331b561a60df out ✓ › acl-56e0d5be6c01bb44d out ✓ › rtb-46342f3e09574fa22 ✓ › pcx-fb8400bce924961a1 ✓ ›",
        "               acl-30f7bb620d4253d91 in ✓ › sg-135ed7ec55a094829 in ✓ › gw 10.20.8.15 ✓ › 2 Nodes ‼",
      ],
    },
    {
      name: "AWS not inspected: said once, between the two Gateways",
      views: [
        {
          from: "west",
          to: "east",
          aws: false,
          hops: TUNNEL_PATH.filter((h) => h.resource === "gateway").map((hop) => ({
            at: {
              hop,
              member: hop.side === "sender" ? "west" : "east",
              peer: "",
              ids: IDS[`${hop.check}/${hop.side}`] ?? [],
            },
            status: P,
          })),
        },
      ],
      width: 80,
      want: ["Paths", "  west → east  gw 10.10.12.34 ✓ › AWS not inspected › gw 10.20.8.15 ✓"],
    },
    {
      name: "labels padded to one column; only failing paths and a count when asked",
      views: [
        view([P, P, P, P, P, P, P, P, P, P]),
        view([P, P, P, P, F, P, P, P, P, P], "north-1", "south"),
      ],
      width: 160,
      failingOnly: true,
      want: [
        "Paths",
        "  north-1 → south  3 Nodes ✓ › gw 10.10.12.34 ✓ › sg-075da331b561a60df out ✓ › acl-56e0d5be6c01bb44d out ✓ › rtb-46342f3e09574fa22 ✗ › pcx-fb8400bce924961a1 ✓ ›",
        "                   acl-30f7bb620d4253d91 in ✓ › sg-135ed7ec55a094829 in ✓ › gw 10.20.8.15 ✓ › 2 Nodes ✓",
        "  1 of 2 paths have a failing hop; 1 without one not listed (show --context A,B lists a pair)",
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = renderPaths(c.views, style, c.width, c.failingOnly);
      assert.deepEqual(got, c.want);
      for (const line of got.slice(0, -1)) assert.ok(line.length <= c.width, line);
    });
  }

  it("every line fits and no hop is ever split, at any width from 30 to 200", () => {
    const v = view([P, P, P, P, F, P, F, P, P, P]);
    for (const short of [false, true]) {
      const hops = v.hops.map((h) => {
        const ids = h.at.ids.map((id) => (short ? shortId(id) : id)).join(",");
        return `${h.at.hop.resource === "gateway" ? "gw " : ""}${ids}${h.at.hop.way ? ` ${h.at.hop.way}` : ""}`;
      });
      for (let w = 30; w <= 200; w++) {
        const lines = wrapHops("  west → east  ", hops, w, 15);
        const longest = Math.max(...hops.map((h) => h.length)) + 15 + 2;
        for (const l of lines) if (longest <= w) assert.ok(l.length <= w, `${w}: ${l}`);
        // Joining the lines back gives the hops in order, each whole.
        const joined = lines
          .map((l) => l.trim())
          .join(" ")
          .replace(/^west → east\s+/, "");
        assert.deepEqual(joined.split(" › "), hops, `width ${w}`);
      }
    }
  });

  it("colour does not count towards the width", () => {
    const plain = renderPaths([view([P, P, P, P, F, P, F, P, P, P])], makeStyle(0), 80);
    const coloured = renderPaths([view([P, P, P, P, F, P, F, P, P, P])], makeStyle(1), 80);
    assert.equal(coloured.length, plain.length);
    assert.ok(coloured.join("\n").includes("\u001b[31m✗"), "the ✗ is red");
  });

  it("shortens AWS IDs only", () => {
    assert.equal(shortId("sg-075da331b561a60df"), "sg-075d…");
    assert.equal(shortId("10.10.12.34"), "10.10.12.34");
    assert.equal(shortId("same VPC"), "same VPC");
  });
});

describe("a hop's status from doctor's results", () => {
  const hop = (check: string, side: string): PathHop => {
    const h = TUNNEL_PATH.find((x) => x.check === check && x.side === side);
    assert.ok(h);
    return {
      hop: h,
      member: side === "receiver" ? "east" : "west",
      peer: side === "receiver" ? "west" : "east",
      ids: [],
    };
  };
  const r = (
    id: string,
    member: string,
    peer: string | undefined,
    status: Status,
    direction?: [string, string],
    leg?: CheckResult["leg"],
  ): CheckResult =>
    ({
      id,
      member,
      ...(peer ? { peer } : {}),
      status,
      message: "",
      docs: "",
      ...(direction ? { direction: { from: direction[0], to: direction[1] } } : {}),
      ...(leg ? { leg } : {}),
    }) as CheckResult;
  const n2g = "aws.node-to-gateway";
  const cases: { name: string; hop: PathHop; results: CheckResult[]; want: Status | undefined }[] =
    [
      {
        name: "the receiver's ACL blocks what west sends: ✗ at acl in, west → east",
        hop: hop("aws.nacl", "receiver"),
        results: [r("aws.nacl", "east", "west", F, ["west", "east"])],
        want: F,
      },
      {
        name: "a pass of the other direction does not hide the fail of this one",
        hop: { ...hop("aws.nacl", "receiver"), member: "east", peer: "west" },
        results: [
          r("aws.nacl", "east", "west", F, ["west", "east"]),
          r("aws.nacl", "east", "west", P, ["east", "west"]),
        ],
        want: F,
      },
      {
        name: "a west→east result does not mark the sender's hop of east → west",
        hop: hop("aws.nacl", "sender"),
        results: [r("aws.nacl", "west", "east", F, ["east", "west"])],
        want: P,
      },
      {
        name: "an unknown counts in both directions",
        hop: hop("aws.sg-egress", "sender"),
        results: [r("aws.sg-egress", "west", "east", "unknown", ["east", "west"])],
        want: "unknown",
      },
      {
        name: "the peering is the pair's, whichever member owns the result",
        hop: hop("aws.peering", "pair"),
        results: [r("aws.peering", "east", "west", F)],
        want: F,
      },
      {
        name: "the receiving Gateway is the receiver's mc.gateway",
        hop: hop("mc.gateway", "receiver"),
        results: [r("mc.gateway", "west", undefined, F), r("mc.gateway", "east", undefined, P)],
        want: P,
      },
      {
        name: "west's Nodes cannot reach its Gateway: ✗ at the sending Nodes",
        hop: hop(n2g, "sender"),
        results: [r(n2g, "west", undefined, F, undefined, "to-gateway")],
        want: F,
      },
      {
        name: "west's Gateway cannot reach its Nodes: not the sending leg",
        hop: hop(n2g, "sender"),
        results: [r(n2g, "west", undefined, F, undefined, "from-gateway")],
        want: P,
      },
      {
        name: "the receiving Nodes are the receiver's from-gateway leg, not the sender's",
        hop: hop(n2g, "receiver"),
        results: [
          r(n2g, "west", undefined, F, undefined, "from-gateway"),
          r(n2g, "east", undefined, F, undefined, "to-gateway"),
          r(n2g, "east", undefined, "warn", undefined, "from-gateway"),
        ],
        want: "warn",
      },
      {
        name: "a result without a leg (a pass, an unknown) is about both",
        hop: hop(n2g, "receiver"),
        results: [r(n2g, "east", undefined, "unknown")],
        want: "unknown",
      },
      {
        name: "no result for the hop: not known",
        hop: hop("aws.route", "sender"),
        results: [r("aws.route", "east", "west", P, ["east", "west"])],
        want: undefined,
      },
    ];
  for (const c of cases) {
    it(c.name, () => assert.equal(hopStatus(c.results, c.hop, "west", "east"), c.want));
  }
});

describe("the Node hops on a real model", () => {
  it("follow aws.node-to-gateway's legs: west's third Node cannot send to its Gateway, only that", async () => {
    // The Node's own group admits the Gateways' group, but the Gateways' group not the Node's.
    const ownGroup = nodeGroupSg("west", 2, {
      GroupId: "sg-0ng",
      GroupName: "ng-2",
      IpPermissions: [
        {
          IpProtocol: "udp",
          FromPort: 6081,
          ToPort: 6081,
          UserIdGroupPairs: [{ GroupId: "sg-0west", UserId: "123456789012" }],
        },
      ],
    });
    const { model } = await awsModelOf(awsPair()(), { faults: [ownGroup] });
    const views = pathViews(model, runChecks(model));
    const nodeHops = (from: string) => {
      const v = views.find((p) => p.from === from);
      assert.ok(v);
      const hops = v.hops.filter((h) => h.at.hop.resource === "nodes");
      return hops.map((h) => `${h.at.member} ${h.at.ids.join(",")} ${h.status}`);
    };
    assert.deepEqual(nodeHops("west"), ["west 3 Nodes fail", "east 3 Nodes pass"]);
    assert.deepEqual(nodeHops("east"), ["east 3 Nodes pass", "west 3 Nodes pass"]);
  });
});
