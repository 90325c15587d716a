/**
 * Ctrl-C during setup: the call in flight finishes, no other starts, the report says what was
 * applied and what was not (exit 1), and running setup again finishes the job — no duplicates.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  DescribeRouteTablesCommand,
  DescribeVpcPeeringConnectionsCommand,
} from "@aws-sdk/client-ec2";
import type { PlanDocument } from "../../src/report/plan.js";
import { doctor, healthyMembers, problems, runOnWorld } from "../support/aws-harness.js";
import { cleanEnv, runCli } from "../support/cli.js";
import { startClusterSet } from "../support/harness.js";
import { motoWorlds } from "../support/moto-worlds.js";

describe("setup interrupted (SIGINT) against moto", () => {
  const { build, moto } = motoWorlds();

  it("stops after the call in flight, reports, and a re-run converges", async () => {
    const { world, west } = await build(healthyMembers(), { peer: false });
    const cs = await startClusterSet(world.kube);
    let first: { code: number; stdout: string; stderr: string };
    try {
      let sent = false;
      first = await runCli(
        ["setup", "--yes", "-o", "json", "-v", "--kubeconfig", cs.kubeconfig, ...world.awsArgs],
        {
          env: cleanEnv(moto().env),
          onStderr: (stderr, signal) => {
            if (!sent && stderr.includes("Checking permissions")) {
              sent = true;
              signal("SIGINT");
            }
          },
        },
      );
    } finally {
      await cs.close();
    }
    assert.equal(first.code, 1, first.stderr);
    assert.match(first.stderr, /warning: interrupted: stopping after the call in flight/);
    const doc = JSON.parse(first.stdout) as PlanDocument;
    const statuses = doc.actions.map((a) => a.status);
    assert.ok(statuses.includes("skipped"), `something was left: ${statuses.join(" ")}`);
    assert.ok(
      statuses.every((s) => s === "applied" || s === "skipped"),
      statuses.join(" "),
    );

    const again = await runOnWorld(moto(), world, ["setup", "--yes", "-o", "json"]);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(problems((await doctor(moto(), world)).doc), []);
    // One peering, one route per destination: nothing made twice.
    const peerings = await west.ec2.send(new DescribeVpcPeeringConnectionsCommand({}));
    assert.equal(
      peerings.VpcPeeringConnections?.filter((p) => p.Status?.Code !== "deleted").length,
      1,
    );
    const tables = await west.ec2.send(
      new DescribeRouteTablesCommand({ RouteTableIds: [west.routeTableId] }),
    );
    const dests = (tables.RouteTables?.[0]?.Routes ?? []).map((r) => r.DestinationCidrBlock);
    assert.equal(new Set(dests).size, dests.length);
  });
});
