import { kubectl, releaseManifest, restartController, unknownFinding } from "./helpers.js";
import type { Finding, MemberCheck } from "./types.js";

export const mcController: MemberCheck<"mc.controller"> = {
  id: "mc.controller",
  title: "Member antrea-mc-controller",
  category: "Multi-cluster",
  severity: "error",
  scope: "member",
  docs: {
    summary:
      "there is no member-mode `antrea-mc-controller` Deployment in the member namespace, it is not available, or its ConfigMap `antrea-mc-controller-config` is missing or invalid",
    why: "The member controller joins the ClusterSet, elects the Gateway, exports this cluster's ClusterInfo (Gateway IP, Service and Pod CIDRs) to the leader and imports the peers'. Without it nothing cross-cluster is set up.",
    fix: "Apply the `antrea-multicluster-member.yml` manifest of the same Antrea version, then look at the controller's events and logs if it stays unavailable; fix `controller_manager_config.yaml` where it does not parse.",
  },
  run(member) {
    if (!member.controller.known)
      return [unknownFinding(`Deployments could not be read: ${member.controller.reason}`)];
    const c = member.controller.value;
    const ns = member.namespace.value;
    if (c.status === "missing") {
      return [
        {
          status: "fail",
          resource: `Deployment ${ns}/antrea-mc-controller`,
          message: c.message,
          remediation: kubectl(
            member,
            `apply -f ${releaseManifest(member.antreaVersion, "antrea-multicluster-member.yml")}`,
          ),
        },
      ];
    }
    const findings: Finding[] = [];
    const dep = `Deployment ${c.deployment.namespace}/${c.deployment.name}`;
    if (!c.available) {
      findings.push({
        status: "fail",
        resource: dep,
        message: `${dep} is not available: ${c.availability}`,
        remediation: [
          kubectl(member, `-n ${c.deployment.namespace} describe deployment ${c.deployment.name}`),
          kubectl(member, `-n ${c.deployment.namespace} logs deployment/${c.deployment.name}`),
        ].join("\n"),
      });
    }
    const cfg = member.mcConfig.known ? member.mcConfig.value : undefined;
    if (cfg && cfg.status !== "ok") {
      findings.push({
        status: "fail",
        resource: `ConfigMap ${cfg.configMap.namespace}/${cfg.configMap.name}`,
        message: cfg.message,
        remediation:
          cfg.status === "missing-configmap"
            ? kubectl(
                member,
                `apply -f ${releaseManifest(member.antreaVersion, "antrea-multicluster-member.yml")}`,
              )
            : kubectl(member, `-n ${cfg.configMap.namespace} edit configmap ${cfg.configMap.name}`),
      });
    } else if (cfg && cfg.config.problems.length > 0) {
      findings.push({
        status: "fail",
        resource: `ConfigMap ${cfg.configMap.namespace}/${cfg.configMap.name}`,
        message: `controller_manager_config.yaml: ${cfg.config.problems.join("; ")}`,
        remediation: [
          kubectl(member, `-n ${cfg.configMap.namespace} edit configmap ${cfg.configMap.name}`),
          restartController(member, c.deployment.namespace),
        ].join("\n"),
      });
    }
    if (findings.length > 0) return findings;
    return [
      { status: "pass", resource: dep, message: `${dep} runs in member mode (${c.availability})` },
    ];
  },
};
