/**
 * doctor through transit gateways against moto (its gaps closed by test/support/moto-server.py):
 * west (us-west-2) and east (us-east-1, another account read through a role) joined by their
 * Regions' peered gateways, no VPC peering. The healthy world passes (no aws.peering false alarm);
 * a missing static route is found and its printed fix, pasted into bash with the real AWS CLI,
 * mends it; a collected snapshot gives the same verdict offline.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import {
  CreateSubnetCommand,
  CreateTransitGatewayRouteCommand,
  CreateTransitGatewayVpcAttachmentCommand,
  CreateVpcCommand,
  DeleteTransitGatewayRouteCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  type EC2Client,
  ModifyTransitGatewayVpcAttachmentCommand,
} from "@aws-sdk/client-ec2";
import type { DoctorDocument } from "../../src/report/doctor.js";
import type { ShowDocument } from "../../src/report/show.js";
import {
  applyFix,
  doctor,
  healthyMembers,
  problems,
  result,
  runOnWorld,
} from "../support/aws-harness.js";
import { buildWorld, destroyWorld, transitGateways } from "../support/aws-world.js";
import { cleanEnv, runCli } from "../support/cli.js";
import { type Moto, startMoto } from "../support/moto.js";

/** West's gateway table sends east's VPC block elsewhere (a blackhole, another attachment). */
async function rerouteEast(
  ec2: EC2Client,
  table: string,
  to: { Blackhole: true } | { TransitGatewayAttachmentId: string },
) {
  const route = { TransitGatewayRouteTableId: table, DestinationCidrBlock: "10.20.0.0/16" };
  await ec2.send(new DeleteTransitGatewayRouteCommand(route));
  await ec2.send(new CreateTransitGatewayRouteCommand({ ...route, ...to }));
}

