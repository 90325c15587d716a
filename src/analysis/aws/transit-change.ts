/**
 * A transit gateway picture after a change, as AWS documents the change's effect (Transit Gateway
 * Guide, "Transit gateway route tables" and "VPC attachments"): a new VPC attachment is associated
 * with the gateway's default association table and propagates into its default propagation table
 * when those options are on; a propagation adds one route per CIDR block of the VPC unless the
 * table has a static route (or an earlier propagation) for it; a static route replaces the one of
 * its destination. setup plans by making a change here and walking the path again, so that the
 * walk (transit-path.ts) stays the one place that decides what a path needs.
 */
import { type Located, type TransitView, transitView } from "../../model/aws/transit.js";
import type { TgwAttachment, TgwRoute, TgwRouteTable } from "../../model/aws/types.js";
import { parseCidr } from "../../model/cidr.js";
import type { TransitFix } from "./transit-path.js";

export type TransitChange =
  | {
      readonly kind: "attach";
      /** The ID the new attachment goes by in the plan until AWS gives it one. */
      readonly attachmentId: string;
      readonly tgwId: string;
      readonly vpcId: string;
      readonly subnetIds: readonly string[];
      /** pendingAcceptance for a gateway of another account that accepts nothing on its own. */
      readonly state?: "available" | "pendingAcceptance";
    }
  /** A waiting VPC attachment or gateway peering accepted (both sides of a peering). */
  | { readonly kind: "accept"; readonly attachmentId: string }
  /** The walk's own fixes (a static route replaces the static route of its destination). */
  | Extract<TransitFix, { kind: "add-subnet" | "associate" | "propagate" }>
  | Omit<Extract<TransitFix, { kind: "static-route" }>, "replace">;

const same = (a: string, b: string) =>
  (parseCidr(a)?.canonical ?? a) === (parseCidr(b)?.canonical ?? b);

/** The view after `change`; `vpcCidrs` gives a VPC's IPv4 blocks (for propagated routes). */
export function afterChange(
  view: TransitView,
  change: TransitChange,
  vpcCidrs: (vpcId: string) => readonly string[],
): TransitView {
  let attachments = [...view.attachments];
  const tables = new Map(view.routeTables);
  const editAttachments = (id: string, edit: (a: TgwAttachment) => TgwAttachment) => {
    attachments = attachments.map((a) => (a.id === id ? edit(a) : a));
  };
  const editTable = (id: string, edit: (t: Located<TgwRouteTable>) => Located<TgwRouteTable>) => {
    const t = tables.get(id);
    if (t) tables.set(id, edit(t));
  };
  const propagate = (tableId: string, attachmentId: string) => {
    const att = attachments.find((a) => a.id === attachmentId);
    editTable(tableId, (t) => {
      const routes = [...(t.routes ?? [])];
      if (att?.resourceType === "vpc") {
        for (const cidr of vpcCidrs(att.resourceId)) {
          if (routes.some((r) => r.cidr && same(r.cidr, cidr))) continue;
          routes.push({
            cidr,
            type: "propagated",
            state: "active",
            targets: [{ attachmentId, resourceType: "vpc", resourceId: att.resourceId }],
          });
        }
      }
      return {
        ...t,
        routes,
        propagations: [...new Set([...(t.propagations ?? []), attachmentId])],
      };
    });
  };
  switch (change.kind) {
    case "attach": {
      const gateway = view.gateways.get(change.tgwId);
      const table = gateway?.defaultAssociationTable;
      attachments.push({
        id: change.attachmentId,
        tgwId: change.tgwId,
        resourceType: "vpc",
        resourceId: change.vpcId,
        state: change.state ?? "available",
        associationKnown: true,
        ownerView: true,
        subnetIds: change.subnetIds,
        ...(table && tables.has(table) && change.state !== "pendingAcceptance"
          ? { routeTableId: table }
          : {}),
      });
      // A waiting attachment joins the default tables once accepted.
      if (gateway?.defaultPropagationTable && change.state !== "pendingAcceptance")
        propagate(gateway.defaultPropagationTable, change.attachmentId);
      break;
    }
    case "add-subnet":
      editAttachments(change.attachmentId, (a) => ({
        ...a,
        subnetIds: [...a.subnetIds, change.subnetId],
      }));
      break;
    case "accept": {
      const waiting = attachments.find(
        (a) => a.id === change.attachmentId && a.state === "pendingAcceptance",
      );
      editAttachments(change.attachmentId, (a) => ({ ...a, state: "available" }));
      // A VPC attachment accepted joins its gateway's default tables (as at creation).
      const gateway = waiting && view.gateways.get(waiting.tgwId);
      if (waiting?.resourceType === "vpc" && gateway) {
        const table = gateway.defaultAssociationTable;
        if (table && tables.has(table) && !waiting.routeTableId)
          editAttachments(change.attachmentId, (a) => ({ ...a, routeTableId: table }));
        if (gateway.defaultPropagationTable)
          propagate(gateway.defaultPropagationTable, change.attachmentId);
      }
      break;
    }
    case "associate":
      editAttachments(change.attachmentId, (a) => ({
        ...a,
        routeTableId: change.tableId,
        associationKnown: true,
      }));
      break;
    case "propagate":
      propagate(change.tableId, change.attachmentId);
      break;
    case "static-route": {
      const att = attachments.find((a) => a.id === change.attachmentId);
      const route: TgwRoute = {
        cidr: change.destination,
        type: "static",
        state: "active",
        targets: [
          {
            attachmentId: change.attachmentId,
            ...(att ? { resourceType: att.resourceType, resourceId: att.resourceId } : {}),
          },
        ],
      };
      editTable(change.tableId, (t) => ({
        ...t,
        routes: [
          ...(t.routes ?? []).filter(
            (r) => !(r.cidr && same(r.cidr, change.destination) && r.type === "static"),
          ),
          route,
        ],
      }));
      break;
    }
  }
  return transitView(view.gateways, attachments, tables);
}
