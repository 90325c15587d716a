import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { it } from "node:test";
import { checksMarkdown } from "../scripts/gen-docs.js";
import { CHECKS } from "../src/checks/registry.js";

it("docs/checks.md is generated from the checks (run `npm run docs` after changing one)", () => {
  const committed = readFileSync(new URL("../docs/checks.md", import.meta.url), "utf8");
  assert.equal(committed, checksMarkdown());
  for (const c of CHECKS) assert.ok(committed.includes(`<a id="${c.id}"></a>`), c.id);
});