describe("AWS side against moto: members joined through transit gateways", () => {
  let moto: Moto;
  before(async () => {
    moto = await startMoto();
  });
  after(() => moto.stop());
  beforeEach(() => moto.reset());

  it("a healthy ClusterSet joined only by peered gateways passes, and the same offline", async () => {
    const world = await buildWorld(moto, healthyMembers(), { transit: true });
    try {
      const { code, doc, stderr } = await doctor(moto, world, ["-v"]);
      // The leader's path (east's Nodes to west's API server) goes through the gateways too.
      assert.deepEqual(problems(doc), []);
      assert.equal(code, 0, stderr);
      const peering = result(doc, "aws.peering", "west", "east")[0];
      assert.match(
        peering?.message ?? "",
        /are joined through transit gateway tgw-\w+ and tgw-\w+: no peering needed/,
      );
      const tgw = result(doc, "aws.transit-gateway", "west", "east")[0];
      assert.match(
        tgw?.message ?? "",
        /^the tunnel to east goes through tgw-attach-\w+ → tgw-rtb-\w+ \(10\.20\.0\.0\/16, static\) → peering tgw-attach-\w+ → tgw-\w+ → tgw-rtb-\w+ \(10\.20\.0\.0\/16, propagated\) → tgw-attach-\w+/,
      );
      assert.match(
        result(doc, "aws.mtu", "west", "east")[0]?.message ?? "",
        /fit transit gateway tgw-\w+ \(8500\)/,
      );
      // Two more round trips for a group whose VPCs use a gateway: 5 reads, 2 per route table.
      const requests = stderr.split("\n").filter((l) => /AWS us-west-2.*: request ec2:/.test(l));
      const ops = requests.map((l) => l.replace(/.*request ec2:/, ""));
      for (const op of [
        "DescribeTransitGateways",
        "DescribeTransitGatewayAttachments",
        "DescribeTransitGatewayRouteTables",
        "DescribeTransitGatewayPeeringAttachments",
        "SearchTransitGatewayRoutes",
        "GetTransitGatewayRouteTablePropagations",
      ])
        assert.equal(ops.filter((o) => o === op).length, 1, `${op} once: ${ops.join(", ")}`);

      const snap = join(mkdtempSync(join(tmpdir(), "antrea-mc-tgw-")), "snap");
      const collect = await runOnWorld(moto, world, ["collect", "--out", snap]);
      assert.equal(collect.code, 0, collect.stderr);
      const files = readdirSync(join(snap, "aws", "123456789012", "us-west-2"));
      assert.ok(
        files.some((f) => /^SearchTransitGatewayRoutes\.tgw-rtb-\w+\.json$/.test(f)),
        files.join(" "),
      );
      const offline = await runCli(["doctor", "--snapshot", snap, "-o", "json"], {
        env: cleanEnv(),
      });
      const live = await doctor(moto, world);
      assert.deepEqual(JSON.parse(offline.stdout) as DoctorDocument, live.doc);
      // show names the gateways and the hops, in JSON, on the Paths lines and in the picture.
      const show = await runCli(["show", "--snapshot", snap, "-o", "json"], { env: cleanEnv() });
      const pair = (JSON.parse(show.stdout) as ShowDocument).pairs[0];
      assert.equal(pair?.peering, null);
      assert.equal(pair?.transit?.gateways.length, 2);
      assert.match(
        pair?.transit?.hops.join(" → ") ?? "",
        /^tgw-attach-\w+ → tgw-rtb-\w+ → tgw-attach-\w+ → tgw-rtb-\w+ → tgw-attach-\w+$/,
      );
      const table = await runCli(["show", "--snapshot", snap, "--no-color"], {
        env: cleanEnv({ COLUMNS: "200" }),
      });
      assert.match(table.stdout, /west → east .*› tgw-\w+,tgw-\w+ ✓ ›\n\s+acl-/);
      assert.match(
        table.stdout,
        /west ↔ east {2}vpc-\w+ ↔ vpc-\w+ through transit gateway tgw-\w+, tgw-\w+: /,
      );
    } finally {
      destroyWorld(world);
    }
  });

  it("a missing static route over the gateway peering: found, and its fix as printed mends it", async () => {
    const world = await buildWorld(moto, healthyMembers(), { transit: true });
    try {
      const west = world.members[0];
      const hub = west && transitGateways.get(west);
      assert.ok(west && hub);
      await west.ec2.send(
        new DeleteTransitGatewayRouteCommand({
          TransitGatewayRouteTableId: hub.tableId,
          DestinationCidrBlock: "10.20.0.0/16",
        }),
      );
      const before = await doctor(moto, world);
      assert.equal(before.code, 1);
      // West's table carries the leader's answers back to east's Nodes too.
      assert.deepEqual(problems(before.doc), [
        "aws.leader-path east fail/error",
        "aws.transit-gateway west→east fail/error",
      ]);
      const finding = result(before.doc, "aws.transit-gateway", "west", "east")[0];
      assert.equal(finding?.resource, hub.tableId);
      assert.match(
        finding?.remediation ?? "",
        /^aws ec2 create-transit-gateway-route --transit-gateway-route-table-id tgw-rtb-\w+ --destination-cidr-block 10\.20\.0\.0\/16 --transit-gateway-attachment-id tgw-attach-\w+ --region us-west-2$/,
      );
      await applyFix(moto, finding?.remediation);
      const after = await doctor(moto, world);
      assert.deepEqual(problems(after.doc), []);
      assert.equal(after.code, 0);
    } finally {
      destroyWorld(world);
    }
  });

  it("faults found by their ID with the blocking resource: a missing zone, a blackhole, an appliance next hop", async () => {
    const world = await buildWorld(moto, healthyMembers(), { transit: true });
    try {
      const west = world.members[0];
      const hub = west && transitGateways.get(west);
      assert.ok(west && hub);
      const attachments = await west.ec2.send(
        new DescribeTransitGatewayVpcAttachmentsCommand({
          Filters: [{ Name: "vpc-id", Values: [west.vpcId] }],
        }),
      );
      const mine = attachments.TransitGatewayVpcAttachments?.[0];
      assert.ok(mine?.TransitGatewayAttachmentId);
      // The attachment loses its subnet in us-west-2b, the candidate's zone: a warning.
      const zoneB = (mine.SubnetIds ?? [])[1] ?? "";
      await west.ec2.send(
        new ModifyTransitGatewayVpcAttachmentCommand({
          TransitGatewayAttachmentId: mine.TransitGatewayAttachmentId,
          RemoveSubnetIds: [zoneB],
        }),
      );
      const zone = await doctor(moto, world);
      const warn = result(zone.doc, "aws.transit-gateway", "west", "east").find(
        (r) => r.status === "warn",
      );
      assert.equal(warn?.resource, mine.TransitGatewayAttachmentId);
      assert.match(warn?.message ?? "", /has no subnet in us-west-2b/);
      assert.match(warn?.remediation ?? "", /--add-subnet-ids subnet-\w+ --region us-west-2/);
      // The static route to east's VPC becomes a blackhole: an error at the table.
      await rerouteEast(west.ec2, hub.tableId, { Blackhole: true });
      const hole = await doctor(moto, world);
      const fail = result(hole.doc, "aws.transit-gateway", "west", "east").find(
        (r) => r.status === "fail",
      );
      assert.equal(fail?.resource, hub.tableId);
      assert.match(fail?.message ?? "", /routes 10\.20\.8\.15, 10\.20\.40\.22 to a blackhole/);
      assert.match(fail?.remediation ?? "", /^aws ec2 replace-transit-gateway-route /);
      // The route goes to an inspection VPC's attachment instead: unknown, with the reason.
      const inspection = await west.ec2.send(new CreateVpcCommand({ CidrBlock: "10.99.0.0/16" }));
      const subnet = await west.ec2.send(
        new CreateSubnetCommand({
          VpcId: inspection.Vpc?.VpcId ?? "",
          CidrBlock: "10.99.0.0/24",
          AvailabilityZone: "us-west-2a",
        }),
      );
      const appliance = await west.ec2.send(
        new CreateTransitGatewayVpcAttachmentCommand({
          TransitGatewayId: hub.tgwId,
          VpcId: inspection.Vpc?.VpcId ?? "",
          SubnetIds: [subnet.Subnet?.SubnetId ?? ""],
        }),
      );
      await rerouteEast(west.ec2, hub.tableId, {
        TransitGatewayAttachmentId:
          appliance.TransitGatewayVpcAttachment?.TransitGatewayAttachmentId ?? "",
      });
      const hop = await doctor(moto, world);
      const unknown = result(hop.doc, "aws.transit-gateway", "west", "east").find(
        (r) => r.status === "unknown",
      );
      assert.match(
        unknown?.message ?? "",
        /sends 10\.20\.8\.15 \(10\.20\.0\.0\/16\) to tgw-attach-\w+, VPC vpc-\w+ \(an inspection or appliance VPC\?\): a next hop this tool does not follow$/,
      );
      assert.ok(!hop.doc.checks.some((c) => c.id === "aws.peering" && c.status !== "pass"));
    } finally {
      destroyWorld(world);
    }
  });
});
