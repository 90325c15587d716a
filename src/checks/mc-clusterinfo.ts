import type { MemberModel } from "../model/types.js";
import { kubectl, restartController, unknownFinding } from "./helpers.js";
import { agentConfigOf } from "./inputs.js";
import type { PairCheck } from "./types.js";

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/** Enough of a key to tell two apart, without printing it whole. */
const fingerprint = (key: string) => (key ? `${key.slice(0, 8)}…` : "(none)");

/** The peer's one Gateway, if it has exactly one. */
const gw = (peer: MemberModel) =>
  peer.gatewayCRs.known && peer.gatewayCRs.value.length === 1
    ? peer.gatewayCRs.value[0]
    : undefined;

/** What the peer itself says: its Gateway IP, Service CIDR and Pod CIDRs, where known. */
function ownInfo(peer: MemberModel) {
  const gateway = gw(peer);
  const podCIDRs =
    peer.mcConfig.known && peer.mcConfig.value.status === "ok"
      ? peer.mcConfig.value.config.podCIDRs
      : undefined;
  return {
    gatewayIP: gateway?.gatewayIP,
    wireGuardPublicKey: gateway?.wireGuardPublicKey,
    serviceCIDR:
      gateway?.serviceCIDR || (peer.serviceCIDR.known ? peer.serviceCIDR.value.value : undefined),
    podCIDRs,
  };
}

export const mcClusterInfo: PairCheck<"mc.clusterinfo"> = {
  id: "mc.clusterinfo",
  title: "Imported ClusterInfo of the peer",
  category: "Multi-cluster",
  severity: "error",
  scope: "pair",
  ordered: true,
  docs: {
    summary:
      "a member has no ClusterInfoImport `<peer>-clusterinfo`, or it disagrees with the peer's own Gateway IP, Service CIDR or Pod CIDRs, or — with `multicluster.trafficEncryptionMode: wireGuard` — the WireGuard public key the peer's Gateway publishes (stale)",
    why: "antrea-agent on the Gateway learns where to tunnel, and which destinations belong to the peer, only from the ClusterInfoImport the member controller receives through the leader. A missing import means no route to that peer; a stale one tunnels to an old Gateway IP or routes the wrong CIDRs. With Multi-cluster WireGuard the Gateway's antrea-agent publishes its public key in its Gateway CR (`wireGuard.publicKey`); the member controller exports it in the ClusterInfo, and the peer's agent encrypts to the key in its ClusterInfoImport (`spec.wireGuard.publicKey`, multicluster/apis/multicluster/v1alpha1/gateway_types.go, pkg/agent/multicluster/mc_route_controller.go). A stale key is a silent drop: the finding shows the first 8 characters of both keys.",
    fix: "Make sure both members' ClusterSets are Ready and the peer has a Gateway; restart the member controller to re-import. Look at the leader's ResourceImports if it persists.",
  },
  run(member, peer) {
    if (!peer.clusterID)
      return [unknownFinding(`the cluster ID of ${peer.name} is not known (see mc.clusterset)`)];
    if (!member.clusterInfoImports.known) {
      return [
        unknownFinding(`ClusterInfoImports could not be read: ${member.clusterInfoImports.reason}`),
      ];
    }
    const name = `${peer.clusterID}-clusterinfo`;
    const ns = member.namespace.value;
    const imp = member.clusterInfoImports.value.find(
      (c) => c.name === name || c.clusterID === peer.clusterID,
    );
    if (!imp) {
      return [
        {
          status: "fail",
          resource: `ClusterInfoImport ${ns}/${name}`,
          message: `no ClusterInfoImport ${name}: ${member.name} has not received ${peer.name}'s Gateway and CIDRs from the leader`,
          remediation: [
            kubectl(peer, `-n ${peer.namespace.value} get gateways.multicluster.crd.antrea.io`),
            kubectl(member, `-n ${ns} logs deployment/antrea-mc-controller`),
          ].join("\n"),
        },
      ];
    }
    const own = ownInfo(peer);
    const stale: string[] = [];
    const importedIP = imp.gatewayIPs[0] ?? "";
    if (own.gatewayIP !== undefined && importedIP !== own.gatewayIP) {
      stale.push(
        `Gateway IP ${importedIP || "(none)"} but ${peer.name}'s Gateway has ${own.gatewayIP}`,
      );
    }
    if (own.serviceCIDR !== undefined && imp.serviceCIDR !== own.serviceCIDR) {
      stale.push(
        `Service CIDR ${imp.serviceCIDR || "(none)"} but ${peer.name} uses ${own.serviceCIDR}`,
      );
    }
    if (own.podCIDRs !== undefined && !sameSet(imp.podCIDRs, own.podCIDRs)) {
      stale.push(
        `Pod CIDRs [${imp.podCIDRs.join(", ")}] but ${peer.name} exports [${own.podCIDRs.join(", ")}]`,
      );
    }
    // With Multi-cluster WireGuard the Gateway encrypts to the key in the import: an old key (the
    // peer's Gateway moved or its agent restarted with a new key) makes the peer drop every packet.
    const agent = agentConfigOf(member);
    if (agent.ok && agent.value.config.mcWireGuard && gw(peer)) {
      const theirs = own.wireGuardPublicKey ?? "";
      const imported = imp.wireGuardPublicKey ?? "";
      if (imported !== theirs) {
        stale.push(
          `WireGuard public key ${fingerprint(imported)} but ${peer.name}'s Gateway publishes ${fingerprint(theirs)}: ${peer.name} drops what it cannot decrypt`,
        );
      }
    }
    const resource = `ClusterInfoImport ${ns}/${imp.name}`;
    if (stale.length > 0) {
      return [
        {
          status: "fail",
          resource,
          message: `${resource} is stale: ${stale.join("; ")}`,
          remediation: [
            restartController(peer, peer.namespace.value),
            restartController(member, ns),
          ].join("\n"),
        },
      ];
    }
    const unchecked =
      own.gatewayIP === undefined
        ? " (the peer's own Gateway is unknown, so its IP was not compared)"
        : "";
    return [
      {
        status: "pass",
        resource,
        message: `${resource}: Gateway IP ${importedIP}, Service CIDR ${imp.serviceCIDR}${unchecked}`,
      },
    ];
  },
};
