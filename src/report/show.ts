/** `show`: the discovered topology, as kubectl-style columns per member, then per pair. */
import { transitOf } from "../analysis/tunnel-path.js";
import { currentPeering } from "../model/aws/peerings.js";
import { describeTunnel } from "../model/tunnel.js";
import type { ClusterSetModel, MemberModel } from "../model/types.js";
import { pairsOf } from "../util/pairs.js";
import { fittedColumns } from "./columns.js";
import { type LeaderView, leaderView, renderLeader } from "./leader.js";
import { type MemberView, memberView } from "./members.js";
import { computeNotes, nodeGroupsText } from "./node-groups.js";
import { MATRIX_FROM } from "./pair-matrix.js";
import { type PathView, renderPaths } from "./show-path.js";
import type { Style } from "./style.js";
import { wrap } from "./wrap.js";

export interface PeeringEnd {
  vpcId: string;
  ownerId: string | null;
  region: string | null;
}

export interface PairView {
  members: [string, string];
  vpcs: [string | null, string | null];
  /** The peering between the two VPCs (the live one, else the latest seen), or null. */
  peering: {
    id: string;
    status: string;
    requester: PeeringEnd;
    accepter: PeeringEnd;
  } | null;
  /**
   * The transit gateways the first member's active Gateway reaches the second's through, with the
   * hops (attachment, gateway route table, peering attachment, …), or null.
   */
  transit: { gateways: string[]; hops: string[] } | null;
}

export interface ShowDocument {
  members: MemberView[];
  /** Extension: the leader cluster, and what it says about each member. */
  leader: LeaderView;
  /** Extension: the VPC peering or transit gateways of every pair of members. */
  pairs: PairView[];
  skippedContexts: ClusterSetModel["skippedContexts"][number][];
}

/** The VPC of a member's active Gateway (else of any mapped candidate). */
function vpcOf(m: MemberModel): string | null {
  if (!m.gateways.known) return null;
  for (const g of m.gateways.value)
    if (g.aws.known && g.aws.value.mapped) return g.aws.value.eni.vpcId;
  return null;
}

export function pairViews(model: ClusterSetModel): PairView[] {
  if (!model.aws.inspected) return [];
  const out: PairView[] = [];
  for (const [a, b] of pairsOf(model.members)) {
    const va = vpcOf(a);
    const vb = vpcOf(b);
    const p = va && vb ? currentPeering(model.aws.peerings, va, vb) : undefined;
    const transit = transitOf(a, b, model.aws);
    out.push({
      members: [a.name, b.name],
      vpcs: [va, vb],
      transit: transit ?? null,
      peering: p
        ? {
            id: p.id,
            status: p.status,
            requester: {
              vpcId: p.requester.vpcId,
              ownerId: p.requester.ownerId ?? null,
              region: p.requester.region ?? null,
            },
            accepter: {
              vpcId: p.accepter.vpcId,
              ownerId: p.accepter.ownerId ?? null,
              region: p.accepter.region ?? null,
            },
          }
        : null,
    });
  }
  return out;
}

export function showDocument(model: ClusterSetModel): ShowDocument {
  return {
    members: model.members.map(memberView),
    leader: leaderView(model),
    pairs: pairViews(model),
    skippedContexts: [...model.skippedContexts],
  };
}

const dash = (v: string | null | undefined) => (v ? v : "-");

/** What eks:DescribeCluster and the Nodes say about the member's EKS cluster, on one line. */
function eksLine(m: MemberModel): string {
  const nodes = computeNotes(m.nodeCompute.known ? m.nodeCompute.value : undefined);
  if (!m.eks.known) return [`- (${m.eks.reason})`, ...nodes].filter(Boolean).join(", ");
  const e = m.eks.value;
  return [
    `${e.name} (${e.nameSource})`,
    e.status ?? "",
    e.version ? `Kubernetes ${e.version}` : "",
    e.ipFamily ?? "",
    e.serviceIpv4Cidr ? `Service CIDR ${e.serviceIpv4Cidr}` : "",
    e.clusterSecurityGroupId ? `cluster security group ${e.clusterSecurityGroupId}` : "",
    e.autoMode ? "Auto Mode" : "",
    ...nodes,
  ]
    .filter(Boolean)
    .join(", ");
}

