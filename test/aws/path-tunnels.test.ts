/** Security groups for the tunnel Antrea really runs (VXLAN) and for every Gateway candidate. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { doctor, healthyMembers, problems, result } from "../support/aws-harness.js";
import { motoWorlds, replaceIngress, WEST_RULE } from "../support/moto-worlds.js";

describe("AWS path faults against moto: the tunnel port and failover candidates", () => {
  const { build, moto, fresh } = motoWorlds();

  it("VXLAN with UDP 4789 open passes; VXLAN with only 6081 open fails both ways", async () => {
    const vxlan = {
      agentConf: { "multicluster.enablePodToPodConnectivity": true, tunnelType: "vxlan" },
    };
    let w = await build(healthyMembers(vxlan, vxlan), { tunnelPort: 4789 });
    let run = await doctor(moto(), w.world);
    assert.equal(run.code, 0);
    assert.deepEqual(problems(run.doc), []);
    assert.match(
      result(run.doc, "aws.sg-ingress", "west", "east")[0]?.message ?? "",
      /admit UDP 4789/,
    );
    await fresh();
    w = await build(healthyMembers(vxlan, vxlan));
    run = await doctor(moto(), w.world);
    assert.deepEqual(problems(run.doc), [
      "aws.sg-ingress east→west fail/error",
      "aws.sg-ingress west→east fail/error",
    ]);
  });

  it("two candidates, and only the active one is admitted: a warning for the failover", async () => {
    const { world, west } = await build(healthyMembers());
    await replaceIngress(west, WEST_RULE, [
      { ...WEST_RULE, IpRanges: WEST_RULE.IpRanges.slice(0, 1) },
    ]);
    const { code, doc } = await doctor(moto(), world);
    assert.equal(code, 0, "the active path works");
    assert.deepEqual(problems(doc), ["aws.sg-ingress west→east warn/warning"]);
    assert.match(
      result(doc, "aws.sg-ingress", "west", "east")[0]?.message ?? "",
      /from east's Gateway IP 10\.20\.40\.22$/,
    );
  });
});
