/** show's table fits the terminal: facts wrap under their column, wide tables become blocks. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readSnapshot } from "../../src/collect/snapshot/read.js";
import { buildModel } from "../../src/model/build.js";
import { fittedColumns } from "../../src/report/columns.js";
import { renderShowTable, showDocument } from "../../src/report/show.js";
import { makeStyle } from "../../src/report/style.js";
import { visibleWidth } from "../../src/report/wrap.js";

const example = (name: string) => new URL(`../../examples/${name}`, import.meta.url).pathname;

describe("show's width", () => {
  for (const name of ["broken", "healthy"]) {
    for (const width of [80, 100, 160]) {
      it(`examples/${name} at ${width} columns: no line is wider`, async () => {
        const model = buildModel((await readSnapshot(example(name))).raw);
        const text = renderShowTable(showDocument(model), model, makeStyle(0), {
          views: [],
          width,
        });
        const wide = text.split("\n").filter((l) => visibleWidth(l) > width);
        assert.deepEqual(wide, []);
        // Nothing is lost on the way: every Gateway's instance and VPC is still there.
        for (const m of model.members)
          for (const g of m.gateways.known ? m.gateways.value : [])
            assert.ok(text.includes(g.instanceId ?? "?"), g.node);
      });
    }
  }
});

describe("fittedColumns", () => {
  const head = ["NODE", "GATEWAY IP", "POD CIDRS"];
  const rows = [
    ["ip-10-10-12-34", "10.10.12.34", "10.10.0.0/16"],
    { first: "n2", note: "not in EC2" },
  ];

  it("kubectl-style columns when they fit", () => {
    assert.deepEqual(fittedColumns(head, rows, 80), [
      "  NODE             GATEWAY IP    POD CIDRS",
      "  ip-10-10-12-34   10.10.12.34   10.10.0.0/16",
      "  n2               not in EC2",
    ]);
  });

  it("a block per row when they do not: the first cell, then labelled values", () => {
    assert.deepEqual(fittedColumns(head, rows, 30), [
      "  ip-10-10-12-34",
      "      gateway\u00a0IP\u00a010.10.12.34 ·",
      "      pod\u00a0CIDRs\u00a010.10.0.0/16",
      "  n2",
      "      not in EC2",
    ]);
  });
});
