/**
 * Each world is the healthy one with one fault applied the way it happens in real accounts; doctor
 * must name exactly the failing IDs, on the member that owns the blocking resource.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyFix, doctor, healthyMembers, problems, result } from "../support/aws-harness.js";
import { EAST_RULE, motoWorlds, replaceIngress } from "../support/moto-worlds.js";

describe("AWS path faults against moto: security groups", () => {
  const { build, moto } = motoWorlds();

  it("the security group admits the wrong port", async () => {
    const { world, east } = await build(healthyMembers());
    await replaceIngress(east, EAST_RULE, [{ ...EAST_RULE, FromPort: 6082, ToPort: 6082 }]);
    const { code, doc } = await doctor(moto(), world);
    assert.equal(code, 1);
    assert.deepEqual(problems(doc), ["aws.sg-ingress east→west fail/error"]);
    const [f] = result(doc, "aws.sg-ingress", "east", "west");
    assert.equal(f?.resource, east.clusterSgId);
    assert.match(
      f?.message ?? "",
      /admits UDP 6081 from west's Gateway IPs 10\.10\.12\.34, 10\.10\.45\.67/,
    );
    assert.equal(
      f?.remediation,
      `# in east's account 444455556666 (doctor read it by assuming arn:aws:iam::444455556666:role/antrea-mc-doctor), with credentials that may change it:\naws ec2 authorize-security-group-ingress --group-id ${east.clusterSgId} --ip-permissions 'IpProtocol=udp,FromPort=6081,ToPort=6081,IpRanges=[{CidrIp=10.10.12.34/32,Description="antrea-mc tunnel from west"}]' 'IpProtocol=udp,FromPort=6081,ToPort=6081,IpRanges=[{CidrIp=10.10.45.67/32,Description="antrea-mc tunnel from west"}]' --region us-east-1`,
    );
    await applyFix(moto(), f?.remediation);
    assert.deepEqual(problems((await doctor(moto(), world)).doc), [], "the fix works");
  });
});
