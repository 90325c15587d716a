/**
 * The arrow follows the traffic: an inbound rule of east's that drops what west sends reads
 * "west → east (at east)", in the table, the pair matrix and the JSON's `direction`.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CheckResult } from "../../src/checks/types.js";
import { arrowText, flowOf } from "../../src/report/direction.js";
import type { DoctorDocument } from "../../src/report/doctor.js";
import { pairCells } from "../../src/report/pair-matrix.js";
import { runCli } from "../support/cli.js";

const BROKEN = new URL("../../examples/broken", import.meta.url).pathname;

const result = (over: Partial<CheckResult>): CheckResult => ({
  id: "aws.nacl",
  member: "east",
  peer: "west",
  status: "fail",
  severity: "error",
  message: "acl-1 blocks UDP 6081 in from west's Gateway IP 10.10.12.34",
  docs: "",
  ...over,
});

describe("the traffic's direction", () => {
  const cases: [string, Partial<CheckResult>, string][] = [
    [
      "an inbound rule of the member's",
      { direction: { from: "west", to: "east" } },
      "west → east (at east)",
    ],
    [
      "an outbound rule of the member's",
      { direction: { from: "east", to: "west" } },
      "east → west",
    ],
    ["a result without a direction: member → peer", {}, "east → west"],
  ];
  for (const [name, over, want] of cases)
    it(name, () => assert.equal(arrowText(result(over)), want));

  it("the matrix marks the cell of the traffic: row sends, column receives", () => {
    const r = result({ direction: { from: "west", to: "east" } });
    const ids = { pair: new Set(["aws.nacl"]), ordered: new Set(["aws.nacl"]) };
    const cells = pairCells(["west", "east"], [r], ids);
    assert.equal(cells.get("west\0east"), "fail");
    assert.equal(cells.get("east\0west"), undefined);
    assert.deepEqual(flowOf(r), { from: "west", to: "east" });
  });

  it("on the broken example: east's network ACL drops west's tunnel, west → east (at east)", async () => {
    const json = await runCli(["doctor", "--snapshot", BROKEN, "-o", "json"]);
    const doc = JSON.parse(json.stdout) as DoctorDocument;
    const nacl = doc.checks.find((c) => c.id === "aws.nacl" && c.status === "fail");
    assert.equal(nacl?.member, "east", "member: the side whose resource is at fault");
    assert.deepEqual(nacl?.direction, { from: "west", to: "east" });
    for (const c of doc.checks.filter((x) => x.id === "aws.sg-ingress"))
      assert.deepEqual(c.direction, { from: c.peer, to: c.member });
    for (const c of doc.checks.filter((x) => x.id === "aws.route" || x.id === "aws.sg-egress"))
      assert.deepEqual(c.direction, { from: c.member, to: c.peer });
    assert.ok(doc.checks.filter((c) => !c.peer).every((c) => c.direction === undefined));
    const table = await runCli(["doctor", "--snapshot", BROKEN]);
    assert.match(
      table.stdout,
      /^ {2}✗ aws\.nacl +west → east \(at east\): acl-\w+ blocks UDP 6081\b/m,
    );
  });

  it("setup's list of what it leaves to the user reads the same; whole-pair checks get ↔", async () => {
    const args = ["setup", "--dry-run", "--snapshot", BROKEN];
    const table = await runCli(args);
    assert.match(table.stdout, /^ {2}✗ aws\.nacl {2}west → east \(at east\): acl-\w+ blocks /m);
    assert.match(table.stdout, /^ {2}✗ mc\.tunnel-consistency {2}east ↔ west: /m);
    assert.match(table.stdout, /^ {2}✗ mc\.clusterinfo {2}east → west: /m);
    // Information keeps its own symbol here too.
    assert.match(table.stdout, /^ {2}ℹ mc\.gateway-candidates {2}west: /m);
    const json = JSON.parse((await runCli([...args, "-o", "json"])).stdout) as {
      unfixable: { check: string; member: string; direction?: { from: string; to: string } }[];
    };
    const nacl = json.unfixable.find((u) => u.check === "aws.nacl");
    assert.deepEqual(nacl?.direction, { from: "west", to: "east" });
    assert.equal(nacl?.member, "east");
  });
});
