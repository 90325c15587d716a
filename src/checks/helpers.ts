/** Building blocks shared by checks: findings and exact, copy-pasteable remediation commands. */

import { shellWord } from "../fixes/shell.js";
import type { Known, MemberModel, ObjectRef } from "../model/types.js";
import type { Finding } from "./types.js";

/** `kubectl --context <member's context> <args>`. */
export function kubectl(member: MemberModel, args: string): string {
  return `kubectl --context ${shellWord(member.context)} ${args}`;
}

export function unknownFinding(reason: string): Finding {
  return { status: "unknown", message: reason };
}

export function unknownFrom<T>(k: Known<T>, what: string): Finding | undefined {
  return k.known ? undefined : unknownFinding(`${what} could not be read: ${k.reason}`);
}

/**
 * Edit a YAML file held in a ConfigMap (each setting becomes a comment line naming the change, e.g.
 * "set featureGates.Multicluster: true"), then restart what reads it.
 */
export function editConfigMap(
  member: MemberModel,
  cm: ObjectRef,
  key: string,
  settings: readonly string[],
  restart: string,
): string {
  return [
    kubectl(member, `-n ${cm.namespace} edit configmap ${cm.name}`),
    ...settings.map((s) => `#   ${key}: ${s}`),
    kubectl(member, `-n ${cm.namespace} rollout restart ${restart}`),
  ].join("\n");
}

/** Edit antrea-agent.conf and restart the agents. */
export function editAgentConfig(
  member: MemberModel,
  agent: { configMap: ObjectRef; daemonSet: ObjectRef },
  settings: readonly string[],
): string {
  return editConfigMap(
    member,
    agent.configMap,
    "antrea-agent.conf",
    settings,
    `daemonset/${agent.daemonSet.name}`,
  );
}

export function restartController(member: MemberModel, namespace: string): string {
  return kubectl(member, `-n ${namespace} rollout restart deployment/antrea-mc-controller`);
}

/** The release manifest URL for an Antrea version (or the latest release). */
export function releaseManifest(version: string | undefined, file: string): string {
  return version && /^v\d+\.\d+\.\d+/.test(version)
    ? `https://github.com/antrea-io/antrea/releases/download/${version}/${file}`
    : `https://github.com/antrea-io/antrea/releases/latest/download/${file}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * The same input of both members of a pair, or the `unknown` finding that names the member whose
 * value could not be determined, e.g. bothKnown(a, b, (m) => m.serviceCIDR, "Service CIDR").
 */
export function bothKnown<T>(
  member: MemberModel,
  peer: MemberModel,
  pick: (m: MemberModel) => Known<T>,
  what: string,
): { ok: true; values: [T, T] } | { ok: false; finding: Finding } {
  const a = pick(member);
  if (!a.known)
    return {
      ok: false,
      finding: unknownFinding(`unknown ${what} for ${member.name}: ${a.reason}`),
    };
  const b = pick(peer);
  if (!b.known)
    return {
      ok: false,
      finding: unknownFinding(`unknown ${what} for ${peer.name}: ${b.reason}`),
    };
  return { ok: true, values: [a.value, b.value] };
}

/** Lists in messages stay short. */
export function some(items: readonly string[], n = 3): string {
  return items.length <= n
    ? items.join(", ")
    : `${items.slice(0, n).join(", ")} and ${items.length - n} more`;
}
