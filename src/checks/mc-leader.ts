import { shellWord } from "../fixes/shell.js";
import { compareVersions, imageTag, minorOf, parseVersion } from "../model/antrea-version.js";
import {
  ANNOUNCE_DELETED_AFTER_HOURS,
  ANNOUNCE_REFRESH_SECONDS,
  type Announce,
  CLUSTER_ID_ANNOTATION,
  LEADER_TIMEOUT_SECONDS,
  type LeaderModel,
  leaderControllerTag,
  MEMBER_ROLE,
} from "../model/leader.js";
import type { MemberModel } from "../model/types.js";
import { kubectl, releaseManifest, some, unknownFinding } from "./helpers.js";
import { leaderKubectl, memberSideOfLeader, newMemberToken } from "./leader-fixes.js";
import type { CheckContext, Finding, MemberCheck } from "./types.js";

const LEADER_HINT =
  "name its kubeconfig context with --leader-context (or leader.context in --config)";

/** "3m 20s", "2h 5m", "4d 2h": an age a person reads at a glance. */
export function age(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 172800) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

/** Two ClusterIDs whose export names can collide: one is the other plus "-…" (east / east-1). */
export function dashPrefixPair(a: string, b: string): boolean {
  return a !== b && (b.startsWith(`${a}-`) || a.startsWith(`${b}-`));
}

interface Judged {
  findings: Finding[];
  /** What could not be judged, and why. */
  unknowns: string[];
  /** What was seen fine, for the pass message. */
  fine: string[];
}

function connection(member: MemberModel, leader: LeaderModel, id: string, out: Judged): void {
  const cs = leader.clusterSet;
  if (!cs.known) {
    out.unknowns.push(`the leader's ClusterSet could not be read (${cs.reason})`);
    return;
  }
  const ns = leader.namespace.value;
  if (!cs.value) {
    out.findings.push({
      status: "fail",
      resource: `leader ${leader.name} namespace ${ns}`,
      message: `the leader has no ClusterSet in namespace ${ns} (${leader.namespace.source}): no member can join`,
      remediation: [
        `kubectl config use-context ${shellWord(leader.context)}`,
        `antctl mc init --namespace ${ns} --clusterset <clusterset-id> --clusterid <leader-cluster-id>`,
      ].join("\n"),
    });
    return;
  }
  const set = cs.value;
  const resource = `leader ClusterSet ${set.namespace}/${set.name}`;
  const mine = member.clusterSets.known ? member.clusterSets.value[0] : undefined;
  if (mine && mine.name !== set.name) {
    out.findings.push({
      status: "fail",
      resource,
      message: `${member.name} joined ClusterSet "${mine.name}", the leader's is "${set.name}": the leader refuses announces of another ClusterSet`,
    });
  }
  const status = set.members.find((m) => m.clusterID === id);
  if (!status) {
    out.findings.push({
      status: "fail",
      resource,
      message: `the leader's ClusterSet does not list ${id}: the leader has had no announce from it since it started${set.members.length ? ` (it lists ${some(set.members.map((m) => m.clusterID))})` : ""}`,
      remediation: memberSideOfLeader(member).join("\n"),
    });
  } else if (status.connected !== "True") {
    out.findings.push({
      status: "fail",
      resource,
      message: `the leader counts ${id} as disconnected${status.since ? ` since ${status.since}` : ""}: "${status.message}"`,
      remediation: memberSideOfLeader(member).join("\n"),
    });
  } else out.fine.push(`connected${status.since ? ` since ${status.since}` : ""}`);
}

