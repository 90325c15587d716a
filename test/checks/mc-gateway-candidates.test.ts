import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mcGatewayCandidates } from "../../src/checks/mc-gateway-candidates.js";
import { moveNodeIp } from "../support/aws-faults.js";
import { checkCases, pair } from "../support/check-cases.js";
import type { NodeOwner, NodeSpec } from "../support/fixtures/eks.js";
import { eastSpec, type ScenarioMember, withoutNodeLabel } from "../support/scenarios.js";

const westNodes = [
  { ip: "10.10.12.34", zone: "us-west-2a" },
  { ip: "10.10.45.67", zone: "us-west-2b" },
  { ip: "10.10.78.9", zone: "us-west-2c" },
];

/** examples/broken as a snapshot made before NodePools were read: no nodepools.json at all. */
function withoutNodePools(): string {
  const dir = mkdtempSync(join(tmpdir(), "antrea-mc-no-nodepools-"));
  cpSync(new URL("../../examples/broken", import.meta.url).pathname, dir, { recursive: true });
  const index = JSON.parse(readFileSync(join(dir, "snapshot.json"), "utf8"));
  for (const m of index.members) {
    delete m.resources.nodepools;
    rmSync(join(dir, "clusters", m.name, "nodepools.json"), { force: true });
  }
  writeFileSync(join(dir, "snapshot.json"), JSON.stringify(index));
  return dir;
}

/** `members` with west's Nodes known by their instances' tags only: `label` removed. */
const tagsOnly = (members: () => ScenarioMember[], label: string) => () => {
  const all = members();
  if (all[0]) withoutNodeLabel(all[0], label);
  return all;
};

/** West's Nodes with the candidates (0 and 1) launched by `owner`. */
const ownedBy = (owner: NodeOwner, nodes = westNodes): NodeSpec[] =>
  nodes.map((n, k) => (k < 2 ? { ...n, owner } : n));

