/**
 * Room left under the default VPC quotas for what the plan adds (VPC User Guide, "Amazon VPC
 * quotas"). Quotas can be raised: a plan over them is held back with the quota code to raise, and
 * --skip-unfixable goes ahead when the account's quota is known to be higher.
 */
import { isTerminal } from "../model/aws/peerings.js";
import type { ClusterSetModel } from "../model/types.js";
import type { PlanBuilder } from "./builder.js";

const ROUTES_PER_TABLE = { limit: 50, code: "L-93826ACB" };
const RULES_PER_GROUP = { limit: 60, code: "L-0EA8095F" };
const PEERINGS_PER_VPC = { limit: 50, code: "L-7E9ECCDB" };

const count = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);

export function checkQuotas(b: PlanBuilder, model: ClusterSetModel): void {
  const routes = new Map<string, number>();
  const rules = new Map<string, number>();
  const peerings = new Map<string, number>();
  const where = new Map<string, string>();
  for (const s of b.steps) {
    const p = s.params;
    if (s.action === "CreateRoute") count(routes, String(p.RouteTableId));
    if (s.action === "AuthorizeSecurityGroupIngress") count(rules, `${p.GroupId} inbound`);
    if (s.action === "AuthorizeSecurityGroupEgress") count(rules, `${p.GroupId} outbound`);
    if (s.action === "CreateVpcPeeringConnection") {
      count(peerings, String(p.VpcId));
      count(peerings, String(p.PeerVpcId));
    }
    for (const k of [String(p.RouteTableId), String(p.GroupId), String(p.VpcId)])
      where.set(k, s.member);
  }
  const inventories = model.members.flatMap((m) => (m.aws.known ? [m.aws.value.inventory] : []));
  const over = (what: string, have: number, adding: number, q: { limit: number; code: string }) => {
    if (have + adding <= q.limit) return;
    b.cannot({
      member: where.get(what.split(" ")[0] ?? "") ?? model.members[0]?.name ?? "",
      check: "quota",
      resource: what,
      message: `${what} has ${have} of the default ${q.limit} and setup adds ${adding}: raise Service Quotas ${q.code} (then re-run with --skip-unfixable)`,
      remediation: `aws service-quotas request-service-quota-increase --service-code vpc --quota-code ${q.code} --desired-value ${have + adding}`,
      blocking: true,
    });
  };
  for (const [id, adding] of routes) {
    const table = inventories.flatMap((i) => i.routeTables).find((t) => t.id === id);
    over(id, table?.routes.filter((r) => !r.propagated).length ?? 0, adding, ROUTES_PER_TABLE);
  }
  for (const [key, adding] of rules) {
    const [id, direction] = key.split(" ");
    const group = inventories.map((i) => i.securityGroups.get(id ?? "")).find(Boolean);
    const perms = direction === "inbound" ? group?.ingress : group?.egress;
    const have = (perms ?? []).reduce(
      (n, p) => n + p.cidrs.length + p.groups.length + p.prefixListIds.length,
      0,
    );
    over(`${id} ${direction}`, have, adding, RULES_PER_GROUP);
  }
  for (const [vpc, adding] of peerings) {
    const active = model.aws.peerings.filter(
      (p) => !isTerminal(p) && (p.requester.vpcId === vpc || p.accepter.vpcId === vpc),
    ).length;
    over(vpc, active, adding, PEERINGS_PER_VPC);
  }
}