function announced(member: MemberModel, leader: LeaderModel, id: string, out: Judged): void {
  const list = leader.announces;
  if (!list.known) {
    out.unknowns.push(`MemberClusterAnnounces could not be read (${list.reason})`);
    return;
  }
  const name = `member-announce-from-${id}`;
  const a: Announce | undefined =
    list.value.find((x) => x.clusterID === id) ?? list.value.find((x) => x.name === name);
  const resource = `MemberClusterAnnounce ${leader.namespace.value}/${a?.name ?? name}`;
  if (!a) {
    out.findings.push({
      status: "fail",
      resource,
      message: `the leader has no MemberClusterAnnounce from ${id}: ${member.name}'s controller has not reached the leader, or the leader refused it`,
      remediation: memberSideOfLeader(member).join("\n"),
    });
    return;
  }
  if (!a.touched) {
    out.findings.push({
      status: "fail",
      resource,
      message: `${resource} was created and never refreshed (no touch-ts): the leader refuses ${member.name}'s updates, and deletes the announce at its next sweep`,
      remediation: memberSideOfLeader(member).join("\n"),
    });
    return;
  }
  const clock = leader.clock;
  const touched = Date.parse(a.touched);
  if (!clock.known) {
    out.unknowns.push(`the announce's age: ${clock.reason}`);
    return;
  }
  if (Number.isNaN(touched)) {
    out.findings.push({
      status: "fail",
      resource,
      message: `${resource} has touch-ts "${a.touched}", which is no RFC 3339 time: the leader deletes it as stale`,
    });
    return;
  }
  const seconds = (Date.parse(clock.value.value) - touched) / 1000;
  if (seconds > LEADER_TIMEOUT_SECONDS) {
    const deleted =
      seconds >= ANNOUNCE_DELETED_AFTER_HOURS * 3600
        ? `; after ${ANNOUNCE_DELETED_AFTER_HOURS}h the leader deletes it and ${member.name}'s ResourceExports`
        : "";
    out.findings.push({
      status: "fail",
      resource,
      message: `${resource} was last refreshed ${age(seconds)} before ${clock.value.value} (${clock.value.source}): ${member.name} refreshes it every ${ANNOUNCE_REFRESH_SECONDS}s, the leader counts it disconnected after ${LEADER_TIMEOUT_SECONDS}s${deleted}`,
      remediation: memberSideOfLeader(member).join("\n"),
    });
    return;
  }
  out.fine.push(`announce refreshed ${age(Math.max(0, seconds))} before the leader's clock`);
}

function exportsOf(member: MemberModel, leader: LeaderModel, id: string, out: Judged): void {
  const list = leader.exports;
  if (!list.known) {
    out.unknowns.push(`ResourceExports could not be read (${list.reason})`);
    return;
  }
  const mine = list.value.filter((e) => e.clusterID === id);
  const failed = mine.filter((e) => e.failed);
  for (const e of failed) {
    const why = [e.failed?.reason, e.failed?.message].filter(Boolean).join(": ");
    // Without its ClusterInfo no peer learns the member's Gateway; a Service export fails alone.
    const clusterInfo = e.kind === "ClusterInfo";
    out.findings.push({
      status: clusterInfo ? "fail" : "warn",
      severity: clusterInfo ? "error" : "warning",
      resource: `ResourceExport ${leader.namespace.value}/${e.name}`,
      message: `${member.name}'s ResourceExport ${e.name} (${e.kind}${e.of ? ` ${e.of}` : ""}) failed on the leader${why ? `: ${why}` : ""}${e.failed?.since ? ` (since ${e.failed.since})` : ""}; the leader's log says why${clusterInfo ? "" : " (often a Service whose ports differ between members)"}`,
      remediation: leaderKubectl(
        leader,
        `-n ${leader.namespace.value} logs deployment/antrea-mc-controller | grep ${e.name}`,
      ),
    });
  }
  if (failed.length === 0) out.fine.push(`${mine.length} ResourceExport(s) converged`);
}

