import { antreaVersion } from "../../src/checks/antrea-version.js";
import type { KubeObject } from "../../src/kube/types.js";
import { checkCases, mutated, pair } from "../support/check-cases.js";

/** The member controller (kube-system) of west runs another image than its agents. */
function controllerImage(image: string) {
  return mutated("west", (m) => {
    const dep = m.objects.find(
      (o: KubeObject) =>
        o.kind === "Deployment" &&
        o.metadata?.name === "antrea-mc-controller" &&
        o.metadata?.namespace === "kube-system",
    ) as { spec: { template: { spec: { containers: { image: string }[] } } } } | undefined;
    const container = dep?.spec.template.spec.containers[0];
    if (!container) throw new Error("no member antrea-mc-controller in west");
    container.image = image;
  });
}

checkCases(antreaVersion, {
  valid: [
    {
      name: "v2.7.0 everywhere, Kubernetes 1.33",
      message: "antrea-agent v2.7.0, antrea-mc-controller v2.7.0: no known problem for this setup",
    },
    {
      name: "v2.4.1 on Kubernetes 1.33 with serviceCIDR set by hand (the documented workaround)",
      members: pair(
        { antreaVersion: "v2.4.1", mcConf: { serviceCIDR: "10.96.0.0/16" } },
        { antreaVersion: "v2.4.0" },
      ),
    },
    {
      name: "v2.4.1 on Kubernetes 1.32, where discovery still works",
      members: pair({ antreaVersion: "v2.4.1", kubernetesMinor: 32 }, { antreaVersion: "v2.4.1" }),
    },
    {
      name: "v1.15.2 with enableGateway and Multi-cluster WireGuard, on Kubernetes 1.32",
      members: pair(
        {
          antreaVersion: "v1.15.2",
          kubernetesMinor: 32,
          agentConf: { "multicluster.trafficEncryptionMode": "wireGuard" },
        },
        {
          antreaVersion: "v1.15.2",
          agentConf: { "multicluster.trafficEncryptionMode": "wireGuard" },
        },
      ),
    },
  ],
  invalid: [
    {
      name: "v2.4.1 member controller on Kubernetes 1.33 without serviceCIDR",
      members: pair({ antreaVersion: "v2.4.1" }, { antreaVersion: "v2.4.1" }),
      status: "fail",
      severity: "error",
      message:
        /^antrea-mc-controller v2\.4\.1 cannot discover the Service CIDR on Kubernetes v1\.33\.\d+.* \(fixed in v2\.5\.0: https:\/\/github\.com\/antrea-io\/antrea\/pull\/7291\)$/,
      remediation:
        /patch configmap antrea-mc-controller-config .*serviceCIDR: .*10\.96\.0\.0\/16.*\n.*rollout restart deployment\/antrea-mc-controller$/,
    },
    {
      name: "Multi-cluster WireGuard on v1.14.1 (MTU fixed in v1.14.2)",
      members: pair(
        {
          antreaVersion: "v1.14.1",
          agentConf: { "multicluster.trafficEncryptionMode": "wireGuard" },
        },
        {
          antreaVersion: "v1.14.1",
          agentConf: { "multicluster.trafficEncryptionMode": "wireGuard" },
        },
      ),
      status: "fail",
      severity: "error",
      message:
        /antrea-agent v1\.14\.1 gives antrea-mc-wg0 the Pods' MTU.*fixed in v1\.13\.4, v1\.14\.2, v1\.15\.0.*pull\/5880/,
      manual: true,
      remediation:
        /^# Upgrade .*\n.*apply -f https:\/\/github\.com\/antrea-io\/antrea\/releases\/latest\/download\/antrea-eks\.yml$/,
    },
    {
      name: "the deprecated multicluster.enable alias on v1.15.2: v2 ignores it",
      members: pair(
        {
          antreaVersion: "v1.15.2",
          agentConf: { "multicluster.enableGateway": undefined, "multicluster.enable": true },
        },
        { antreaVersion: "v1.15.2" },
      ),
      status: "warn",
      severity: "warning",
      message:
        /still reads the deprecated multicluster\.enable as enableGateway, but v2\.0\.0 removed it.*pull\/4533/,
      remediation: /patch configmap antrea-config .*enableGateway: true/,
    },
    {
      name: "networkPolicyOnly on v1.10.1, before Gateways supported it",
      members: pair({ antreaVersion: "v1.10.1" }, { antreaVersion: "v1.10.1" }),
      status: "fail",
      severity: "error",
      message:
        /antrea-agent v1\.10\.1 supports Multi-cluster Gateways only in encap mode.*networkPolicyOnly.*fixed in v1\.11\.0/,
    },
    {
      name: "agent and member controller of different release lines",
      members: controllerImage("antrea/antrea-mc-controller:v2.6.1"),
      status: "warn",
      severity: "warning",
      message:
        "antrea-agent is v2.7.0 but antrea-mc-controller is v2.6.1 (https://github.com/antrea-io/antrea/blob/main/docs/multicluster/upgrade.md)",
    },
    {
      name: "members of different release lines",
      members: pair({ antreaVersion: "v2.6.3" }),
      status: "warn",
      severity: "warning",
      message:
        /members run different Antrea releases: antrea-agent v2\.6\.3 here, v2\.7\.0 in east; antrea-mc-controller v2\.6\.3 here, v2\.7\.0 in east/,
      manual: true,
    },
    {
      name: "an image without a release tag: unknown, not pass",
      members: pair({ antreaVersion: "latest" }),
      status: "unknown",
      message:
        "the release is not known, so its known problems cannot be ruled out: the antrea-agent image antrea/antrea-agent-ubuntu:latest has no release tag",
    },
    {
      name: "the member controller by digest only",
      members: controllerImage("antrea/antrea-mc-controller@sha256:0123456789abcdef"),
      status: "unknown",
      message:
        /the antrea-mc-controller image antrea\/antrea-mc-controller@sha256:0123456789abcdef has no release tag/,
    },
  ],
});
