import { type Block, type NodeGatewayGap, nodeToGateway } from "../analysis/aws/node-to-gateway.js";
import { runAs } from "../fixes/aws.js";
import { nodeGatewayFix } from "../fixes/node-to-gateway.js";
import { failing, unknownOf } from "./aws/findings.js";
import { plural, some } from "./helpers.js";
import type { Finding, MemberCheck } from "./types.js";

function blockText(b: Block): string {
  const whose = b.side === "nodes" ? "the Nodes'" : "the Gateway's";
  switch (b.kind) {
    case "sg-egress":
      return `${b.resource} (${whose}) does not let it out${b.reference ? ` (${b.reference})` : ""}`;
    case "sg-ingress":
      return `${b.resource} (${whose}) does not admit it${b.reference ? ` (${b.reference})` : ""}`;
    case "nacl-egress":
    case "nacl-ingress":
      return `${b.resource} (${whose} subnet) denies it ${b.kind === "nacl-egress" ? "outbound" : "inbound"} at ${b.rule ?? "rule *"}`;
  }
}

function gatewayText(g: NodeGatewayGap["gateway"]): string {
  return `${g.impact === "active" ? "the active Gateway" : "Gateway candidate"} ${g.node.node} (${g.at.ip})`;
}

function groupText(gap: NodeGatewayGap): string {
  const g = gap.group;
  const total = g.nodes.length;
  const who = `${plural(gap.nodes.length, "Node")}${gap.nodes.length < total ? ` of ${total}` : ""}: ${some([...gap.nodes])}`;
  return `Nodes in ${g.subnetId} with ${g.groupIds.join(", ")} (${who})`;
}

export const awsNodeToGateway: MemberCheck<"aws.node-to-gateway"> = {
  id: "aws.node-to-gateway",
  fixable: "setup",
  title: "Nodes and Gateways exchange tunnel packets",
  category: "AWS",
  severity: "error",
  scope: "member",
  docs: {
    summary:
      "inside a member, the Nodes and a Gateway (the active one: error; a candidate: warning) cannot exchange tunnel packets — the protocol and port of the live Antrea tunnel (Geneve UDP 6081, VXLAN UDP 4789, STT TCP 7471, GRE, or tunnelPort), also when Multi-cluster WireGuard encrypts the Gateway-to-Gateway leg — in either direction, because of security groups (egress of the sender, ingress of the receiver) or the network ACLs of their subnets (stateless: each way its own packets, to the tunnel port — STT too, which sends no replies). Nodes are grouped by the subnet, security groups and network ACL of their primary interface (device index 0)",
    why: "In networkPolicyOnly mode a regular Node sends cross-cluster packets through the Antrea tunnel to the active Gateway's InternalIP (`pkg/agent/multicluster/mc_route_controller.go` installs the classifier and Node flows on regular Nodes; `InstallMulticlusterNodeFlows` in `pkg/agent/openflow/client.go` and `pkg/agent/openflow/multicluster.go` tunnel them to the Gateway), and the Gateway tunnels traffic for a Pod to the Node hosting it (`pkg/agent/multicluster/pod_route_controller.go` installs `InstallMulticlusterPodFlows` towards the Pod's `status.hostIP`). Both are new flows to the tunnel port, so each direction needs egress on the sender's security groups, ingress on the receiver's, and — between subnets — the network ACLs of both (stateless). A second node group or Karpenter NodeClass with its own security group, or a dedicated Gateway subnet whose ACL admits only the peer VPC, cuts cross-cluster traffic of those Nodes while the Gateway-to-Gateway checks pass.",
    fix: "Add an inbound rule for the tunnel protocol and port on the receiving side's security group naming the sending side's security group as its source (and an outbound rule where egress is restricted); between subnets, allow the tunnel in the network ACLs both ways for the other subnet's CIDR. `setup` adds the security group rules, tagged, and `teardown` removes them.",
  },
  run(member) {
    const r = nodeToGateway(member);
    if (!r.ok) return [unknownOf(r)];
    const findings: Finding[] = [];
    if (r.unreadGroups.size) {
      findings.push({
        status: "unknown",
        message: `security groups ${[...r.unreadGroups].join(", ")} were not in the DescribeSecurityGroups answer, so whether they let the Node-Gateway tunnel through is not known`,
      });
    }
    const taken = new Map<string, Set<number>>();
    for (const gap of r.gaps) {
      const verb =
        gap.leg === "to-gateway"
          ? `${groupText(gap)} cannot send ${r.wire.label} to ${gatewayText(gap.gateway)}`
          : `${gatewayText(gap.gateway)} cannot send ${r.wire.label} to ${groupText(gap)}`;
      const fix = nodeGatewayFix(gap, r.aws, r.wire, taken);
      findings.push({
        ...failing(gap.gateway.impact),
        leg: gap.leg,
        resource: [...new Set(gap.blocks.map((b) => b.resource))].join(", "),
        message: `${verb}: ${gap.blocks.map(blockText).join("; ")}`,
        ...(fix ? { remediation: runAs(member.name, r.aws) + fix } : {}),
      });
    }
    if (findings.length) return findings;
    if (r.groups.length === 0) {
      return [
        {
          status: "unknown",
          message: `no Node of ${member.name} is placed in EC2${r.unplaced.length ? `: ${some(r.unplaced)}` : ""}`,
        },
      ];
    }
    const nodes = r.groups.reduce((n, g) => n + g.nodes.length, 0);
    const skipped = r.unplaced.length
      ? ` (not placed in EC2, not checked: ${some(r.unplaced)})`
      : "";
    return [
      {
        status: "pass",
        resource: [...new Set(r.groups.flatMap((g) => g.groupIds))].join(", "),
        message: `${plural(nodes, "Node")} in ${plural(r.groups.length, "Node group")} and ${plural(r.gateways.length, "Gateway")} exchange ${r.wire.label} both ways${skipped}`,
      },
    ];
  },
};
