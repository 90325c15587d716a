/**
 * When the peering mesh would go over the applied peerings-per-VPC quota (aws.quota), setup plans
 * no new peering (a mesh that fails halfway helps nobody) and proposes transit gateways instead:
 * one per Region, peered between Regions, made by hand as any gateway is. What `setup --via`
 * would then do is shown by planning it against those gateways imagined into the model (the same
 * planner, so the proposal cannot disagree with the run that follows).
 */
import { quotaOf } from "../analysis/aws/quotas.js";
import { QUOTAS } from "../aws/quotas.js";
import { awsFlags, runAs } from "../fixes/aws.js";
import { isTerminal } from "../model/aws/peerings.js";
import { type Located, transitView } from "../model/aws/transit.js";
import type { TgwAttachment, TgwRouteTable, TransitGateway } from "../model/aws/types.js";
import type { ClusterSetModel, MemberAws } from "../model/types.js";
import type { Plan, Unfixable } from "./types.js";

/** The VPCs that the new peerings would take over their quota: VPC → [needed, quota]. */
export function meshOverQuota(
  model: ClusterSetModel,
  newPeerings: ReadonlyMap<string, number>,
): Map<string, { readonly total: number; readonly quota: number; readonly aws: MemberAws }> {
  const over = new Map<string, { total: number; quota: number; aws: MemberAws }>();
  for (const [vpc, adding] of newPeerings) {
    const m = model.members.find((x) => x.aws.known && x.aws.value.inventory.vpcs.has(vpc));
    if (!m?.aws.known) continue;
    const active = model.aws.peerings.filter(
      (p) => !isTerminal(p) && (p.requester.vpcId === vpc || p.accepter.vpcId === vpc),
    ).length;
    const quota = quotaOf(m.aws.value.inventory, "peeringsPerVpc").value;
    if (active + adding > quota) over.set(vpc, { total: active + adding, quota, aws: m.aws.value });
  }
  return over;
}

const imaginedGateway = (region: string) => `tgw-new-${region}`;
const imaginedTable = (region: string) => `tgw-rtb-new-${region}`;

/** The model with a new gateway per member Region, the gateways peered and associated. */
function withImaginedGateways(model: ClusterSetModel): {
  model: ClusterSetModel;
  via: Map<string, string>;
  regions: Map<string, MemberAws & { readonly member: string }>;
} {
  const regions = new Map<string, MemberAws & { readonly member: string }>();
  for (const m of model.members)
    if (m.aws.known && !regions.has(m.aws.value.region))
      regions.set(m.aws.value.region, { ...m.aws.value, member: m.name });
  const gateways = new Map(model.aws.transit.gateways);
  const tables = new Map(model.aws.transit.routeTables);
  const attachments: TgwAttachment[] = [...model.aws.transit.attachments];
  for (const [region, aws] of regions) {
    const gateway: Located<TransitGateway> = {
      id: imaginedGateway(region),
      ...(aws.account ? { ownerId: aws.account } : {}),
      state: "available",
      sgReferencing: false,
      defaultAssociationTable: imaginedTable(region),
      defaultPropagationTable: imaginedTable(region),
      region,
    };
    gateways.set(gateway.id, gateway);
    const table: Located<TgwRouteTable> = {
      id: imaginedTable(region),
      tgwId: gateway.id,
      state: "available",
      routes: [],
      propagations: [],
      tags: {},
      region,
    };
    tables.set(table.id, table);
  }
  const list = [...regions];
  for (const [i, [r1, a1]] of list.entries())
    for (const [r2, a2] of list.slice(i + 1)) {
      const id = `tgw-attach-new-${r1}-${r2}`;
      const side = (here: string, there: string, owner: MemberAws, accepter: boolean) => ({
        id,
        tgwId: imaginedGateway(here),
        resourceType: "peering",
        resourceId: imaginedGateway(there),
        state: "available",
        routeTableId: imaginedTable(here),
        associationKnown: true,
        ownerView: true,
        subnetIds: [],
        peer: {
          tgwId: imaginedGateway(there),
          region: there,
          ...(owner.account ? { ownerId: owner.account } : {}),
          accepter,
        },
      });
      attachments.push(side(r1, r2, a2, true), side(r2, r1, a1, false));
    }
  const via = new Map(
    model.members.flatMap((m) =>
      m.aws.known ? [[m.name, imaginedGateway(m.aws.value.region)] as const] : [],
    ),
  );
  return {
    model: { ...model, aws: { ...model.aws, transit: transitView(gateways, attachments, tables) } },
    via,
    regions,
  };
}

/**
 * The item that stops setup instead of a mesh over the quota: which VPCs, the commands that make
 * the gateways, and what `setup --via` would change then (planned by `planVia`).
 */
