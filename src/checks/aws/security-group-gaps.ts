/**
 * What aws.sg-ingress and aws.sg-egress share: for every (local Gateway, peer Gateway) endpoint
 * pair, do the local interface's security groups let the tunnel through in one direction? The
 * gaps are grouped by the security group to open, so one command fixes each.
 */
import { admits, groupToOpen, unusableReference } from "../../model/aws/security-group.js";
import type { SecurityGroup } from "../../model/aws/types.js";
import type { ClusterSetModel } from "../../model/types.js";
import type { Finding, Severity } from "../types.js";
import { describeEndpoint, type Endpoint, type Endpoints, remoteOf, severityOf } from "./path.js";
import type { Wire } from "./tunnel-flow.js";

type Side = Extract<Endpoints, { ok: true }>;

export interface Gap {
  severity: Severity;
  group: SecurityGroup;
  /** The local Gateway interfaces the tunnel does not pass. */
  locals: Set<string>;
  /** The peer Gateway IPs it should pass to or from. */
  remotes: Set<string>;
  /** A rule references the peer's group but cannot match across Regions or without peering. */
  reference?: string;
}

export interface Gaps {
  gaps: Gap[];
  /** Groups on an interface that were not in the DescribeSecurityGroups answer. */
  missing: Set<string>;
}

/** Security groups of the endpoint's interface that are not in the answers read. */
function unreadGroups(e: Endpoint): string[] {
  return e.placed.eni.groupIds.filter((id) => !e.placed.securityGroups.some((g) => g.id === id));
}

export function securityGroupGaps(
  mine: Side,
  theirs: Side,
  direction: "ingress" | "egress",
  wire: Wire,
  model: ClusterSetModel,
): Gaps {
  const prefixLists = mine.aws.inventory.prefixLists;
  const gaps = new Map<string, Gap>();
  const missing = new Set<string>();
  for (const a of mine.endpoints) {
    for (const b of theirs.endpoints) {
      const flow = {
        protocol: wire.protocol,
        ...(wire.port === undefined ? {} : { port: wire.port }),
        remoteIp: b.gatewayIP,
      };
      const remote = remoteOf(b, theirs.aws, a, mine.aws, model);
      if (admits(a.placed.securityGroups, direction, flow, remote, prefixLists).allowed) continue;
      // A rule of a group we could not read might allow it: not known, rather than a failure.
      const notRead = unreadGroups(a);
      if (notRead.length) {
        for (const id of notRead) missing.add(id);
        continue;
      }
      const group = groupToOpen(a.placed.securityGroups);
      if (!group) continue; // an interface always has a group; none read is `missing` above
      const gap = gaps.get(group.id) ?? {
        severity: "warning",
        group,
        locals: new Set(),
        remotes: new Set(),
      };
      if (severityOf(a, b) === "error") gap.severity = "error";
      gap.locals.add(describeEndpoint(a));
      gap.remotes.add(b.gatewayIP);
      const ref = unusableReference(a.placed.securityGroups, direction, flow, remote);
      if (ref) {
        gap.reference = `${ref.group.id} references ${ref.referenced}, but a security group reference only matches private IPs in the same VPC or across an active same-Region peering`;
      }
      gaps.set(group.id, gap);
    }
  }
  return { gaps: [...gaps.values()], missing };
}

/** The check's findings: one per gap, `unknown` for unread groups, else the pass. */
export function gapFindings(
  { gaps, missing }: Gaps,
  pass: () => Finding,
  finding: (g: Gap) => Finding,
): Finding[] {
  const unread: Finding[] = missing.size
    ? [
        {
          status: "unknown",
          message: `security groups ${[...missing].join(", ")} were not in the DescribeSecurityGroups answer, so their rules are not known`,
        },
      ]
    : [];
  if (gaps.length === 0) return unread.length ? unread : [pass()];
  return [...gaps.map(finding), ...unread];
}
