/**
 * Transit gateways from raw EC2 answers (AWS CLI JSON, possibly hand-made): the gateways, their
 * attachments as seen from each gateway (a VPC attachment's subnets and options, every
 * attachment's association, a peering's far side), and their route tables with the routes
 * SearchTransitGatewayRoutes listed. Entries missing an ID are skipped, never trusted.
 */
import { answerList as list, tagsOf } from "../../aws/references.js";
import type { AwsFetched, RawAwsGroup } from "../../aws/types.js";
import {
  objects as arr,
  defined,
  type JsonObject,
  object as obj,
  nonEmpty as str,
  strings,
} from "../../util/json.js";
import type { AwsRead, TgwAttachment, TgwRoute, TgwRouteTable, TransitGateway } from "./types.js";

function transitGateways(f: AwsFetched | undefined): Map<string, TransitGateway> {
  const out = new Map<string, TransitGateway>();
  for (const t of list(f, "TransitGateways")) {
    const id = str(t.TransitGatewayId);
    if (!id) continue;
    const o = obj(t.Options);
    const ownerId = str(t.OwnerId);
    const association = str(o.AssociationDefaultRouteTableId);
    const propagation = str(o.PropagationDefaultRouteTableId);
    out.set(id, {
      id,
      ...(ownerId ? { ownerId } : {}),
      state: str(t.State) ?? "unknown",
      sgReferencing: str(o.SecurityGroupReferencingSupport) === "enable",
      ...(str(o.AutoAcceptSharedAttachments) === "enable" ? { autoAcceptShared: true } : {}),
      ...(association && str(o.DefaultRouteTableAssociation) !== "disable"
        ? { defaultAssociationTable: association }
        : {}),
      ...(propagation && str(o.DefaultRouteTablePropagation) !== "disable"
        ? { defaultPropagationTable: propagation }
        : {}),
    });
  }
  return out;
}

/** Attachment states that carry nothing and never will. */
export const GONE_ATTACHMENT = [
  "deleted",
  "deleting",
  "failed",
  "failing",
  "rejected",
  "rejecting",
];

const LIVE_ASSOCIATION = ["associated", "associating"];

/**
 * Every attachment of the gateways read, per gateway: DescribeTransitGatewayAttachments (resource,
 * state, association), completed by the VPC attachments (subnets, options) and the peerings (the
 * far side). A VPC attachment only the VPC's owner lists still counts, its association unknown.
 */
function attachments(group: RawAwsGroup): TgwAttachment[] {
  const vpcs = new Map(
    list(group.calls.DescribeTransitGatewayVpcAttachments, "TransitGatewayVpcAttachments").flatMap(
      (a) => {
        const id = str(a.TransitGatewayAttachmentId);
        return id && str(a.VpcId) ? [[id, a] as const] : [];
      },
    ),
  );
  const peerings = new Map(
    list(
      group.calls.DescribeTransitGatewayPeeringAttachments,
      "TransitGatewayPeeringAttachments",
    ).flatMap((p) => {
      const id = str(p.TransitGatewayAttachmentId);
      return id ? [[id, p] as const] : [];
    }),
  );
  const out = new Map<string, TgwAttachment>();
  const vpcDetails = (a: JsonObject | undefined) => {
    if (!a) return { subnetIds: [] };
    const sg = str(obj(a.Options).SecurityGroupReferencingSupport);
    return { subnetIds: strings(a.SubnetIds), ...(sg ? { sgReferencing: sg !== "disable" } : {}) };
  };
  const peerOf = (id: string, tgwId: string): TgwAttachment["peer"] => {
    const p = peerings.get(id);
    if (!p) return undefined;
    const requester = obj(p.RequesterTgwInfo);
    const accepter = obj(p.AccepterTgwInfo);
    const farIsAccepter = str(requester.TransitGatewayId) === tgwId;
    const far = farIsAccepter ? accepter : requester;
    const farId = str(far.TransitGatewayId);
    if (!farId) return undefined;
    const ownerId = str(far.OwnerId);
    const region = str(far.Region);
    return {
      tgwId: farId,
      ...(ownerId ? { ownerId } : {}),
      ...(region ? { region } : {}),
      accepter: farIsAccepter,
    };
  };
  for (const a of list(
    group.calls.DescribeTransitGatewayAttachments,
    "TransitGatewayAttachments",
  )) {
    const id = str(a.TransitGatewayAttachmentId);
    const tgwId = str(a.TransitGatewayId);
    if (!id || !tgwId) continue;
    const type = str(a.ResourceType) ?? "unknown";
    const association = obj(a.Association);
    const table = str(association.TransitGatewayRouteTableId);
    const live = LIVE_ASSOCIATION.includes(str(association.State) ?? "associated");
    const owner = str(a.ResourceOwnerId);
    const peer = type === "peering" || type === "tgw-peering" ? peerOf(id, tgwId) : undefined;
    const tags = tagsOf(a.Tags);
    out.set(`${tgwId}|${id}`, {
      id,
      tgwId,
      resourceType: type === "tgw-peering" ? "peering" : type,
      resourceId: str(a.ResourceId) ?? "",
      ...(owner ? { resourceOwnerId: owner } : {}),
      state: str(a.State) ?? "unknown",
      ...(table && live ? { routeTableId: table } : {}),
      associationKnown: true,
      ...(type === "vpc" ? vpcDetails(vpcs.get(id)) : { subnetIds: [] }),
      ...(peer ? { peer } : {}),
      ...(Object.keys(tags).length ? { tags } : {}),
    });
  }
  for (const [id, a] of vpcs) {
    const tgwId = str(a.TransitGatewayId);
    if (!tgwId || out.has(`${tgwId}|${id}`)) continue;
    const owner = str(a.VpcOwnerId);
    out.set(`${tgwId}|${id}`, {
      id,
      tgwId,
      resourceType: "vpc",
      resourceId: str(a.VpcId) ?? "",
      ...(owner ? { resourceOwnerId: owner } : {}),
      state: str(a.State) ?? "unknown",
      associationKnown: false,
      ...vpcDetails(a),
      ...(Object.keys(tagsOf(a.Tags)).length ? { tags: tagsOf(a.Tags) } : {}),
    });
  }
  return [...out.values()];
}

