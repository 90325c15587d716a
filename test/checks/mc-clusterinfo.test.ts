import { mcClusterInfo } from "../../src/checks/mc-clusterinfo.js";
import { checkCases, mutated, pair } from "../support/check-cases.js";
import { brokenScenario, patchObjects } from "../support/scenarios.js";

const EAST_KEY = "kJd1wVx5pQ0+3bX2mN9sZ7yR4tU6vW8aB1cD3eF5gH0=";
const OLD_KEY = "Zq8rT2uV4wX6yA1bC3dE5fG7hI9jK0lM2nO4pQ6rS8=";

/**
 * Both members with Multi-cluster WireGuard: east's agent publishes `published` on its Gateway,
 * and west imports `imported` for east (undefined: none).
 */
function wireGuardPair(published: string | undefined, imported: string | undefined) {
  const conf = {
    "multicluster.enablePodToPodConnectivity": true,
    "multicluster.trafficEncryptionMode": "wireGuard",
  };
  return () => {
    const members = pair({ agentConf: conf }, { agentConf: conf })();
    for (const m of members) {
      if (m.name === "east" && published) {
        m.objects = patchObjects(m.objects, "Gateway", undefined, (g) => ({
          ...g,
          wireGuard: { publicKey: published },
        }));
      }
      if (m.name === "west" && imported) {
        m.objects = patchObjects(m.objects, "ClusterInfoImport", "east-clusterinfo", (c) => ({
          ...c,
          spec: { ...(c.spec as object), wireGuard: { publicKey: imported } },
        }));
      }
    }
    return members;
  };
}

checkCases(mcClusterInfo, {
  valid: [
    { name: "west imports east's current ClusterInfo", member: "west", peer: "east" },
    { name: "east imports west's current ClusterInfo", member: "east", peer: "west" },
    {
      name: "WireGuard: west imports the key east's Gateway publishes",
      members: wireGuardPair(EAST_KEY, EAST_KEY),
      member: "west",
      peer: "east",
    },
    {
      name: "no WireGuard: a leftover key in the import does not matter",
      members: mutated("west", (m) => {
        m.objects = patchObjects(m.objects, "ClusterInfoImport", "east-clusterinfo", (c) => ({
          ...c,
          spec: { ...(c.spec as object), wireGuard: { publicKey: OLD_KEY } },
        }));
      }),
      member: "west",
      peer: "east",
    },
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
      name: "WireGuard: the import holds east's old key",
      members: wireGuardPair(EAST_KEY, OLD_KEY),
      member: "west",
      peer: "east",
      status: "fail",
      message:
        /is stale: WireGuard public key Zq8rT2uV… but east's Gateway publishes kJd1wVx5…: east drops what it cannot decrypt$/,
      remediation: /rollout restart deployment\/antrea-mc-controller/,
    },
    {
      name: "WireGuard: the import has no key yet",
      members: wireGuardPair(EAST_KEY, undefined),
      member: "west",
      peer: "east",
      status: "fail",
      message: /WireGuard public key \(none\) but east's Gateway publishes kJd1wVx5…/,
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
