import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { doctor, healthyMembers, problems, result, runOnWorld } from "../support/aws-harness.js";
import { buildWorld, destroyWorld } from "../support/aws-world.js";
import type { Moto } from "../support/moto.js";
import { startMoto } from "../support/moto.js";

/**
 * eks:DescribeCluster through the CLI against moto's EKS (clusterSecurityGroupId supplied by
 * test/support/moto-server.py, as moto makes none). One moto for both worlds, reset between.
 */
describe("aws.eks-cluster against moto's EKS", () => {
  let moto: Moto;
  before(async () => {
    moto = await startMoto();
  });
  after(() => moto.stop());

  it("passes when EKS agrees; a Service CIDR EKS does not report and an IPv6 cluster are errors", async () => {
    // west: EKS reports another Service CIDR than its Gateway publishes; east: an IPv6 cluster.
    const broken = await buildWorld(
      moto,
      healthyMembers(
        {},
        {},
        { eks: { serviceIpv4Cidr: "10.100.0.0/16" } },
        { eks: { ipFamily: "ipv6" } },
      ),
    );
    try {
      const { code, doc, stderr } = await doctor(moto, broken);
      assert.equal(code, 1, stderr);
      assert.deepEqual(problems(doc), [
        "aws.eks-cluster east fail/error",
        "aws.eks-cluster west fail/error",
      ]);
      assert.match(
        result(doc, "aws.eks-cluster", "west")[0]?.message ?? "",
        /^EKS cluster west gives ClusterIPs from 10\.100\.0\.0\/16 \(eks:DescribeCluster\) but Gateway \S+ publishes 10\.96\.0\.0\/16/,
      );
      assert.match(
        result(doc, "aws.eks-cluster", "east")[0]?.message ?? "",
        /^EKS cluster east is IPv6 \(kubernetesNetworkConfig\.ipFamily: ipv6\)/,
      );
    } finally {
      destroyWorld(broken);
    }
    await moto.reset();
    const healthy = await buildWorld(moto, healthyMembers());
    try {
      const { code, doc, stderr } = await doctor(moto, healthy);
      assert.equal(code, 0, stderr);
      assert.deepEqual(problems(doc, ""), []);
      assert.deepEqual(
        result(doc, "aws.eks-cluster", "west").map((r) => r.message),
        ["EKS cluster west: Service CIDR 10.96.0.0/16 as the Gateway publishes; IPV4"],
      );
      // show: a line of EKS facts per member (on a screen wide enough to hold it).
      const show = await runOnWorld(moto, healthy, ["show"], { COLUMNS: "200" });
      assert.equal(show.code, 0, show.stderr);
      assert.match(
        show.stdout,
        new RegExp(
          `\\n {2}EKS +west \\(the EKS context ARN\\), ACTIVE, Kubernetes [\\d.]+, ipv4, Service CIDR 10\\.96\\.0\\.0/16, cluster security group ${healthy.members[0]?.clusterSgId}\\n`,
        ),
      );
    } finally {
      destroyWorld(healthy);
    }
  });
});
