import { cidrsOverlap, parseCidr } from "../model/cidr.js";
import type { MemberModel } from "../model/types.js";
import { bothKnown } from "./helpers.js";
import { agentConfigOf, mcConfigOf } from "./inputs.js";
import type { PairCheck } from "./types.js";

/** Pod CIDRs matter (error) when Pod-to-Pod connectivity or PodIP endpoints are used. */
function podRoutingUsed(m: MemberModel): string | undefined {
  const agent = agentConfigOf(m);
  const mc = mcConfigOf(m);
  if (agent.ok && agent.value.config.enablePodToPodConnectivity) {
    return `${m.name} enables Pod-to-Pod connectivity`;
  }
  if (mc.ok && mc.value.config.endpointIPType === "PodIP")
    return `${m.name} uses endpointIPType PodIP`;
  return undefined;
}

export const cidrPodOverlap: PairCheck<"cidr.pod-overlap"> = {
  id: "cidr.pod-overlap",
  title: "Pod CIDRs do not overlap",
  category: "CIDR",
  severity: "error",
  scope: "pair",
  ordered: false,
  docs: {
    summary:
      "two members' Pod CIDRs overlap: an error when Pod-to-Pod connectivity or `endpointIPType: PodIP` is on, else a warning",
    why: "With Pod-to-Pod connectivity the Gateways route each peer's Pod CIDRs into the tunnel, and PodIP endpoints are Pod addresses; overlapping ranges make peers' Pods indistinguishable from local ones. On EKS with the VPC CNI the Pod CIDRs are the VPC CIDR blocks, which VPC peering also requires to be disjoint.",
    fix: "Use disjoint VPC (or Pod) CIDRs per member; with overlapping ones, keep Pod-to-Pod connectivity off and use ClusterIP endpoints.",
  },
  run(member, peer) {
    const inputs = bothKnown(member, peer, (m) => m.podCIDRs, "Pod CIDRs");
    if (!inputs.ok) return [inputs.finding];
    const [mine, theirs] = inputs.values;
    const overlaps: string[] = [];
    for (const x of mine.value) {
      for (const y of theirs.value) {
        const a = parseCidr(x);
        const b = parseCidr(y);
        if (a && b && cidrsOverlap(a, b))
          overlaps.push(`${x} (${member.name}) and ${y} (${peer.name})`);
      }
    }
    if (overlaps.length === 0) {
      return [
        { status: "pass", message: `Pod CIDRs of ${member.name} and ${peer.name} do not overlap` },
      ];
    }
    const used = podRoutingUsed(member) ?? podRoutingUsed(peer);
    return [
      {
        status: used ? "fail" : "warn",
        resource: `Pod CIDR ${mine.value.join(", ")}`,
        message: `Pod CIDRs overlap: ${overlaps.join("; ")}${used ? ` and ${used}` : " (harmless while Pod-to-Pod connectivity is off and endpoints are ClusterIPs)"}`,
      },
    ];
  },
};
