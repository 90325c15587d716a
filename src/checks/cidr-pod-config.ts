import { memberVpcBlocks } from "../analysis/aws/vpc-overlap.js";
import { cidrContains, isIPv4, networkAddress, parseCidr } from "../model/cidr.js";
import type { MemberModel } from "../model/types.js";
import {
  agentConfigFile,
  configFix,
  editConfigMap,
  mcConfigFile,
  setting,
  unknownFinding,
} from "./helpers.js";
import { agentConfigOf, mcConfigOf } from "./inputs.js";
import type { Finding, MemberCheck } from "./types.js";

const SHOW = 3;

/**
 * The podCIDRs to set: what is set, plus the VPC blocks that hold Pod IPs it misses (with the VPC
 * CNI, Pods take VPC addresses); all the Gateways' VPC blocks when no Pod IP is known. Undefined
 * when the VPC is not known (no AWS read) or a Pod IP lies outside every VPC block.
 */
export function suggestedPodCIDRs(
  member: MemberModel,
  current: readonly string[],
): string[] | undefined {
  // Each block once: Gateways of one member usually share their VPC.
  const parsed = [
    ...new Map(memberVpcBlocks(member).map((c) => [c.canonical, c] as const)).values(),
  ];
  if (parsed.length === 0) return undefined;
  const covered = current.map((c) => parseCidr(c)).filter((c) => c !== undefined);
  const ips = member.podIPs.known ? member.podIPs.value.filter(isIPv4) : [];
  const missed = ips.filter((ip) => !covered.some((c) => cidrContains(c, ip)));
  if (missed.some((ip) => !parsed.some((c) => cidrContains(c, ip)))) return undefined;
  const wanted =
    ips.length === 0 ? parsed : parsed.filter((c) => missed.some((ip) => cidrContains(c, ip)));
  // A set block inside a wanted one goes: the wanted one covers it.
  const within = (c: string) => {
    const p = parseCidr(c);
    return !!p && wanted.some((w) => w.prefix <= p.prefix && cidrContains(w, networkAddress(p)));
  };
  const kept = current.filter((c) => !within(c));
  return [...new Set([...kept, ...wanted.map((c) => c.canonical)])];
}

export const cidrPodConfig: MemberCheck<"cidr.pod-config"> = {
  id: "cidr.pod-config",
  title: "Pod CIDR configuration",
  category: "CIDR",
  severity: "error",
  scope: "member",
  docs: {
    summary:
      "`multicluster.enablePodToPodConnectivity` and the member controller's `podCIDRs` disagree, `endpointIPType: PodIP` is used without `podCIDRs`, or `podCIDRs` do not cover the Pod IPs actually in use",
    why: "A member exports its `podCIDRs` to the peers, and a peer tunnels traffic for them only when its own `enablePodToPodConnectivity` is on. Pod-to-Pod traffic (and PodIP endpoints) therefore needs both, and the CIDRs must cover every Pod address: with the Amazon VPC CNI the Pods get addresses from the VPC subnets, not from a cluster CIDR.",
    fix: "Set `podCIDRs` in `antrea-mc-controller-config` to the ranges your Pods use (on EKS with the VPC CNI: the VPC CIDR blocks of the Pod subnets), turn on `enablePodToPodConnectivity` in antrea-agent.conf, and restart both components. The finding's fix is a `kubectl patch` of the whole file (Kubernetes cannot patch one setting inside it) with only that line changed, then the restart; the report shows the line before and after.",
  },
  run(member) {
    const agent = agentConfigOf(member);
    if (!agent.ok) return [unknownFinding(agent.reason)];
    const mc = mcConfigOf(member);
    if (!mc.ok) return [unknownFinding(mc.reason)];
    const p2p = agent.value.config.enablePodToPodConnectivity;
    const { podCIDRs, endpointIPType } = mc.value.config;
    const cm = mc.value.configMap;
    const resource = `ConfigMap ${cm.namespace}/${cm.name}`;
    // The value itself where AWS says which VPC blocks the Pods use; else what to look for.
    const suggested = suggestedPodCIDRs(member, podCIDRs);
    // Without AWS the blocks are not known: the owner edits them in by hand.
    const setPodCIDRs = suggested
      ? configFix(member, mcConfigFile(mc.value), [setting("podCIDRs", suggested)])
      : {
          remediation: editConfigMap(
            member,
            cm,
            "controller_manager_config.yaml",
            ["set podCIDRs to the CIDR blocks your Pods use (on EKS: the VPC's CIDR blocks)"],
            "deployment/antrea-mc-controller",
          ),
        };
    const findings: Finding[] = [];
    if (p2p && podCIDRs.length === 0) {
      findings.push({
        status: "fail",
        resource,
        message:
          "enablePodToPodConnectivity is true but podCIDRs is empty: peers never learn this member's Pod CIDRs",
        ...setPodCIDRs,
      });
    }
    if (endpointIPType === "PodIP" && podCIDRs.length === 0) {
      findings.push({
        status: "fail",
        resource,
        message:
          "endpointIPType is PodIP but podCIDRs is empty: exported Pod IP endpoints are not routed across clusters",
        ...setPodCIDRs,
      });
    }
    if (!p2p && podCIDRs.length > 0) {
      const acm = agent.value.configMap;
      findings.push({
        status: "warn",
        resource: `ConfigMap ${acm.namespace}/${acm.name}`,
        message: `podCIDRs is set (${podCIDRs.join(", ")}) but enablePodToPodConnectivity is false: this member does not route the peers' Pod CIDRs`,
        ...configFix(member, agentConfigFile(agent.value), [
          setting("multicluster.enablePodToPodConnectivity", true),
        ]),
      });
    }
    if (podCIDRs.length > 0 && member.podIPs.known) {
      const cidrs = podCIDRs.map((c) => parseCidr(c)).filter((c) => c !== undefined);
      const v4 = member.podIPs.value.filter(isIPv4);
      const outside = v4.filter((ip) => !cidrs.some((c) => cidrContains(c, ip)));
      if (outside.length > 0) {
        findings.push({
          status: p2p ? "fail" : "warn",
          resource,
          message: `${outside.length} of ${v4.length} Pod IPs are outside podCIDRs [${podCIDRs.join(", ")}], e.g. ${outside.slice(0, SHOW).join(", ")}`,
          ...setPodCIDRs,
        });
      }
    }
    if (findings.length > 0) return findings;
    if (podCIDRs.length === 0) {
      return [
        {
          status: "pass",
          resource,
          message: "Pod-to-Pod connectivity is off and podCIDRs is empty",
        },
      ];
    }
    const coverage = member.podIPs.known
      ? `cover all ${member.podIPs.value.filter(isIPv4).length} Pod IPs`
      : `(Pod IPs not read: ${member.podIPs.reason})`;
    return [
      {
        status: "pass",
        resource,
        message: `Pod-to-Pod connectivity is on; podCIDRs [${podCIDRs.join(", ")}] ${coverage}`,
      },
    ];
  },
};