function route(r: JsonObject): TgwRoute | undefined {
  const cidr = str(r.DestinationCidrBlock);
  const prefixListId = str(r.PrefixListId);
  if (!cidr && !prefixListId) return undefined;
  return {
    ...(cidr ? { cidr } : {}),
    ...(prefixListId ? { prefixListId } : {}),
    type: str(r.Type) ?? "static",
    state: str(r.State) ?? "active",
    targets: arr(r.TransitGatewayAttachments).flatMap((t) => {
      const attachmentId = str(t.TransitGatewayAttachmentId);
      if (!attachmentId) return [];
      const resourceType = str(t.ResourceType);
      const resourceId = str(t.ResourceId);
      return [
        {
          attachmentId,
          ...(resourceType ? { resourceType } : {}),
          ...(resourceId ? { resourceId } : {}),
        },
      ];
    }),
  };
}

function routeTables(group: RawAwsGroup, unread: Map<AwsRead, string>): Map<string, TgwRouteTable> {
  const out = new Map<string, TgwRouteTable>();
  const failed = (read: AwsRead, id: string, f: AwsFetched | undefined) => {
    if (f && !f.ok) unread.set(read, `${id}: ${f.error.message}`);
  };
  for (const t of list(
    group.calls.DescribeTransitGatewayRouteTables,
    "TransitGatewayRouteTables",
  )) {
    const id = str(t.TransitGatewayRouteTableId);
    const tgwId = str(t.TransitGatewayId);
    if (!id || !tgwId) continue;
    const routes = group.tgwRoutes?.[id];
    const propagations = group.tgwPropagations?.[id];
    failed("SearchTransitGatewayRoutes", id, routes);
    failed("GetTransitGatewayRouteTablePropagations", id, propagations);
    out.set(id, {
      id,
      tgwId,
      state: str(t.State) ?? "unknown",
      tags: tagsOf(t.Tags),
      ...(routes?.ok ? { routes: arr(routes.value.Routes).map(route).filter(defined) } : {}),
      ...(routes?.ok && Array.isArray(routes.value.NarrowedTo)
        ? { narrowedTo: strings(routes.value.NarrowedTo) }
        : {}),
      ...(propagations?.ok
        ? {
            propagations: arr(propagations.value.TransitGatewayRouteTablePropagations)
              .filter((p) => ["enabled", "enabling"].includes(str(p.State) ?? "enabled"))
              .map((p) => str(p.TransitGatewayAttachmentId))
              .filter(defined),
          }
        : {}),
    });
  }
  return out;
}

export interface TransitInventory {
  readonly transitGateways: ReadonlyMap<string, TransitGateway>;
  readonly tgwAttachments: readonly TgwAttachment[];
  readonly tgwRouteTables: ReadonlyMap<string, TgwRouteTable>;
}

