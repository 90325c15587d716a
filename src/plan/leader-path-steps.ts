/**
 * The member's way to the leader's API server, from the analysis doctor's aws.leader-path reports:
 * routes through the existing peering (in the member's Node subnets' tables, and back in the
 * leader's control-plane subnets' tables) and the TCP 443 rule on the leader's cluster security
 * group, tagged and recorded like setup's other changes. A step acts with the credentials of a
 * member: the leader's side is changed when the leader is a member; otherwise, and for what no
 * step can do (a peering, publicAccessCidrs, a way to the internet), doctor's fix is left to the
 * user.
 */
import { endpointsOf } from "../analysis/aws/endpoints.js";
import {
  API_SERVER,
  type LeaderPath,
  type LeaderPathGap,
  leaderPathOf,
} from "../analysis/aws/leader-path.js";
import { leaderRuleDescription, ownedTags } from "../aws/tags.js";
import { leaderPathFix } from "../fixes/leader-path.js";
import type { ClusterSetModel, MemberModel } from "../model/types.js";
import type { PlanBuilder } from "./builder.js";
import { addMarkedRoute } from "./marked-route.js";
import type { TransitDirection, TransitPlanner } from "./transit-steps.js";

/** The route (table, destination) some step of the plan adds already. */
function planned(b: PlanBuilder, table: string, destination: string): boolean {
  return b.steps.some(
    (s) =>
      (s.action === "CreateRoute" || s.action === "ReplaceRoute") &&
      s.params.RouteTableId === table &&
      s.params.DestinationCidrBlock === destination,
  );
}

/**
 * The member's leader path once setup has mended what it may of the way through transit gateways
 * (the leader being a member, whose credentials act on its side): each mend changes the plan's
 * picture of the gateways, and the path is analysed again from there.
 */
function throughGateways(
  member: MemberModel,
  model: ClusterSetModel,
  transit: TransitPlanner | undefined,
): LeaderPath {
  const first = leaderPathOf(member, model);
  if (!transit || !first.ok || first.kind !== "checked") return first;
  let path: LeaderPath = first;
  const leader = model.members.find((m) => m.name === first.leader.member);
  const mine = endpointsOf(member);
  if (!leader?.aws.known || !mine.ok) return path;
  const d: TransitDirection = {
    check: "aws.leader-path",
    member,
    peer: leader,
    mine: first.member,
    theirs: leader.aws.value,
    mineEndpoints: mine.endpoints,
    wire: API_SERVER,
  };
  for (let n = 0; n < 8 && path.ok && path.kind === "checked"; n++) {
    const breaks = path.gaps.flatMap((g) => (g.need?.kind === "transit" ? [g.need.brk] : []));
    if (!breaks.some((k) => transit.tryMend(d, k))) break;
    path = leaderPathOf(member, transit.model);
  }
  return path;
}

