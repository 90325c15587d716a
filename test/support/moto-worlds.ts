/**
 * Shared by the test/aws/ files: one moto server per file, a fresh world per test,
 * and the tunnel rules the healthy world puts in each cluster security group.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach } from "node:test";
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateRouteCommand,
  CreateVpcPeeringConnectionCommand,
  DeleteRouteCommand,
  type IpPermission,
  RevokeSecurityGroupIngressCommand,
} from "@aws-sdk/client-ec2";
import { buildWorld, destroyWorld, type World, type WorldMember } from "./aws-world.js";
import { type FaultProxy, startFaultProxy } from "./fault-proxy.js";
import { type Moto, startMoto } from "./moto.js";

export const WEST_RULE = {
  IpProtocol: "udp",
  FromPort: 6081,
  ToPort: 6081,
  IpRanges: ["10.20.8.15", "10.20.40.22"].map((ip) => ({
    CidrIp: `${ip}/32`,
    Description: "antrea-mc tunnel from peer Gateways",
  })),
};
export const EAST_RULE = {
  IpProtocol: "udp",
  FromPort: 6081,
  ToPort: 6081,
  IpRanges: ["10.10.12.34", "10.10.45.67"].map((ip) => ({
    CidrIp: `${ip}/32`,
    Description: "antrea-mc tunnel from peer Gateways",
  })),
};

/** Swaps one inbound rule of a member's cluster security group for others, as an admin would. */
export async function replaceIngress(
  m: WorldMember,
  rule: IpPermission,
  permissions: IpPermission[],
): Promise<void> {
  await m.ec2.send(
    new RevokeSecurityGroupIngressCommand({ GroupId: m.clusterSgId, IpPermissions: [rule] }),
  );
  await m.ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: m.clusterSgId,
      IpPermissions: permissions,
    }),
  );
}

/** A peering request from one member's VPC to another's that nobody has accepted yet. */
export async function requestPeering(from: WorldMember, to: WorldMember): Promise<string> {
  const p = await from.ec2.send(
    new CreateVpcPeeringConnectionCommand({
      VpcId: from.vpcId,
      PeerVpcId: to.vpcId,
      PeerOwnerId: to.account,
      PeerRegion: to.region,
    }),
  );
  return p.VpcPeeringConnection?.VpcPeeringConnectionId ?? "";
}

/** Moves a member's route to the peer from its Node subnets' table to the VPC's main table. */
export async function moveRouteToMainTable(
  m: WorldMember,
  cidr: string,
  peeringId: string | undefined,
): Promise<void> {
  await m.ec2.send(
    new DeleteRouteCommand({ RouteTableId: m.routeTableId, DestinationCidrBlock: cidr }),
  );
  await m.ec2.send(
    new CreateRouteCommand({
      RouteTableId: m.mainRouteTableId,
      DestinationCidrBlock: cidr,
      VpcPeeringConnectionId: peeringId,
    }),
  );
}

type BuildArgs = Parameters<typeof buildWorld> extends [unknown, ...infer R] ? R : never;

/** Call inside a describe(): starts moto for it and resets it before each test. */
export function motoWorlds() {
  const state: { moto?: Moto; world?: World } = {};
  before(async () => {
    state.moto = await startMoto();
  });
  after(() => state.moto?.stop());
  /** A clean moto and no world: before each test, or halfway through one. */
  const fresh = async () => {
    if (state.world) destroyWorld(state.world);
    state.world = undefined;
    await state.moto?.reset();
  };
  beforeEach(fresh);
  const moto = (): Moto => {
    assert.ok(state.moto, "moto is running");
    return state.moto;
  };
  const build = async (...args: BuildArgs) => {
    const world = await buildWorld(moto(), ...args);
    state.world = world;
    const [west, east] = world.members;
    assert.ok(west && east);
    return { world, west, east };
  };
  return { moto, build, fresh };
}

/**
 * A fault proxy for a test file, in front of its moto: started before the tests, without faults
 * at the start of each, closed after. Returns the running proxy.
 */
export function faultProxyFor(moto: () => Moto): () => FaultProxy {
  let proxy: FaultProxy | undefined;
  before(async () => {
    proxy = await startFaultProxy(moto().endpoint);
  });
  beforeEach(() => proxy?.faults([]));
  after(() => proxy?.close());
  return () => {
    if (!proxy) throw new Error("the fault proxy is not running");
    return proxy;
  };
}
