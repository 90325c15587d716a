/**
 * Routes from one member's Gateway subnets to the peer: the peer's Pod CIDRs (with the Amazon VPC
 * CNI, its VPC CIDR) and whatever holds its Gateway IPs, via the peering, in the effective route
 * table of every Gateway and candidate subnet. Setup only adds routes, or repoints a route whose
 * peering is gone; a route to another target, or a longer prefix that carves the block, is left
 * to the user.
 */

import { routeTagKey } from "../aws/tags.js";
import { destinationFor, type Endpoint } from "../checks/aws/path.js";
import { isTerminal } from "../model/aws/peerings.js";
import { describeTarget, routeForCidr } from "../model/aws/route.js";
import type { RouteTable } from "../model/aws/types.js";
import { parseCidr } from "../model/cidr.js";
import type { ClusterSetModel, MemberAws, MemberModel } from "../model/types.js";
import type { PlanBuilder } from "./builder.js";
import type { PeeringUse } from "./peering-steps.js";
import { isRef } from "./types.js";

export interface RouteDirection {
  readonly member: MemberModel;
  readonly aws: MemberAws;
  readonly mine: readonly Endpoint[];
  readonly peer: MemberModel;
  readonly theirs: readonly Endpoint[];
  /** The peering between the two VPCs, as setup will have it. */
  readonly peering: PeeringUse;
}

const pcxText = (p: PeeringUse) =>
  isRef(p.peering) ? `the peering of ${p.peering.ref}` : p.peering;

export function planRoutes(
  b: PlanBuilder,
  model: ClusterSetModel,
  clusterSet: string,
  d: RouteDirection,
): void {
  const prefixLists = d.aws.inventory.prefixLists;
  const live = (id: string) => model.aws.peerings.some((p) => p.id === id && !isTerminal(p));
  // Table → destinations, and whether an active Gateway uses it (its gaps block; a candidate's warn).
  const tables = new Map<string, { table: RouteTable; cidrs: Set<string>; active: boolean }>();
  const pods = d.peer.podCIDRs.known ? d.peer.podCIDRs.value.value : [];
  for (const a of d.mine) {
    const table = a.placed.routeTable;
    for (const z of d.theirs) {
      if (a.isPublic || z.isPublic || a.placed.eni.vpcId === z.placed.eni.vpcId) continue;
      if (!table) {
        b.cannot({
          member: d.member.name,
          peer: d.peer.name,
          check: "aws.route",
          resource: a.placed.eni.subnetId,
          message: `no route table found for ${a.placed.eni.subnetId}`,
          blocking: false,
        });
        continue;
      }
      const entry = tables.get(table.id) ?? { table, cidrs: new Set<string>(), active: false };
      for (const c of [...pods, destinationFor(d.peer, z)]) {
        const cidr = parseCidr(c);
        if (cidr?.family === "ipv4") entry.cidrs.add(cidr.canonical);
      }
      entry.active ||= a.node.active && z.node.active;
      tables.set(table.id, entry);
    }
  }
  for (const { table, cidrs, active } of tables.values()) {
    for (const text of cidrs) {
      const cidr = parseCidr(text);
      if (!cidr) continue;
      const exact = table.routes.find((r) => r.cidr && parseCidr(r.cidr)?.canonical === text);
      const target = exact?.target;
      const cover = routeForCidr(table, cidr, prefixLists);
      for (const s of cover.shadowing) {
        b.cannot({
          member: d.member.name,
          peer: d.peer.name,
          check: "aws.route",
          resource: table.id,
          message: `${s.destination.text} → ${describeTarget(s.route)} in ${table.id} is more specific than ${text} and takes part of ${d.peer.name}'s traffic; setup does not remove routes`,
          remediation: `aws ec2 delete-route --route-table-id ${table.id} --destination-cidr-block ${s.route.cidr ?? s.destination.text} --region ${d.aws.region}`,
          blocking: active,
        });
      }
      // Already routed to the peering, by this route or a broader one.
      const via = exact ? target?.id : cover.whole ? cover.match?.route.target.id : undefined;
      if (via && !isRef(d.peering.peering) && via === d.peering.peering) continue;
      const deadPeering = target?.kind === "peering" && !live(target.id);
      if (exact && !deadPeering) {
        b.cannot({
          member: d.member.name,
          peer: d.peer.name,
          check: "aws.route",
          resource: table.id,
          message: `${text} in ${table.id} goes to ${exact.target.id} (${exact.target.kind}), not to ${pcxText(d.peering)}; setup does not repoint a route to another target`,
          ...(isRef(d.peering.peering)
            ? {}
            : {
                remediation: `aws ec2 replace-route --route-table-id ${table.id} --destination-cidr-block ${text} --vpc-peering-connection-id ${d.peering.peering} --region ${d.aws.region}`,
              }),
          blocking: active,
        });
        continue;
      }
      const route = b.add({
        member: d.member.name,
        peer: d.peer.name,
        action: exact ? "ReplaceRoute" : "CreateRoute",
        region: d.aws.region,
        params: {
          RouteTableId: table.id,
          DestinationCidrBlock: text,
          VpcPeeringConnectionId: d.peering.peering,
        },
        reason: "aws.route",
        why: exact
          ? `${text} still points at ${exact.target.id}, a peering that is gone`
          : `${table.id} (${table.main ? "main table" : "Gateway subnets"}) has no route for ${d.peer.name}'s ${text}`,
        resource: table.id,
        after: d.peering.ready ? [d.peering.ready.ref] : [],
        waitFor: { peering: d.peering.peering, status: "active" },
      });
      b.add({
        member: d.member.name,
        peer: d.peer.name,
        action: "CreateTags",
        region: d.aws.region,
        params: {
          Resources: [table.id],
          Tags: [{ Key: routeTagKey(clusterSet, text), Value: d.peering.peering }],
        },
        reason: "aws.route",
        why: "routes carry no tags: the table records this one for teardown",
        resource: table.id,
        after: [route.ref],
      });
    }
  }
}
