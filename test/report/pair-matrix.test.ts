/**
 * The table report of a large ClusterSet: a members × members matrix (a symbol per direction),
 * each failing pair finding once under it grouped by check with one fix, and a member's passes
 * on one line; doctor --pair focuses on one pair with every fix.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runChecks, summarize } from "../../src/checks/engine.js";
import { focusPair, pairMembers } from "../../src/checks/focus.js";
import { buildModel } from "../../src/model/build.js";
import { doctorDocument, renderDoctorTable } from "../../src/report/doctor.js";
import { LISTED_PER_CHECK } from "../../src/report/pair-matrix.js";
import { makeStyle } from "../../src/report/style.js";
import { runCli } from "../support/cli.js";
import { rawClusterSet } from "../support/memory-reader.js";
import { manySpecs, scenario } from "../support/scenarios.js";

async function report(n: number, edit: (specs: ReturnType<typeof manySpecs>) => void) {
  const specs = manySpecs(n);
  edit(specs);
  const model = buildModel(await rawClusterSet(scenario(specs)));
  const checks = runChecks(model);
  const doc = doctorDocument(model, checks, summarize(checks));
  return { model, checks, text: renderDoctorTable(doc, model, makeStyle(0), 1, "live") };
}

/** The matrix rows: member name → its cells (gaps removed). */
function matrix(text: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^\s*\d+ (member-\d+)\s{2,}([✓✗‼?· ]+)$/.exec(line);
    if (m?.[1] && m[2]) rows.set(m[1], m[2].replaceAll(" ", ""));
  }
  return rows;
}

describe("pair matrix", () => {
  it("shows a failing pair in its two cells only, and its finding once with one fix", async () => {
    const { text } = await report(6, (s) => {
      const [three, five] = [s[2], s[4]];
      if (three && five) five.serviceCIDR = three.serviceCIDR;
    });
    const rows = matrix(text);
    assert.equal(rows.size, 6, text);
    assert.equal(rows.get("member-01"), "·✓✓✓✓✓");
    assert.equal(rows.get("member-03"), "✓✓·✓✗✓");
    assert.equal(rows.get("member-05"), "✓✓✗✓·✓");
    assert.match(text, /^✗ cidr\.service-overlap {2}1 finding\(s\) on 1 pair\(s\)$/m);
    assert.equal(text.match(/^ {4}member-03 ↔ member-05: /gm)?.length, 1);
    // One fix for the check (a new cluster: a manual step).
    assert.equal(text.match(/^ {4}(?:fix|manual) \(/gm)?.length, 1);
    // A member whose own checks pass takes one line.
    assert.match(text, /^✓ 6 members: each of their \d+ own checks passed \(--all lists them\)$/m);
    // No per-pair sections.
    assert.doesNotMatch(text, /member-01 ↔ member-02$/m);
  });

  it("a member out of step with everyone fills its row and column; the list is capped", async () => {
    const n = LISTED_PER_CHECK + 4;
    const { text } = await report(n, (s) => {
      const odd = s[n - 1];
      if (odd) odd.agentConf = { ...odd.agentConf, tunnelType: "vxlan" };
    });
    const rows = matrix(text);
    const last = `member-${String(n).padStart(2, "0")}`;
    assert.equal(rows.get(last), `${"✗".repeat(n - 1)}·`);
    assert.equal(rows.get("member-01"), `·${"✓".repeat(n - 3)}✓✗`);
    assert.match(
      text,
      new RegExp(`mc\\.tunnel-consistency {2}${n - 1} finding\\(s\\) on ${n - 1} pair`),
    );
    assert.match(text, /… and 3 more \(-o json lists them all\)/);
    // Numbers head the columns, one digit per line, a gap every ten.
    assert.match(text, /^ {2,}1 11$/m);
    assert.match(text, /^ {2,}1234567890 12$/m);
  });

  it("two or three members keep the per-pair sections", async () => {
    const { text } = await report(3, () => {});
    assert.equal(matrix(text).size, 0);
    assert.match(text, /^member-01 ↔ member-02$/m);
  });

  it("--pair keeps two members and their pair, by name or context", async () => {
    const { model, checks } = await report(5, () => {});
    const pair = pairMembers(`member-02,${model.members[3]?.context}`, model.members);
    assert.deepEqual(pair, ["member-02", "member-04"]);
    const kept = focusPair(checks, pair);
    assert.ok(kept.every((r) => [r.member, r.peer ?? "member-02"].every((m) => pair.includes(m))));
    assert.ok(kept.some((r) => r.peer === "member-04"));
    assert.throws(
      () => pairMembers("member-02,nope", model.members),
      /no member nope; the members are member-01, /,
    );
    assert.throws(() => pairMembers("member-02", model.members), /give two members as A,B/);
    assert.throws(() => pairMembers("member-02,member-02", model.members), /two different members/);
  });

  it("doctor --pair on a snapshot: the pair's report; a wrong name is bad input", async () => {
    const broken = new URL("../../examples/broken", import.meta.url).pathname;
    const ok = await runCli(["doctor", "--snapshot", broken, "--pair", "east,west", "-o", "json"]);
    assert.equal(ok.code, 1, ok.stderr);
    const doc = JSON.parse(ok.stdout) as { members: { name: string }[] };
    assert.deepEqual(
      doc.members.map((m) => m.name),
      ["west", "east"],
    );
    const bad = await runCli(["doctor", "--snapshot", broken, "--pair", "west,north"]);
    assert.equal(bad.code, 2);
    assert.match(
      bad.stderr,
      /^error: --pair west,north: no member north; the members are west, east\n/,
    );
  });
});
