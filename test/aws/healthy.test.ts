import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import type { DoctorDocument } from "../../src/report/doctor.js";
import type { ShowDocument } from "../../src/report/show.js";
import { doctor, healthyMembers, problems, runOnWorld } from "../support/aws-harness.js";
import { buildWorld, destroyWorld } from "../support/aws-world.js";
import { cleanEnv, runCli } from "../support/cli.js";
import { type Moto, startMoto } from "../support/moto.js";

describe("AWS side against moto: a healthy cross-account, cross-Region ClusterSet", () => {
  let moto: Moto;
  before(async () => {
    moto = await startMoto();
  });
  after(() => moto.stop());
  beforeEach(() => moto.reset());

  it("passes every check (exit 0), reading east through its role", async () => {
    const world = await buildWorld(moto, healthyMembers());
    try {
      const { code, doc, stderr } = await doctor(moto, world);
      assert.equal(code, 0, stderr);
      assert.equal(stderr, "", "no SDK warning or other noise on stderr");
      assert.deepEqual(problems(doc, ""), []);
      // access, instance, node-to-gateway, eks-cluster and leader-path per member; vpc-overlap and
      // peering per pair; seven checks per direction; quota per member.
      assert.equal(doc.checks.filter((c) => c.id.startsWith("aws.")).length, 2 * 6 + 2 + 7 * 2);
      const east = doc.members.find((m) => m.name === "east");
      assert.equal(east?.account, "444455556666");
      assert.equal(east?.aws.roleArn, "arn:aws:iam::444455556666:role/antrea-mc-doctor");
      const gw = east?.gateways[0];
      assert.equal(gw?.instanceId, world.members[1]?.instanceIds[0]);
      assert.equal(gw?.routeTableId, world.members[1]?.routeTableId);
      assert.deepEqual(gw?.securityGroupIds, [world.members[1]?.clusterSgId]);
      assert.equal(gw?.vpcId, world.members[1]?.vpcId);
      assert.match(gw?.networkInterfaceId ?? "", /^eni-/);
      assert.match(gw?.networkAclId ?? "", /^acl-/);
    } finally {
      destroyWorld(world);
    }
  });

  it("gives the same verdict offline, from a collected snapshot", async () => {
    const world = await buildWorld(moto, healthyMembers({}, { vpcCniMtu: undefined }));
    try {
      const snap = join(mkdtempSync(join(tmpdir(), "antrea-mc-aws-")), "snap");
      const collect = await runOnWorld(moto, world, ["collect", "--out", snap]);
      assert.equal(collect.code, 0, collect.stderr);
      const live = await doctor(moto, world);
      const offline = await runCli(["doctor", "--snapshot", snap, "-o", "json"], {
        env: cleanEnv(),
      });
      assert.equal(offline.code, live.code);
      assert.deepEqual(JSON.parse(offline.stdout) as DoctorDocument, live.doc);
      const show = await runCli(["show", "--snapshot", snap, "-o", "json"], { env: cleanEnv() });
      const pair = (JSON.parse(show.stdout) as ShowDocument).pairs[0];
      assert.equal(pair?.peering?.status, "active");
      assert.equal(pair?.peering?.id, world.peeringId);
      assert.deepEqual(pair?.vpcs, [world.members[0]?.vpcId, world.members[1]?.vpcId]);
    } finally {
      destroyWorld(world);
    }
  });
});