/** Plans the member's leader path; false when it could not be analysed (doctor says why). */
export function planLeaderPath(
  b: PlanBuilder,
  model: ClusterSetModel,
  clusterSet: string,
  member: MemberModel,
  /** The transit gateways as the plan leaves them (routes through one wait for its attachment). */
  transit?: TransitPlanner,
): boolean {
  const path = throughGateways(member, model, transit);
  if (!path.ok) return false;
  if (path.kind === "self") return true;
  const leaderMember = path.leader.member;
  const leave = (gap: LeaderPathGap, why: string, blocking = true) =>
    b.cannot({
      member: member.name,
      check: "aws.leader-path",
      resource: gap.resource,
      message: `${gap.message}: ${why}`,
      ...leaderPathFix(gap, member, path.member, { name: path.leader.name, aws: path.leaderAws }),
      blocking,
      severity: "error",
    });
  // The peering of the member and a leader that is a member is the pair's: setup's own steps
  // make it, and the routes to the leader's VPC with it.
  const pairPeering = b.steps.some(
    (s) =>
      s.reason === "aws.peering" &&
      ((s.member === member.name && s.peer === leaderMember) ||
        (s.member === leaderMember && s.peer === member.name)),
  );
  if (path.unknowns.length)
    b.cannot({
      member: member.name,
      check: "aws.leader-path",
      message: `not known: ${path.unknowns.join("; ")}`,
      blocking: false,
    });
  for (const gap of path.gaps) {
    const need = gap.need;
    if (need?.kind === "route") {
      const actor = need.side === "member" ? member.name : leaderMember;
      const aws = need.side === "member" ? path.member : path.leaderAws;
      if (!actor) {
        leave(gap, "the leader is no member, and setup changes only the members' AWS accounts");
        continue;
      }
      if (planned(b, need.routeTableId, need.destination)) continue;
      // As for the Gateways' routes (aws.route): a route to another target is the user's, one to
      // a peering that is gone setup repoints.
      if (need.replace && !need.deadTarget) {
        // Said once: the Gateways' route in the same table is left to the user already.
        if (b.unfixable.some((u) => u.check === "aws.route" && u.resource === need.routeTableId))
          continue;
        leave(gap, "setup does not repoint a route to another target");
        continue;
      }
      const gateway = need.target.startsWith("tgw-");
      const vpc = aws.inventory.routeTables.find((t) => t.id === need.routeTableId)?.vpcId ?? "";
      const attached = gateway ? transit?.attachmentNeeds(need.target, vpc) : undefined;
      addMarkedRoute(b, clusterSet, {
        member: actor,
        ...(actor !== member.name ? { peer: member.name } : {}),
        region: aws.region,
        table: need.routeTableId,
        destination: need.destination,
        target: need.target,
        replace: need.replace,
        reason: "aws.leader-path",
        why: `${need.side === "member" ? `${member.name}'s Nodes` : "the leader's control plane"} need ${need.destination} through ${need.target} (${member.name} to the leader's API server)`,
        after: attached?.after ?? [],
        ...(gateway
          ? attached?.waitFor
            ? { waitFor: attached.waitFor }
            : {}
          : { waitFor: { peering: need.target, status: "active" } }),
      });
      continue;
    }
    if (need?.kind === "rule") {
      if (!leaderMember) {
        leave(gap, "the leader is no member, and setup changes only the members' AWS accounts");
        continue;
      }
      b.add({
        member: leaderMember,
        peer: member.name,
        action: "AuthorizeSecurityGroupIngress",
        region: path.leaderAws.region,
        params: {
          GroupId: need.groupId,
          IpPermissions: [
            {
              IpProtocol: "tcp",
              FromPort: 443,
              ToPort: 443,
              IpRanges: need.cidrs.map((CidrIp) => ({
                CidrIp,
                Description: leaderRuleDescription(clusterSet, member.name),
              })),
            },
          ],
          TagSpecifications: [{ ResourceType: "security-group-rule", Tags: ownedTags(clusterSet) }],
        },
        reason: "aws.leader-path",
        why: `the leader's API server does not admit TCP 443 from ${member.name}'s Nodes (${need.cidrs.join(", ")})`,
        resource: need.groupId,
        after: [],
      });
      continue;
    }
    if (need?.kind === "transit") {
      // What setup's mends above left: a network ACL, a change only an account no member is
      // read in may make, or a break with no fix.
      leave(
        gap,
        need.brk.fix?.kind === "nacl"
          ? "setup does not change network ACLs"
          : need.brk.fix
            ? leaderMember
              ? "no member is read in the account that may make this change"
              : "the leader is no member, and setup changes only the members' AWS accounts"
            : "no change closes it that setup could make",
      );
      continue;
    }
    if (gap.kind === "peering" && pairPeering) {
      // The routes through it (Node subnets' tables, the control plane's) are planned once it is
      // active: said, so that a doctor failing after this setup is no surprise.
      b.cannot({
        member: member.name,
        check: "aws.leader-path",
        resource: gap.resource,
        message: `${gap.message}: setup makes the pair's peering now; run it again once the peering is active for the routes to the leader's control plane through it`,
        blocking: false,
      });
      continue;
    }
    // A peering of the pair that is not active yet is aws.peering's to report (and setup's to
    // accept, when it can): the leader's path waits for it.
    if (gap.kind === "peering" && leaderMember && gap.peering) {
      leave(gap, "the pair's peering is not active yet (aws.peering)", false);
      continue;
    }
    leave(
      gap,
      need?.kind === "public-cidrs"
        ? "setup changes no EKS setting"
        : gap.kind === "peering"
          ? "setup peers only the members' VPCs, for their Gateways"
          : gap.kind === "security-group"
            ? "the CIDR blocks of the Nodes' subnets were not read, which the rule would name"
            : "setup does not change how Nodes reach the internet",
    );
  }
  return true;
}
