/** setup's printed commands, run as pasted with the real AWS CLI against moto. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PlanDocument } from "../../src/report/plan.js";
import { applyFix, doctor, healthyMembers, problems, runOnWorld } from "../support/aws-harness.js";
import { motoWorlds } from "../support/moto-worlds.js";

const json = <T>(stdout: string): T => JSON.parse(stdout) as T;

describe("setup --print-commands against moto", () => {
  const { build, moto } = motoWorlds();

  it("the printed commands create and accept a cross-account peering as pasted", async () => {
    const { world } = await build(healthyMembers(), { peer: false });
    const plan = await runOnWorld(moto(), world, ["setup", "--dry-run", "--print-commands"]);
    assert.equal(plan.code, 0, plan.stderr);
    const commands = plan.stdout.slice(plan.stdout.indexOf("The same changes with the AWS CLI:"));
    assert.match(
      commands,
      /^# in east's account 444455556666 \(doctor read it by assuming arn:aws:iam::444455556666:role\/antrea-mc-doctor\)/m,
    );
    assert.match(commands, /^pcx_s1=\$\(aws ec2 create-vpc-peering-connection /m);
    await applyFix(moto(), commands.split("\n").slice(1).join("\n"));
    assert.deepEqual(problems((await doctor(moto(), world)).doc), []);
    // What the commands made is setup's as much as if setup had made it.
    const down = await runOnWorld(moto(), world, ["teardown", "--dry-run", "-o", "json"]);
    assert.deepEqual(
      json<PlanDocument>(down.stdout).actions.map((a) => `${a.member} ${a.action}`),
      [
        "west DeleteRoute",
        "west DeleteTags",
        "east DeleteRoute",
        "east DeleteTags",
        "west DeleteVpcPeeringConnection",
      ],
    );
  });
});
