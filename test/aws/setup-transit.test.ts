/**
 * setup and teardown through transit gateways against moto (its gaps closed by
 * test/support/moto-server.py), through the CLI: west (us-west-2) and east (us-east-1, another
 * account read through a role), each Region with its gateway, the gateways peered. A gateway path
 * broken in four places is mended (doctor clean after, a second setup a no-op, teardown leaves it
 * as it was); `--via` from nothing attaches both VPCs and routes them, teardown leaves moto's EC2
 * state exactly as before; a DryRun denied for a transit gateway action changes nothing.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  AcceptTransitGatewayPeeringAttachmentCommand,
  AssociateTransitGatewayRouteTableCommand,
  CreateTransitGatewayCommand,
  CreateTransitGatewayPeeringAttachmentCommand,
  CreateTransitGatewayRouteCommand,
  DeleteRouteCommand,
  DeleteTransitGatewayRouteCommand,
  DescribeRouteTablesCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeTransitGatewayRouteTablesCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  DisableTransitGatewayRouteTablePropagationCommand,
  DisassociateTransitGatewayRouteTableCommand,
  GetTransitGatewayRouteTablePropagationsCommand,
  ModifyTransitGatewayVpcAttachmentCommand,
  SearchTransitGatewayRoutesCommand,
} from "@aws-sdk/client-ec2";
import type { PlanDocument } from "../../src/report/plan.js";
import { changes, doctor, healthyMembers, problems, runOnWorld } from "../support/aws-harness.js";
import { transitGateways, type WorldMember } from "../support/aws-world.js";
import { faultProxyFor, motoWorlds } from "../support/moto-worlds.js";

const json = <T>(stdout: string): T => JSON.parse(stdout) as T;
const CLEAN: string[] = [];
const actions = (doc: PlanDocument) =>
  doc.actions.map((a) => `${a.member} ${a.action} ${a.status}`);

/** What setup and teardown may touch, as each member's account sees it, for comparing. */
async function state(members: readonly WorldMember[], tgws: Map<WorldMember, string>) {
  const out: unknown[] = [];
  for (const m of members) {
    const tables = await m.ec2.send(
      new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: [m.vpcId] }] }),
    );
    const tgw = tgws.get(m) ?? "";
    const atts = await m.ec2.send(
      new DescribeTransitGatewayAttachmentsCommand({
        Filters: [{ Name: "transit-gateway-id", Values: [tgw] }],
      }),
    );
    const vpcAtts = await m.ec2.send(
      new DescribeTransitGatewayVpcAttachmentsCommand({
        Filters: [{ Name: "transit-gateway-id", Values: [tgw] }],
      }),
    );
    const tgwTables = await m.ec2.send(
      new DescribeTransitGatewayRouteTablesCommand({
        Filters: [{ Name: "transit-gateway-id", Values: [tgw] }],
      }),
    );
    const perTable = [];
    for (const t of tgwTables.TransitGatewayRouteTables ?? []) {
      const id = t.TransitGatewayRouteTableId ?? "";
      perTable.push({
        id,
        tags: t.Tags,
        routes: (
          await m.ec2.send(
            new SearchTransitGatewayRoutesCommand({
              TransitGatewayRouteTableId: id,
              Filters: [{ Name: "state", Values: ["active", "blackhole"] }],
            }),
          )
        ).Routes,
        propagations: (
          await m.ec2.send(
            new GetTransitGatewayRouteTablePropagationsCommand({ TransitGatewayRouteTableId: id }),
          )
        ).TransitGatewayRouteTablePropagations,
      });
    }
    out.push({
      member: m.name,
      routeTables: (tables.RouteTables ?? []).map((t) => ({
        id: t.RouteTableId,
        routes: t.Routes,
        tags: t.Tags,
      })),
      attachments: (atts.TransitGatewayAttachments ?? []).map((a) => ({
        id: a.TransitGatewayAttachmentId,
        state: a.State,
        association: a.Association,
        tags: a.Tags,
      })),
      vpcAttachments: (vpcAtts.TransitGatewayVpcAttachments ?? []).map((a) => ({
        id: a.TransitGatewayAttachmentId,
        subnets: a.SubnetIds,
        tags: a.Tags,
      })),
      tables: perTable,
    });
  }
  return out;
}

