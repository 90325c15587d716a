import { admits, groupToOpen, unusableReference } from "../model/aws/security-group.js";
import type { SecurityGroup } from "../model/aws/types.js";
import {
  awsFlags,
  describeEndpoint,
  pairEndpoints,
  remoteOf,
  severityOf,
  some,
  statusOf,
  unreadGroups,
  unreadGroupsFinding,
} from "./aws/path.js";
import { isWire, wireOrUnknown } from "./aws/tunnel-flow.js";
import type { Finding, PairCheck, Severity } from "./types.js";

interface Gap {
  severity: Severity;
  group: SecurityGroup;
  receivers: Set<string>;
  sources: Set<string>;
  /** A rule references the sender's group but cannot match across Regions or without peering. */
  reference?: string;
}

export const awsSgIngress: PairCheck = {
  id: "aws.sg-ingress",
  title: "Security groups admit the peer's tunnel",
  category: "AWS",
  severity: "error",
  scope: "pair",
  ordered: true,
  docs: {
    summary:
      "no security group on a Gateway's network interface admits the tunnel from the peer's Gateway IP: the protocol and port of the live Antrea config (Geneve UDP 6081, VXLAN UDP 4789, STT TCP 7471, GRE IP protocol 47, a custom tunnelPort, or Multi-cluster WireGuard UDP 51821 / its port)",
    why: "Both Gateways send tunnel packets to each other's fixed port, so each side needs an inbound rule; neither flow is the reply of the other. Rules of every group on the interface add up; `-1` means every protocol; a security group reference only matches private IPs of the peer's interfaces, in the same VPC or across an active peering in the same Region. The EKS cluster security group admits only itself by default.",
    fix: "Add an inbound rule for the tunnel protocol and port from each peer Gateway candidate's IP /32 (or the peer's VPC CIDR) to the security group of the Gateway Nodes — on EKS, the cluster security group.",
  },
  run(member, peer, ctx) {
    const pair = pairEndpoints(member, peer, {
      mine: ["DescribeSecurityGroups", "GetManagedPrefixListEntries"],
    });
    if (!pair.ok) return [pair.finding];
    const wire = wireOrUnknown(member.name, member.tunnel);
    if (!isWire(wire)) return [wire];
    const prefixLists = pair.mine.aws.inventory.prefixLists;
    const gaps = new Map<string, Gap>();
    const missing = new Set<string>();
    for (const a of pair.mine.endpoints) {
      for (const b of pair.theirs.endpoints) {
        const flow = {
          protocol: wire.protocol,
          ...(wire.port === undefined ? {} : { port: wire.port }),
          remoteIp: b.gatewayIP,
        };
        const remote = remoteOf(b, pair.theirs.aws, a, pair.mine.aws, ctx.model);
        if (admits(a.placed.securityGroups, "ingress", flow, remote, prefixLists).allowed) continue;
        const notRead = unreadGroups(a);
        if (notRead.length) {
          for (const id of notRead) missing.add(id);
          continue;
        }
        const ref = unusableReference(a.placed.securityGroups, "ingress", flow, remote);
        const group = groupToOpen(a.placed.securityGroups);
        if (!group) continue;
        const gap = gaps.get(group.id) ?? {
          severity: "warning" as Severity,
          group,
          receivers: new Set(),
          sources: new Set(),
        };
        if (severityOf(a, b) === "error") gap.severity = "error";
        gap.receivers.add(describeEndpoint(a));
        gap.sources.add(b.gatewayIP);
        if (ref) {
          gap.reference = `${ref.group.id} references ${ref.referenced}, but a security group reference only matches private IPs in the same VPC or across an active same-Region peering`;
        }
        gaps.set(group.id, gap);
      }
    }
    if (gaps.size === 0 && missing.size) return [unreadGroupsFinding(missing)];
    if (gaps.size === 0) {
      const groups = [...new Set(pair.mine.endpoints.flatMap((a) => a.placed.eni.groupIds))];
      return [
        {
          status: "pass",
          resource: groups.join(", "),
          message: `${groups.join(", ")} admit ${wire.label} from ${peer.name}'s Gateway IPs ${pair.theirs.endpoints.map((b) => b.gatewayIP).join(", ")}`,
        },
      ];
    }
    const found = [...gaps.values()].map(
      (g): Finding => ({
        status: statusOf(g.severity),
        severity: g.severity,
        resource: g.group.id,
        message: `no security group of ${some([...g.receivers])} admits ${wire.label} from ${peer.name}'s Gateway IP${g.sources.size > 1 ? "s" : ""} ${[...g.sources].join(", ")}${g.reference ? ` (${g.reference})` : ""}`,
        remediation: `aws ec2 authorize-security-group-ingress --group-id ${g.group.id} --ip-permissions ${[
          ...g.sources,
        ]
          .map((ip) => `'${wire.permission(`${ip}/32`, `antrea-mc tunnel from ${peer.name}`)}'`)
          .join(" ")} ${awsFlags(pair.mine.aws)}`,
      }),
    );
    return missing.size ? [...found, unreadGroupsFinding(missing)] : found;
  },
};