checkCases(mcGatewayCandidates, {
  valid: [
    {
      name: "two Ready candidates in two zones, from a NodePool that annotates them",
      message: /2 usable Gateway candidates/,
    },
    {
      name: "candidates that are standalone instances (nothing replaces them), AWS inspected",
      members: pair({ nodes: ownedBy({ standalone: true }) }),
      aws: {},
    },
    {
      name: "candidates from a NodePool, Karpenter's own Nodes elsewhere in the cluster",
      members: pair({
        nodes: [
          ...westNodes,
          { ip: "10.10.99.1", zone: "us-west-2a", owner: { nodePool: "spot" } },
        ],
        nodePools: [
          { name: "gateway", annotatesGateways: true },
          { name: "spot", annotatesGateways: false },
        ],
      }),
    },
  ],
  invalid: [
    {
      name: "no annotated Node",
      members: pair({ candidates: [], active: null }),
      status: "fail",
      message: /no Node is annotated multicluster\.antrea\.io\/gateway/,
      remediation:
        /annotate node ip-10-10-12-34\.us-west-2\.compute\.internal multicluster\.antrea\.io\/gateway=true/,
    },
    {
      name: "a single candidate: no failover",
      members: pair({ candidates: [0] }),
      status: "warn",
      severity: "info",
      message: /only one usable Gateway candidate/,
      remediation: /annotate node ip-10-10-45-67/,
    },
    {
      name: "a NotReady candidate",
      members: pair({
        nodes: [westNodes[0], { ...westNodes[1], ready: false }, westNodes[2]] as typeof westNodes,
      }),
      status: "warn",
      severity: "warning",
      message:
        /ip-10-10-45-67.* is not Ready \(Ready=Unknown \(Kubelet stopped posting node status\.\)\)/,
    },
    {
      name: "annotated =false, which still counts",
      members: pair({
        nodes: [
          westNodes[0],
          { ...westNodes[1], annotations: { "multicluster.antrea.io/gateway": "false" } },
          westNodes[2],
        ] as typeof westNodes,
      }),
      status: "warn",
      message:
        /annotated multicluster\.antrea\.io\/gateway="false": the controller checks only the key/,
      remediation: /multicluster\.antrea\.io\/gateway-$/,
    },
    {
      name: "a gateway-ip annotation that is not an IP",
      members: pair({
        nodes: [
          westNodes[0],
          {
            ...westNodes[1],
            annotations: { "multicluster.antrea.io/gateway-ip": "eip-gw.example.com" },
          },
          westNodes[2],
        ] as typeof westNodes,
      }),
      status: "warn",
      message: /gateway-ip="eip-gw\.example\.com" is not an IP address/,
    },
    {
      name: "a Windows candidate",
      members: pair({
        nodes: [westNodes[0], { ...westNodes[1], os: "windows" }, westNodes[2]] as typeof westNodes,
      }),
      status: "warn",
      message: /runs windows: the Multicluster feature is Linux-only/,
    },
    {
      name: "candidates from a NodePool whose template does not set the annotation",
      members: pair({ nodePools: [{ name: "gateway", annotatesGateways: false }] }),
      status: "warn",
      severity: "warning",
      count: 1,
      resource: "NodePool gateway",
      message:
        /^Gateway candidates ip-10-10-12-34\.us-west-2\.compute\.internal, ip-10-10-45-67\.us-west-2\.compute\.internal come from Karpenter NodePool gateway, whose template does not set multicluster\.antrea\.io\/gateway: when Karpenter replaces them \(consolidation, drift, expiry, interruption\) the new Node has no multicluster\.antrea\.io\/gateway\. Set it in spec\.template\.metadata\.annotations; Karpenter then replaces gateway's Nodes as drifted, the Gateways too \(a failover\)/,
      remediation: `kubectl --context arn:aws:eks:us-west-2:123456789012:cluster/west patch nodepools.karpenter.sh gateway --type merge -p '{"spec":{"template":{"metadata":{"annotations":{"multicluster.antrea.io/gateway":"true"}}}}}'`,
      // Changing the template drifts the NodePool's Nodes: Karpenter replaces them, Gateways too.
      manual: true,
    },
    {
      name: "a candidate from a NodePool that no longer exists",
      members: pair({ nodePools: [] }),
      status: "warn",
      message: /come from Karpenter NodePool gateway, which no longer exists/,
      remediation: /get nodepools\.karpenter\.sh$/,
    },
    {
      name: "candidates from EKS Auto Mode's built-in NodePool",
      members: pair({
        nodes: ownedBy({ nodePool: "general-purpose" }).map((n, k) =>
          k < 2 ? { ...n, labels: { "eks.amazonaws.com/compute-type": "auto" } } : n,
        ),
        nodePools: [{ name: "general-purpose", annotatesGateways: false }],
      }),
      status: "warn",
      message: /EKS Auto Mode's built-in NodePool.*Built-in NodePools cannot be edited/,
      remediation: /get nodepools\.karpenter\.sh general-purpose -o yaml$/,
    },
    {
      name: "candidates from a NodePool, with Karpenter before v1.0 (no karpenter.sh/v1)",
      members: pair({ nodePools: null }),
      status: "unknown",
      message: /karpenter\.sh\/v1 NodePools are not served \(Karpenter before v1\.0\)/,
      remediation:
        /get nodepools\.karpenter\.sh gateway -o jsonpath='\{\.spec\.template\.metadata\.annotations\}'$/,
    },
    {
      name: "candidates from a NodePool, in a snapshot without nodepools.json",
      snapshot: withoutNodePools(),
      status: "unknown",
      message:
        /^Gateway candidate ip-10-10-12-34\.us-west-2\.compute\.internal comes from Karpenter NodePool gateway; whether it puts multicluster\.antrea\.io\/gateway on the Nodes it creates is not known: .*the snapshot has no clusters\/west\/nodepools\.json$/,
    },
    {
      name: "candidates from a NodePool that may not be read",
      members: pair(),
      overrides: { west: { forbidden: [{ resource: "nodepools.karpenter.sh" }] } },
      status: "unknown",
      message:
        /whether it puts multicluster\.antrea\.io\/gateway on the Nodes it creates is not known: .*forbidden/i,
    },
    {
      name: "candidates in an EKS managed node group (its label), one finding for the group",
      members: pair({ nodes: ownedBy({ nodeGroup: "west-ng-1" }) }),
      status: "warn",
      severity: "warning",
      count: 1,
      resource: "node group west-ng-1",
      message:
        /^Gateway candidates .* are in EKS managed node group west-ng-1: its updates \(AMI, Kubernetes version\) and node repair replace Nodes, scale-in removes them, and new Nodes lack multicluster\.antrea\.io\/gateway/,
      remediation:
        /^# after each update of west-ng-1 \(every Node of it becomes a candidate\):\nkubectl --context \S+ annotate nodes -l eks\.amazonaws\.com\/nodegroup=west-ng-1 multicluster\.antrea\.io\/gateway=true --overwrite$/,
    },
    {
      name: "candidates in two node groups: one finding each",
      members: pair({
        nodes: westNodes.map((n, k) =>
          k < 2 ? { ...n, owner: { nodeGroup: `west-ng-${k + 1}` } } : n,
        ),
      }),
      status: "warn",
      count: 2,
      message: /in EKS managed node group west-ng-2/,
    },
    {
      name: "candidates known by their instances' tags only (labels removed): the NodePool",
      members: tagsOnly(
        pair({ nodePools: [{ name: "gateway", annotatesGateways: false }] }),
        "karpenter.sh/nodepool",
      ),
      aws: {},
      status: "warn",
      resource: "NodePool gateway",
      message: /come from Karpenter NodePool gateway, whose template does not set/,
    },
    {
      name: "an Auto Scaling group read from the instance's tags when the Node's IP is on none of its interfaces",
      members: pair({ nodes: ownedBy({ autoScalingGroup: "west-gateways" }), candidates: [0] }),
      aws: { faults: [moveNodeIp("west", 0, "10.10.99.99")] },
      status: "warn",
      resource: "Auto Scaling group west-gateways",
    },
    {
      name: "a candidate in a self-managed Auto Scaling group in another account: the fix says where",
      member: "east",
      members: pair(
        {},
        {
          nodes: eastSpec().nodes.map((n, k) =>
            k === 0 ? { ...n, owner: { autoScalingGroup: "east-gateways" } } : n,
          ),
        },
      ),
      aws: {},
      status: "warn",
      resource: "Auto Scaling group east-gateways",
      remediation:
        /^# in east's account 444455556666 \(doctor read it by assuming arn:aws:iam::444455556666:role\/antrea-mc-doctor\), with credentials that may change it:\n# the group's scale-in/,
    },
    {
      name: "candidates known by their instances' tags only (labels removed): the node group",
      members: tagsOnly(
        pair({ nodes: ownedBy({ nodeGroup: "west-ng-1" }) }),
        "eks.amazonaws.com/nodegroup",
      ),
      aws: {},
      status: "warn",
      resource: "node group west-ng-1",
    },
    {
      name: "a candidate in a self-managed Auto Scaling group (its instance's tag)",
      members: pair({ nodes: ownedBy({ autoScalingGroup: "west-gateways" }), candidates: [0] }),
      aws: {},
      status: "warn",
      resource: "Auto Scaling group west-gateways",
      message:
        /^Gateway candidate ip-10-10-12-34\.us-west-2\.compute\.internal runs in Auto Scaling group west-gateways: scale-in \(the group's, or Cluster Autoscaler's\) removes instances, a health check or an instance refresh replaces them/,
      remediation:
        /^# the group's scale-in passes them by \(a health-check replacement does not\):\naws autoscaling set-instance-protection --auto-scaling-group-name west-gateways --instance-ids i-0\w+ --protected-from-scale-in --region us-west-2\n# Cluster Autoscaler, if it runs, scales them down only without this:\nkubectl --context \S+ annotate nodes ip-10-10-12-34\.us-west-2\.compute\.internal cluster-autoscaler\.kubernetes\.io\/scale-down-disabled=true$/,
    },
  ],
});
