import { mcController } from "../../src/checks/mc-controller.js";
import { checkCases, mutated, pair } from "../support/check-cases.js";
import { patchObjects } from "../support/scenarios.js";

const dropMemberController = mutated("west", (m) => {
  m.objects = patchObjects(m.objects, "Deployment", "antrea-mc-controller", (d) =>
    d.metadata?.namespace === "kube-system" ? null : d,
  );
});

checkCases(mcController, {
  valid: [
    { name: "member-mode controller available (west also runs the leader)" },
    { name: "member controller of another ClusterSet member", member: "east" },
    {
      name: "found in kube-system when Deployments may not be listed cluster-wide",
      overrides: { west: { forbidden: [{ resource: "deployments.apps", clusterWideOnly: true }] } },
    },
  ],
  invalid: [
    {
      name: "only the leader-mode controller runs",
      members: dropMemberController,
      status: "fail",
      message:
        /no member-mode antrea-mc-controller Deployment in namespace kube-system \(only a leader-mode one, in namespace antrea-multicluster\)/,
      remediation: /releases\/download\/v2\.7\.0\/antrea-multicluster-member\.yml/,
    },
    {
      name: "the controller is not available",
      members: mutated("east", (m) => {
        m.objects = patchObjects(m.objects, "Deployment", "antrea-mc-controller", (d) => ({
          ...d,
          status: {
            replicas: 1,
            availableReplicas: 0,
            unavailableReplicas: 1,
            conditions: [
              {
                type: "Available",
                status: "False",
                reason: "MinimumReplicasUnavailable",
                message: "Deployment does not have minimum availability.",
              },
            ],
          },
        }));
      }),
      member: "east",
      status: "fail",
      message:
        /is not available: 0\/1 replicas available: Deployment does not have minimum availability/,
      remediation: /logs deployment\/antrea-mc-controller/,
    },
    {
      name: "its config does not parse",
      members: mutated("west", (m) => {
        m.objects = patchObjects(m.objects, "ConfigMap", "antrea-mc-controller-config", (cm) => ({
          ...cm,
          data: { "controller_manager_config.yaml": "serviceCIDR: [\n" },
        }));
      }),
      status: "fail",
      message: /controller_manager_config\.yaml does not parse/,
    },
    {
      name: "an endpointIPType the controller refuses",
      members: pair({ mcConf: { podCIDRs: ["10.10.0.0/16"], endpointIPType: "podIP" } }),
      status: "fail",
      message: /endpointIPType "podIP" is not ClusterIP or PodIP/,
    },
    {
      name: "its ConfigMap is missing",
      members: mutated("west", (m) => {
        m.objects = patchObjects(m.objects, "ConfigMap", "antrea-mc-controller-config", () => null);
      }),
      status: "fail",
      message: /ConfigMap kube-system\/antrea-mc-controller-config does not exist/,
    },
  ],
});