/** A gateway per member's Region (no attachment yet), the two peered and the peering associated. */
async function bareGateways(west: WorldMember, east: WorldMember) {
  const made = new Map<WorldMember, { tgwId: string; tableId: string }>();
  for (const m of [west, east]) {
    const out = await m.ec2.send(
      new CreateTransitGatewayCommand({ Description: `hub ${m.region}` }),
    );
    made.set(m, {
      tgwId: out.TransitGateway?.TransitGatewayId ?? "",
      tableId: out.TransitGateway?.Options?.AssociationDefaultRouteTableId ?? "",
    });
  }
  const w = made.get(west);
  const e = made.get(east);
  assert.ok(w && e);
  const peering = await west.ec2.send(
    new CreateTransitGatewayPeeringAttachmentCommand({
      TransitGatewayId: w.tgwId,
      PeerTransitGatewayId: e.tgwId,
      PeerAccountId: east.account,
      PeerRegion: east.region,
    }),
  );
  const id = peering.TransitGatewayPeeringAttachment?.TransitGatewayAttachmentId ?? "";
  await east.ec2.send(
    new AcceptTransitGatewayPeeringAttachmentCommand({ TransitGatewayAttachmentId: id }),
  );
  for (const [m, g] of [
    [west, w],
    [east, e],
  ] as const)
    await m.ec2.send(
      new AssociateTransitGatewayRouteTableCommand({
        TransitGatewayRouteTableId: g.tableId,
        TransitGatewayAttachmentId: id,
      }),
    );
  return { w, e };
}

