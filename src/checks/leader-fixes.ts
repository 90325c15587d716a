/** Commands that fix what the leader says about a member: read on, or give it a token of its own. */
import { shellWord } from "../fixes/shell.js";
import type { LeaderModel } from "../model/leader.js";
import type { MemberModel } from "../model/types.js";
import { kubectl } from "./helpers.js";

/** `kubectl --context <leader's context> <args>`. */
export function leaderKubectl(leader: LeaderModel, args: string): string {
  return `kubectl --context ${shellWord(leader.context)} ${args}`;
}

/** The member controller's log lines about the leader, and its ClusterSet's view of it. */
export function memberSideOfLeader(member: MemberModel): string[] {
  const ns = member.namespace.value;
  const cs = member.clusterSets.known ? member.clusterSets.value[0] : undefined;
  return [
    ...(cs
      ? [
          kubectl(
            member,
            `-n ${ns} get clusterset.v1alpha2.multicluster.crd.antrea.io ${shellWord(cs.name)} -o jsonpath='{.status.clusterStatuses}'`,
          ),
        ]
      : []),
    kubectl(
      member,
      `-n ${ns} logs deployment/antrea-mc-controller | grep -i -e leader -e MemberClusterAnnounce`,
    ),
  ];
}

/**
 * A member token bound to the member's ClusterID (Antrea v2.7+): made on the leader with antctl
 * (which uses the current context), applied in the member, and named by its ClusterSet.
 */
export function newMemberToken(member: MemberModel, leader: LeaderModel, id: string): string {
  const token = `${id}-member-token`;
  const ns = member.namespace.value;
  const cs = member.clusterSets.known ? member.clusterSets.value[0] : undefined;
  return [
    `kubectl config use-context ${shellWord(leader.context)}`,
    `antctl mc create membertoken ${token} -n ${leader.namespace.value} --cluster-id ${shellWord(id)} -o ${token}.yml`,
    kubectl(member, `-n ${ns} apply -f ${token}.yml`),
    ...(cs
      ? [
          kubectl(
            member,
            `-n ${ns} patch clusterset.v1alpha2.multicluster.crd.antrea.io ${shellWord(cs.name)} --type json -p ${shellWord(JSON.stringify([{ op: "replace", path: "/spec/leaders/0/secret", value: token }]))}`,
          ),
        ]
      : []),
  ].join("\n");
}
