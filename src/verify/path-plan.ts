/**
 * Which Pod-path probes run, and what they expect of a member, from the model: the peers each
 * member's client calls, whether Pod-to-Pod traffic is set up for the pair, and the largest packet
 * its Pods send (the Pod MTU Antrea sets: the VPC CNI's MTU less the tunnel's overhead), which the
 * path to every peer must carry whole.
 */
import { agentConfigOf, mcConfigOf } from "../checks/inputs.js";
import { tunnelOverhead } from "../model/tunnel.js";
import type { MemberModel } from "../model/types.js";
import { echoServiceName, importedName } from "./path-manifests.js";
import type { TunnelProbePlan } from "./tunnel-plan.js";

/** The VPC CNI's default MTU (AWS_VPC_ENI_MTU), when aws-node does not say. */
const VPC_CNI_DEFAULT_MTU = 9001;

export type PodMtu =
  | { readonly known: true; readonly mtu: number; readonly how: string }
  | { readonly known: false; readonly reason: string };

export function podMtuOf(member: MemberModel): PodMtu {
  if (!member.tunnel.known)
    return {
      known: false,
      reason: `the tunnel of ${member.name} is not known: ${member.tunnel.reason}`,
    };
  const cni = member.vpcCniMtu?.value ?? (member.vpcCni ? VPC_CNI_DEFAULT_MTU : undefined);
  if (cni === undefined)
    return {
      known: false,
      reason: `${member.name} runs no Amazon VPC CNI (aws-node), whose MTU the Pods' is taken from`,
    };
  const overhead = tunnelOverhead(member.tunnel.value);
  return {
    known: true,
    mtu: cni - overhead,
    how: `${cni} (the VPC CNI's MTU) − ${overhead} (the tunnel's overhead)`,
  };
}

/** Why Pod-to-Pod traffic from `member` to `peer` is not set up, or undefined when it is. */
export function podToPodOff(member: MemberModel, peer: MemberModel): string | undefined {
  for (const m of [member, peer]) {
    const agent = agentConfigOf(m);
    if (!agent.ok) return `${m.name}: ${agent.reason}`;
    // Each side routes the other's Pod CIDRs only with this on: the request and the answer.
    if (!agent.value.config.enablePodToPodConnectivity)
      return `Pod-to-Pod connectivity is off in ${m.name} (multicluster.enablePodToPodConnectivity is false in antrea-agent.conf; cidr.pod-config)`;
    const mc = mcConfigOf(m);
    if (!mc.ok) return `${m.name}: ${mc.reason}`;
    if (mc.value.config.podCIDRs.length === 0)
      return `${m.name} exports no podCIDRs (antrea-mc-controller-config; cidr.pod-config), so its peers do not route its Pods`;
  }
  return undefined;
}

/** A peer as one member's client calls it. */
export interface PathPeer {
  /** The peer's index in the plan (the client's log names peers by it). */
  readonly index: number;
  readonly member: string;
  /** The Service the member imports for the peer's echo: antrea-mc-<echo service>. */
  readonly imported: string;
  /** Why the echo Pod is not called directly, when Pod-to-Pod is off for the pair. */
  readonly podToPodOff?: string;
}

export interface PathClientPlan {
  readonly member: string;
  /** The member's Gateway Nodes, which its client keeps off when it can. */
  readonly gateways: readonly string[];
  readonly peers: readonly PathPeer[];
  /** The largest datagram the client sends (the Pod MTU the model expects). */
  readonly large: PodMtu;
}

export interface PathProbePlan {
  readonly run: string;
  /** Every probed member exports an echo Service of its own: index = the peers' name for it. */
  readonly exporters: readonly {
    readonly index: number;
    readonly member: string;
    readonly service: string;
  }[];
  readonly clients: readonly PathClientPlan[];
  /** Members that get no probe, and why (verify.tunnel's plan decides it for both). */
  readonly without: ReadonlyMap<string, string>;
}

/**
 * The Pod-path probes: an echo Service exported from every probed member and one client per
 * member calling each peer's import. Each exporter's Service has its own name: Antrea merges
 * Services exported under one name into one multi-cluster Service, whose answer could come from
 * any member.
 */
export function planPathProbes(
  members: readonly MemberModel[],
  tunnel: TunnelProbePlan,
): PathProbePlan {
  const probed = members.filter((m) => !tunnel.without.has(m.name));
  const exporters = probed.map((m, index) => ({
    index,
    member: m.name,
    service: echoServiceName(m.clusterID ?? m.name, tunnel.nonce),
  }));
  const clients = probed.map((m) => ({
    member: m.name,
    gateways: m.gateways.known
      ? m.gateways.value.filter((g) => g.active || g.candidate).map((g) => g.node)
      : [],
    peers: exporters
      .filter((e) => e.member !== m.name)
      .map((e) => {
        const off = podToPodOff(m, probed[e.index] as MemberModel);
        return {
          index: e.index,
          member: e.member,
          imported: importedName(e.service),
          ...(off ? { podToPodOff: off } : {}),
        };
      }),
    large: podMtuOf(m),
  }));
  return { run: tunnel.nonce, exporters, clients, without: tunnel.without };
}
