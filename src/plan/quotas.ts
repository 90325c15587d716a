/**
 * Room left under the quotas for what the plan adds: the applied value Service Quotas gave for
 * the account and Region of each resource, else the documented default (said so). Quotas can be
 * raised: a plan over them is held back with the quota code to raise, and --skip-unfixable goes
 * ahead when the user knows better.
 */
import { countedRoutes, quotaOf, ruleEntries } from "../analysis/aws/quotas.js";
import { liveAttachment } from "../analysis/aws/via.js";
import { QUOTAS, type QuotaKey } from "../aws/quotas.js";
import { awsFlags, runAs } from "../fixes/aws.js";
import { isTerminal } from "../model/aws/peerings.js";
import type { AwsInventory } from "../model/aws/types.js";
import type { ClusterSetModel } from "../model/types.js";
import type { PlanBuilder } from "./builder.js";

const count = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);

export function checkQuotas(b: PlanBuilder, model: ClusterSetModel): void {
  const routes = new Map<string, number>();
  const rules = new Map<string, number>();
  const peerings = new Map<string, number>();
  const attachments = new Map<string, number>();
  const where = new Map<string, string>();
  for (const s of b.steps) {
    const p = s.params;
    if (s.action === "CreateRoute") count(routes, String(p.RouteTableId));
    if (s.action === "AuthorizeSecurityGroupIngress") count(rules, `${p.GroupId} inbound`);
    if (s.action === "AuthorizeSecurityGroupEgress") count(rules, `${p.GroupId} outbound`);
    if (s.action === "CreateTransitGatewayVpcAttachment")
      count(attachments, String(p.TransitGatewayId));
    if (s.action === "CreateVpcPeeringConnection") {
      count(peerings, String(p.VpcId));
      count(peerings, String(p.PeerVpcId));
    }
    for (const k of [String(p.RouteTableId), String(p.GroupId), String(p.VpcId)])
      where.set(k, s.member);
  }
  const inventories = model.members.flatMap((m) => (m.aws.known ? [m.aws.value.inventory] : []));
  const over = (
    what: string,
    have: number,
    adding: number,
    key: QuotaKey,
    inv: AwsInventory | undefined,
  ) => {
    const spec = QUOTAS[key];
    const quota = inv ? quotaOf(inv, key) : { value: spec.default, applied: false };
    if (have + adding <= quota.value) return;
    // In the account and Region of the resource's member, as its other commands.
    const member =
      model.members.find((m) => m.aws.known && m.aws.value.inventory === inv) ??
      model.members.find((m) => m.name === where.get(what.split(" ")[0] ?? ""));
    const aws = member?.aws.known ? member.aws.value : undefined;
    b.cannot({
      member: member?.name ?? model.members[0]?.name ?? "",
      check: "aws.quota",
      resource: what,
      message: `${what} has ${have} of ${quota.applied ? "the applied quota" : "the default"} ${quota.value} and setup adds ${adding}: raise Service Quotas ${spec.code} (then re-run with --skip-unfixable)`,
      remediation: `${aws && member ? runAs(member.name, aws) : ""}aws service-quotas request-service-quota-increase --service-code ${spec.service} --quota-code ${spec.code} --desired-value ${have + adding}${aws ? ` ${awsFlags(aws)}` : ""}`,
      blocking: true,
    });
  };
  for (const [id, adding] of routes) {
    const inv = inventories.find((i) => i.routeTables.some((t) => t.id === id));
    const table = inv?.routeTables.find((t) => t.id === id);
    over(id, table ? countedRoutes(table) : 0, adding, "routesPerTable", inv);
  }
  for (const [key, adding] of rules) {
    const [id, direction] = key.split(" ");
    const inv = inventories.find((i) => i.securityGroups.has(id ?? ""));
    const group = inv?.securityGroups.get(id ?? "");
    const perms = direction === "inbound" ? group?.ingress : group?.egress;
    over(`${id} ${direction}`, ruleEntries(perms ?? []), adding, "rulesPerGroup", inv);
  }
  // A gateway's attachments count against its owner's quota.
  for (const [tgw, adding] of attachments) {
    const gateway = model.aws.transit.gateways.get(tgw);
    const inv = inventories.find(
      (i) => i.region === gateway?.region && (!gateway?.ownerId || i.account === gateway.ownerId),
    );
    const live = (model.aws.transit.byGateway.get(tgw) ?? []).filter(liveAttachment).length;
    over(tgw, live, adding, "attachmentsPerGateway", inv);
  }
  for (const [vpc, adding] of peerings) {
    const active = model.aws.peerings.filter(
      (p) => !isTerminal(p) && (p.requester.vpcId === vpc || p.accepter.vpcId === vpc),
    ).length;
    const inv = inventories.find((i) => i.vpcs.has(vpc));
    over(vpc, active, adding, "peeringsPerVpc", inv);
  }
}