function identity(
  member: MemberModel,
  leader: LeaderModel,
  id: string,
  ctx: CheckContext,
  out: Judged,
): void {
  // A denial by the leader's webhook shows, as the leader API server's words, in the member's
  // ClusterSet (its entry for the leader), not in the leader.
  const refusal = member.clusterSets.known
    ? member.clusterSets.value[0]?.leaderConnection?.message
    : undefined;
  if (refusal && /denied the request|is forbidden/i.test(refusal)) {
    out.findings.push({
      status: "fail",
      resource: `ClusterSet ${member.namespace.value}/${member.clusterSets.known ? member.clusterSets.value[0]?.name : ""}`,
      message: `the leader refuses ${member.name}: "${refusal}"`,
      remediation: newMemberToken(member, leader, id),
    });
  }
  const tag = leaderControllerTag(leader);
  const version = parseVersion(tag);
  if (!version) {
    out.unknowns.push(
      `member identities: the leader controller's version is unknown${tag ? ` (image tag ${tag})` : ""}, and only v2.7+ binds tokens to ClusterIDs`,
    );
    return;
  }
  if (compareVersions(version, "v2.7.0") < 0) return; // one shared token before v2.7
  const ids = leader.identities;
  if (!ids.known) {
    out.unknowns.push(`member identities: ServiceAccounts could not be read (${ids.reason})`);
    return;
  }
  const ns = leader.namespace.value;
  const bound = ids.value.filter((i) => i.clusterID === id);
  if (bound.length === 0) {
    out.findings.push({
      status: "fail",
      resource: `leader namespace ${ns}`,
      message: `no ServiceAccount in the leader's namespace ${ns} is annotated ${CLUSTER_ID_ANNOTATION}=${id}: the ${version.text} leader's webhook refuses ${member.name}'s announces (each member needs a token of its own since v2.7)`,
      remediation: newMemberToken(member, leader, id),
    });
  } else if (bound.length > 1) {
    out.findings.push({
      status: "fail",
      resource: `leader namespace ${ns}`,
      message: `${bound.length} ServiceAccounts are annotated ${CLUSTER_ID_ANNOTATION}=${id} (${bound.map((b) => b.serviceAccount).join(", ")}): a ClusterID has exactly one; remove the ones ${member.name}'s ClusterSet does not use`,
      remediation: bound
        .map((b) =>
          leaderKubectl(
            leader,
            `-n ${ns} annotate serviceaccount ${b.serviceAccount} ${CLUSTER_ID_ANNOTATION}-`,
          ),
        )
        .map((line) => `# only for a token ${member.name} does not use:\n${line}`)
        .join("\n"),
    });
  } else {
    const sa = bound[0];
    if (sa && sa.roleBindings.length === 0) {
      out.findings.push({
        status: "fail",
        resource: `ServiceAccount ${ns}/${sa.serviceAccount}`,
        message: `ServiceAccount ${sa.serviceAccount}, bound to ${id}, has no RoleBinding to Role ${MEMBER_ROLE}: ${member.name}'s token may not write its announce`,
        remediation: leaderKubectl(
          leader,
          `-n ${ns} create rolebinding ${sa.serviceAccount} --role ${MEMBER_ROLE} --serviceaccount ${ns}:${sa.serviceAccount}`,
        ),
      });
    } else if (sa) out.fine.push(`token ${sa.serviceAccount} bound to ${id}`);
  }
  const others = new Set([
    ...ctx.model.members.flatMap((m) => (m.clusterID ? [m.clusterID] : [])),
    ...ids.value.map((i) => i.clusterID),
    ...(leader.announces.known ? leader.announces.value.map((a) => a.clusterID) : []),
  ]);
  const clash = [...others].filter((o) => dashPrefixPair(id, o)).sort();
  if (clash.length > 0) {
    out.findings.push({
      status: "fail",
      resource: `ClusterID ${id}`,
      message: `ClusterID ${id} and ${clash.join(", ")} differ by a dash suffix: their ResourceExports can get the same name (<clusterID>-<namespace>-<name>-<kind>), and the leader's webhook refuses a new member whose ID is such a prefix`,
      manual: true,
      remediation: [
        `# Rename one of them (a new ClusterID: leave, then join again) so that no ID is another's prefix plus "-": e.g. ${clash[0]?.replaceAll("-", "")} instead of ${clash[0]}`,
        kubectl(
          member,
          `-n ${member.namespace.value} get clusterset.v1alpha2.multicluster.crd.antrea.io`,
        ),
      ].join("\n"),
    });
  }
}

/** The leader controller of another release line than the member's controller or agent. */
function skew(member: MemberModel, leader: LeaderModel, out: Judged): void {
  const lv = parseVersion(leaderControllerTag(leader));
  if (!lv) return; // said once, by identity()
  const c = member.controller;
  const mv = parseVersion(imageTag(c.known && c.value.status === "ok" ? c.value.image : undefined));
  const av = parseVersion(member.antreaVersion);
  const upgrade = (file: string, on: string) =>
    `# docs/multicluster/upgrade.md: upgrade the leader first, then every member to the same version\n${on === "leader" ? leaderKubectl(leader, `apply -f ${releaseManifest(lv.text, file)}`) : kubectl(member, `apply -f ${releaseManifest(lv.text, file)}`)}`;
  if (mv && minorOf(mv) !== minorOf(lv)) {
    const old27 = compareVersions(lv, "v2.7.0") >= 0 && compareVersions(mv, "v2.7.0") < 0;
    out.findings.push({
      status: old27 ? "fail" : "warn",
      severity: old27 ? "error" : "warning",
      resource: `Deployment ${member.namespace.value}/antrea-mc-controller`,
      message: `${member.name}'s antrea-mc-controller is ${mv.text}, the leader's ${lv.text}: the member controller must run the leader's version${old27 ? " (a v2.7+ leader's webhook refuses an older member's ClusterInfo updates)" : ""}`,
      manual: true,
      remediation: upgrade("antrea-multicluster-member.yml", "member"),
    });
  }
  if (av && minorOf(av) !== minorOf(lv)) {
    out.findings.push({
      status: "warn",
      severity: "warning",
      resource: `DaemonSet antrea-agent`,
      message: `${member.name}'s antrea-agent is ${av.text}, the leader's antrea-mc-controller ${lv.text}: Antrea and Antrea Multi-cluster are released and tested together`,
      manual: true,
      remediation: upgrade("antrea-eks.yml", "member"),
    });
  }
}

