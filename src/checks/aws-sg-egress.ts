import { admits, groupToOpen } from "../model/aws/security-group.js";
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
  senders: Set<string>;
  destinations: Set<string>;
}

export const awsSgEgress: PairCheck = {
  id: "aws.sg-egress",
  title: "Security groups let the tunnel out",
  category: "AWS",
  severity: "error",
  scope: "pair",
  ordered: true,
  docs: {
    summary:
      "the security groups of a Gateway's network interface do not let its tunnel traffic out to the peer's Gateway IP (the peer's tunnel protocol and port)",
    why: "New security groups allow all outbound traffic, but hardened ones often restrict it; then tunnel packets to the peer's Gateway are dropped at the sender.",
    fix: "Add an outbound rule for the tunnel protocol and port to each peer Gateway candidate's IP /32 (or the peer's VPC CIDR).",
  },
  run(member, peer, ctx) {
    const pair = pairEndpoints(member, peer, {
      mine: ["DescribeSecurityGroups", "GetManagedPrefixListEntries"],
    });
    if (!pair.ok) return [pair.finding];
    // The packets go to the peer's port.
    const wire = wireOrUnknown(peer.name, peer.tunnel);
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
        if (admits(a.placed.securityGroups, "egress", flow, remote, prefixLists).allowed) continue;
        const notRead = unreadGroups(a);
        if (notRead.length) {
          for (const id of notRead) missing.add(id);
          continue;
        }
        const group = groupToOpen(a.placed.securityGroups);
        if (!group) continue;
        const gap = gaps.get(group.id) ?? {
          severity: "warning" as Severity,
          group,
          senders: new Set(),
          destinations: new Set(),
        };
        if (severityOf(a, b) === "error") gap.severity = "error";
        gap.senders.add(describeEndpoint(a));
        gap.destinations.add(b.gatewayIP);
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
          message: `${groups.join(", ")} let ${wire.label} out to ${peer.name}'s Gateway IPs`,
        },
      ];
    }
    const found = [...gaps.values()].map(
      (g): Finding => ({
        status: statusOf(g.severity),
        severity: g.severity,
        resource: g.group.id,
        message: `no security group of ${some([...g.senders])} lets ${wire.label} out to ${peer.name}'s Gateway IP${g.destinations.size > 1 ? "s" : ""} ${[...g.destinations].join(", ")}`,
        remediation: `aws ec2 authorize-security-group-egress --group-id ${g.group.id} --ip-permissions ${[
          ...g.destinations,
        ]
          .map((ip) => `'${wire.permission(`${ip}/32`, `antrea-mc tunnel to ${peer.name}`)}'`)
          .join(" ")} ${awsFlags(pair.mine.aws)}`,
      }),
    );
    return missing.size ? [...found, unreadGroupsFinding(missing)] : found;
  },
};
