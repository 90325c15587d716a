/**
 * What `show -o dot` and `show -o mermaid` draw: the members (cluster ID, account and Region, VPC,
 * EKS), their Node groups linked to the active Gateway, their Gateways, and one link per pair of
 * members (the peering between their VPCs, or why there is none), marked failing when a check of
 * the pair — or, for the Nodes, aws.node-to-gateway — fails. Both renderers draw this same view.
 */
import { linkOf, peeringOf, transitOf, vpcOf } from "../analysis/tunnel-path.js";
import { plural } from "../checks/helpers.js";
import type { CheckResult } from "../checks/types.js";
import type { NodeCompute } from "../model/aws/eks.js";
import type { ClusterSetModel } from "../model/types.js";
import { pairsOf } from "../util/pairs.js";
import { memberView } from "./members.js";
import { computeNotes, nodeCount } from "./node-groups.js";

export interface PictureGateway {
  readonly node: string;
  readonly ip: string | null;
  readonly active: boolean;
  readonly candidate: boolean;
}

export interface PictureEks {
  readonly name: string;
  readonly version: string | null;
  readonly serviceCidr: string | null;
  readonly autoMode: boolean;
}

/** A member's Nodes as aws.node-to-gateway groups them, and the check's failure. */
export interface PictureNodes {
  readonly count: number;
  readonly groups: number;
  /** ["aws.node-to-gateway"] when it fails for this member (either leg), else empty. */
  readonly failing: readonly string[];
}

export interface PictureMember {
  readonly name: string;
  readonly clusterID: string | null;
  readonly account: string | null;
  readonly region: string | null;
  readonly vpcId: string | null;
  readonly vpcCidrs: readonly string[];
  /** What eks:DescribeCluster says, or null when it is not known. */
  readonly eks: PictureEks | null;
  /** How many Nodes run on Fargate or in Auto Mode, or null when not known. */
  readonly compute: NodeCompute | null;
  /** Null when no Node group is known (AWS not read, no Node in EC2): no Nodes box then. */
  readonly nodes: PictureNodes | null;
  readonly gateways: readonly PictureGateway[];
}

export interface PictureLink {
  readonly a: string;
  readonly b: string;
  /**
   * "pcx-… active", "transit gateway tgw-…", "same VPC vpc-…", "no VPC peering", "internet",
   * "AWS not inspected".
   */
  readonly label: string;
  /** Through transit gateways: the hops from a to b (attachment, route table, peering, …). */
  readonly hops?: readonly string[];
  /** The IDs of the checks that fail for this pair (either direction), in report order. */
  readonly failing: readonly string[];
}

export interface Picture {
  readonly members: readonly PictureMember[];
  readonly links: readonly PictureLink[];
}

const NODES_CHECK = "aws.node-to-gateway";

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
      eks: v.eks
        ? {
            name: v.eks.name,
            version: v.eks.version,
            serviceCidr: v.eks.serviceIpv4Cidr,
            autoMode: v.eks.autoMode,
          }
        : null,
      compute: m.nodeCompute.known ? m.nodeCompute.value : null,
      nodes: v.nodeGroups.length
        ? {
            count: nodeCount(v.nodeGroups),
            groups: v.nodeGroups.length,
            failing: results.some(
              (r) => r.id === NODES_CHECK && r.member === m.name && r.status === "fail",
            )
              ? [NODES_CHECK]
              : [],
          }
        : null,
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
    let hops: readonly string[] | undefined;
    if (!model.aws.inspected) label = "AWS not inspected";
    else if (linkOf(a, b, model.aws) === "public") label = "internet";
    else if (vpcOf(a) && vpcOf(a) === vpcOf(b)) label = `same VPC ${vpcOf(a)}`;
    else if (linkOf(a, b, model.aws) === "transit") {
      const t = transitOf(a, b, model.aws);
      label = `transit gateway ${t?.gateways.join(", ") ?? ""}`.trim();
      hops = t?.hops;
    } else {
      const p = peeringOf(model.aws.peerings, a, b);
      label = p ? `${p.id} ${p.status}` : "no VPC peering";
    }
    links.push({ a: a.name, b: b.name, label, ...(hops ? { hops } : {}), failing });
  }
  return { members, links };
}

/**
 * The lines of a member's box: name, cluster ID, account / Region, VPC and its CIDRs, then what EKS
 * says (cluster, Kubernetes version, Service CIDR, Auto Mode, Fargate) when it is known.
 */
export function memberLines(m: PictureMember): string[] {
  const e = m.eks;
  return [
    m.name,
    `cluster ID ${m.clusterID ?? "unknown"}`,
    [m.account, m.region].filter(Boolean).join(" / ") || "account, Region unknown",
    m.vpcId ? `${m.vpcId} ${m.vpcCidrs.join(", ")}`.trim() : "VPC unknown",
    ...(e
      ? [
          `EKS ${e.name}${e.version ? `, Kubernetes ${e.version}` : ""}`,
          ...(e.serviceCidr ? [`Service CIDR ${e.serviceCidr}`] : []),
          ...(e.autoMode ? ["Auto Mode"] : []),
        ]
      : []),
    ...computeNotes(m.compute ?? undefined),
  ];
}

/** The Nodes box: how many. */
export function nodesLines(n: PictureNodes): string[] {
  return [plural(n.count, "Node")];
}

/** The Nodes' link to the Gateway: how many groups, then whether aws.node-to-gateway fails. */
export function nodesLinkLines(n: PictureNodes): string[] {
  return [
    plural(n.groups, "Node group"),
    ...(n.failing.length ? [`✗ ${n.failing.join(", ")}`] : []),
  ];
}

/**
 * Whether the Nodes are drawn before the Gateway (left of it): the first member's are, the
 * others' after theirs, so that two members face each other Gateway to Gateway.
 */
export const nodesFirst = (memberIndex: number) => memberIndex === 0;

/** The lines of a Gateway's box. */
export function gatewayLines(g: PictureGateway): string[] {
  return [
    g.node,
    g.ip ?? "no Gateway IP",
    g.active ? "active Gateway" : g.candidate ? "candidate" : "Gateway (not a candidate)",
  ];
}

/** A link's text: what links the VPCs (with a transit gateway's hops), then what fails. */
export function linkLines(l: PictureLink): string[] {
  return [
    l.label,
    ...(l.hops?.length ? [l.hops.join(" → ")] : []),
    ...(l.failing.length ? [`✗ ${l.failing.join(", ")}`] : []),
  ];
}

/** The Gateway a member's links start from (the active one, else the first), or undefined. */
export function anchorOf(m: PictureMember): number | undefined {
  const i = m.gateways.findIndex((g) => g.active);
  return i >= 0 ? i : m.gateways.length ? 0 : undefined;
}
