/**
 * Generated AWS worlds (test/support/aws-arbitrary.ts) give valid models: every AWS check runs
 * on them without throwing, and gives each member (and pair) a result with a status.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { runChecks } from "../../src/checks/engine.js";
import { CHECKS } from "../../src/checks/registry.js";
import { awsWorlds } from "../support/aws-arbitrary.js";
import { awsModelOf } from "../support/aws-scenarios.js";

const AWS = CHECKS.filter((c) => c.category === "AWS");
const STATUSES = ["pass", "fail", "warn", "unknown"];

describe("generated AWS worlds", () => {
  it("every AWS check runs and gives every member and pair a status", async () => {
    await fc.assert(
      fc.asyncProperty(awsWorlds(), async (c) => {
        const { model } = await awsModelOf(c.members(), c.options);
        assert.ok(model.aws.inspected);
        const results = runChecks(model, AWS);
        for (const r of results) {
          assert.ok(STATUSES.includes(r.status), `${r.id} ${r.member}: ${r.status}`);
          if (r.status === "fail" || r.status === "warn")
            assert.ok(r.severity, `${r.id}: severity`);
        }
        const n = model.members.length;
        for (const check of AWS) {
          const ran = new Set(
            results.filter((r) => r.id === check.id).map((r) => `${r.member}|${r.peer ?? ""}`),
          );
          // A member check for each member; a pair check for each pair (ordered: each direction).
          const least =
            check.scope === "member" ? n : check.ordered ? n * (n - 1) : (n * (n - 1)) / 2;
          assert.ok(ran.size >= least, `${check.id}: results for ${ran.size} of ${least}`);
        }
      }),
      { numRuns: 100 },
    );
  });
});
