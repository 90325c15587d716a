/**
 * setup's plan, a pure function of the model: for every pair of members, the peering, routes and
 * security group rules that the AWS analyses doctor reports from say are missing — each closed by
 * a step, or listed as something setup does not change, with doctor's fix. The doctor's other
 * findings are passed in (`reported`) and listed the same way.
 */
import { type Missing, pairEndpoints, type Side } from "../analysis/aws/endpoints.js";
import { type PeeringState, peeringState } from "../analysis/aws/peerings.js";
import { gatewaysJoined } from "../analysis/aws/via.js";
import { type VpcOverlap, vpcBlocksInUse, vpcOverlap } from "../analysis/aws/vpc-overlap.js";
import { agreedWire } from "../analysis/aws/wire.js";
import type { CheckId } from "../check-ids.js";
import { createPeering, moveToNewVpc } from "../fixes/aws.js";
import type { ClusterSetModel, MemberModel } from "../model/types.js";
import { PlanBuilder } from "./builder.js";
import { planLeaderPath } from "./leader-path-steps.js";
import { planNodeRules } from "./node-rule-steps.js";
import { type PeeringUse, planPeering } from "./peering-steps.js";
import { checkQuotas } from "./quotas.js";
import { planRoutes, planTransitRoutes } from "./route-steps.js";
import { planRules } from "./rule-steps.js";
import { meshOverQuota, transitProposal } from "./transit-proposal.js";
import { joinVia, notJoined, planTransitDirection, TransitPlanner } from "./transit-steps.js";
import type { Plan, Unfixable } from "./types.js";

export interface SetupOptions {
  /** Names the tags and rule descriptions (the ClusterSet's name). */
  readonly clusterSet: string;
  /** --security-group: the group to open per member name, instead of the one doctor picks. */
  readonly securityGroups?: ReadonlyMap<string, string>;
  /**
   * --via: the transit gateway (read, in its Region) each member's VPC joins, for the pairs no
   * live peering or gateway joins yet: attached instead of peered.
   */
  readonly via?: ReadonlyMap<string, string>;
}

