/**
 * What `show -o dot` and `show -o mermaid` draw: the members (cluster ID, account and Region, VPC),
 * their Gateways, and one link per pair of members (the peering between their VPCs, or why there
 * is none), marked failing when a check of the pair fails. Both renderers draw this same view.
 */
import { linkOf, peeringOf, vpcOf } from "../analysis/tunnel-path.js";
import type { CheckResult } from "../checks/types.js";
import type { ClusterSetModel } from "../model/types.js";
import { pairsOf } from "../util/pairs.js";
import { memberView } from "./members.js";

export interface PictureGateway {
  readonly node: string;
  readonly ip: string | null;
  readonly active: boolean;
  readonly candidate: boolean;
}

export interface PictureMember {
  readonly name: string;
  readonly clusterID: string | null;
  readonly account: string | null;
  readonly region: string | null;
  readonly vpcId: string | null;
  readonly vpcCidrs: readonly string[];
  readonly gateways: readonly PictureGateway[];
}

export interface PictureLink {
  readonly a: string;
  readonly b: string;
  /** "pcx-… active", "same VPC vpc-…", "no VPC peering", "internet", "AWS not inspected". */
  readonly label: string;
  /** The IDs of the checks that fail for this pair (either direction), in report order. */
  readonly failing: readonly string[];
}

export interface Picture {
  readonly members: readonly PictureMember[];
  readonly links: readonly PictureLink[];
}

export function pictureOf(model: ClusterSetModel, results: readonly CheckResult[]): Picture {
  const members = model.members.map((m): PictureMember => {
    const v = memberView(m);
    const placed = v.gateways.find((g) => g.active && g.vpcId) ?? v.gateways.find((g) => g.vpcId);
    return {
      name: m.name,
      clusterID: v.clusterID,
      account: v.account,
      region: v.region,
      vpcId: placed?.vpcId ?? null,
      vpcCidrs: placed?.vpcCidrs ?? [],
      gateways: v.gateways.map((g) => ({
        node: g.node,
        ip: g.gatewayIP,
        active: g.active,
        candidate: g.candidate,
      })),
    };
  });
  const links: PictureLink[] = [];
  for (const [a, b] of pairsOf(model.members)) {
    const failing = [
      ...new Set(
        results
          .filter(
            (r) =>
              r.status === "fail" &&
              ((r.member === a.name && r.peer === b.name) ||
                (r.member === b.name && r.peer === a.name)),
          )
          .map((r) => r.id),
      ),
    ];
    let label: string;
    if (!model.aws.inspected) label = "AWS not inspected";
    else if (linkOf(a, b) === "public") label = "internet";
    else if (vpcOf(a) && vpcOf(a) === vpcOf(b)) label = `same VPC ${vpcOf(a)}`;
    else {
      const p = peeringOf(model.aws.peerings, a, b);
      label = p ? `${p.id} ${p.status}` : "no VPC peering";
    }
    links.push({ a: a.name, b: b.name, label, failing });
  }
  return { members, links };
}

/** The lines of a member's box: name, cluster ID, account / Region, VPC and its CIDRs. */
export function memberLines(m: PictureMember): string[] {
  return [
    m.name,
    `cluster ID ${m.clusterID ?? "unknown"}`,
    [m.account, m.region].filter(Boolean).join(" / ") || "account, Region unknown",
    m.vpcId ? `${m.vpcId} ${m.vpcCidrs.join(", ")}`.trim() : "VPC unknown",
  ];
}

/** The lines of a Gateway's box. */
export function gatewayLines(g: PictureGateway): string[] {
  return [
    g.node,
    g.ip ?? "no Gateway IP",
    g.active ? "active Gateway" : g.candidate ? "candidate" : "Gateway (not a candidate)",
  ];
}

/** A link's text: what links the VPCs, then what fails. */
export function linkLines(l: PictureLink): string[] {
  return [l.label, ...(l.failing.length ? [`✗ ${l.failing.join(", ")}`] : [])];
}

/** The Gateway a member's links start from (the active one, else the first), or undefined. */
export function anchorOf(m: PictureMember): number | undefined {
  const i = m.gateways.findIndex((g) => g.active);
  return i >= 0 ? i : m.gateways.length ? 0 : undefined;
}
