/**
 * Each world is the healthy one with one fault applied the way it happens in real accounts; doctor
 * must name exactly the failing IDs, on the member that owns the blocking resource.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DeleteVpcPeeringConnectionCommand } from "@aws-sdk/client-ec2";
import { applyFix, doctor, healthyMembers, result } from "../support/aws-harness.js";
import { motoWorlds } from "../support/moto-worlds.js";

describe("AWS path faults against moto: peerings", () => {
  const { build, moto } = motoWorlds();

  it("a deleted peering", async () => {
    const { world, west, east } = await build(healthyMembers());
    await west.ec2.send(
      new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: world.peeringId }),
    );
    const { code, doc } = await doctor(moto(), world);
    assert.equal(code, 1);
    const [peering] = result(doc, "aws.peering", "west", "east");
    assert.match(
      peering?.message ?? "",
      new RegExp(
        `no VPC peering connection between vpc-\\w+ \\(west\\) and vpc-\\w+ \\(east\\): ${world.peeringId} is deleted`,
      ),
    );
    assert.equal(
      peering?.remediation,
      [
        "# in west's account 123456789012:",
        `pcx=$(aws ec2 create-vpc-peering-connection --vpc-id ${west.vpcId} --peer-vpc-id ${east.vpcId} --peer-owner-id 444455556666 --peer-region us-east-1 --query VpcPeeringConnection.VpcPeeringConnectionId --output text --region us-west-2)`,
        "# in east's account 444455556666 (doctor read it by assuming arn:aws:iam::444455556666:role/antrea-mc-doctor), with credentials that may change it:",
        'aws ec2 wait vpc-peering-connection-exists --vpc-peering-connection-ids "$pcx" --region us-east-1',
        'aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id "$pcx" --region us-east-1',
        // The routes still name the deleted peering: the block points them at the new one.
        `aws ec2 replace-route --route-table-id ${east.routeTableId} --destination-cidr-block 10.10.0.0/16 --vpc-peering-connection-id "$pcx" --region us-east-1`,
        "# in west's account 123456789012:",
        `for i in $(seq 60); do [ "$(aws ec2 describe-vpc-peering-connections --vpc-peering-connection-ids "$pcx" --query 'VpcPeeringConnections[0].Status.Code' --output text --region us-west-2 2>/dev/null)" = active ] && break; sleep 5; done`,
        `aws ec2 replace-route --route-table-id ${west.routeTableId} --destination-cidr-block 10.20.0.0/16 --vpc-peering-connection-id "$pcx" --region us-west-2`,
      ].join("\n"),
    );
    assert.equal(result(doc, "aws.route", "west", "east")[0]?.status, "unknown");
    // Created as west, accepted as east, and both sides' routes repointed: nothing left.
    await applyFix(moto(), peering?.remediation);
    const after = (await doctor(moto(), world)).doc;
    assert.equal(result(after, "aws.peering", "west", "east")[0]?.status, "pass");
    assert.equal(result(after, "aws.route", "west", "east")[0]?.status, "pass");
    assert.equal(result(after, "aws.route", "east", "west")[0]?.status, "pass");
  });
});
