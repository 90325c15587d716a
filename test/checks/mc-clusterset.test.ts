import { mcClusterSet } from "../../src/checks/mc-clusterset.js";
import { checkCases, mutated, pair } from "../support/check-cases.js";
import { patchObjects } from "../support/scenarios.js";

checkCases(mcClusterSet, {
  valid: [{ name: "joined and Ready" }, { name: "the other member", member: "east" }],
  invalid: [
    {
      name: "not joined",
      members: mutated("east", (m) => {
        m.objects = patchObjects(m.objects, "ClusterSet", undefined, () => null);
      }),
      member: "east",
      status: "fail",
      message: /no ClusterSet in namespace kube-system/,
      remediation:
        /kubectl config use-context arn:aws:eks:us-east-1:444455556666:cluster\/east\nantctl mc join --namespace kube-system \\\n {2}--clusterset antrea-mc --clusterid east \\\n {2}--leader-clusterid west --leader-namespace antrea-multicluster \\\n {2}--leader-apiserver https:\/\/\S+ --token-secret-file member-token\.yml$/m,
    },
    {
      name: "disconnected from the leader",
      members: pair({}, { clusterSetReady: false }),
      member: "east",
      status: "fail",
      message: /is not Ready \(False: Disconnected from leader\)/,
    },
    {
      name: "two members with the same cluster ID",
      members: pair({}, { clusterID: "west" }),
      member: "east",
      status: "fail",
      message: /cluster ID "west" is also used by member west/,
      // A new cluster ID means leaving and joining again: manual, with both commands.
      manual: true,
      remediation:
        /^# a cluster ID cannot be changed in place; east leaves and joins again .*\nkubectl config use-context \S+cluster\/east\nantctl mc leave --clusterset antrea-mc --namespace kube-system\n# member-token\.yml: made in the leader cluster with `antctl mc create membertoken east-token -n antrea-multicluster -o member-token\.yml`\nantctl mc join --namespace kube-system \\\n {2}--clusterset antrea-mc --clusterid east /,
    },
    {
      name: "two members with the same cluster ID: the one whose ID is its name keeps it",
      members: pair({}, { clusterID: "west" }),
      member: "west",
      status: "fail",
      message: /cluster ID "west" is also used by member east/,
      remediation: null,
    },
    {
      name: "a member in a differently named ClusterSet",
      members: pair({}, { clusterSet: "antrea-mc-prod" }),
      member: "east",
      status: "fail",
      message: /ClusterSet "antrea-mc-prod" differs from "antrea-mc" used by west/,
      manual: true,
      remediation: /^antctl mc leave --clusterset antrea-mc-prod --namespace kube-system$/m,
    },
    {
      name: "no spec.clusterID",
      members: mutated("west", (m) => {
        m.objects = patchObjects(m.objects, "ClusterSet", undefined, (cs) => ({
          ...cs,
          spec: { ...(cs.spec as object), clusterID: "" },
        }));
      }),
      status: "fail",
      message: /has no spec\.clusterID/,
      remediation:
        /-n kube-system patch clusterset\.v1alpha2\.multicluster\.crd\.antrea\.io antrea-mc --type merge -p '\{"spec":\{"clusterID":"west"\}\}'$/,
    },
  ],
});