function memberBlock(
  m: MemberModel,
  v: MemberView,
  style: Style,
  aws: boolean,
  max: number,
): string[] {
  const { c } = style;
  // A value made for the room its line leaves (the Node groups), or the value.
  const facts: [string, string | ((room: number) => string)][] = [
    ["Context", m.context],
    ["Cluster ID", dash(v.clusterID)],
    ["ClusterSet", dash(v.clusterSet)],
    ["Namespace", `${v.namespace} (${v.sources.namespace})`],
    ["Region", v.region ? `${v.region} (${v.sources.region})` : "-"],
    ...(aws
      ? ([
          ["Account", v.account ? `${v.account} (${v.sources.account})` : `- (${v.aws.status})`],
          [
            "AWS access",
            [
              v.aws.profile ? `profile ${v.aws.profile}` : "default credentials",
              v.aws.roleArn ? `role ${v.aws.roleArn}` : "",
            ]
              .filter(Boolean)
              .join(", "),
          ],
          ["EKS", eksLine(m)],
          [
            "Node groups",
            (room: number) =>
              v.sources.nodeGroups.startsWith("unknown: ")
                ? `- (${v.sources.nodeGroups.slice("unknown: ".length)})`
                : nodeGroupsText(v.nodeGroups, room),
          ],
        ] as [string, string | ((room: number) => string)][])
      : []),
    ["Kubernetes", dash(v.kubernetesVersion)],
    ["Antrea", dash(v.antreaVersion)],
    ["Tunnel", m.tunnel.known ? describeTunnel(m.tunnel.value) : `unknown (${m.tunnel.reason})`],
    [
      "Service CIDR",
      v.serviceCIDR ? `${v.serviceCIDR} (${v.sources.serviceCIDR})` : v.sources.serviceCIDR,
    ],
    [
      "Pod CIDRs",
      v.podCIDRs.length ? `${v.podCIDRs.join(", ")} (${v.sources.podCIDRs})` : v.sources.podCIDRs,
    ],
  ];
  if (!m.reachable) facts.push(["Access", c.red(m.access[0]?.failure.message ?? "unreachable")]);
  const width = Math.max(...facts.map(([k]) => k.length));
  const head = (k: string) => `  ${c.dim(k.padEnd(width))}  `;
  const indent = 2 + width + 2;
  const lines = [
    c.bold(m.name),
    // A made value fits its line; any other wraps under its own column.
    ...facts.flatMap(([k, val]) =>
      wrap(typeof val === "string" ? val : val(max - indent), max, head(k), " ".repeat(indent)),
    ),
  ];
  if (v.gateways.length > 0) {
    lines.push(
      `  ${c.dim("Gateways")}`,
      ...fittedColumns(
        ["NODE", "ACTIVE", "CANDIDATE", "READY", "GATEWAY IP", "INTERNAL IP", "INSTANCE", "ZONE"],
        v.gateways.map((g) => [
          g.node,
          g.active ? "yes" : "no",
          g.candidate ? "yes" : "no",
          g.ready ? "True" : "False",
          dash(g.gatewayIP),
          dash(g.internalIP),
          dash(g.instanceId),
          dash(g.zone),
        ]),
        max,
      ),
    );
    if (aws) {
      lines.push(
        `  ${c.dim("Gateways in AWS")}`,
        ...fittedColumns(
          ["NODE", "ENI", "SUBNET", "ROUTE TABLE", "SECURITY GROUPS", "NETWORK ACL", "VPC"],
          v.gateways.map((g) =>
            g.aws !== "mapped"
              ? { first: g.node, note: c.yellow(g.aws) }
              : [
                  g.node,
                  dash(g.networkInterfaceId),
                  dash(g.subnetId),
                  dash(g.routeTableId),
                  dash(g.securityGroupIds.join(",")),
                  dash(g.networkAclId),
                  g.vpcId ? `${g.vpcId} (${g.vpcCidrs.join(", ")})` : "-",
                ],
          ),
          max,
        ),
      );
    }
  } else {
    lines.push(`  ${c.dim("Gateways".padEnd(width))}  none`);
  }
  const imports = m.clusterInfoImports.known ? m.clusterInfoImports.value : [];
  if (imports.length > 0) {
    lines.push(
      `  ${c.dim("Imported ClusterInfo")}`,
      ...fittedColumns(
        ["PEER CLUSTER", "GATEWAY IP", "SERVICE CIDR", "POD CIDRS"],
        imports.map((i) => [
          i.clusterID,
          dash(i.gatewayIPs[0]),
          dash(i.serviceCIDR),
          dash(i.podCIDRs.join(",")),
        ]),
        max,
      ),
    );
  }
  return lines;
}