/** The transit gateways one group read; failed per-table reads are added to `unread`. */
export function transitInventory(
  group: RawAwsGroup,
  unread: Map<AwsRead, string>,
): TransitInventory {
  return {
    transitGateways: transitGateways(group.calls.DescribeTransitGateways),
    tgwAttachments: attachments(group),
    tgwRouteTables: routeTables(group, unread),
  };
}

/** A gateway or route table with the Region of the account that read it. */
export type Located<T> = T & { readonly region: string; readonly readBy?: string };

/** Every transit gateway, attachment and route table the members' accounts read, once. */
export interface TransitView {
  readonly gateways: ReadonlyMap<string, Located<TransitGateway>>;
  /** Per gateway (a peering attachment appears once per side). */
  readonly attachments: readonly TgwAttachment[];
  /** The attachments of each gateway, and of each VPC (looked up pair after pair). */
  readonly byGateway: ReadonlyMap<string, readonly TgwAttachment[]>;
  readonly byVpc: ReadonlyMap<string, readonly TgwAttachment[]>;
  readonly routeTables: ReadonlyMap<string, Located<TgwRouteTable>>;
}

/** Two views of one attachment (its VPC's owner's and the gateway owner's) as one. */
function mergeAttachment(a: TgwAttachment, b: TgwAttachment): TgwAttachment {
  // The gateway owner's listing, else one that shows the association at all, decides it.
  const rank = (x: TgwAttachment) => (x.ownerView ? 2 : x.associationKnown ? 1 : 0);
  const [known, other] = rank(a) >= rank(b) ? [a, b] : [b, a];
  return {
    ...other,
    ...known,
    subnetIds: known.subnetIds.length ? known.subnetIds : other.subnetIds,
    ...((known.sgReferencing ?? other.sgReferencing) === undefined
      ? {}
      : { sgReferencing: (known.sgReferencing ?? other.sgReferencing) as boolean }),
    ...((known.peer ?? other.peer) ? { peer: known.peer ?? other.peer } : {}),
    ...(a.ownerView || b.ownerView ? { ownerView: true } : {}),
    // Each account tags its own view: setup's marks may be in either.
    ...(a.tags || b.tags ? { tags: { ...other.tags, ...known.tags } } : {}),
  };
}

export function allTransit(
  inventories: Iterable<{
    readonly account?: string;
    readonly region: string;
    readonly transitGateways: ReadonlyMap<string, TransitGateway>;
    readonly tgwAttachments: readonly TgwAttachment[];
    readonly tgwRouteTables: ReadonlyMap<string, TgwRouteTable>;
  }>,
): TransitView {
  const gateways = new Map<string, Located<TransitGateway>>();
  const attachments = new Map<string, TgwAttachment>();
  const routeTables = new Map<string, Located<TgwRouteTable>>();
  for (const inv of inventories) {
    const where = { region: inv.region, ...(inv.account ? { readBy: inv.account } : {}) };
    for (const t of inv.transitGateways.values()) {
      // The owner's view wins: it lists what a shared view may not.
      const seen = gateways.get(t.id);
      if (!seen || (t.ownerId && t.ownerId === inv.account)) gateways.set(t.id, { ...t, ...where });
    }
    for (const listed of inv.tgwAttachments) {
      const key = `${listed.tgwId}|${listed.id}`;
      const owner = inv.transitGateways.get(listed.tgwId)?.ownerId;
      const a =
        listed.associationKnown && owner && owner === inv.account
          ? { ...listed, ownerView: true }
          : listed;
      const seen = attachments.get(key);
      attachments.set(key, seen ? mergeAttachment(seen, a) : a);
    }
    for (const t of inv.tgwRouteTables.values()) {
      const seen = routeTables.get(t.id);
      if (!seen || (!seen.routes && t.routes)) routeTables.set(t.id, { ...t, ...where });
    }
  }
  return transitView(gateways, [...attachments.values()], routeTables);
}

/** A view of these gateways, attachments and tables, indexed by gateway and by VPC. */
export function transitView(
  gateways: ReadonlyMap<string, Located<TransitGateway>>,
  attachments: readonly TgwAttachment[],
  routeTables: ReadonlyMap<string, Located<TgwRouteTable>>,
): TransitView {
  const group = (key: (a: TgwAttachment) => string | undefined) => {
    const out = new Map<string, TgwAttachment[]>();
    for (const a of attachments) {
      const k = key(a);
      if (k !== undefined) out.set(k, [...(out.get(k) ?? []), a]);
    }
    return out;
  };
  return {
    gateways,
    attachments,
    byGateway: group((a) => a.tgwId),
    byVpc: group((a) => (a.resourceType === "vpc" ? a.resourceId : undefined)),
    routeTables,
  };
}
