/**
 * ClusterSets used by tests and by scripts/make-examples.ts: a healthy two-member ClusterSet on
 * EKS and a broken one with several distinct faults, each as a set of member objects.
 */
import type { KubeObject } from "../../src/kube/types.js";
import type { FakeClusterOptions } from "./fake-cluster.js";
import {
  clusterInfoImport,
  clusterSetObjects,
  type MemberSpec,
  memberInfo,
} from "./fixtures/eks.js";
import { failedExport, SERVER_CLOCK } from "./fixtures/leader.js";

export const LEADER_SERVER =
  "https://4F1E9B7C2A5D8E3F6B0C1D2E3F4A5B6C.gr7.us-west-2.eks.amazonaws.com";

export interface ScenarioMember {
  name: string;
  context: string;
  spec: MemberSpec;
  objects: KubeObject[];
}

export const eksContext = (spec: MemberSpec) =>
  `arn:aws:eks:${spec.region}:${spec.accountId}:cluster/${spec.name}`;

export function westSpec(over: Partial<MemberSpec> = {}): MemberSpec {
  return {
    name: "west",
    region: "us-west-2",
    accountId: "123456789012",
    serviceCIDR: "10.96.0.0/16",
    nodes: [
      { ip: "10.10.12.34", zone: "us-west-2a" },
      { ip: "10.10.45.67", zone: "us-west-2b" },
      { ip: "10.10.78.9", zone: "us-west-2c" },
    ],
    candidates: [0, 1],
    active: 0,
    agentConf: { "multicluster.enablePodToPodConnectivity": true },
    mcConf: { podCIDRs: ["10.10.0.0/16"] },
    leader: true,
    ...over,
  };
}

export function eastSpec(over: Partial<MemberSpec> = {}): MemberSpec {
  return {
    name: "east",
    region: "us-east-1",
    accountId: "444455556666",
    serviceCIDR: "10.97.0.0/16",
    nodes: [
      { ip: "10.20.8.15", zone: "us-east-1a" },
      { ip: "10.20.40.22", zone: "us-east-1b" },
      { ip: "10.20.70.5", zone: "us-east-1c" },
    ],
    candidates: [0, 1],
    active: 0,
    kubernetesMinor: 32,
    agentConf: { "multicluster.enablePodToPodConnectivity": true },
    mcConf: { podCIDRs: ["10.20.0.0/16"] },
    ...over,
  };
}

export function scenario(specs: MemberSpec[]): ScenarioMember[] {
  const objects = clusterSetObjects(specs, LEADER_SERVER);
  return specs.map((spec) => ({
    name: spec.name,
    context: eksContext(spec),
    spec,
    objects: objects.get(spec.name) ?? [],
  }));
}

export function healthyScenario(): ScenarioMember[] {
  return scenario([westSpec(), eastSpec()]);
}

/**
 * Faults, each typical of a real rollout:
 * - both clusters kept the EKS default Service CIDR 10.100.0.0/16 (cidr.service-overlap);
 * - west's agent points multicluster.namespace at the leader namespace (antrea.mc-namespace);
 * - west has a single Gateway candidate (mc.gateway-candidates, info);
 * - east still uses the pre-v1.16 key multicluster.enable (antrea.gateway-enabled);
 * - east runs VXLAN while west runs Geneve (mc.tunnel-consistency);
 * - east enables Pod-to-Pod connectivity without podCIDRs (cidr.pod-config);
 * - east still imports west's previous Gateway IP (mc.clusterinfo, stale).
 */
export function brokenSpecs(): MemberSpec[] {
  const west = westSpec({
    serviceCIDR: "10.100.0.0/16",
    candidates: [0],
    agentConf: {
      "multicluster.enablePodToPodConnectivity": true,
      "multicluster.namespace": "antrea-multicluster",
    },
  });
  const east = eastSpec({
    serviceCIDR: "10.100.0.0/16",
    agentConf: {
      "multicluster.enableGateway": undefined,
      "multicluster.enable": true,
      "multicluster.enablePodToPodConnectivity": true,
      tunnelType: "vxlan",
    },
    mcConf: {},
  });
  // East runs no Karpenter: its candidates were annotated by hand in its managed node group.
  const inNodeGroup = {
    ...east,
    nodes: east.nodes.map((n) => ({ ...n, owner: { nodeGroup: "east-ng-1" } })),
    nodePools: null,
  };
  return [west, inNodeGroup];
}

/**
 * The Kubernetes objects of the broken ClusterSet: east still imports west's previous Gateway IP,
 * and the leader (west) cannot converge east's export of Service default/web (its ports differ
 * from west's).
 */