function pairBlock(p: PairView, style: Style, max: number): string {
  const { c } = style;
  const [a, b] = p.members;
  const head = `${c.bold(`${a} ↔ ${b}`)}  `;
  const text = (() => {
    if (p.vpcs[0] && p.vpcs[0] === p.vpcs[1]) return `same VPC ${p.vpcs[0]}`;
    if (p.transit)
      return `${p.vpcs.map(dash).join(" ↔ ")} through transit gateway ${p.transit.gateways.join(", ")}: ${p.transit.hops.join(" → ")}`;
    if (!p.peering) return `${p.vpcs.map(dash).join(" ↔ ")}: ${c.yellow("no VPC peering")}`;
    const pc = p.peering;
    const status = pc.status === "active" ? c.green(pc.status) : c.yellow(pc.status);
    const side = (s: PeeringEnd) =>
      `${s.vpcId} (${[s.ownerId, s.region].filter(Boolean).join(", ")})`;
    return `${pc.id} ${status}: requester ${side(pc.requester)} → accepter ${side(pc.accepter)}`;
  })();
  return wrap(text, max, head, "    ").join("\n");
}

/** The Paths section: every path of a small ClusterSet, the failing ones of a large one. */
export interface ShowPaths {
  readonly views: readonly PathView[];
  /** The terminal's width (80 when stdout is not one). */
  readonly width: number;
}

export function renderShowTable(
  doc: ShowDocument,
  model: ClusterSetModel,
  style: Style,
  paths?: ShowPaths,
): string {
  const blocks = model.members.map((m, i) => {
    const v = doc.members[i];
    return v ? memberBlock(m, v, style, model.aws.inspected, paths?.width ?? 80).join("\n") : "";
  });
  const pairs = doc.pairs.map((p) => pairBlock(p, style, paths?.width ?? 80));
  const notes = model.aws.inspected
    ? []
    : [style.c.dim(`AWS: ${model.aws.skipped ?? "not inspected"}`)];
  const skipped = doc.skippedContexts.map((s) => `  - ${s.context}: ${s.reason}`);
  const tail = skipped.length
    ? `\n\n${style.c.bold("Contexts not used as members")}\n${skipped.join("\n")}`
    : "";
  const pathLines =
    paths && paths.views.length > 0
      ? [
          renderPaths(paths.views, style, paths.width, model.members.length >= MATRIX_FROM).join(
            "\n",
          ),
        ]
      : [];
  const parts = [
    blocks.join("\n\n"),
    renderLeader(doc.leader, style, paths?.width ?? 80).join("\n"),
    ...(pairs.length ? [pairs.join("\n")] : []),
    ...pathLines,
    ...notes,
  ];
  return `${parts.join("\n\n")}${tail}\n`;
}
