/**
 * Where Antrea keeps its objects. Collection uses these to know what to read next, the model to
 * interpret what was read; both must agree, so the rules live here once.
 */

import { objects, str, strings } from "../util/json.js";
import {
  type Container,
  type DaemonSetObject,
  type DeploymentObject,
  nameOf,
  namespaceOf,
  type PodSpecShape,
} from "./shapes.js";
import type { KubeObject } from "./types.js";

export const AGENT_DAEMONSET = "antrea-agent";
export const AGENT_CONTAINER = "antrea-agent";
export const AGENT_CONFIG_KEY = "antrea-agent.conf";
export const AGENT_CONFIG_DEFAULT_CONFIGMAP = "antrea-config";
export const MC_CONTROLLER = "antrea-mc-controller";
export const MC_CONFIG_KEY = "controller_manager_config.yaml";
export const MC_CONFIG_DEFAULT_CONFIGMAP = "antrea-mc-controller-config";
export const DEFAULT_MEMBER_NAMESPACE = "kube-system";
export const GATEWAY_ANNOTATION = "multicluster.antrea.io/gateway";
export const GATEWAY_IP_ANNOTATION = "multicluster.antrea.io/gateway-ip";
export const MC_GROUP = "multicluster.crd.antrea.io";
export const DEFAULT_LEADER_NAMESPACE = "antrea-multicluster";

/** The antrea-agent DaemonSet: by name, preferring kube-system when several namespaces have one. */
export function findAgentDaemonSet(items: readonly KubeObject[]): DaemonSetObject | undefined {
  const named = items.filter((d) => nameOf(d) === AGENT_DAEMONSET);
  return named.find((d) => namespaceOf(d) === "kube-system") ?? named[0];
}

/** The ConfigMap (and key) that a pod template mounts at `mountFile`, or via the named volume. */
function mountedConfigMap(
  spec: PodSpecShape | undefined,
  container: string,
  mountFile: string,
  fallbackVolume: string,
): string | undefined {
  const c = objects<Container>(spec?.containers).find((x) => x.name === container);
  const mount = objects<{ name?: unknown; mountPath?: unknown; subPath?: unknown }>(
    c?.volumeMounts,
  ).find((m) => m.mountPath === mountFile || m.subPath === mountFile.split("/").pop());
  const volumeName = str(mount?.name) ?? fallbackVolume;
  const volume = objects<{ name?: unknown; configMap?: unknown }>(spec?.volumes).find(
    (v) => v.name === volumeName,
  );
  return str((volume?.configMap as { name?: unknown } | undefined)?.name);
}

/**
 * The agent ConfigMap as mounted by the DaemonSet (old releases used a hashed name such as
 * antrea-config-5bc9b4g46h), else the manifest default.
 */
export function agentConfigMapName(ds: DaemonSetObject | undefined): string {
  return (
    mountedConfigMap(
      ds?.spec?.template?.spec,
      AGENT_CONTAINER,
      `/etc/antrea/${AGENT_CONFIG_KEY}`,
      "antrea-config",
    ) ?? AGENT_CONFIG_DEFAULT_CONFIGMAP
  );
}

export function controllerConfigMapName(dep: DeploymentObject | undefined): string {
  return (
    mountedConfigMap(
      dep?.spec?.template?.spec,
      MC_CONTROLLER,
      `/${MC_CONFIG_KEY}`,
      MC_CONFIG_DEFAULT_CONFIGMAP,
    ) ?? MC_CONFIG_DEFAULT_CONFIGMAP
  );
}

/** "member" or "leader": the second element of the controller container's command. */
export function controllerRole(dep: DeploymentObject): string | undefined {
  const containers = objects<Container>(dep.spec?.template?.spec?.containers);
  const c = containers.find((x) => x.name === MC_CONTROLLER) ?? containers[0];
  const words = [...strings(c?.command), ...strings(c?.args)];
  return words.find((w) => w === "member" || w === "leader");
}

/**
 * The member antrea-mc-controller Deployment: in `namespace` when given, else the first member-mode
 * one (kube-system first). A dual-role cluster has a leader one of the same name elsewhere.
 */
export function findMemberController(
  items: readonly KubeObject[],
  namespace?: string,
): DeploymentObject | undefined {
  const members = (items as DeploymentObject[]).filter(
    (d) => nameOf(d) === MC_CONTROLLER && controllerRole(d) === "member",
  );
  if (namespace) return members.find((d) => namespaceOf(d) === namespace);
  return members.find((d) => namespaceOf(d) === DEFAULT_MEMBER_NAMESPACE) ?? members[0];
}

/** The leader antrea-mc-controller Deployment: in `namespace` when given, else the first one. */
export function findLeaderController(
  items: readonly KubeObject[],
  namespace?: string,
): DeploymentObject | undefined {
  const leaders = (items as DeploymentObject[]).filter(
    (d) => nameOf(d) === MC_CONTROLLER && controllerRole(d) === "leader",
  );
  if (namespace) return leaders.find((d) => namespaceOf(d) === namespace);
  return leaders.find((d) => namespaceOf(d) === DEFAULT_LEADER_NAMESPACE) ?? leaders[0];
}
