/**
 * Do the security groups of a member's Gateway interfaces let the tunnel through, in one
 * direction, for every (local Gateway, peer Gateway) pair? Gaps are grouped by the security group
 * to open, so that one command (or one set of setup steps) closes each.
 */
import { admits, groupToOpen, unusableReference } from "../../model/aws/security-group.js";
import type { SecurityGroup } from "../../model/aws/types.js";
import type { ClusterSetModel } from "../../model/types.js";
import {
  describeEndpoint,
  type Endpoint,
  type Impact,
  impactOf,
  remoteOf,
  type Side,
} from "./endpoints.js";
import type { Wire } from "./wire.js";

export type Direction = "ingress" | "egress";

export interface SecurityGroupGap {
  /** "active" when an active Gateway pair is cut off, else "failover". */
  impact: Impact;
  group: SecurityGroup;
  /** The local Gateway interfaces the tunnel does not pass. */
  locals: Set<string>;
  /** The peer Gateway IPs it should pass to or from. */
  remotes: Set<string>;
  /** A rule references the peer's group but cannot match across Regions or without peering. */
  reference?: string;
}

export interface SecurityGroupGaps {
  gaps: SecurityGroupGap[];
  /** Groups on an interface that were not in the DescribeSecurityGroups answer. */
  unread: Set<string>;
}

/** Security groups of the endpoint's interface that are not in the answers read. */
function unreadGroups(e: Endpoint): string[] {
  return e.placed.eni.groupIds.filter((id) => !e.placed.securityGroups.some((g) => g.id === id));
}

/**
 * Per side pair, direction and wire: aws.sg-* and aws.quota ask for the same gaps. Keyed by the
 * model's AWS picture too: setup asks again of one whose transit gateways it has changed.
 */
const made = new WeakMap<object, WeakMap<Side, WeakMap<Side, Map<string, SecurityGroupGaps>>>>();

export function securityGroupGaps(
  mine: Side,
  theirs: Side,
  direction: Direction,
  wire: Wire,
  model: ClusterSetModel,
): SecurityGroupGaps {
  const byMine =
    made.get(model.aws) ?? new WeakMap<Side, WeakMap<Side, Map<string, SecurityGroupGaps>>>();
  made.set(model.aws, byMine);
  const byTheirs = byMine.get(mine) ?? new WeakMap<Side, Map<string, SecurityGroupGaps>>();
  byMine.set(mine, byTheirs);
  const byKey = byTheirs.get(theirs) ?? new Map<string, SecurityGroupGaps>();
  byTheirs.set(theirs, byKey);
  const key = `${direction}|${wire.label}|${wire.protocol}|${wire.port ?? ""}`;
  const seen = byKey.get(key);
  if (seen) return seen;
  const out = computeGaps(mine, theirs, direction, wire, model);
  byKey.set(key, out);
  return out;
}

function computeGaps(
  mine: Side,
  theirs: Side,
  direction: Direction,
  wire: Wire,
  model: ClusterSetModel,
): SecurityGroupGaps {
  const prefixLists = mine.aws.inventory.prefixLists;
  const gaps = new Map<string, SecurityGroupGap>();
  const unread = new Set<string>();
  for (const a of mine.endpoints) {
    for (const b of theirs.endpoints) {
      const flow = {
        protocol: wire.protocol,
        ...(wire.port === undefined ? {} : { port: wire.port }),
        remoteIp: b.gatewayIP,
      };
      const remote = remoteOf(b, theirs.aws, a, mine.aws, model, direction);
      if (admits(a.placed.securityGroups, direction, flow, remote, prefixLists).allowed) continue;
      // A rule of a group we could not read might allow it: not known, rather than a gap.
      const notRead = unreadGroups(a);
      if (notRead.length) {
        for (const id of notRead) unread.add(id);
        continue;
      }
      const group = groupToOpen(a.placed.securityGroups);
      if (!group) continue; // an interface always has a group; none read is `unread` above
      const gap = gaps.get(group.id) ?? {
        impact: "failover",
        group,
        locals: new Set(),
        remotes: new Set(),
      };
      if (impactOf(a, b) === "active") gap.impact = "active";
      gap.locals.add(describeEndpoint(a));
      gap.remotes.add(b.gatewayIP);
      const ref = unusableReference(a.placed.securityGroups, direction, flow, remote);
      if (ref) {
        gap.reference = remote.transitNote
          ? `${ref.group.id} references ${ref.referenced}, but ${remote.transitNote}`
          : `${ref.group.id} references ${ref.referenced}, but a security group reference only matches private IPs in the same VPC or across an active same-Region peering`;
      }
      gaps.set(group.id, gap);
    }
  }
  return { gaps: [...gaps.values()], unread };
}
