/** Public Gateway IPs, overlapping VPCs and Nodes that EC2 does not know, against moto. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DeleteRouteCommand } from "@aws-sdk/client-ec2";
import { applyFix, doctor, healthyMembers, problems, result } from "../support/aws-harness.js";
import { motoWorlds } from "../support/moto-worlds.js";
import { patchObjects } from "../support/scenarios.js";

const publicGateways = { gatewayIPPrecedence: "public", podCIDRs: [] as string[] };

describe("AWS members against moto", () => {
  const { moto, build } = motoWorlds();

  it("public Gateway IPs: no peering needed, an internet gateway route and the instances' own public IPs", async () => {
    const { world } = await build(
      healthyMembers(
        { vpcCniMtu: 1500, mcConf: { ...publicGateways, podCIDRs: ["10.10.0.0/16"] } },
        { vpcCniMtu: 1500, mcConf: { ...publicGateways, podCIDRs: ["10.20.0.0/16"] } },
        { publicIps: true },
        { publicIps: true },
      ),
      { peer: false },
    );
    const { code, doc, stderr } = await doctor(moto(), world);
    assert.equal(code, 0, stderr);
    assert.deepEqual(problems(doc), []);
    assert.match(
      result(doc, "aws.peering", "west", "east")[0]?.message ?? "",
      /public Gateway IPs: the tunnel crosses the internet/,
    );
    assert.match(
      result(doc, "aws.mtu", "west", "east")[0]?.message ?? "",
      /fit the internet \(1500\)/,
    );
  });

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
    applyFix(moto(), f?.remediation);
    assert.deepEqual(problems((await doctor(moto(), world)).doc), [], "the fix works");
  });

  it("a public Gateway IP that is not the instance's", async () => {
    const { world } = await build(
      healthyMembers(
        {
          vpcCniMtu: 1500,
          mcConf: publicGateways,
          nodes: [
            {
              ip: "10.10.12.34",
              zone: "us-west-2a",
              annotations: { "multicluster.antrea.io/gateway-ip": "52.9.9.9" },
            },
            { ip: "10.10.45.67", zone: "us-west-2b" },
          ],
        },
        { vpcCniMtu: 1500, mcConf: publicGateways },
        { publicIps: true },
        { publicIps: true },
      ),
      { peer: false },
    );
    const west = world.members[0];
    const { doc } = await doctor(moto(), world);
    const [f] = result(doc, "aws.public-path", "west", "east").filter((r) => r.status === "fail");
    assert.equal(f?.resource, west?.instanceIds[0]);
    assert.match(
      f?.message ?? "",
      new RegExp(
        `Gateway IP 52\\.9\\.9\\.9 of eni-\\w+ \\(ip-10-10-12-34.*\\) is neither a private nor a public IP of ${west?.instanceIds[0]} \\(its public IP is ${west?.publicIps[0]?.replaceAll(".", "\\.")}\\)`,
      ),
    );
    assert.match(
      f?.remediation ?? "",
      new RegExp(
        `annotate node ip-10-10-12-34\\.us-west-2\\.compute\\.internal multicluster\\.antrea\\.io/gateway-ip=${west?.publicIps[0]?.replaceAll(".", "\\.")} --overwrite`,
      ),
    );
  });

  it("active Gateways on public IPs, candidates on private ones: the failover still needs a peering", async () => {
    const candidate = (ip: string, zone: string) => ({
      ip,
      zone,
      annotations: { "multicluster.antrea.io/gateway-ip": ip },
    });
    const { world } = await build(
      healthyMembers(
        {
          vpcCniMtu: 1500,
          mcConf: publicGateways,
          nodes: [
            { ip: "10.10.12.34", zone: "us-west-2a" },
            candidate("10.10.45.67", "us-west-2b"),
          ],
        },
        {
          vpcCniMtu: 1500,
          mcConf: publicGateways,
          nodes: [{ ip: "10.20.8.15", zone: "us-east-1a" }, candidate("10.20.40.22", "us-east-1b")],
        },
        { publicIps: true },
        { publicIps: true },
      ),
      { peer: false },
    );
    const { doc } = await doctor(moto(), world);
    const [peering] = result(doc, "aws.peering", "west", "east");
    assert.equal(peering?.status, "warn", peering?.message);
    assert.equal(peering?.severity, "warning");
    assert.match(
      peering?.message ?? "",
      /^no VPC peering connection between vpc-\w+ \(west\) and vpc-\w+ \(east\)/,
    );
    assert.equal(result(doc, "aws.vpc-overlap", "west", "east")[0]?.status, "pass");
  });

  it("overlapping VPCs cannot be peered", async () => {
    const { world } = await build(
      healthyMembers(
        {},
        {
          nodes: [
            { ip: "10.10.140.15", zone: "us-east-1a" },
            { ip: "10.10.170.22", zone: "us-east-1b" },
          ],
          mcConf: { podCIDRs: ["10.10.0.0/16"] },
        },
        {},
        { vpcCidr: "10.10.0.0/16" },
      ),
      { peer: false },
    );
    const { code, doc } = await doctor(moto(), world);
    assert.equal(code, 1);
    const [overlap] = result(doc, "aws.vpc-overlap", "west", "east");
    assert.equal(overlap?.status, "fail");
    assert.match(
      overlap?.message ?? "",
      /VPCs overlap \(10\.10\.0\.0\/16 and 10\.10\.0\.0\/16\): vpc-\w+ \(10\.10\.0\.0\/16\) and vpc-\w+ \(10\.10\.0\.0\/16\) cannot be peered/,
    );
    assert.match(
      overlap?.remediation ?? "",
      /aws ec2 create-vpc --cidr-block 10\.0\.0\.0\/16 --region us-west-2/,
    );
    assert.equal(result(doc, "aws.peering", "west", "east")[0]?.status, "fail");
    assert.equal(result(doc, "cidr.pod-overlap", "west", "east")[0]?.status, "fail");
  });

  it("a Gateway candidate whose instance EC2 does not know (warning), and the active Gateway's (error)", async () => {
    const { world } = await build(healthyMembers());
    const west = world.kube[0];
    assert.ok(west);
    const gone = "i-0123456789abcdef0";
    west.objects = patchObjects(
      west.objects,
      "Node",
      "ip-10-10-45-67.us-west-2.compute.internal",
      (n) => ({
        ...n,
        spec: { providerID: `aws:///us-west-2b/${gone}` },
      }),
    );
    let run = await doctor(moto(), world);
    assert.equal(run.code, 0, "the active Gateway is fine");
    assert.deepEqual(problems(run.doc), ["aws.instance west warn/warning"]);
    const [f] = result(run.doc, "aws.instance", "west");
    assert.equal(f?.resource, gone);
    assert.match(
      f?.message ?? "",
      new RegExp(
        `Gateway candidate ip-10-10-45-67\\.us-west-2\\.compute\\.internal: instance ${gone} \\(Node .*\\) was not found in account 123456789012, Region us-west-2`,
      ),
    );
    west.objects = patchObjects(
      west.objects,
      "Node",
      "ip-10-10-12-34.us-west-2.compute.internal",
      (n) => ({
        ...n,
        spec: { providerID: "aws:///us-west-2a/i-0fedcba9876543210" },
      }),
    );
    run = await doctor(moto(), world);
    assert.equal(run.code, 1);
    assert.equal(
      result(run.doc, "aws.instance", "west").filter((r) => r.status === "fail").length,
      1,
    );
  });
});