export function transitProposal(
  model: ClusterSetModel,
  over: ReadonlyMap<
    string,
    { readonly total: number; readonly quota: number; readonly aws: MemberAws }
  >,
  planVia: (model: ClusterSetModel, via: ReadonlyMap<string, string>) => Plan,
): Unfixable {
  const imagined = withImaginedGateways(model);
  const plan = planVia(imagined.model, imagined.via);
  const counts = new Map<string, number>();
  for (const s of plan.steps)
    if (s.action !== "CreateTags") counts.set(s.action, (counts.get(s.action) ?? 0) + 1);
  const layout = [...counts].map(([action, n]) => `${n} ${action}`).join(", ");
  const [first] = [...over];
  const vpcs = [...over.keys()];
  const regions = [...imagined.regions];
  const v = (region: string) => `tgw_${region.replace(/-/g, "_")}`;
  /** Polls `describe` (its flag and answer key) until the resource is in state `want`. */
  const until = (
    describe: string,
    flag: string,
    key: string,
    id: string,
    want: string,
    flags: string,
  ) =>
    `until [ "$(aws ec2 ${describe} ${flag} "$${id}" --query '${key}[0].State' --output text ${flags})" = ${want} ]; do sleep 15; done`;
  const make = regions.flatMap(([region, aws]) => [
    runAs(aws.member, aws).trimEnd(),
    `${v(region)}=$(aws ec2 create-transit-gateway --description "antrea-mc ${plan.clusterSet}" --options DefaultRouteTableAssociation=enable,DefaultRouteTablePropagation=enable --query TransitGateway.TransitGatewayId --output text ${awsFlags(aws, region)})`,
    until(
      "describe-transit-gateways",
      "--transit-gateway-ids",
      "TransitGateways",
      v(region),
      "available",
      awsFlags(aws, region),
    ),
  ]);
  const peerings = regions.flatMap(([r1, a1], i) =>
    regions
      .slice(i + 1)
      .flatMap(([r2, a2]) => [
        runAs(a1.member, a1).trimEnd(),
        `tgw_peering=$(aws ec2 create-transit-gateway-peering-attachment --transit-gateway-id "$${v(r1)}" --peer-transit-gateway-id "$${v(r2)}"${a2.account ? ` --peer-account-id ${a2.account}` : ""} --peer-region ${r2} --query TransitGatewayPeeringAttachment.TransitGatewayAttachmentId --output text ${awsFlags(a1, r1)})`,
        runAs(a2.member, a2, true).trimEnd(),
        until(
          "describe-transit-gateway-peering-attachments",
          "--transit-gateway-attachment-ids",
          "TransitGatewayPeeringAttachments",
          "tgw_peering",
          "pendingAcceptance",
          awsFlags(a2, r2),
        ),
        `aws ec2 accept-transit-gateway-peering-attachment --transit-gateway-attachment-id "$tgw_peering" ${awsFlags(a2, r2)}`,
      ]),
  );
  const accounts = new Set(
    model.members.flatMap((m) => (m.aws.known ? [m.aws.value.account] : [])),
  );
  const spec = QUOTAS.peeringsPerVpc;
  // Up to AWS's maximum the quota can be raised instead, VPC by VPC.
  const max = spec.max ?? Number.POSITIVE_INFINITY;
  // The quota is per account and Region: the largest need of each.
  const need = new Map<string, { total: number; aws: MemberAws }>();
  for (const o of over.values()) {
    const key = `${o.aws.account}|${o.aws.region}`;
    if (o.total > (need.get(key)?.total ?? 0)) need.set(key, o);
  }
  const raise = [...need.values()].every((o) => o.total <= max)
    ? [
        `# either raise the quota (AWS allows up to ${max}) for each of these VPCs' accounts and Regions, then run setup again:`,
        ...[...need.values()].map(
          (o) =>
            `aws service-quotas request-service-quota-increase --service-code ${spec.service} --quota-code ${spec.code} --desired-value ${o.total} ${awsFlags(o.aws)}`,
        ),
      ]
    : [];
  return {
    member: model.members[0]?.name ?? "",
    check: "aws.quota",
    resource: vpcs.join(", "),
    message: `a VPC peering per pair would give ${first?.[0]} ${first?.[1].total} active peerings, over its quota of ${first?.[1].quota} (${spec.code}; AWS allows ${spec.max ?? spec.default} at most)${vpcs.length > 1 ? `, and ${vpcs.length - 1} more VPC${vpcs.length > 2 ? "s" : ""} likewise` : ""}: setup plans no new peering. A transit gateway per Region joins them instead: make ${regions.length > 1 ? `one in each of ${regions.map(([r]) => r).join(", ")} and peer them` : `one in ${regions[0]?.[0]}`}, then run setup --via; it would make ${layout || "no change"}${plan.unfixable.some((u) => u.blocking) ? ` and leave ${plan.unfixable.filter((u) => u.blocking).length} blocking item(s)` : ""}`,
    remediation: [
      ...raise,
      `# ${raise.length ? "or join them through " : ""}a transit gateway per Region${accounts.size > 1 ? " (share each with the other accounts of its Region through AWS RAM)" : ""}:`,
      ...make,
      ...(peerings.length ? ["# peer the Regions' gateways:", ...peerings] : []),
      `kubectl antrea-mc setup --dry-run --via "${regions.map(([r]) => `$${v(r)}`).join(",")}"`,
    ]
      .filter((l) => l)
      .join("\n"),
    manual: true,
    blocking: true,
  };
}
