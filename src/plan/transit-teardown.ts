/**
 * teardown on transit gateways: exactly what setup's tags and marks name — its static routes and
 * propagations (marks on the gateway route table), the associations and subnets it added to an
 * attachment it did not make (marks on the attachment), and the attachments it made (tagged) —
 * each by the account that may: the gateway's owner for its tables, the VPC's owner for its
 * attachment. A mark whose change is no longer there is removed, the resource left alone.
 */
import { isOwned, ownedMarks } from "../aws/tags.js";
import type { Located } from "../model/aws/transit.js";
import type { TgwAttachment, TransitGateway } from "../model/aws/types.js";
import { parseCidr } from "../model/cidr.js";
import type { ClusterSetModel, MemberModel } from "../model/types.js";
import type { PlanBuilder } from "./builder.js";
import { vpcsOf } from "./gateway-vpcs.js";

export function planTransitTeardown(
  b: PlanBuilder,
  model: ClusterSetModel,
  clusterSet: string,
  /** The steps that delete VPC routes: an attachment setup made goes after them. */
  vpcRouteSteps: readonly string[],
): void {
  const { transit } = model.aws;
  const readIn = (account: string | undefined, region: string) =>
    model.members.find(
      (m) =>
        m.aws.known &&
        m.aws.value.region === region &&
        (!account || m.aws.value.account === account),
    );
  const ownerOf = (g: Located<TransitGateway> | undefined, region: string) =>
    readIn(g?.ownerId, g?.region ?? region);
  const vpcOwner = (a: TgwAttachment) =>
    model.members.find((m) => m.aws.known && vpcsOf(m).has(a.resourceId));
  const regionOf = (m: MemberModel) => (m.aws.known ? m.aws.value.region : "");
  const tableSteps: string[] = [];
  const untag = (m: MemberModel, resource: string, key: string, why: string, after: string[]) =>
    b.add({
      member: m.name,
      action: "DeleteTags",
      region: regionOf(m),
      params: { Resources: [resource], Tags: [{ Key: key }] },
      reason: "setup",
      why,
      resource,
      after,
    });
  for (const table of transit.routeTables.values()) {
    const owner = ownerOf(transit.gateways.get(table.tgwId), table.region);
    if (!owner) continue;
    for (const mark of ownedMarks(table.tags, clusterSet, "route")) {
      const route = (table.routes ?? []).find(
        (r) => r.type === "static" && r.cidr && parseCidr(r.cidr)?.canonical === mark.what,
      );
      const ours = !!route && route.targets.some((t) => t.attachmentId === mark.value);
      const deleted = ours
        ? b.add({
            member: owner.name,
            action: "DeleteTransitGatewayRoute",
            region: regionOf(owner),
            params: { TransitGatewayRouteTableId: table.id, DestinationCidrBlock: mark.what },
            reason: "setup",
            why: `setup added ${mark.what} → ${mark.value}`,
            resource: table.id,
            after: [],
          })
        : undefined;
      if (deleted) tableSteps.push(deleted.ref);
      untag(
        owner,
        table.id,
        mark.key,
        ours
          ? "the record of that route"
          : `the record of a route setup added, now ${route ? "elsewhere" : "gone"}: the route is left alone`,
        deleted ? [deleted.ref] : [],
      );
    }
    for (const mark of ownedMarks(table.tags, clusterSet, "propagation")) {
      const ours = (table.propagations ?? []).includes(mark.value);
      const disabled = ours
        ? b.add({
            member: owner.name,
            action: "DisableTransitGatewayRouteTablePropagation",
            region: regionOf(owner),
            params: {
              TransitGatewayRouteTableId: table.id,
              TransitGatewayAttachmentId: mark.value,
            },
            reason: "setup",
            why: `setup enabled ${mark.value}'s propagation (${mark.what})`,
            resource: table.id,
            after: [],
          })
        : undefined;
      if (disabled) tableSteps.push(disabled.ref);
      untag(
        owner,
        table.id,
        mark.key,
        ours ? "the record of that propagation" : "the record of a propagation that is gone",
        disabled ? [disabled.ref] : [],
      );
    }
  }
  for (const a of transit.attachments) {
    if (a.resourceType !== "vpc" || !a.tags) continue;
    const vpc = vpcOwner(a);
    if (isOwned(a.tags, clusterSet)) {
      if (!vpc || ["deleted", "deleting"].includes(a.state)) continue;
      b.add({
        member: vpc.name,
        action: "DeleteTransitGatewayVpcAttachment",
        region: regionOf(vpc),
        params: { TransitGatewayAttachmentId: a.id },
        reason: "setup",
        why: `setup attached ${a.resourceId} to ${a.tgwId}; its routes go first`,
        resource: a.id,
        after: [...vpcRouteSteps, ...tableSteps],
      });
      continue;
    }
    const owner = ownerOf(transit.gateways.get(a.tgwId), vpc ? regionOf(vpc) : "");
    // Changes of one attachment one after the other: AWS refuses one while it is modifying.
    const subnets = vpc ? ownedMarks(a.tags, clusterSet, "subnet") : [];
    const added = subnets.filter((m) => a.subnetIds.includes(m.what)).map((m) => m.what);
    const removed =
      vpc && added.length
        ? b.add({
            member: vpc.name,
            action: "ModifyTransitGatewayVpcAttachment",
            region: regionOf(vpc),
            params: { TransitGatewayAttachmentId: a.id, RemoveSubnetIds: added },
            reason: "setup",
            why: `setup added ${added.join(", ")} to ${a.id}`,
            resource: a.id,
            after: [],
          })
        : undefined;
    for (const mark of subnets)
      if (vpc)
        untag(
          vpc,
          a.id,
          mark.key,
          added.includes(mark.what)
            ? "the record of that subnet"
            : "the record of a subnet no longer attached",
          removed ? [removed.ref] : [],
        );
    for (const mark of ownedMarks(a.tags, clusterSet, "association")) {
      if (!owner) continue;
      const ours = a.routeTableId === mark.value;
      const undone = ours
        ? b.add({
            member: owner.name,
            action: "DisassociateTransitGatewayRouteTable",
            region: regionOf(owner),
            params: { TransitGatewayRouteTableId: mark.value, TransitGatewayAttachmentId: a.id },
            reason: "setup",
            why: `setup associated ${a.id} with ${mark.value}`,
            resource: a.id,
            after: removed ? [removed.ref] : [],
            ...(removed ? { waitFor: { attachment: a.id, status: "available" as const } } : {}),
          })
        : undefined;
      untag(
        owner,
        a.id,
        mark.key,
        ours ? "the record of that association" : "the record of an association that is gone",
        undone ? [undone.ref] : [],
      );
    }
  }
}
