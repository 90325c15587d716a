/**
 * A leader that is no member (hub): an EKS cluster of its own in moto, peered with both members'
 * VPCs. doctor reads its EKS cluster and its control plane's VPC with the hub's own AWS settings
 * (a group of reads without instances), judges both members' way to its private endpoint, and
 * setup leaves the hub's side to the user: it acts only with the members' credentials.
 */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { RevokeSecurityGroupIngressCommand } from "@aws-sdk/client-ec2";
import type { DoctorDocument } from "../../src/report/doctor.js";
import type { PlanDocument } from "../../src/report/plan.js";
import { healthyMembers } from "../support/aws-harness.js";
import { cleanEnv, runCli } from "../support/cli.js";
import { leaderClusterObjects, SERVER_CLOCK } from "../support/fixtures/leader.js";
import { startClusterSet } from "../support/harness.js";
import { motoWorlds } from "../support/moto-worlds.js";
import { eksContext, scenario, westSpec } from "../support/scenarios.js";

const hubSpec = westSpec({
  name: "hub",
  leader: true,
  serviceCIDR: "10.98.0.0/16",
  nodes: [{ ip: "10.30.12.34", zone: "us-west-2a" }],
  candidates: [0],
  mcConf: { podCIDRs: ["10.30.0.0/16"] },
});
const HUB = eksContext(hubSpec);

describe("a leader that is no member, against moto", () => {
  const { build, moto } = motoWorlds();

  it("its EKS cluster is read with its own settings; setup leaves its side to the user", async () => {
    const [west, east] = healthyMembers({ leader: false });
    assert.ok(west && east);
    const { world } = await build(
      [west, east, { spec: hubSpec, aws: { vpcCidr: "10.30.0.0/16" } }],
      // The hub is a cluster of the world, not a member: no member objects for it.
      { kube: (specs) => scenario(specs.filter((s) => s.name !== "hub")) },
    );
    const hub = world.members[2];
    assert.ok(hub);
    const cs = await startClusterSet(world.kube, {
      leaderServer: "as-written",
      extra: [
        {
          context: HUB,
          options: { objects: leaderClusterObjects([west.spec, east.spec]), clock: SERVER_CLOCK },
        },
      ],
    });
    const run = (args: string[]) =>
      runCli(
        [...args, "--context", cs.contexts.join(","), "--leader-context", HUB, ...world.awsArgs],
        { env: cleanEnv({ ...moto().env, KUBECONFIG: cs.kubeconfig }) },
      );
    const leaderPath = (out: string) =>
      (JSON.parse(out) as DoctorDocument).checks
        .filter((c) => c.id === "aws.leader-path")
        .map((c) => `${c.member} ${c.status}: ${c.message}`);
    try {
      const healthy = await run(["doctor", "-o", "json"]);
      assert.equal(healthy.code, 0, healthy.stderr + healthy.stdout);
      const ok = leaderPath(healthy.stdout);
      assert.equal(ok.length, 2);
      for (const line of ok)
        assert.match(
          line,
          /^(west|east) pass: \1's Nodes reach the leader hub's private endpoint \(private endpoint access only\): peered by pcx-\w+, TCP 443 admitted by sg-\w+$/,
        );

      // The hub's TCP 443 rule goes: both members are cut off, and setup cannot act as the hub.
      await hub.ec2.send(
        new RevokeSecurityGroupIngressCommand({
          GroupId: hub.clusterSgId,
          IpPermissions: [
            {
              IpProtocol: "tcp",
              FromPort: 443,
              ToPort: 443,
              IpRanges: [{ CidrIp: "10.10.0.0/16" }, { CidrIp: "10.20.0.0/16" }],
            },
          ],
        }),
      );
      const broken = await run(["doctor", "-o", "json"]);
      assert.equal(broken.code, 1, broken.stderr);
      const failing = (JSON.parse(broken.stdout) as DoctorDocument).checks.filter(
        (c) => c.id === "aws.leader-path",
      );
      assert.deepEqual(
        failing.map((c) => [c.member, c.status, c.resource]),
        [
          ["west", "fail", hub.clusterSgId],
          ["east", "fail", hub.clusterSgId],
        ],
      );
      assert.match(
        failing[1]?.remediation ?? "",
        new RegExp(
          `^aws ec2 authorize-security-group-ingress --group-id ${hub.clusterSgId} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=\\[\\{CidrIp=10\\.20\\.0\\.0/19,.*\\]' --region us-west-2$`,
        ),
      );
      // Collected, the same verdict offline: the hub's group of reads is in the snapshot.
      const snap = join(mkdtempSync(join(tmpdir(), "antrea-mc-hub-")), "snap");
      const collected = await run(["collect", "--out", snap]);
      assert.equal(collected.code, 0, collected.stderr);
      const offline = await runCli(["doctor", "--snapshot", snap, "-o", "json"], {
        env: cleanEnv(),
      });
      assert.deepEqual(leaderPath(offline.stdout), leaderPath(broken.stdout));

      const plan = await run(["setup", "--dry-run", "-o", "json"]);
      const doc = JSON.parse(plan.stdout) as PlanDocument;
      assert.deepEqual(
        doc.actions.filter((a) => a.reason === "aws.leader-path"),
        [],
        "setup acts with the members' credentials only",
      );
      const left = doc.unfixable.filter((u) => u.check === "aws.leader-path");
      assert.deepEqual(
        left.map((u) => [u.member, u.blocking]),
        [
          ["west", true],
          ["east", true],
        ],
      );
      assert.match(
        left[0]?.message ?? "",
        /: the leader is no member, and setup changes only the members' AWS accounts$/,
      );
    } finally {
      await cs.close();
    }
  });
});
