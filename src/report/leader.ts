/** The leader as `show` prints it: where it was read, and what it says about each member. */
import { type LeaderModel, leaderControllerTag } from "../model/leader.js";
import type { ClusterSetModel } from "../model/types.js";
import { fittedColumns } from "./columns.js";
import type { Style } from "./style.js";
import { wrap } from "./wrap.js";

export interface LeaderMemberView {
  clusterID: string;
  /** The leader ClusterSet's Ready condition for it; null: the leader does not list it. */
  connected: "True" | "False" | "Unknown" | null;
  message: string | null;
  since: string | null;
  /** It has a MemberClusterAnnounce on the leader. */
  announced: boolean;
  /** Its MemberClusterAnnounce's touch-ts; null: none, or never refreshed. */
  touched: string | null;
  /** Seconds between touch-ts and the leader's clock; null when either is unknown. */
  announceAgeSeconds: number | null;
  /** A member of this run with that ClusterID. */
  member: string | null;
}

export type LeaderView =
  | {
      found: true;
      name: string;
      context: string;
      /** How its context was chosen. */
      foundBy: string;
      /** The member this cluster also is. */
      member: string | null;
      /** The leader server the members' ClusterSets name. */
      server: string | null;
      namespace: string;
      namespaceSource: string;
      clusterSet: string | null;
      clusterID: string | null;
      controllerVersion: string | null;
      clock: string | null;
      /** Its EKS cluster's API endpoint (what aws.leader-path checks the members' way to). */
      eks: {
        cluster: string;
        vpcId: string | null;
        publicAccess: boolean | null;
        privateAccess: boolean | null;
        publicAccessCidrs: string[];
      } | null;
      /** Why `eks` is null. */
      eksReason: string | null;
      /** Reads that failed, with why (the rest of the view is what could be read). */
      problems: string[];
      members: LeaderMemberView[];
    }
  | { found: false; reason: string };

function membersOf(model: ClusterSetModel, leader: LeaderModel): LeaderMemberView[] {
  const listed = leader.clusterSet.known ? (leader.clusterSet.value?.members ?? []) : [];
  const announces = leader.announces.known ? leader.announces.value : [];
  const ids = [
    ...new Set([
      ...listed.map((s) => s.clusterID),
      ...announces.map((a) => a.clusterID),
      ...model.members.flatMap((m) => (m.clusterID ? [m.clusterID] : [])),
    ]),
  ].filter(Boolean);
  const clock = leader.clock.known ? Date.parse(leader.clock.value.value) : Number.NaN;
  return ids.map((id) => {
    const s = listed.find((x) => x.clusterID === id);
    const a = announces.find((x) => x.clusterID === id);
    const touched = a?.touched ? Date.parse(a.touched) : Number.NaN;
    return {
      clusterID: id,
      connected: s ? s.connected : null,
      message: s?.message || null,
      since: s?.since ?? null,
      announced: a !== undefined,
      touched: a?.touched ?? null,
      announceAgeSeconds:
        Number.isNaN(clock) || Number.isNaN(touched) ? null : Math.round((clock - touched) / 1000),
      member: model.members.find((m) => m.clusterID === id)?.name ?? null,
    };
  });
}

export function leaderView(model: ClusterSetModel): LeaderView {
  if (!model.leader.known) return { found: false, reason: model.leader.reason };
  const l = model.leader.value;
  const server = model.members
    .flatMap((m) => (m.clusterSets.known ? m.clusterSets.value : []))
    .find((cs) => cs.leaderServer)?.leaderServer;
  const cs = l.clusterSet.known ? l.clusterSet.value : undefined;
  return {
    found: true,
    name: l.name,
    context: l.context,
    foundBy: l.found,
    member: l.member ?? null,
    server: server ?? null,
    namespace: l.namespace.value,
    namespaceSource: l.namespace.source,
    clusterSet: cs?.name ?? null,
    clusterID: cs?.clusterID || null,
    controllerVersion: leaderControllerTag(l) ?? null,
    clock: l.clock.known ? l.clock.value.value : null,
    eks: l.aws.known
      ? {
          cluster: l.aws.value.eks.name,
          vpcId: l.aws.value.eks.vpcId ?? null,
          publicAccess: l.aws.value.eks.endpoint.publicAccess ?? null,
          privateAccess: l.aws.value.eks.endpoint.privateAccess ?? null,
          publicAccessCidrs: [...l.aws.value.eks.endpoint.publicAccessCidrs],
        }
      : null,
    eksReason: l.aws.known ? null : l.aws.reason,
    problems: l.problems.map((p) => `${p.failure.request ?? p.resource}: ${p.failure.message}`),
    members: l.reachable ? membersOf(model, l) : [],
  };
}

/** The leader's EKS cluster and how its API endpoint can be reached, on one line. */
function eksText(v: Extract<LeaderView, { found: true }>): string {
  const e = v.eks;
  if (!e) return `- (${v.eksReason ?? "not known"})`;
  const access = [
    e.privateAccess ? "private" : "",
    e.publicAccess ? `public from ${e.publicAccessCidrs.join(", ") || "0.0.0.0/0"}` : "",
  ].filter(Boolean);
  return `${e.cluster}${e.vpcId ? ` in ${e.vpcId}` : ""}, endpoint ${access.length ? access.join(" and ") : "access not said"}`;
}

/** The Leader block of `show`'s table. */
export function renderLeader(v: LeaderView, style: Style, max: number): string[] {
  const { c } = style;
  if (!v.found)
    return [
      c.bold("Leader"),
      ...wrap(`not read: ${v.reason}; name its context with --leader-context`, max, "  ", "  "),
    ];
  const facts: [string, string][] = [
    ["Context", `${v.context} (${v.foundBy})`],
    ["Server", v.server ?? "-"],
    ["Namespace", `${v.namespace} (${v.namespaceSource})`],
    [
      "ClusterSet",
      v.clusterSet
        ? `${v.clusterSet}, cluster ID ${v.clusterID ?? "-"}`
        : "- (none in its namespace)",
    ],
    ["Controller", v.controllerVersion ?? "-"],
    ["EKS", eksText(v)],
    ...(v.member ? ([["Also member", v.member]] as [string, string][]) : []),
    ...v.problems.map((p): [string, string] => ["Not read", c.yellow(p)]),
  ];
  const width = Math.max(...facts.map(([k]) => k.length));
  const head = (k: string) => `  ${c.dim(k.padEnd(width))}  `;
  const indent = " ".repeat(2 + width + 2);
  const lines = [
    c.bold(`Leader ${v.name}`),
    // A word longer than its column (an EKS endpoint URL) goes under its label, whole.
    ...facts.flatMap(([k, val]) =>
      !val.includes(" ") && indent.length + val.length > max
        ? [head(k).trimEnd(), `    ${val}`]
        : wrap(val, max, head(k), indent),
    ),
  ];
  if (v.members.length > 0) {
    lines.push(
      `  ${c.dim("Members it lists")}`,
      ...fittedColumns(
        ["CLUSTER ID", "MEMBER", "CONNECTED", "SINCE", "ANNOUNCE AGE"],
        v.members.map((m) => [
          m.clusterID,
          m.member ?? "-",
          m.connected === null ? "not listed" : m.connected,
          m.since ?? "-",
          !m.announced
            ? "no announce"
            : m.announceAgeSeconds !== null
              ? `${m.announceAgeSeconds}s`
              : (m.touched ?? "never refreshed"),
        ]),
        max,
      ),
    );
  }
  return lines;
}
