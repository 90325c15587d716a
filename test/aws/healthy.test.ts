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
import type { MemberSpec } from "../support/fixtures/eks.js";
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
      // access and instance per member; vpc-overlap and peering per pair; six checks per direction.
      assert.equal(doc.checks.filter((c) => c.id.startsWith("aws.")).length, 2 * 2 + 2 + 6 * 2);
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

  it("warns about the MTU when the VPC CNI keeps 9001 across Regions", async () => {
    const world = await buildWorld(moto, healthyMembers({ vpcCniMtu: undefined }));
    try {
      const { code, doc } = await doctor(moto, world);
      assert.equal(code, 0, "a warning does not fail");
      assert.deepEqual(problems(doc), ["aws.mtu west→east warn/warning"]);
      const mtu = doc.checks.find((c) => c.id === "aws.mtu" && c.status === "warn");
      assert.match(
        mtu?.message ?? "",
        /up to 9001 bytes \(Amazon VPC CNI default\) but inter-Region VPC peering pcx-\w+ to east carries 8500/,
      );
      assert.match(mtu?.remediation ?? "", /set env daemonset\/aws-node AWS_VPC_ENI_MTU=8500/);
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

/** n members: the first in west's account and Region pattern, and so on. */
function members(regions: readonly string[], accounts: readonly string[]) {
  return regions.map((region, k) => {
    const o = 10 * (k + 1);
    const spec: MemberSpec = {
      name: `m${k + 1}`,
      region,
      accountId: accounts[k] ?? "123456789012",
      serviceCIDR: `172.${16 + k}.0.0/16`,
      nodes: [
        { ip: `10.${o}.12.34`, zone: `${region}a` },
        { ip: `10.${o}.45.67`, zone: `${region}b` },
      ],
      candidates: [0, 1],
      active: 0,
      vpcCniMtu: 8500,
      agentConf: { "multicluster.enablePodToPodConnectivity": true },
      mcConf: { podCIDRs: [`10.${o}.0.0/16`] },
      leader: k === 0,
    };
    return {
      spec,
      aws: { vpcCidr: `10.${o}.0.0/16`, ...(accounts[k] ? { account: accounts[k] } : {}) },
    };
  });
}

async function countRequests(
  moto: Moto,
  m: ReturnType<typeof members>,
): Promise<{ requests: number; pairs: number }> {
  const world = await buildWorld(moto, m);
  try {
    const run = await runOnWorld(moto, world, ["doctor", "-o", "json", "-v"]);
    assert.equal(run.code, 0, run.stderr);
    const requests = run.stderr
      .split("\n")
      .filter((l) => /^debug: AWS .*: request (ec2|sts):/.test(l)).length;
    return { requests, pairs: (m.length * (m.length - 1)) / 2 };
  } finally {
    destroyWorld(world);
  }
}

describe("AWS requests grow with account/Region groups, not with pairs", () => {
  let moto: Moto;
  before(async () => {
    moto = await startMoto();
  });
  after(() => moto.stop());
  beforeEach(() => moto.reset());

  it("2 members, then 4 in the same 2 groups, then 6 in 6 groups", async () => {
    const other = "444455556666";
    const two = await countRequests(moto, members(["us-west-2", "us-east-1"], ["", other]));
    await moto.reset();
    const four = await countRequests(
      moto,
      members(["us-west-2", "us-east-1", "us-west-2", "us-east-1"], ["", other, "", other]),
    );
    await moto.reset();
    const six = await countRequests(
      moto,
      members(
        ["us-west-2", "us-east-1", "eu-west-1", "eu-central-1", "ap-southeast-1", "ca-central-1"],
        ["", other, "", other, "", other],
      ),
    );
    // 9 requests per group: sts:GetCallerIdentity, 7 Describe* (peerings: one per side).
    assert.deepEqual(
      [two, four, six],
      [
        { requests: 18, pairs: 1 },
        { requests: 18, pairs: 6 },
        { requests: 54, pairs: 15 },
      ],
    );
  });
});
