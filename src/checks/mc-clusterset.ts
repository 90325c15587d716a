import { shellWord } from "../fixes/shell.js";
import type { MemberModel } from "../model/types.js";
import { kubectl, restartController, unknownFinding } from "./helpers.js";
import type { CheckContext, Finding, MemberCheck } from "./types.js";

/** The ClusterSet name most members use (ties: the first member's), if any member has one. */
function majorityName(ctx: CheckContext): { name: string; member: string } | undefined {
  const counts = new Map<string, { n: number; member: string }>();
  for (const m of ctx.model.members) {
    const cs = m.clusterSets.known ? m.clusterSets.value[0] : undefined;
    if (!cs) continue;
    const entry = counts.get(cs.name);
    counts.set(cs.name, { n: (entry?.n ?? 0) + 1, member: entry?.member ?? m.name });
  }
  let best: { name: string; member: string; n: number } | undefined;
  for (const [name, { n, member }] of counts) if (!best || n > best.n) best = { name, member, n };
  return best;
}

function joinCommand(member: MemberModel, ctx: CheckContext): string {
  const peer = ctx.model.members.find(
    (m) => m !== member && m.clusterSets.known && m.clusterSets.value[0]?.leaderServer,
  );
  const cs = peer?.clusterSets.known ? peer.clusterSets.value[0] : undefined;
  const leaderNs = cs?.leaderNamespace ?? "antrea-multicluster";
  // antctl has no --context flag: it uses the kubeconfig's current context.
  return [
    `# member-token.yml: made in the leader cluster with \`antctl mc create membertoken ${member.name}-token -n ${leaderNs} -o member-token.yml\``,
    `kubectl config use-context ${shellWord(member.context)}`,
    [
      `antctl mc join --namespace ${member.namespace.value}`,
      `  --clusterset ${cs?.name ?? "<clusterset-id>"} --clusterid ${member.name}`,
      `  --leader-clusterid ${cs?.leaderClusterID ?? "<leader-cluster-id>"} --leader-namespace ${leaderNs}`,
      `  --leader-apiserver ${cs?.leaderServer ?? "<leader-api-server-url>"} --token-secret-file member-token.yml`,
    ].join(" \\\n"),
  ].join("\n");
}

/**
 * A member's cluster ID (and its ClusterSet) cannot change in place: it leaves and joins again,
 * which withdraws what it exports until it is back. A person decides when: manual.
 */
function rejoin(
  member: MemberModel,
  ctx: CheckContext,
  cs: { name: string },
  why: string,
): Pick<Finding, "status" | "manual" | "remediation"> {
  return {
    status: "fail",
    manual: true,
    remediation: [
      `# ${why}; ${member.name} leaves and joins again (its exported Services are withdrawn meanwhile):`,
      `kubectl config use-context ${shellWord(member.context)}`,
      `antctl mc leave --clusterset ${shellWord(cs.name)} --namespace ${member.namespace.value}`,
      // Without its use-context line: the block switched already.
      ...joinCommand(member, ctx)
        .split("\n")
        .filter((l) => !l.startsWith("kubectl config use-context")),
    ].join("\n"),
  };
}

export const mcClusterSet: MemberCheck<"mc.clusterset"> = {
  id: "mc.clusterset",
  title: "ClusterSet membership",
  category: "Multi-cluster",
  severity: "error",
  scope: "member",
  docs: {
    summary:
      "there is no ClusterSet (v1alpha2) in the member namespace, it has no `spec.clusterID`, it is not Ready, two members share a cluster ID, or ClusterSet names differ between members",
    why: "A member takes part in the ClusterSet through this object: it names the leader, and its cluster ID is what peers use for this cluster. Until it is Ready (connected to the leader) the member controller elects no Gateway and exchanges no ClusterInfo.",
    fix: "Join the ClusterSet with `antctl mc join` (same ClusterSet ID as the other members, a unique cluster ID); if it is not Ready, check the leader address and the member token Secret, and the member controller's logs. A cluster ID or ClusterSet name cannot be changed in place: that finding is a manual step (leave, then join again), since the member's exports are withdrawn meanwhile.",
  },
  run(member, ctx) {
    if (!member.clusterSets.known)
      return [unknownFinding(`ClusterSets could not be read: ${member.clusterSets.reason}`)];
    const sets = member.clusterSets.value;
    const ns = member.namespace.value;
    if (sets.length === 0) {
      return [
        {
          status: "fail",
          resource: `namespace ${ns}`,
          message: `no ClusterSet in namespace ${ns}: this cluster has not joined a ClusterSet`,
          remediation: joinCommand(member, ctx),
        },
      ];
    }
    if (sets.length > 1) {
      return [
        {
          status: "fail",
          resource: `namespace ${ns}`,
          message: `${sets.length} ClusterSets in namespace ${ns} (${sets.map((s) => s.name).join(", ")}): a member belongs to exactly one`,
          remediation: kubectl(
            member,
            `-n ${ns} get clustersets.v1alpha2.multicluster.crd.antrea.io`,
          ),
        },
      ];
    }
    const cs = sets[0];
    if (!cs) return [];
    const resource = `ClusterSet ${ns}/${cs.name}`;
    const findings: Finding[] = [];
    if (!cs.clusterID) {
      findings.push({
        status: "fail",
        resource,
        message: `${resource} has no spec.clusterID`,
        // The member's name, as `antctl mc join` would have set it.
        remediation: kubectl(
          member,
          `-n ${ns} patch clusterset.v1alpha2.multicluster.crd.antrea.io ${shellWord(cs.name)} --type merge -p ${shellWord(JSON.stringify({ spec: { clusterID: member.name } }))}`,
        ),
      });
    } else {
      const twin = ctx.model.members.find((m) => m !== member && m.clusterID === cs.clusterID);
      if (twin) {
        // The member whose ID is its own name keeps it; the other one takes its name (its finding).
        const fix =
          cs.clusterID === member.name
            ? { status: "fail" as const }
            : rejoin(member, ctx, cs, "a cluster ID cannot be changed in place");
        findings.push({
          ...fix,
          resource,
          peer: twin.name,
          message: `cluster ID "${cs.clusterID}" is also used by member ${twin.name}: cluster IDs must be unique in a ClusterSet`,
        });
      }
    }
    const majority = majorityName(ctx);
    if (majority && majority.name !== cs.name) {
      findings.push({
        ...rejoin(member, ctx, cs, "a member's ClusterSet cannot be changed in place"),
        resource,
        peer: majority.member,
        message: `ClusterSet "${cs.name}" differs from "${majority.name}" used by ${majority.member}: members of one ClusterSet share its name`,
      });
    }
    if (cs.ready !== "True") {
      findings.push({
        status: "fail",
        resource,
        message: `${resource} is not Ready (${cs.ready}${cs.readyMessage ? `: ${cs.readyMessage}` : ""})${cs.leaderServer ? `; leader ${cs.leaderServer}` : ""}`,
        remediation: [
          kubectl(
            member,
            `-n ${ns} get clusterset.v1alpha2.multicluster.crd.antrea.io ${cs.name} -o yaml`,
          ),
          kubectl(member, `-n ${ns} logs deployment/antrea-mc-controller`),
          restartController(member, ns),
        ].join("\n"),
      });
    }
    if (findings.length > 0) return findings;
    return [
      {
        status: "pass",
        resource,
        message: `member of ClusterSet ${cs.name} as cluster ID ${cs.clusterID}, Ready${cs.leaderServer ? `, leader ${cs.leaderServer}` : ""}`,
      },
    ];
  },
};
