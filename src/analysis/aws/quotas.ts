/**
 * What a member's side of the ClusterSet uses of the AWS quotas, now and once every path it needs
 * exists: active peerings of each Gateway VPC, routes of each Gateway route table, rules of the
 * security group the tunnel rules go to, attachments of each transit gateway it uses. doctor
 * compares it with the applied quota (aws.quota); setup's plan holds back what would go over.
 */
import { QUOTAS, type QuotaKey } from "../../aws/quotas.js";
import { isTerminal } from "../../model/aws/peerings.js";
import type { Quota } from "../../model/aws/quotas.js";
import { groupToOpen } from "../../model/aws/security-group.js";
import type { AwsInventory, Permission, RouteTable } from "../../model/aws/types.js";
import type { ClusterSetModel, MemberAws, MemberModel } from "../../model/types.js";
import { endpointsOf, type Missing, pairEndpoints, type Side } from "./endpoints.js";
import { doctorRouteGaps, peeringState } from "./peerings.js";
import { routesForNewPeering } from "./routes.js";
import { securityGroupGaps } from "./security-groups.js";
import { liveAttachment, vpcAttachments } from "./via.js";
import { agreedWire } from "./wire.js";

export interface QuotaUse {
  readonly key: QuotaKey;
  /** The VPC, route table, "sg-… inbound" or transit gateway it counts. */
  readonly resource: string;
  /** In use now. */
  readonly used: number;
  /** More the ClusterSet still needs (peerings, routes, rules doctor asks for). */
  readonly needed: number;
  readonly quota: Quota;
  /** Whose account and Region the quota is: where to raise it. */
  readonly aws: MemberAws;
}

/** The entries a rule list counts against "rules per security group": one per source. */
export const ruleEntries = (perms: readonly Permission[]) =>
  perms.reduce((n, p) => n + p.cidrs.length + p.groups.length + p.prefixListIds.length, 0);

/** Routes that count against "routes per route table" (propagated ones do not). */
export const countedRoutes = (t: RouteTable) => t.routes.filter((r) => !r.propagated).length;

const add = (m: Map<string, number>, key: string, n = 1) => m.set(key, (m.get(key) ?? 0) + n);