describe("setup through transit gateways against moto", () => {
  const { build, moto } = motoWorlds();
  const proxy = faultProxyFor(moto);

  /** The healthy world joined through gateways, west's table without its route to east's VPC. */
  async function withoutWestRoute() {
    const { world, west, east } = await build(healthyMembers(), { transit: true });
    const w = transitGateways.get(west);
    const e = transitGateways.get(east);
    assert.ok(w && e);
    await west.ec2.send(
      new DeleteTransitGatewayRouteCommand({
        TransitGatewayRouteTableId: w.tableId,
        DestinationCidrBlock: "10.20.0.0/16",
      }),
    );
    return { world, west, east, w, e };
  }

  it("a path broken four ways: mended, a no-op again, and teardown leaves it as it was", async () => {
    // West's table lost its static route to east's VPC; east's attachment lost a zone and its
    // propagation into east's table; west's Gateway subnets lost their route to the gateway
    // (the leader's way back to east's Nodes too).
    const { world, west, east, w, e } = await withoutWestRoute();
    const [eastAttachment] =
      (
        await east.ec2.send(
          new DescribeTransitGatewayVpcAttachmentsCommand({
            Filters: [{ Name: "vpc-id", Values: [east.vpcId] }],
          }),
        )
      ).TransitGatewayVpcAttachments ?? [];
    const attachmentId = eastAttachment?.TransitGatewayAttachmentId ?? "";
    await east.ec2.send(
      new ModifyTransitGatewayVpcAttachmentCommand({
        TransitGatewayAttachmentId: attachmentId,
        RemoveSubnetIds: [eastAttachment?.SubnetIds?.[1] ?? ""],
      }),
    );
    await east.ec2.send(
      new DisableTransitGatewayRouteTablePropagationCommand({
        TransitGatewayRouteTableId: e.tableId,
        TransitGatewayAttachmentId: attachmentId,
      }),
    );
    await west.ec2.send(
      new DeleteRouteCommand({
        RouteTableId: west.routeTableId,
        DestinationCidrBlock: "10.20.0.0/16",
      }),
    );
    const tgws = new Map([
      [west, w.tgwId],
      [east, e.tgwId],
    ]);
    const broken = await state([west, east], tgws);
    const before = await doctor(moto(), world);
    assert.ok(
      problems(before.doc).includes("aws.transit-gateway west→east fail") ||
        problems(before.doc).length > 1,
    );

    const run = await runOnWorld(moto(), world, ["setup", "--yes", "-o", "json"]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const doc = json<PlanDocument>(run.stdout);
    assert.deepEqual(actions(doc).sort(), [
      "east CreateTags applied",
      "east CreateTags applied",
      "east EnableTransitGatewayRouteTablePropagation applied",
      "east ModifyTransitGatewayVpcAttachment applied",
      "west CreateRoute applied",
      "west CreateTags applied",
      "west CreateTags applied",
      "west CreateTransitGatewayRoute applied",
    ]);
    assert.deepEqual(problems((await doctor(moto(), world)).doc), CLEAN);
    const again = await runOnWorld(moto(), world, ["setup", "--yes", "-v"]);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(changes(again.stderr), []);

    const down = await runOnWorld(moto(), world, ["teardown", "--yes", "-o", "json"]);
    assert.equal(down.code, 0, down.stderr);
    assert.deepEqual(await state([west, east], tgws), broken);
  });

  it("a blackhole and an unassociated attachment: replaced and associated, teardown undoes both", async () => {
    const { world, west, east, w, e } = await withoutWestRoute();
    await west.ec2.send(
      new CreateTransitGatewayRouteCommand({
        TransitGatewayRouteTableId: w.tableId,
        DestinationCidrBlock: "10.20.0.0/16",
        Blackhole: true,
      }),
    );
    const [eastAttachment] =
      (
        await east.ec2.send(
          new DescribeTransitGatewayVpcAttachmentsCommand({
            Filters: [{ Name: "vpc-id", Values: [east.vpcId] }],
          }),
        )
      ).TransitGatewayVpcAttachments ?? [];
    await east.ec2.send(
      new DisassociateTransitGatewayRouteTableCommand({
        TransitGatewayRouteTableId: e.tableId,
        TransitGatewayAttachmentId: eastAttachment?.TransitGatewayAttachmentId ?? "",
      }),
    );
    const tgws = new Map([
      [west, w.tgwId],
      [east, e.tgwId],
    ]);
    const run = await runOnWorld(moto(), world, ["setup", "--yes", "-o", "json"]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const made = actions(json<PlanDocument>(run.stdout));
    for (const a of [
      "west ReplaceTransitGatewayRoute applied",
      "east AssociateTransitGatewayRouteTable applied",
    ])
      assert.ok(made.includes(a), `${a} in ${made.join("; ")}`);
    assert.deepEqual(problems((await doctor(moto(), world)).doc), CLEAN);
    const down = await runOnWorld(moto(), world, ["teardown", "--yes", "-o", "json"]);
    assert.equal(down.code, 0, down.stderr);
    const undone = actions(json<PlanDocument>(down.stdout));
    for (const a of [
      "west DeleteTransitGatewayRoute applied",
      "east DisassociateTransitGatewayRouteTable applied",
    ])
      assert.ok(undone.includes(a), `${a} in ${undone.join("; ")}`);
    // What setup recorded is gone with what it made.
    const after = JSON.stringify(await state([west, east], tgws));
    assert.doesNotMatch(after, /antrea\.io\/clusterset\//);
  });

  it("--via from nothing: both VPCs attached and routed; teardown leaves EC2 exactly as before", async () => {
    const { world, west, east } = await build(healthyMembers(), { peer: false });
    const { w, e } = await bareGateways(west, east);
    const tgws = new Map([
      [west, w.tgwId],
      [east, e.tgwId],
    ]);
    const via = ["--via", `west=${w.tgwId}`, "--via", `east=${e.tgwId}`];
    const before = await state([west, east], tgws);

    const plan = await runOnWorld(moto(), world, ["setup", "--dry-run", ...via]);
    assert.match(plan.stdout, /CreateTransitGatewayVpcAttachment/);
    assert.doesNotMatch(plan.stdout, /CreateVpcPeeringConnection/);

    const run = await runOnWorld(moto(), world, ["setup", "--yes", "-o", "json", ...via]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const doc = json<PlanDocument>(run.stdout);
    const made = actions(doc);
    for (const a of [
      "west CreateTransitGatewayVpcAttachment applied",
      "east CreateTransitGatewayVpcAttachment applied",
      "west CreateTransitGatewayRoute applied",
      "east CreateTransitGatewayRoute applied",
      "west CreateRoute applied",
      "east CreateRoute applied",
    ])
      assert.ok(made.includes(a), `${a} in ${made.join("; ")}`);
    assert.deepEqual(problems((await doctor(moto(), world)).doc), CLEAN);
    const again = await runOnWorld(moto(), world, ["setup", "--yes", "-v", ...via]);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(changes(again.stderr), []);

    const down = await runOnWorld(moto(), world, ["teardown", "--yes", "-o", "json"]);
    assert.equal(down.code, 0, down.stderr);
    assert.deepEqual(
      await state([west, east], tgws),
      before,
      actions(json(down.stdout)).join("; "),
    );
  });

  it("a DryRun denied for a transit gateway action: nothing changes, the action is named", async () => {
    const { world } = await withoutWestRoute();
    proxy().faults([
      {
        action: "CreateTransitGatewayRoute",
        error: {
          status: 403,
          code: "UnauthorizedOperation",
          message: "You are not authorized to perform this operation.",
        },
        dryRun: true,
      },
    ]);
    const whole = async () => ((await moto().state()) as { ec2: unknown }).ec2;
    const before = await whole();
    const run = await runOnWorld(moto(), world, ["setup", "--yes", "-o", "json"], {
      AWS_ENDPOINT_URL: proxy().url,
    });
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stderr,
      /may not CreateTransitGatewayRoute \(tgw-rtb-\w+\): You are not authorized/,
    );
    assert.deepEqual(await whole(), before, "nothing changed in EC2");
    const doc = json<PlanDocument>(run.stdout);
    assert.equal(doc.applied, false);
    assert.ok(
      doc.preflight?.some((p) => p.permission === "denied"),
      JSON.stringify(doc.preflight),
    );
    proxy().faults([]);
    const still = await doctor(moto(), world);
    assert.ok(problems(still.doc).some((p) => p.startsWith("aws.transit-gateway west")));
  });
});
