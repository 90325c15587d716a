/**
 * The Kubernetes side of AWS test worlds and the model doctor builds from both: the moto tests'
 * west/east pair (and variants: one Region, one VPC, public Gateway IPs), built once per distinct
 * specs, and the model of members with their in-memory EC2 world (test/support/aws-answers.ts).
 */
import type { RawClusterSet } from "../../src/kube/types.js";
import { buildModel } from "../../src/model/build.js";
import type { ClusterSetModel } from "../../src/model/types.js";
import {
  type AwsWorld,
  buildAwsWorld,
  DEFAULT_ACCOUNT,
  type Fault,
  publicIpOf,
  rawAwsOf,
  type WorldOptions,
} from "./aws-answers.js";
import type { MemberSpec, NodeSpec } from "./fixtures/eks.js";
import { type LeaderChoice, type MemberOverrides, rawClusterSet } from "./memory-reader.js";
import { eastSpec, type ScenarioMember, scenario, westSpec } from "./scenarios.js";

const scenarios = new Map<string, ScenarioMember[]>();

/** scenario(specs), built once per distinct specs (editing the YAML configs is slow), then copied. */
export function cachedScenario(specs: readonly MemberSpec[]): ScenarioMember[] {
  const key = JSON.stringify(specs);
  let built = scenarios.get(key);
  if (!built) {
    built = scenario([...specs]);
    scenarios.set(key, built);
  }
  return structuredClone(built);
}

/** The specs of the moto tests' healthy pair (aws-harness healthyMembers): MTU 8500 both sides. */
export function awsSpecs(west: Partial<MemberSpec> = {}, east: Partial<MemberSpec> = {}) {
  return [westSpec({ vpcCniMtu: 8500, ...west }), eastSpec({ vpcCniMtu: 8500, ...east })];
}

/** The west/east pair of the moto tests, with changes to either member's spec. */
export function awsPair(west: Partial<MemberSpec> = {}, east: Partial<MemberSpec> = {}) {
  return () => cachedScenario(awsSpecs(west, east));
}

/** Spec changes for Gateways on public IPs: the Nodes' ExternalIPs (publicIpOf) and precedence. */
export function publicGateways(spec: MemberSpec, mcConf: Record<string, unknown> = {}) {
  return {
    nodes: spec.nodes.map((n) => ({ ...n, externalIP: publicIpOf(n.ip) })),
    mcConf: { ...spec.mcConf, gatewayIPPrecedence: "public", ...mcConf },
  } satisfies Partial<MemberSpec>;
}

/** A Kubernetes snapshot of the members with the world's AWS answers, as doctor loads it. */
export async function rawWithAws(
  members: readonly ScenarioMember[],
  opts: WorldOptions,
  over: Record<string, MemberOverrides> = {},
  leader?: LeaderChoice,
): Promise<{ raw: RawClusterSet; world: AwsWorld }> {
  const raw = await rawClusterSet([...members], over, leader);
  const world = buildAwsWorld(
    members.map((m) => m.spec),
    opts,
  );
  raw.aws = rawAwsOf(world, buildModel(raw));
  return { raw, world };
}

/** The model of the members and their AWS world. */
export async function awsModelOf(
  members: readonly ScenarioMember[],
  opts: WorldOptions = {},
  over: Record<string, MemberOverrides> = {},
  leader?: LeaderChoice,
): Promise<{ model: ClusterSetModel; world: AwsWorld }> {
  const { raw, world } = await rawWithAws(members, opts, over, leader);
  return { model: buildModel(raw), world };
}

// ---------------------------------------------------------------------------------------------
// Common worlds

/** east moved to west's Region (us-west-2): one account and Region, references cross the peering. */
export const SAME_REGION_EAST: Partial<MemberSpec> = {
  region: "us-west-2",
  nodes: [
    { ip: "10.20.8.15", zone: "us-west-2a" },
    { ip: "10.20.40.22", zone: "us-west-2b" },
  ],
};

/** With SAME_REGION_EAST: east in west's account too, so both are one group of reads. */
export const SAME_ACCOUNT: WorldOptions = { members: { east: { account: DEFAULT_ACCOUNT } } };

/** `members` with `fn` applied to one member (its objects, or its spec before they are built). */
export function editMember(
  members: () => ScenarioMember[],
  name: string,
  fn: (m: ScenarioMember) => void,
): () => ScenarioMember[] {
  return () => {
    const all = members();
    const m = all.find((x) => x.name === name);
    if (!m) throw new Error(`no member ${name}`);
    fn(m);
    return all;
  };
}

/** east's Nodes in west's VPC and subnets (us-west-2, west's account): the local route. */
export const SHARED_VPC_EAST: Partial<MemberSpec> = {
  region: "us-west-2",
  nodes: [
    { ip: "10.10.12.50", zone: "us-west-2a" },
    { ip: "10.10.45.80", zone: "us-west-2b" },
  ],
  mcConf: { podCIDRs: ["10.10.0.0/16"] },
};

/** With SHARED_VPC_EAST: east lives in west's VPC. */
export const SHARED_VPC: WorldOptions = {
  members: { east: { account: DEFAULT_ACCOUNT, vpcOf: "west" } },
};

/** A candidate Node whose Gateway IP is its private IP (annotation), among public Gateways. */
export const privateCandidate = (ip: string, zone: string): NodeSpec => ({
  ip,
  zone,
  annotations: { "multicluster.antrea.io/gateway-ip": ip },
});

/**
 * The pair on public Gateway IPs (moto members test): instances with public IPs, routes to the
 * internet gateway, gatewayIPPrecedence public, the VPC CNI MTU at the internet's 1500, and no
 * peering. Spread into a case; `aws` takes more faults.
 */
export function publicPair(
  west: Partial<MemberSpec> = {},
  east: Partial<MemberSpec> = {},
  faults: readonly Fault[] = [],
) {
  const w = westSpec({ vpcCniMtu: 1500, ...west });
  const e = eastSpec({ vpcCniMtu: 1500, ...east });
  const specs = [
    { ...w, ...publicGateways(w) },
    { ...e, ...publicGateways(e) },
  ];
  return {
    members: () => cachedScenario(specs),
    aws: {
      peer: false,
      members: { west: { publicIps: true }, east: { publicIps: true } },
      faults,
    } satisfies WorldOptions,
  };
}
