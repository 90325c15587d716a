import { mcClusterInfo } from "../../src/checks/mc-clusterinfo.js";
import { checkCases, mutated } from "../support/check-cases.js";
import { brokenScenario, patchObjects } from "../support/scenarios.js";

checkCases(mcClusterInfo, {
  valid: [
    { name: "west imports east's current ClusterInfo", member: "west", peer: "east" },
    { name: "east imports west's current ClusterInfo", member: "east", peer: "west" },
  ],
  invalid: [
    {
      name: "the import is missing",
      members: mutated("east", (m) => {
        m.objects = patchObjects(m.objects, "ClusterInfoImport", "west-clusterinfo", () => null);
      }),
      member: "east",
      peer: "west",
      status: "fail",
      message:
        /no ClusterInfoImport west-clusterinfo: east has not received west's Gateway and CIDRs/,
      resource: /ClusterInfoImport kube-system\/west-clusterinfo/,
    },
    {
      name: "the import carries the peer's previous Gateway IP",
      members: brokenScenario,
      member: "east",
      peer: "west",
      status: "fail",
      message: /is stale: Gateway IP 10\.10\.45\.67 but west's Gateway has 10\.10\.12\.34/,
    },
    {
      name: "the import carries old Pod CIDRs",
      members: mutated("east", (m) => {
        m.objects = patchObjects(m.objects, "ClusterInfoImport", "west-clusterinfo", (c) => ({
          ...c,
          spec: { ...(c.spec as object), podCIDRs: ["10.10.0.0/17"] },
        }));
      }),
      member: "east",
      peer: "west",
      status: "fail",
      message: /Pod CIDRs \[10\.10\.0\.0\/17\] but west exports \[10\.10\.0\.0\/16\]/,
    },
    {
      name: "the peer's cluster ID is unknown",
      members: mutated("west", (m) => {
        m.objects = patchObjects(m.objects, "ClusterSet", undefined, () => null);
      }),
      member: "east",
      peer: "west",
      status: "unknown",
      message: /cluster ID of west is not known/,
    },
  ],
});