export const mcLeader: MemberCheck<"mc.leader"> = {
  id: "mc.leader",
  title: "What the leader says",
  category: "Multi-cluster",
  severity: "error",
  scope: "member",
  docs: {
    summary:
      "seen from the leader cluster: its ClusterSet does not count the member as connected, the member's MemberClusterAnnounce is missing or stale, a ResourceExport of the member failed, the member's identity is refused (no ServiceAccount bound to its ClusterID, two of them, no RoleBinding, a ClusterID that is another's prefix plus a dash, a webhook denial), or the leader's controller runs another release than the member's; `unknown` when no leader context is known",
    why: `A member only says "not Ready"; why sits on the leader. The member controller writes its MemberClusterAnnounce in the leader's namespace and refreshes its \`touch-ts\` every ${ANNOUNCE_REFRESH_SECONDS}s; the leader counts the member disconnected after ${LEADER_TIMEOUT_SECONDS}s without an update (its ClusterSet's \`status.clusterStatuses\`, condition Ready, "No MemberClusterAnnounce update after …") and after ${ANNOUNCE_DELETED_AFTER_HOURS}h deletes the announce and the member's ResourceExports (multicluster/controllers/multicluster/leader/memberclusterannounce_controller.go, stale_controller.go). The announce's age is measured by the leader API server's clock (its Date header; in a snapshot, the time it was taken), never the clock of the machine running doctor. A ResourceExport the leader cannot converge into a ResourceImport has a Failure condition (ConvergeFailure); the cause is in the leader controller's log. Since v2.7 every member has a token of its own: a ServiceAccount in the leader namespace annotated \`${CLUSTER_ID_ANNOTATION}: <clusterID>\` with a RoleBinding to Role \`${MEMBER_ROLE}\`; the leader's webhook refuses announces from any other, and refuses a new ClusterID that is another's prefix plus "-" (\`east\` / \`east-1\`), since export names \`<clusterID>-<namespace>-<name>-<kind>\` can collide (docs/multicluster/upgrade.md). The refusal shows in the member's ClusterSet, quoted in the finding. The leader controller and the member controllers must run the same version (upgrade.md). Reading all of this needs a leader context that may list ClusterSets, MemberClusterAnnounces, ResourceExports, ServiceAccounts and RoleBindings in the leader namespace (a member token may not read ClusterSets or ServiceAccounts); Secrets are never read.`,
    fix: "Each finding names the object and the command: the member controller's log and its ClusterSet's view of the leader for a missing or stale announce; the leader controller's log for a failed export; `antctl mc create membertoken … --cluster-id <id>` on the leader and the token in the member for a refused identity. Without a leader context, pass `--leader-context` (or `leader.context` in `--config`); doctor otherwise finds it by the leader server the members' ClusterSets name.",
  },
  run(member, ctx) {
    const l = ctx.model.leader;
    if (!l.known) return [unknownFinding(`the leader was not read: ${l.reason}; ${LEADER_HINT}`)];
    const leader = l.value;
    if (!leader.reachable) {
      const why = leader.problems[0]?.failure.message ?? "it could not be read";
      return [unknownFinding(`the leader (context ${leader.context}) could not be read: ${why}`)];
    }
    const id = member.clusterID;
    if (!id) return [unknownFinding(`${member.name} has no cluster ID (see mc.clusterset)`)];
    const out: Judged = { findings: [], unknowns: [], fine: [] };
    connection(member, leader, id, out);
    announced(member, leader, id, out);
    exportsOf(member, leader, id, out);
    identity(member, leader, id, ctx, out);
    skew(member, leader, out);
    const findings = [...out.findings];
    if (out.unknowns.length > 0)
      findings.push(unknownFinding(`on the leader ${leader.name}: ${out.unknowns.join("; ")}`));
    if (findings.length > 0) return findings;
    return [
      {
        status: "pass",
        resource: `leader ${leader.name}`,
        message: `the leader (context ${leader.context}) says ${id}: ${out.fine.join(", ")}`,
      },
    ];
  },
};
