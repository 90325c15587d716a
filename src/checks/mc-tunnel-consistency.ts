import type { BlobSetting } from "../fixes/config-blob.js";
import { describeTunnel, ianaPort, keptTunnel, type Tunnel } from "../model/tunnel.js";
import { agentConfigFile, bothKnown, configFix, setting } from "./helpers.js";
import { agentConfigOf } from "./inputs.js";
import type { PairCheck } from "./types.js";

interface Change {
  what: string;
  setting: BlobSetting;
}

/** What `target` must change to speak `other`'s tunnel. */
function changes(target: Tunnel, other: Tunnel, tn: string, on: string): Change[] {
  const out: Change[] = [];
  if (target.type !== other.type) {
    out.push({
      what: `tunnelType ${target.type} (${tn}) vs ${other.type} (${on})`,
      setting: setting("tunnelType", other.type),
    });
  }
  if (target.tunnelPort !== other.tunnelPort) {
    // A different type brings its own default port; only a non-default port needs setting.
    const custom = other.tunnelPort !== ianaPort(other.type);
    if (target.type === other.type || custom) {
      out.push({
        what: `tunnel port ${target.tunnelPort ?? "none"} (${tn}) vs ${other.tunnelPort ?? "none"} (${on})`,
        setting: setting("tunnelPort", custom ? (other.tunnelPort ?? 0) : 0),
      });
    }
  }
  if (target.encryption !== other.encryption) {
    out.push({
      what: `multicluster.trafficEncryptionMode ${target.encryption} (${tn}) vs ${other.encryption} (${on})`,
      setting: setting("multicluster.trafficEncryptionMode", other.encryption),
    });
  } else if (target.encryption === "wireGuard" && target.port !== other.port) {
    out.push({
      what: `multicluster.wireGuard.port ${target.port} (${tn}) vs ${other.port} (${on})`,
      setting: setting("multicluster.wireGuard.port", other.port ?? 51821),
    });
  }
  return out;
}

export const mcTunnelConsistency: PairCheck<"mc.tunnel-consistency"> = {
  id: "mc.tunnel-consistency",
  title: "Same tunnel on both Gateways",
  category: "Multi-cluster",
  severity: "error",
  scope: "pair",
  ordered: false,
  docs: {
    summary:
      "two members differ in tunnel type, tunnel port, Multi-cluster traffic encryption mode or WireGuard port",
    why: "The Gateways of all members must speak the same tunnel: a Geneve Gateway does not decapsulate VXLAN, and a WireGuard peer is addressed on the local configured port, so the ports must match too. A mismatch drops all traffic between the two members while every per-member check passes.",
    fix: "Pick one tunnel type/port and encryption mode for the whole ClusterSet and set it in every member's antrea-agent.conf. The finding names the member whose setting strays further from Antrea's defaults. The finding's fix is a `kubectl patch` of the whole file (Kubernetes cannot patch one setting inside it) with only the lines it names changed, then the restart; the report shows the line before and after.",
  },
  run(member, peer) {
    const inputs = bothKnown(member, peer, (m) => m.tunnel, "tunnel");
    if (!inputs.ok) return [inputs.finding];
    const [a, b] = inputs.values;
    const peerChanges = keptTunnel(a, b) === "first";
    const [target, other] = peerChanges ? [peer, member] : [member, peer];
    const diff = peerChanges
      ? changes(b, a, peer.name, member.name)
      : changes(a, b, member.name, peer.name);
    if (diff.length === 0) return [{ status: "pass", message: `both use ${describeTunnel(a)}` }];
    const agent = agentConfigOf(target);
    return [
      {
        status: "fail",
        owner: peerChanges ? "peer" : "member",
        message: `tunnels differ: ${diff.map((d) => d.what).join("; ")}`,
        ...(agent.ok
          ? {
              resource: `ConfigMap ${agent.value.configMap.namespace}/${agent.value.configMap.name}`,
              // As the other member has it: the settings of the two then agree.
              ...configFix(
                target,
                agentConfigFile(agent.value),
                diff.map((d) => d.setting),
                `as ${other.name} has it`,
              ),
            }
          : {}),
      },
    ];
  },
};
