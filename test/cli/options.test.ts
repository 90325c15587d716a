import assert from "node:assert/strict";
import { it } from "node:test";
import { contextList, parseDuration, splitGluedShortFlags } from "../../src/cli/options.js";
import { UsageError } from "../../src/errors.js";

it("accepts the flag forms pflag accepts", () => {
  assert.deepEqual(
    splitGluedShortFlags(["doctor", "-ojson", "-o=yaml", "-o", "table", "-vv", "--", "-ox"]),
    ["doctor", "-o", "json", "-o=yaml", "-o", "table", "-vv", "--", "-ox"],
  );
});

it("reads repeated and comma-separated contexts", () => {
  assert.deepEqual(contextList(["a,b", "c", " ", "a"]), ["a", "b", "c"]);
});

it("reads kubectl-style durations", () => {
  assert.equal(parseDuration("30s", "t"), 30_000);
  assert.equal(parseDuration("1m30s", "t"), 90_000);
  assert.equal(parseDuration("500ms", "t"), 500);
  assert.equal(parseDuration("5", "t"), 5000);
  for (const bad of ["", "0s", "soon", "5x", "1m soon"])
    assert.throws(() => parseDuration(bad, "t"), UsageError, bad);
});
