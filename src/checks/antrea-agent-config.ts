import { editConfigMap, kubectl, releaseManifest, unknownFrom } from "./helpers.js";
import type { MemberCheck } from "./types.js";

export const antreaAgentConfig: MemberCheck<"antrea.agent-config"> = {
  id: "antrea.agent-config",
  title: "antrea-agent configuration",
  category: "Antrea",
  severity: "error",
  scope: "member",
  docs: {
    summary:
      "the antrea-agent ConfigMap (the one the `antrea-agent` DaemonSet mounts, normally `kube-system/antrea-config`, key `antrea-agent.conf`) is missing, does not parse, or holds values antrea-agent rejects (a value it silently ignores is a warning)",
    why: "The tunnel type and port, the Multicluster feature gate and the Gateway settings all come from this file. If it is missing or invalid, antrea-agent does not start (or starts without Multi-cluster) and nothing else can be judged.",
    fix: "Install Antrea for EKS (`antrea-eks.yml`) if the DaemonSet is missing; otherwise fix the YAML at the reported line with `kubectl -n kube-system edit configmap antrea-config` and restart the agents.",
  },
  run(member) {
    const unknown = unknownFrom(member.agent, "the antrea-agent DaemonSet or its ConfigMap");
    if (unknown || !member.agent.known) return unknown ? [unknown] : [];
    const agent = member.agent.value;
    if (agent.status === "missing-daemonset") {
      return [
        {
          status: "fail",
          resource: "DaemonSet antrea-agent",
          message: agent.message,
          remediation: kubectl(member, `apply -f ${releaseManifest(undefined, "antrea-eks.yml")}`),
        },
      ];
    }
    const cm = agent.configMap;
    const resource = cm ? `ConfigMap ${cm.namespace}/${cm.name}` : "ConfigMap antrea-config";
    if (agent.status !== "ok") {
      return [
        {
          status: "fail",
          resource,
          message: agent.message,
          remediation: cm
            ? kubectl(member, `-n ${cm.namespace} edit configmap ${cm.name}`)
            : kubectl(member, "-n kube-system get configmaps"),
        },
      ];
    }
    // Which value was meant only the owner knows: an edit by hand, each problem named.
    const editByHand = (what: readonly string[]) =>
      editConfigMap(
        member,
        agent.configMap,
        "antrea-agent.conf",
        what.map((p) => `fix ${p}`),
        `daemonset/${agent.daemonSet.name}`,
      );
    if (agent.config.problems.length > 0) {
      return [
        {
          status: "fail",
          resource,
          message: `antrea-agent.conf: ${agent.config.problems.join("; ")}`,
          remediation: editByHand(agent.config.problems),
        },
      ];
    }
    if (agent.config.warnings.length > 0) {
      return agent.config.warnings.map((w) => ({
        status: "warn" as const,
        resource,
        message: `antrea-agent.conf: ${w}`,
        remediation: editByHand([w]),
      }));
    }
    const version = member.antreaVersion ? `, Antrea ${member.antreaVersion}` : "";
    return [
      { status: "pass", resource, message: `${resource} key antrea-agent.conf is valid${version}` },
    ];
  },
};
