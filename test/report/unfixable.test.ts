/** setup's list of what it leaves to the user shows doctor's fixes as doctor does. */
import assert from "node:assert/strict";
import { it } from "node:test";
import { renderUnfixable } from "../../src/report/plan.js";
import { makeStyle } from "../../src/report/style.js";

const base = {
  member: "west",
  check: "antrea.gateway-enabled",
  message: "m",
  blocking: true,
} as const;

it("shows the readable form of a fix, and labels a manual step manual:", () => {
  const out = renderUnfixable(
    [
      {
        ...base,
        remediation: "kubectl patch … -p '{…}'",
        remediationText: "# the line\nkubectl edit",
      },
      {
        ...base,
        check: "cidr.service-overlap",
        remediation: "# why\naws eks create-cluster",
        manual: true,
      },
    ],
    makeStyle(0),
    "Not changed by setup:",
  );
  assert.deepEqual(out, [
    "",
    "Not changed by setup:",
    "  ✗ antrea.gateway-enabled  west: m",
    "      fix:    # the line",
    "              kubectl edit",
    "  ✗ cidr.service-overlap  west: m",
    "      manual: # why",
    "              aws eks create-cluster",
  ]);
  assert.doesNotMatch(out.join("\n"), /patch/);
});

it("wraps a long message under a hanging indent, and keeps commands whole", () => {
  const words = Array.from({ length: 30 }, (_, i) => `word${i}`).join(" ");
  const command = `aws ec2 create-route ${"--x y ".repeat(20)}`.trimEnd();
  const out = renderUnfixable(
    [{ ...base, message: words, remediation: `# ${words}\n${command}` }],
    makeStyle(0),
    "Not changed by setup:",
    60,
  );
  for (const line of out)
    if (line !== `              ${command}`) assert.ok(line.length <= 60, line);
  assert.ok(out.includes(`              ${command}`));
  assert.ok(
    out.filter((l) => l.startsWith("      ") && /word\d/.test(l) && !l.includes("#")).length > 0,
  );
});
