/** Building blocks shared by checks: findings and exact, copy-pasteable remediation commands. */

import {
  type BlobSetting,
  type BlobValue,
  editBlob,
  type Hunk,
  yamlValue,
} from "../fixes/config-blob.js";
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
 * Edit a YAML file held in a ConfigMap by hand (each note a comment line naming what to fix), then
 * restart what reads it: for a problem whose right value only the owner knows.
 */
export function editConfigMap(
  member: MemberModel,
  cm: ObjectRef,
  key: string,
  notes: readonly string[],
  restart: string,
): string {
  return [
    kubectl(member, `-n ${cm.namespace} edit configmap ${cm.name}`),
    ...notes.map((s) => `#   ${key}: ${s}`),
    kubectl(member, `-n ${cm.namespace} rollout restart ${restart}`),
  ].join("\n");
}

/** A config file held in a ConfigMap, as it is, and what restarts to read it again. */
export interface ConfigFile {
  readonly configMap: ObjectRef;
  readonly key: string;
  readonly text: string;
  /** e.g. "daemonset/antrea-agent". */
  readonly restart: string;
}

const diffLine = (mark: string, line: string) => `#   ${mark} ${line}`;

/** The lines a person changes, as a short diff in comments under one heading. */
function describeEdit(file: ConfigFile, hunks: readonly Hunk[], note: string): string[] {
  const added = hunks.every((h) => h.before.length === 0);
  const changed = hunks.every((h) => h.before.length > 0);
  const lines = hunks.reduce((n, h) => n + Math.max(h.before.length, h.after.length), 0);
  const anchor = hunks.length === 1 ? hunks[0]?.anchor?.trim() : undefined;
  const verb = changed
    ? `change the line${lines > 1 ? "s" : ""}`
    : added
      ? `add the line${lines > 1 ? "s" : ""}${anchor ? ` after "${anchor}"` : ""}`
      : "edit";
  const out = [
    `# ConfigMap ${file.configMap.namespace}/${file.configMap.name}, key ${file.key}: ${verb}${note}`,
  ];
  for (const h of hunks) {
    if (h.before.length === 0) {
      // Where the new lines go: after the line shown unmarked, or at the end of the file.
      out.push(h.anchor?.trim() ? diffLine(" ", h.anchor) : "#   (at the end)");
    }
    for (const l of h.before) out.push(diffLine("-", l));
    for (const l of h.after) out.push(diffLine("+", l));
  }
  return out;
}

/**
 * Settings inside a config file a ConfigMap holds. Kubernetes patches the file only whole, so the
 * fix is the whole edited file in a merge patch, then the restart; for the table, the lines to
 * change and `kubectl edit`. When the text cannot be edited line by line, an edit by hand.
 */
export function configFix(
  member: MemberModel,
  file: ConfigFile,
  settings: readonly BlobSetting[],
  /** Why these values, e.g. "as west has it". */
  because?: string,
): Pick<Finding, "remediation" | "remediationText"> {
  const { configMap: cm } = file;
  const restart = kubectl(member, `-n ${cm.namespace} rollout restart ${file.restart}`);
  const edit = editBlob(file.text, settings);
  if (!edit || edit.hunks.length === 0) {
    const notes = settings.map(
      (s) => `set ${s.path.join(".")}: ${yamlValue(s.value)}${because ? ` (${because})` : ""}`,
    );
    return { remediation: editConfigMap(member, cm, file.key, notes, file.restart) };
  }
  const patch = JSON.stringify({ data: { [file.key]: edit.text } });
  return {
    remediation: [
      kubectl(
        member,
        `-n ${cm.namespace} patch configmap ${cm.name} --type merge -p ${shellWord(patch)}`,
      ),
      restart,
    ].join("\n"),
    remediationText: [
      ...describeEdit(file, edit.hunks, because ? ` (${because})` : ""),
      kubectl(member, `-n ${cm.namespace} edit configmap ${cm.name}`),
      restart,
    ].join("\n"),
  };
}

/** antrea-agent.conf of the member, restarted with the agents. */
export function agentConfigFile(agent: {
  configMap: ObjectRef;
  daemonSet: ObjectRef;
  text: string;
}): ConfigFile {
  return {
    configMap: agent.configMap,
    key: "antrea-agent.conf",
    text: agent.text,
    restart: `daemonset/${agent.daemonSet.name}`,
  };
}

/** controller_manager_config.yaml of the member controller, restarted with it. */
export function mcConfigFile(mc: { configMap: ObjectRef; text: string }): ConfigFile {
  return {
    configMap: mc.configMap,
    key: "controller_manager_config.yaml",
    text: mc.text,
    restart: "deployment/antrea-mc-controller",
  };
}

/** A setting by its dotted path, e.g. setting("multicluster.enableGateway", true). */
export function setting(path: string, value: BlobValue): BlobSetting {
  return { path: path.split("."), value };
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
