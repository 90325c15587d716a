/**
 * The number of AWS requests doctor makes grows with account/Region groups, never with members or
 * pairs: 2 members, then 4 in the same 2 groups, then 6 in 6 groups, counted from its -v log.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { runOnWorld } from "../support/aws-harness.js";
import { buildWorld, destroyWorld } from "../support/aws-world.js";
import type { MemberSpec } from "../support/fixtures/eks.js";
import { type Moto, startMoto } from "../support/moto.js";

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
      .filter((l) => /^debug: AWS .*: request (ec2|sts|servicequotas):/.test(l)).length;
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
    // 14 requests per group: sts:GetCallerIdentity, 9 Describe* (peerings: one per side; no
    // transit gateway, so none of its reads beyond the VPCs' attachments), 3 quotas.
    assert.deepEqual(
      [two, four, six],
      [
        { requests: 28, pairs: 1 },
        { requests: 28, pairs: 6 },
        { requests: 84, pairs: 15 },
      ],
    );
  });
});
