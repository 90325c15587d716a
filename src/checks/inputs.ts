/**
 * A member's parsed configs, or why a check cannot use them. The failure itself is reported once,
 * by the check that owns it (antrea.agent-config, mc.controller); others report `unknown`.
 */
import type { AgentConfig } from "../model/agent-config.js";
import type { McConfig } from "../model/mc-config.js";
import type { MemberModel, ObjectRef } from "../model/types.js";

export type Access<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface AgentInput {
  config: AgentConfig;
  configMap: ObjectRef;
  daemonSet: ObjectRef;
  /** antrea-agent.conf as written. */
  text: string;
}

export function agentConfigOf(member: MemberModel): Access<AgentInput> {
  if (!member.agent.known) {
    return {
      ok: false,
      reason: `the antrea-agent config could not be read: ${member.agent.reason}`,
    };
  }
  const a = member.agent.value;
  if (a.status !== "ok") {
    return {
      ok: false,
      reason: `no usable antrea-agent config (see antrea.agent-config): ${a.message}`,
    };
  }
  return {
    ok: true,
    value: { config: a.config, configMap: a.configMap, daemonSet: a.daemonSet, text: a.text },
  };
}

export interface McConfigInput {
  config: McConfig;
  configMap: ObjectRef;
  /** controller_manager_config.yaml as written. */
  text: string;
}

export function mcConfigOf(member: MemberModel): Access<McConfigInput> {
  if (!member.mcConfig.known) {
    return {
      ok: false,
      reason: `the antrea-mc-controller config could not be read: ${member.mcConfig.reason}`,
    };
  }
  const c = member.mcConfig.value;
  if (c.status !== "ok") {
    return {
      ok: false,
      reason: `no usable antrea-mc-controller config (see mc.controller): ${c.message}`,
    };
  }
  return { ok: true, value: { config: c.config, configMap: c.configMap, text: c.text } };
}

/** The member controller's namespace, when it runs. */
export function controllerNamespace(member: MemberModel): Access<string> {
  if (!member.controller.known) {
    return { ok: false, reason: `Deployments could not be read: ${member.controller.reason}` };
  }
  const c = member.controller.value;
  if (c.status !== "ok") return { ok: false, reason: `${c.message} (see mc.controller)` };
  return { ok: true, value: c.deployment.namespace };
}
