import { antreaAgentConfig } from "../../src/checks/antrea-agent-config.js";
import { checkCases, mutated, pair } from "../support/check-cases.js";
import { patchObjects } from "../support/scenarios.js";

checkCases(antreaAgentConfig, {
  valid: [
    { name: "the antrea-eks.yml config with Multi-cluster turned on" },
    {
      name: "a hashed ConfigMap name (Antrea v1.5 manifests) is followed through the DaemonSet volume",
      members: mutated("west", (m) => {
        const hashed = "antrea-config-5bc9b4g46h";
        m.objects = patchObjects(m.objects, "DaemonSet", "antrea-agent", (ds) => {
          const spec = (
            ds.spec as {
              template: { spec: { volumes: { name: string; configMap?: { name: string } }[] } };
            }
          ).template.spec;
          for (const v of spec.volumes)
            if (v.name === "antrea-config") v.configMap = { name: hashed };
          return ds;
        });
        m.objects = patchObjects(m.objects, "ConfigMap", "antrea-config", (cm) => ({
          ...cm,
          metadata: { ...cm.metadata, name: hashed },
        }));
      }),
    },
  ],
  invalid: [
    {
      name: "antrea-agent.conf is not valid YAML",
      members: mutated("west", (m) => {
        m.objects = patchObjects(m.objects, "ConfigMap", "antrea-config", (cm) => ({
          ...cm,
          data: {
            "antrea-agent.conf":
              "featureGates:\n  Multicluster: true\nmulticluster:\n  enableGateway: true\n enablePodToPodConnectivity: true\n",
          },
        }));
      }),
      status: "fail",
      message:
        /does not parse: All mapping items must start at the same column at line 5, column \d+$/,
      remediation: /-n kube-system edit configmap antrea-config/,
    },
    {
      name: "a Multi-cluster encryption mode the agent ignores",
      members: pair({ agentConf: { "multicluster.trafficEncryptionMode": "WireGuard-v2" } }),
      status: "warn",
      severity: "warning",
      message:
        /trafficEncryptionMode "WireGuard-v2" is not none or wireGuard: the agent treats it as none/,
    },
    {
      name: "a boolean written as a string",
      members: pair({
        agentConf: { "featureGates.Multicluster": "true", "multicluster.enableGateway": true },
      }),
      status: "fail",
      message: /featureGates\.Multicluster must be true or false, not "true"/,
    },
    {
      name: "an unknown tunnelType (the agent compares it exactly)",
      members: pair({ agentConf: { tunnelType: "Geneve" } }),
      status: "fail",
      message: /tunnelType "Geneve" is not one of geneve, vxlan, gre, stt/,
    },
    {
      name: "the ConfigMap the DaemonSet mounts is missing",
      members: mutated("west", (m) => {
        m.objects = patchObjects(m.objects, "ConfigMap", "antrea-config", () => null);
      }),
      status: "fail",
      message:
        /ConfigMap kube-system\/antrea-config, mounted by DaemonSet kube-system\/antrea-agent, does not exist/,
    },
    {
      name: "Antrea is not installed",
      members: mutated("west", (m) => {
        m.objects = patchObjects(m.objects, "DaemonSet", "antrea-agent", () => null);
      }),
      status: "fail",
      message: /no antrea-agent DaemonSet/,
      remediation: /releases\/latest\/download\/antrea-eks\.yml/,
    },
    {
      name: "ConfigMaps cannot be read",
      overrides: { west: { forbidden: [{ resource: "configmaps" }] } },
      status: "unknown",
      message: /could not be read: get configmaps antrea-config/,
    },
  ],
});