export function planSetup(
  model: ClusterSetModel,
  opts: SetupOptions,
  /** What doctor found that setup does not change, listed after setup's own items. */
  reported: readonly Unfixable[] = [],
): Plan {
  const b = new PlanBuilder();
  const { clusterSet } = opts;
  // "check member peer" that setup analysed itself: doctor's `unknown` for them is superseded
  // (say, no peering to route to yet, when setup creates the peering).
  const covered = new Set<string>();
  const cover = (check: CheckId, member: MemberModel, peer: MemberModel) =>
    covered.add(`${check} ${member.name} ${peer.name}`);
  const members = model.members;
  // The transit gateways as the plan leaves them: later analyses see the earlier changes.
  const transit = new TransitPlanner(b, model, clusterSet);
  const pairs = members.flatMap((a, i) =>
    members.slice(i + 1).flatMap((z) => {
      const pair = pairEndpoints(a, z);
      return pair.ok ? [{ a, z, pair }] : []; // else doctor's findings say why (unknown)
    }),
  );
  // 1. --via: the VPCs no peering or gateway joins yet are attached to their gateways.
  const unjoined = new Set<string>();
  if (opts.via) {
    const via = opts.via;
    for (const { a, z, pair } of pairs) {
      let state = peeringState(a, z, pair, transit.aws);
      if ("ok" in state || state.kind !== "none") continue;
      const [ta, tz] = [via.get(a.name), via.get(z.name)];
      if (!ta && !tz) continue; // neither is named: a peering, as without --via
      // Attached only where the gateways join the pair: an attachment nothing uses costs.
      if (ta && tz && gatewaysJoined(transit.aws.transit, ta, tz)) {
        joinVia(transit, a, pair.mine, via);
        joinVia(transit, z, pair.theirs, via);
        state = peeringState(a, z, pair, transit.aws);
      }
      if (!("ok" in state) && state.kind === "none") {
        b.cannot(notJoined(state, via, transit));
        unjoined.add(`${a.name} ${z.name}`);
      }
    }
  }
  // 2. The paths through transit gateways, before the routes to a gateway (which wait for its
  // attachment). Each member's finding holds what it sends and what arrives at it: both ways.
  const sidesOf = (a: MemberModel, z: MemberModel, pair: { mine: Side; theirs: Side }) =>
    [
      [a, pair.mine, z, pair.theirs],
      [z, pair.theirs, a, pair.mine],
    ] as [MemberModel, Side, MemberModel, Side][];
  const walked = new Map<string, number>();
  transit.sweep(() => {
    for (const { a, z, pair } of pairs) {
      const agreed = agreedWire(a, z);
      if (!agreed.ok || unjoined.has(`${a.name} ${z.name}`)) continue;
      let known = 0;
      for (const [member, mine, peer, theirs] of sidesOf(a, z, pair)) {
        const d = {
          member,
          peer,
          mine: mine.aws,
          theirs: theirs.aws,
          mineEndpoints: mine.endpoints,
          wire: agreed.wire,
        };
        if (planTransitDirection(transit, d, { ok: true, mine, theirs })) known++;
      }
      walked.set(`${a.name} ${z.name}`, known);
    }
  });
  // 3a. A peering per pair that would take a VPC over its quota: none is planned, and transit
  // gateways are proposed instead (with what setup --via would then do).
  const newPeerings = new Map<string, number>();
  if (!opts.via)
    for (const { a, z, pair } of pairs) {
      const state = peeringState(a, z, pair, transit.aws);
      if ("ok" in state || state.kind !== "none") continue;
      const overlap = vpcOverlap(a, z, model.aws);
      if ("ok" in overlap || overlap.kind !== "disjoint") continue;
      for (const vpc of [state.a.vpcId, state.z.vpcId])
        newPeerings.set(vpc, (newPeerings.get(vpc) ?? 0) + 1);
    }
  const over = meshOverQuota(model, newPeerings);
  if (over.size)
    b.cannot(
      transitProposal(model, over, (imagined, via) => planSetup(imagined, { clusterSet, via })),
    );
  // 3. Per pair: the peering it needs, the routes, the security group rules.
  for (const { a, z, pair } of pairs) {
    if (unjoined.has(`${a.name} ${z.name}`)) continue;
    if (walked.get(`${a.name} ${z.name}`) === 2) {
      cover("aws.transit-gateway", a, z);
      cover("aws.transit-gateway", z, a);
    }
    let peering: PeeringUse | undefined;
    const state = peeringState(a, z, pair, transit.aws);
    if (over.size && !("ok" in state) && state.kind === "none") continue; // proposed above
    if (!("ok" in state) && state.kind !== "not-needed") {
      // A new peering needs VPCs known not to overlap (aws.vpc-overlap); one that exists is used.
      const overlap = vpcOverlap(a, z, model.aws);
      if (state.kind !== "none" || (!("ok" in overlap) && overlap.kind === "disjoint")) {
        peering = planPeering(b, clusterSet, state);
      } else {
        b.cannot(unpeerable(state, overlap, model));
      }
    }
    for (const [member, mine, peer, theirs] of sidesOf(a, z, pair)) {
      const direction = { ok: true, mine, theirs } as const;
      if (peering && planRoutes(b, model, clusterSet, { member, peer, pair: direction, peering }))
        cover("aws.route", member, peer);
      else if (
        !peering &&
        planTransitRoutes(b, transit, clusterSet, { member, peer, pair: direction })
      )
        cover("aws.route", member, peer);
      const agreed = agreedWire(member, peer);
      if (!agreed.ok) continue;
      const group = opts.securityGroups?.get(member.name);
      planRules(b, transit.model, clusterSet, {
        member,
        peer,
        pair: direction,
        wire: agreed.wire,
        ...(group ? { group } : {}),
      });
      cover("aws.sg-ingress", member, peer);
      cover("aws.sg-egress", member, peer);
    }
  }
  // Inside each member: its Nodes and its Gateways (aws.node-to-gateway).
  for (const m of members) {
    if (planNodeRules(b, clusterSet, m)) covered.add(`aws.node-to-gateway ${m.name} `);
  }
  // Each member's Nodes to the leader's API server (aws.leader-path).
  for (const m of members) {
    if (planLeaderPath(b, transit.model, clusterSet, m, transit))
      covered.add(`aws.leader-path ${m.name} `);
  }
  // Room under the quotas once the plan is applied: for the same resource, this supersedes
  // doctor's aws.quota.
  checkQuotas(b, model);
  const heldBack = (u: Unfixable) =>
    u.check === "aws.quota" &&
    (over.has(u.resource ?? "") ||
      b.unfixable.some((x) => x.check === "aws.quota" && x.resource === u.resource));
  for (const u of reported) {
    if (!covered.has(`${u.check} ${u.member} ${u.peer ?? ""}`) && !heldBack(u)) b.cannot(u);
  }
  return { clusterSet, steps: b.steps, unfixable: b.unfixable };
}

/** Why setup creates no peering between VPCs that overlap, or may: with the fix that would do. */
function unpeerable(
  state: Extract<PeeringState, { kind: "none" }>,
  overlap: VpcOverlap | Missing,
  model: ClusterSetModel,
): Unfixable {
  const { a, z } = state;
  const at = {
    member: a.member.name,
    peer: z.member.name,
    check: "aws.peering",
    resource: `${a.vpcId}, ${z.vpcId}`,
    blocking: state.impact === "active",
  } as const;
  if ("ok" in overlap) {
    return {
      ...at,
      message: `not known whether ${a.vpcId} and ${z.vpcId} overlap (${overlap.reason}): setup creates no peering it cannot check`,
      remediation: createPeering(a, z),
    };
  }
  return {
    ...at,
    message: `${a.vpcId} and ${z.vpcId} overlap (${overlap.kind === "overlap" ? overlap.clashes.join("; ") : "?"}): they cannot be peered (aws.vpc-overlap)`,
    remediation: moveToNewVpc(a.member.name, a.aws, vpcBlocksInUse(model)),
    // A new VPC means new Nodes: planned by a person, as doctor's aws.vpc-overlap says.
    manual: true,
  };
}

/** The ClusterSet's name, as the members' ClusterSet resources have it. */
export function clusterSetName(members: readonly MemberModel[]): string | undefined {
  const names = new Set(
    members.flatMap((m) => (m.clusterSets.known ? m.clusterSets.value.map((c) => c.name) : [])),
  );
  return names.size === 1 ? [...names][0] : undefined;
}
