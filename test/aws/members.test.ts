/** Public Gateway IPs without an internet gateway route, against moto: the fix is pasted and run. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DeleteRouteCommand } from "@aws-sdk/client-ec2";
import { applyFix, doctor, healthyMembers, problems, result } from "../support/aws-harness.js";
import { motoWorlds } from "../support/moto-worlds.js";

const publicGateways = { gatewayIPPrecedence: "public", podCIDRs: [] as string[] };

describe("AWS members against moto", () => {
  const { moto, build } = motoWorlds();

  it("public Gateway IPs without a route to the internet gateway", async () => {
    const { world } = await build(
      healthyMembers(
        { vpcCniMtu: 1500, mcConf: publicGateways },
        { vpcCniMtu: 1500, mcConf: publicGateways },
        { publicIps: true },
        { publicIps: true },
      ),
      { peer: false },
    );
    const west = world.members[0];
    assert.ok(west);
    await west.ec2.send(
      new DeleteRouteCommand({
        RouteTableId: west.routeTableId,
        DestinationCidrBlock: "0.0.0.0/0",
      }),
    );
    const { code, doc } = await doctor(moto(), world);
    assert.equal(code, 1);
    assert.deepEqual(problems(doc), ["aws.public-path west→east fail/error"]);
    const [f] = result(doc, "aws.public-path", "west", "east");
    assert.match(
      f?.message ?? "",
      new RegExp(`${west.routeTableId} has no route to east's public Gateway IP`),
    );
    // A /32 per peer Gateway through the internet gateway, looked up on the way.
    const east = (doc.members[1]?.gateways ?? [])
      .filter((g) => g.candidate)
      .map((g) => g.gatewayIP);
    assert.equal(east.length, 2);
    assert.equal(
      f?.remediation,
      [
        `igw=$(aws ec2 describe-internet-gateways --filters Name=attachment.vpc-id,Values=${west.vpcId} --query 'InternetGateways[0].InternetGatewayId' --output text --region us-west-2)`,
        ...east.map(
          (ip) =>
            `aws ec2 create-route --route-table-id ${west.routeTableId} --destination-cidr-block ${ip}/32 --gateway-id "$igw" --region us-west-2`,
        ),
      ].join("\n"),
    );
    await applyFix(moto(), f?.remediation);
    assert.deepEqual(problems((await doctor(moto(), world)).doc), [], "the fix works");
  });
});
