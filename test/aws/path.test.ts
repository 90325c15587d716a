/**
 * Each world is the healthy one with one fault applied the way it happens in real accounts; doctor
 * must name exactly the failing IDs, on the member that owns the blocking resource.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateNetworkAclEntryCommand,
  CreateRouteCommand,
  CreateVpcPeeringConnectionCommand,
  DeleteRouteCommand,
  DeleteVpcPeeringConnectionCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
} from "@aws-sdk/client-ec2";
import { doctor, healthyMembers, problems, result } from "../support/aws-harness.js";
import { buildWorld, destroyWorld, type World } from "../support/aws-world.js";
import { type Moto, startMoto } from "../support/moto.js";

const WEST_RULE = {
  IpProtocol: "udp",
  FromPort: 6081,
  ToPort: 6081,
  IpRanges: ["10.20.8.15", "10.20.40.22"].map((ip) => ({
    CidrIp: `${ip}/32`,
    Description: "antrea-mc tunnel from peer Gateways",
  })),
};
const EAST_RULE = {
  IpProtocol: "udp",
  FromPort: 6081,
  ToPort: 6081,
  IpRanges: ["10.10.12.34", "10.10.45.67"].map((ip) => ({
    CidrIp: `${ip}/32`,
    Description: "antrea-mc tunnel from peer Gateways",
  })),
};

/** West and east in one account and Region (security group references can cross the peering). */
const sameRegion = () =>
  healthyMembers(
    { vpcCniMtu: undefined },
    {
      vpcCniMtu: undefined,
      region: "us-west-2",
      nodes: [
        { ip: "10.20.8.15", zone: "us-west-2a" },
        { ip: "10.20.40.22", zone: "us-west-2b" },
      ],
    },
    {},
    { account: undefined },
  );

