import { AUTO_MODE_MTU, autoModeOf } from "../analysis/aws/auto-mode.js";
import { pairEndpoints } from "../analysis/aws/endpoints.js";
import { TRANSIT_GATEWAY_MTU } from "../analysis/aws/transit-path.js";
import { viaOf } from "../analysis/aws/via.js";
import { livePeering } from "../model/aws/peerings.js";
import { unknownOf } from "./aws/findings.js";
import { kubectl } from "./helpers.js";
import type { PairCheck } from "./types.js";

export const awsMtu: PairCheck<"aws.mtu"> = {
  id: "aws.mtu",
  title: "Path MTU",
  category: "AWS",
  severity: "warning",
  scope: "pair",
  ordered: true,
  docs: {
    summary:
      "the path between the two Gateways (inter-Region peering and any transit gateway: 8500 bytes; internet: 1500) is smaller than the largest tunnel packet a member sends (the VPC CNI MTU, which Antrea lowers Pods' MTU from by the tunnel overhead) (warning)",
    why: "Inside a VPC and over same-Region peering, packets up to 9001 bytes pass. Across Regions peering carries at most 8500 bytes, a transit gateway 8500 in any Region (it drops larger packets and sends no ICMP Fragmentation Needed), and the internet 1500. Antrea makes room for the tunnel header by lowering the Pods' MTU below the VPC CNI's (9001 by default), so tunnel packets reach 9001 bytes; OVS sets Don't Fragment, so the larger ones are dropped: small requests work, large transfers hang.",
    fix: "Lower the VPC CNI MTU (aws-node `AWS_VPC_ENI_MTU`) to the path's limit on members that talk across Regions or the internet, then recreate the Pods so they get the smaller MTU. In EKS Auto Mode (see `aws.eks-cluster`) EKS manages the Pod network and VPC CNI settings do not apply: the finding says so instead of suggesting them.",
  },
  run(member, peer, ctx) {
    const pair = pairEndpoints(member, peer);
    if (!pair.ok) return [unknownOf(pair)];
    const mtu = member.vpcCniMtu;
    const auto = autoModeOf(member);
    if (!mtu && auto)
      return [
        {
          status: "unknown",
          message: `${auto}: ${AUTO_MODE_MTU}, and the MTU cannot be read from one`,
        },
      ];
    if (!mtu)
      return [
        {
          status: "unknown",
          message: `${member.name} runs no Amazon VPC CNI (aws-node) to read the MTU from`,
        },
      ];
    // The narrowest path between any Gateway and any peer Gateway (candidates included).
    let limit = Number.POSITIVE_INFINITY;
    let path = "";
    const { peerings, transit } = ctx.model.aws;
    for (const a of pair.mine.endpoints) {
      for (const b of pair.theirs.endpoints) {
        const via = viaOf(a, b, pair.mine.aws, peerings, transit);
        const [l, p] =
          via.kind === "transit-gateway"
            ? [TRANSIT_GATEWAY_MTU, `transit gateway ${via.tgwId}`]
            : a.isPublic || b.isPublic
              ? [1500, "the internet"]
              : a.placed.eni.vpcId === b.placed.eni.vpcId
                ? [9001, "the same VPC"]
                : pair.mine.aws.region !== pair.theirs.aws.region
                  ? [
                      8500,
                      `inter-Region VPC peering ${livePeering(ctx.model.aws.peerings, a.placed.eni.vpcId, b.placed.eni.vpcId)?.id ?? ""}`.trim(),
                    ]
                  : [9001, "same-Region VPC peering"];
        if (l < limit) {
          limit = l;
          path = p;
        }
      }
    }
    if (mtu.value <= limit) {
      return [
        {
          status: "pass",
          message: `tunnel packets of up to ${mtu.value} bytes (${mtu.source}) fit ${path} (${limit})`,
        },
      ];
    }
    return [
      {
        status: "warn",
        severity: "warning",
        resource: "daemonset/aws-node",
        message: `${member.name} sends tunnel packets of up to ${mtu.value} bytes (${mtu.source}) but ${path} to ${peer.name} carries ${limit}: larger packets are dropped (Don't Fragment)`,
        remediation: [
          // aws-node runs for the other Nodes; the Auto Mode ones take none of its settings: said
          // before the command, so that it is read before it is run.
          ...(auto
            ? [`# ${auto}: ${AUTO_MODE_MTU}; this changes only the Nodes aws-node runs on`]
            : []),
          kubectl(member, `-n kube-system set env daemonset/aws-node AWS_VPC_ENI_MTU=${limit}`),
          "# then restart the Pods that talk across clusters, so that they get the smaller MTU",
        ].join("\n"),
      },
    ];
  },
};