export function quotaUses(member: MemberModel, model: ClusterSetModel): QuotaUse[] | Missing {
  if (!member.aws.known)
    return { ok: false, reason: `AWS side of ${member.name} not known: ${member.aws.reason}` };
  const aws = member.aws.value;
  const inv = aws.inventory;
  const peers = model.members.filter((p) => p !== member);
  const sides: { peer: MemberModel; pair: { ok: true; mine: Side; theirs: Side } }[] = [];
  let mine: Side | undefined;
  for (const peer of peers) {
    const pair = pairEndpoints(member, peer);
    if (!pair.ok) continue;
    mine = pair.mine;
    sides.push({ peer, pair });
  }
  if (!mine) {
    const alone = endpointsOf(member);
    if (!alone.ok) return alone;
    mine = alone;
  }
  const uses: QuotaUse[] = [];
  const use = (
    key: QuotaKey,
    resource: string,
    used: number,
    needed: number,
    where: { aws: MemberAws; quota: Quota } = { aws, quota: quotaOf(inv, key) },
  ) => uses.push({ key, resource, used, needed, ...where });

  // Peerings: every live one of each Gateway VPC, and those the ClusterSet still needs.
  const newPeerings = new Map<string, number>();
  const newRoutes = new Map<string, Set<string>>();
  const newRules = new Map<string, number>();
  for (const { peer, pair } of sides) {
    const state = peeringState(member, peer, pair, model.aws);
    if (!("ok" in state) && state.kind === "none") {
      add(newPeerings, state.a.vpcId);
      const routes = routesForNewPeering(peer, pair, model.aws.peerings);
      if (!("ok" in routes))
        for (const r of routes) {
          const set = newRoutes.get(r.table) ?? new Set<string>();
          if (!r.replace) set.add(r.destination);
          newRoutes.set(r.table, set);
        }
    } else {
      const gaps = doctorRouteGaps(peer, pair, model.aws);
      if (gaps.ok)
        for (const g of gaps.gaps) {
          if (g.fix.kind !== "create" || g.unroutable) continue;
          const set = newRoutes.get(g.table.id) ?? new Set<string>();
          set.add(g.fix.destination);
          newRoutes.set(g.table.id, set);
        }
    }
    const wire = agreedWire(member, peer);
    if (wire.ok)
      for (const direction of ["ingress", "egress"] as const)
        for (const gap of securityGroupGaps(pair.mine, pair.theirs, direction, wire.wire, model)
          .gaps)
          add(
            newRules,
            `${gap.group.id} ${direction === "ingress" ? "inbound" : "outbound"}`,
            gap.remotes.size,
          );
  }
  const vpcs = [...new Set(mine.endpoints.map((e) => e.placed.eni.vpcId))];
  for (const vpc of vpcs) {
    const live = model.aws.peerings.filter(
      (p) => !isTerminal(p) && (p.requester.vpcId === vpc || p.accepter.vpcId === vpc),
    ).length;
    use("peeringsPerVpc", vpc, live, newPeerings.get(vpc) ?? 0);
  }
  // Routes of each Gateway route table.
  const tables = new Map(
    mine.endpoints.flatMap((e) =>
      e.placed.routeTable ? [[e.placed.routeTable.id, e.placed.routeTable]] : [],
    ),
  );
  for (const [id, t] of tables)
    use("routesPerTable", id, countedRoutes(t), newRoutes.get(id)?.size ?? 0);
  // Rules of the group the tunnel rules go to, each way.
  const groups = new Map(
    mine.endpoints.flatMap((e) => {
      const g = groupToOpen(e.placed.securityGroups);
      return g ? [[g.id, g]] : [];
    }),
  );
  for (const [id, g] of groups) {
    use(
      "rulesPerGroup",
      `${id} inbound`,
      ruleEntries(g.ingress),
      newRules.get(`${id} inbound`) ?? 0,
    );
    const out = newRules.get(`${id} outbound`) ?? 0;
    if (out) use("rulesPerGroup", `${id} outbound`, ruleEntries(g.egress), out);
  }
  // Attachments of each transit gateway a Gateway VPC uses, against its owner's quota.
  const { transit } = model.aws;
  for (const tgw of new Set(vpcs.flatMap((v) => vpcAttachments(transit, v).map((a) => a.tgwId)))) {
    const owner = transit.gateways.get(tgw);
    const ownerAws = model.members
      .flatMap((m) => (m.aws.known ? [m.aws.value] : []))
      .find((a) => a.account && a.account === owner?.ownerId && a.region === owner?.region);
    const count = (transit.byGateway.get(tgw) ?? []).filter(liveAttachment).length;
    const spec = QUOTAS.attachmentsPerGateway;
    use(
      "attachmentsPerGateway",
      tgw,
      count,
      0,
      ownerAws
        ? { aws: ownerAws, quota: quotaOf(ownerAws.inventory, "attachmentsPerGateway") }
        : {
            // Someone else's gateway: its owner's quota, which no member's account reads.
            aws: { ...aws, ...(owner?.ownerId ? { account: owner.ownerId } : {}) },
            quota: {
              value: spec.default,
              applied: false,
              note: `the owner's account ${owner?.ownerId ?? "?"} was not read`,
            },
          },
    );
  }
  return uses;
}

/** The quota of an account and Region: applied, else the documented default. */
export function quotaOf(inv: AwsInventory, key: QuotaKey): Quota {
  return (
    inv.quotas.get(key) ?? {
      value: QUOTAS[key].default,
      applied: false,
      note: "Service Quotas was not read",
    }
  );
}
