/**
 * Each world is the healthy one with one fault applied the way it happens in real accounts; doctor
 * must name exactly the failing IDs, on the member that owns the blocking resource.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CreateNetworkAclEntryCommand } from "@aws-sdk/client-ec2";
import { applyFix, doctor, healthyMembers, problems, result } from "../support/aws-harness.js";
import { motoWorlds } from "../support/moto-worlds.js";

describe("AWS path faults against moto: security group references and network ACLs", () => {
  const { build, moto } = motoWorlds();

  it("a network ACL deny ahead of the allow", async () => {
    const { world, west } = await build(healthyMembers());
    await west.ec2.send(
      new CreateNetworkAclEntryCommand({
        NetworkAclId: west.defaultNaclId,
        RuleNumber: 50,
        Protocol: "17",
        RuleAction: "deny",
        Egress: false,
        CidrBlock: "10.20.0.0/16",
        PortRange: { From: 6000, To: 7000 },
      }),
    );
    const { code, doc } = await doctor(moto(), world);
    assert.equal(code, 1);
    assert.deepEqual(problems(doc), ["aws.nacl west→east fail/error"]);
    const [f] = result(doc, "aws.nacl", "west", "east");
    assert.equal(f?.resource, `${west.defaultNaclId} rule 50`);
    assert.match(
      f?.message ?? "",
      /blocks UDP 6081 in from east's Gateway IPs 10\.20\.8\.15, 10\.20\.40\.22: rule 50 \(deny\) decides/,
    );
    assert.match(
      f?.remediation ?? "",
      new RegExp(
        `create-network-acl-entry --network-acl-id ${west.defaultNaclId} --ingress --rule-number 40 --protocol 17 --port-range From=6081,To=6081 --cidr-block 10\\.20\\.8\\.15/32 --rule-action allow`,
      ),
    );
    await applyFix(moto(), f?.remediation);
    assert.deepEqual(problems((await doctor(moto(), world)).doc), [], "the fix works");
  });
});
