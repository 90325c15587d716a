/**
 * setup against moto when things are half done or go wrong: a pending cross-account peering
 * (accepted with the other account's role), a permission denied at the DryRun preflight (nothing
 * changes), and a failure midway (re-running converges). Failures are injected by a proxy in
 * front of moto (test/support/fault-proxy.ts).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDeepStrictEqual } from "node:util";
import { DeleteRouteCommand } from "@aws-sdk/client-ec2";
import type { PlanDocument } from "../../src/report/plan.js";
import { doctor, healthyMembers, problems, runOnWorld } from "../support/aws-harness.js";
import { faultProxyFor, motoWorlds, requestPeering } from "../support/moto-worlds.js";

const json = <T>(stdout: string): T => JSON.parse(stdout) as T;

describe("setup against moto: half-done and failing runs", () => {
  const { build, moto } = motoWorlds();
  const proxy = faultProxyFor(moto);
  const viaProxy = () => ({ AWS_ENDPOINT_URL: proxy().url });

  it("a peering nobody accepted: east accepts it with its own role; routes follow", async () => {
    const { world, west, east } = await build(healthyMembers(), { peer: false });
    const pcx = await requestPeering(west, east);
    const run = await runOnWorld(moto(), world, ["setup", "--yes", "-o", "json"]);
    assert.equal(run.code, 0, run.stderr);
    const doc = json<PlanDocument>(run.stdout);
    assert.deepEqual(doc.actions[0], {
      ...doc.actions[0],
      member: "east",
      action: "AcceptVpcPeeringConnection",
      region: "us-east-1",
      params: { VpcPeeringConnectionId: pcx },
      status: "applied",
    });
    assert.ok(!doc.actions.some((a) => a.action === "CreateVpcPeeringConnection"));
    assert.deepEqual(problems((await doctor(moto(), world)).doc), []);
    // A peering setup did not create is not setup's to delete.
    const down = await runOnWorld(moto(), world, ["teardown", "--dry-run", "-o", "json"]);
    assert.ok(
      !json<PlanDocument>(down.stdout).actions.some(
        (a) => a.action === "DeleteVpcPeeringConnection",
      ),
    );
  });

  it("a permission denied at the preflight: nothing changes, the denied action is named", async () => {
    // (A route to a peering setup has yet to create cannot be checked with real IDs: use an
    // existing peering.)
    const { world, east } = await build(healthyMembers());
    await east.ec2.send(
      new DeleteRouteCommand({
        RouteTableId: east.routeTableId,
        DestinationCidrBlock: "10.10.0.0/16",
      }),
    );
    proxy().faults([
      {
        action: "CreateRoute",
        error: {
          code: "UnauthorizedOperation",
          message: "You are not authorized to perform this operation.",
          status: 403,
        },
        dryRun: true,
      },
    ]);
    const state = async () => ((await moto().state()) as { ec2: unknown }).ec2;
    const before = await state();
    const run = await runOnWorld(moto(), world, ["setup", "--yes", "-o", "json"], viaProxy());
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(
      run.stderr,
      /warning: east may not CreateRoute \(rtb-\w+\): You are not authorized/,
    );
    const doc = json<PlanDocument>(run.stdout);
    assert.equal(doc.applied, false);
    assert.ok(doc.actions.every((a) => a.status === "planned"));
    assert.ok(doc.preflight?.some((p) => p.permission === "denied"));
    assert.ok(isDeepStrictEqual(await state(), before), "nothing changed in EC2");
  });

  it("a failure midway is reported, and running setup again finishes the job", async () => {
    const { world } = await build(healthyMembers(), { peer: false });
    proxy().faults([
      {
        action: "CreateRoute",
        error: { code: "InternalError", message: "boom" },
        dryRun: false,
        times: 1,
      },
    ]);
    const first = await runOnWorld(moto(), world, ["setup", "--yes", "-o", "json"], viaProxy());
    assert.equal(first.code, 1);
    const statuses = json<PlanDocument>(first.stdout).actions.map((a) => `${a.action} ${a.status}`);
    assert.deepEqual(statuses.slice(0, 3), [
      "CreateVpcPeeringConnection applied",
      "AcceptVpcPeeringConnection applied",
      "CreateTags applied",
    ]);
    assert.ok(statuses.includes("CreateRoute failed"), statuses.join(", "));
    const second = await runOnWorld(moto(), world, ["setup", "--yes", "-o", "json"]);
    assert.equal(second.code, 0, second.stderr);
    const redo = json<PlanDocument>(second.stdout).actions;
    assert.ok(
      !redo.some((a) => a.action === "CreateVpcPeeringConnection"),
      "the peering is reused",
    );
    assert.deepEqual(problems((await doctor(moto(), world)).doc), []);
  });
});
