/**
 * Each world is the healthy one with one fault applied the way it happens in real accounts; doctor
 * must name exactly the failing IDs, on the member that owns the blocking resource.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  AuthorizeSecurityGroupIngressCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
} from "@aws-sdk/client-ec2";
import { doctor, healthyMembers, problems, result } from "../support/aws-harness.js";
import { EAST_RULE, motoWorlds, WEST_RULE } from "../support/moto-worlds.js";

describe("AWS path faults against moto: security groups", () => {
  const { build, moto, fresh } = motoWorlds();

  it("the security group admits the wrong port", async () => {
    const { world, east } = await build(healthyMembers());
    await east.ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: east.clusterSgId,
        IpPermissions: [EAST_RULE],
      }),
    );
    await east.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: east.clusterSgId,
        IpPermissions: [{ ...EAST_RULE, FromPort: 6082, ToPort: 6082 }],
      }),
    );
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
      `aws ec2 authorize-security-group-ingress --group-id ${east.clusterSgId} --ip-permissions 'IpProtocol=udp,FromPort=6081,ToPort=6081,IpRanges=[{CidrIp=10.10.12.34/32,Description="antrea-mc tunnel from west"}]' 'IpProtocol=udp,FromPort=6081,ToPort=6081,IpRanges=[{CidrIp=10.10.45.67/32,Description="antrea-mc tunnel from west"}]' --region us-east-1`,
    );
  });

  it("all traffic from the peer VPC CIDR is enough", async () => {
    const { world, east } = await build(healthyMembers());
    await east.ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: east.clusterSgId,
        IpPermissions: [EAST_RULE],
      }),
    );
    await east.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: east.clusterSgId,
        IpPermissions: [
          { IpProtocol: "-1", IpRanges: [{ CidrIp: "10.10.0.0/16", Description: "west VPC" }] },
        ],
      }),
    );
    const { code, doc } = await doctor(moto(), world);
    assert.equal(code, 0);
    assert.deepEqual(problems(doc), []);
  });

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

  it("restricted egress does not let the tunnel out", async () => {
    const { world, west } = await build(healthyMembers());
    await west.ec2.send(
      new RevokeSecurityGroupEgressCommand({
        GroupId: west.clusterSgId,
        IpPermissions: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
      }),
    );
    const { doc } = await doctor(moto(), world);
    assert.deepEqual(problems(doc), ["aws.sg-egress west→east fail/error"]);
    assert.match(
      result(doc, "aws.sg-egress", "west", "east")[0]?.remediation ?? "",
      /authorize-security-group-egress --group-id sg-\w+ --ip-permissions 'IpProtocol=udp,FromPort=6081/,
    );
  });

  it("two candidates, and only the active one is admitted: a warning for the failover", async () => {
    const { world, west } = await build(healthyMembers());
    await west.ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: west.clusterSgId,
        IpPermissions: [WEST_RULE],
      }),
    );
    await west.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: west.clusterSgId,
        IpPermissions: [{ ...WEST_RULE, IpRanges: WEST_RULE.IpRanges.slice(0, 1) }],
      }),
    );
    const { code, doc } = await doctor(moto(), world);
    assert.equal(code, 0, "the active path works");
    assert.deepEqual(problems(doc), ["aws.sg-ingress west→east warn/warning"]);
    assert.match(
      result(doc, "aws.sg-ingress", "west", "east")[0]?.message ?? "",
      /from east's Gateway IP 10\.20\.40\.22$/,
    );
  });
});