export function brokenKube(specs: MemberSpec[]): ScenarioMember[] {
  const members = scenario(specs);
  const [west] = specs;
  const eastMember = members[1];
  const westMember = members[0];
  if (westMember)
    westMember.objects = patchObjects(
      westMember.objects,
      "ResourceExport",
      "east-default-web-service",
      failedExport("2026-11-24T16:20:00Z"),
    );
  if (west && eastMember) {
    const stale = clusterInfoImport("kube-system", {
      ...memberInfo(west),
      gatewayIP: "10.10.45.67",
    });
    eastMember.objects = eastMember.objects.map((o) =>
      o.kind === "ClusterInfoImport" && o.metadata?.name === "west-clusterinfo" ? stale : o,
    );
  }
  return members;
}

export function brokenScenario(): ScenarioMember[] {
  return brokenKube(brokenSpecs());
}

/** What doctor finds in brokenScenario(): failing or warning "id member[→peer]", sorted. */
export const BROKEN_FINDINGS = [
  "antrea.gateway-enabled east",
  "antrea.mc-namespace west",
  "cidr.pod-config east",
  "cidr.service-overlap west→east",
  "mc.clusterinfo east→west",
  "mc.gateway-candidates east",
  "mc.gateway-candidates west",
  "mc.leader east",
  "mc.tunnel-consistency east→west",
];

/** The member's Nodes without `label` (as a cluster whose Nodes were made another way). */
export function withoutNodeLabel(m: ScenarioMember, label: string): void {
  m.objects = patchObjects(m.objects, "Node", undefined, (n) => {
    delete (n.metadata as { labels: Record<string, string> }).labels[label];
    return n;
  });
}

/** Replaces objects matching `kind`/`name` (or all of `kind`) with `fn(object)`; null drops it. */
export function patchObjects(
  objects: KubeObject[],
  kind: string,
  name: string | undefined,
  fn: (o: KubeObject) => KubeObject | null,
): KubeObject[] {
  return objects.flatMap((o) => {
    if (o.kind !== kind || (name !== undefined && o.metadata?.name !== name)) return [o];
    const next = fn(structuredClone(o));
    return next ? [next] : [];
  });
}

/** The fake API server state of a member: its objects and its Kubernetes version. */
export function clusterOptions(m: ScenarioMember): FakeClusterOptions {
  const minor = m.spec.kubernetesMinor ?? 33;
  return {
    objects: m.objects,
    clock: SERVER_CLOCK,
    version: { major: "1", minor: String(minor), gitVersion: `v1.${minor}.5-eks-113cf36` },
    // ServiceCIDR is served (networking.k8s.io/v1) from Kubernetes 1.33 on.
    ...(minor < 33 ? { missingResources: ["servicecidrs.networking.k8s.io/v1"] } : {}),
    // A cluster without Karpenter serves no NodePools.
    ...(m.spec.nodePools === null ? { missingGroups: ["karpenter.sh"] } : {}),
  };
}

export const BENCH_REGIONS = ["us-west-2", "us-east-1", "eu-west-1"] as const;

/**
 * n members spread over Regions round-robin (large ClusterSets, for the pair matrix and the
 * benchmark): member k has VPC and Pod CIDR 10.k.0.0/16, Service CIDR 10.(100+k).0.0/16 and
 * `nodes` Nodes of which the first two are Gateway candidates.
 */
export function manySpecs(
  n: number,
  opts: { nodes?: number; regions?: readonly string[]; accountId?: string } = {},
): MemberSpec[] {
  const regions = opts.regions ?? BENCH_REGIONS;
  return Array.from({ length: n }, (_, i) => {
    const k = i + 1;
    const region = regions[i % regions.length] ?? "us-west-2";
    return {
      name: `member-${String(k).padStart(2, "0")}`,
      region,
      accountId: opts.accountId ?? "123456789012",
      serviceCIDR: `10.${100 + k}.0.0/16`,
      nodes: Array.from({ length: opts.nodes ?? 3 }, (_, j) => ({
        // One /19 per zone (aws-world's subnetOf): 10.k.0.x, 10.k.32.x, 10.k.64.x.
        ip: `10.${k}.${(j % 3) * 32 + Math.floor(j / 200)}.${(j % 200) + 10}`,
        zone: `${region}${"abc"[j % 3]}`,
      })),
      candidates: [0, 1],
      active: 0,
      agentConf: { "multicluster.enablePodToPodConnectivity": true },
      mcConf: { podCIDRs: [`10.${k}.0.0/16`] },
      leader: i === 0,
    };
  });
}
