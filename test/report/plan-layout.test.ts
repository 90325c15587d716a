/**
 * setup's plan as people read it: a table where it fits the terminal, else one block per step
 * (as `terraform plan` lists changes), the parameters whole and the reason wrapped.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import type { Plan } from "../../src/plan/types.js";
import { planDocument, renderPlanTable } from "../../src/report/plan.js";
import { makeStyle } from "../../src/report/style.js";

const TAG = "antrea.io/clusterset/antrea-mc/route/10.20.0.0/16";
const PLAN: Plan = {
  clusterSet: "antrea-mc",
  unfixable: [],
  steps: [
    {
      id: "s1",
      member: "west",
      action: "CreateTags",
      region: "us-west-2",
      params: { Resources: ["rtb-46342f3e09574fa22"], Tags: [{ Key: TAG, Value: "pcx-0fb84" }] },
      reason: "aws.route",
      why: "routes carry no tags: the table records this one for teardown, which removes only what setup made",
      resource: "rtb-46342f3e09574fa22",
      after: [],
    },
  ],
};

const render = (width?: number) =>
  renderPlanTable(planDocument(PLAN), PLAN, makeStyle(0), "Setup plan: 1 change(s)", width);

it("a table when it fits", () => {
  const text = render(300);
  assert.match(text, /^ {2}STEP +MEMBER +ACTION +RESOURCE +PARAMETERS +WHY$/m);
  assert.match(text, /^ {2}s1 +west +CreateTags +rtb-46342f3e09574fa22 +antrea\.io\//m);
});

it("one block per step at 80 columns: the parameters whole, the reason wrapped", () => {
  const lines = render(80).split("\n");
  assert.deepEqual(lines, [
    "Setup plan: 1 change(s)",
    "",
    "  s1  west  CreateTags  rtb-46342f3e09574fa22",
    `      ${TAG}=pcx-0fb84`,
    "      aws.route: routes carry no tags: the table records this one for teardown,",
    "        which removes only what setup made",
  ]);
  for (const l of lines) assert.ok(l.length <= 80, l);
});