describe("AWS path faults against moto", () => {
  let moto: Moto;
  let world: World | undefined;
  before(async () => {
    moto = await startMoto();
  });
  after(() => moto.stop());
  beforeEach(async () => {
    if (world) destroyWorld(world);
    world = undefined;
    await moto.reset();
  });
  const build = async (
    ...args: Parameters<typeof buildWorld> extends [unknown, ...infer R] ? R : never
  ) => {
    world = await buildWorld(moto, ...args);
    const [west, east] = world.members;
    assert.ok(west && east);
    return { world, west, east };
  };

  it("the route sits in the VPC's main table, but the Gateway subnets use their own table", async () => {
    const { world, west } = await build(healthyMembers());
    await west.ec2.send(
      new DeleteRouteCommand({
        RouteTableId: west.routeTableId,
        DestinationCidrBlock: "10.20.0.0/16",
      }),
    );
    await west.ec2.send(
      new CreateRouteCommand({
        RouteTableId: west.mainRouteTableId,
        DestinationCidrBlock: "10.20.0.0/16",
        VpcPeeringConnectionId: world.peeringId,
      }),
    );
    const { code, doc } = await doctor(moto, world);
    assert.equal(code, 1);
    assert.deepEqual(problems(doc), ["aws.route west→east fail/error"]);
    const [f] = result(doc, "aws.route", "west", "east");
    assert.equal(f?.resource, west.routeTableId);
    assert.match(
      f?.message ?? "",
      /no route for east's Gateway IP 10\.20\.8\.15 .*; no route for east's Pod CIDR 10\.20\.0\.0\/16; no route for east's Gateway IP 10\.20\.40\.22/,
    );
    assert.equal(
      f?.remediation,
      `# ${west.mainRouteTableId} (the VPC's main table) has this route, but the Gateway subnets use ${west.routeTableId}:\naws ec2 create-route --route-table-id ${west.routeTableId} --destination-cidr-block 10.20.0.0/16 --vpc-peering-connection-id ${world.peeringId} --region us-west-2`,
    );
  });

  it("a longer prefix shadows the peering route", async () => {
    const { world, west } = await build(healthyMembers());
    await west.ec2.send(
      new CreateRouteCommand({
        RouteTableId: west.routeTableId,
        DestinationCidrBlock: "10.20.8.0/24",
        GatewayId: west.igwId,
      }),
    );
    const { code, doc } = await doctor(moto, world);
    assert.equal(code, 1);
    assert.deepEqual(problems(doc), [
      "aws.route west→east fail/error",
      "aws.route west→east fail/error",
    ]);
    const [gw, pods] = result(doc, "aws.route", "west", "east");
    assert.match(
      gw?.message ?? "",
      new RegExp(
        `10\\.20\\.8\\.15 \\(.*\\) goes to ${west.igwId} \\(internet-gateway, route 10\\.20\\.8\\.0/24\\), not to ${world.peeringId}`,
      ),
    );
    assert.match(
      gw?.remediation ?? "",
      /delete-route --route-table-id rtb-\w+ --destination-cidr-block 10\.20\.8\.0\/24/,
    );
    assert.match(
      pods?.message ?? "",
      /Pod CIDR 10\.20\.0\.0\/16 is shadowed in part by 10\.20\.8\.0\/24 → igw-/,
    );
  });

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
    const { code, doc } = await doctor(moto, world);
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
    const { code, doc } = await doctor(moto, world);
    assert.equal(code, 0);
    assert.deepEqual(problems(doc), []);
  });

  it("VXLAN with UDP 4789 open passes; VXLAN with only 6081 open fails both ways", async () => {
    const vxlan = {
      agentConf: { "multicluster.enablePodToPodConnectivity": true, tunnelType: "vxlan" },
    };
    let w = await build(healthyMembers(vxlan, vxlan), { tunnelPort: 4789 });
    let run = await doctor(moto, w.world);
    assert.equal(run.code, 0);
    assert.deepEqual(problems(run.doc), []);
    assert.match(
      result(run.doc, "aws.sg-ingress", "west", "east")[0]?.message ?? "",
      /admit UDP 4789/,
    );
    destroyWorld(w.world);
    world = undefined;
    await moto.reset();
    w = await build(healthyMembers(vxlan, vxlan));
    run = await doctor(moto, w.world);
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
    const { doc } = await doctor(moto, world);
    assert.deepEqual(problems(doc), ["aws.sg-egress west→east fail/error"]);
    assert.match(
      result(doc, "aws.sg-egress", "west", "east")[0]?.remediation ?? "",
      /authorize-security-group-egress --group-id sg-\w+ --ip-permissions 'IpProtocol=udp,FromPort=6081/,
    );
  });

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
    const { code, doc } = await doctor(moto, world);
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
  });

  it("a peering request nobody accepted: east must accept it; routes to it are blackholes", async () => {
    const { world, west, east } = await build(healthyMembers(), { peer: false });
    const p = await west.ec2.send(
      new CreateVpcPeeringConnectionCommand({
        VpcId: west.vpcId,
        PeerVpcId: east.vpcId,
        PeerOwnerId: east.account,
        PeerRegion: east.region,
      }),
    );
    const pcx = p.VpcPeeringConnection?.VpcPeeringConnectionId ?? "";
    await west.ec2.send(
      new CreateRouteCommand({
        RouteTableId: west.routeTableId,
        DestinationCidrBlock: "10.20.0.0/16",
        VpcPeeringConnectionId: pcx,
      }),
    );
    const { code, doc } = await doctor(moto, world);
    assert.equal(code, 1);
    const [peering] = result(doc, "aws.peering", "east", "west");
    assert.equal(peering?.status, "fail");
    assert.match(
      peering?.message ?? "",
      new RegExp(
        `${pcx} is pending acceptance: east \\(account 444455556666\\) must accept it in us-east-1`,
      ),
    );
    assert.equal(
      peering?.remediation,
      `aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id ${pcx} --region us-east-1`,
    );
    assert.match(
      result(doc, "aws.route", "west", "east")[0]?.message ?? "",
      /is a blackhole: the peering is pending-acceptance/,
    );
    // Moto still says the route is "active": the tool goes by the peering's state.
    assert.match(
      result(doc, "aws.route", "east", "west")[0]?.message ?? "",
      /no route for west's Gateway IP/,
    );
  });

  it("a deleted peering", async () => {
    const { world, west } = await build(healthyMembers());
    await west.ec2.send(
      new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: world.peeringId }),
    );
    const { code, doc } = await doctor(moto, world);
    assert.equal(code, 1);
    const [peering] = result(doc, "aws.peering", "west", "east");
    assert.match(
      peering?.message ?? "",
      new RegExp(
        `no VPC peering connection between vpc-\\w+ \\(west\\) and vpc-\\w+ \\(east\\): ${world.peeringId} is deleted`,
      ),
    );
    assert.match(
      peering?.remediation ?? "",
      /create-vpc-peering-connection --vpc-id vpc-\w+ --peer-vpc-id vpc-\w+ --peer-owner-id 444455556666 --peer-region us-east-1 --region us-west-2\naws ec2 accept-vpc-peering-connection .* --region us-east-1$/,
    );
    assert.equal(result(doc, "aws.route", "west", "east")[0]?.status, "unknown");
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
    const { code, doc } = await doctor(moto, world);
    assert.equal(code, 0, "the active path works");
    assert.deepEqual(problems(doc), ["aws.sg-ingress west→east warn/warning"]);
    assert.match(
      result(doc, "aws.sg-ingress", "west", "east")[0]?.message ?? "",
      /from east's Gateway IP 10\.20\.40\.22$/,
    );
  });

  it("a security group reference stops matching when the peering goes (a stale reference)", async () => {
    const { world, west, east } = await build(sameRegion());
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
          {
            IpProtocol: "udp",
            FromPort: 6081,
            ToPort: 6081,
            UserIdGroupPairs: [{ GroupId: west.clusterSgId, UserId: west.account }],
          },
        ],
      }),
    );
    await west.ec2.send(
      new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: world.peeringId }),
    );
    const { doc } = await doctor(moto, world);
    const [f] = result(doc, "aws.sg-ingress", "east", "west");
    assert.equal(f?.status, "fail");
    assert.match(
      f?.message ?? "",
      new RegExp(
        `${east.clusterSgId} references ${west.clusterSgId}, but a security group reference only matches private IPs in the same VPC or across an active same-Region peering`,
      ),
    );
  });

  it("a security group reference works across an active same-Region peering", async () => {
    const { world, west, east } = await build(
      healthyMembers(
        {},
        {
          region: "us-west-2",
          nodes: [
            { ip: "10.20.8.15", zone: "us-west-2a" },
            { ip: "10.20.40.22", zone: "us-west-2b" },
          ],
        },
        {},
        { account: undefined },
      ),
    );
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
          {
            IpProtocol: "udp",
            FromPort: 6081,
            ToPort: 6081,
            UserIdGroupPairs: [{ GroupId: west.clusterSgId, UserId: west.account }],
          },
        ],
      }),
    );
    const { code, doc } = await doctor(moto, world);
    assert.equal(code, 0);
    assert.deepEqual(problems(doc), []);
  });
});
