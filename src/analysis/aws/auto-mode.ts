/**
 * EKS Auto Mode: EKS runs the Pod network itself, with no aws-node DaemonSet, so the Amazon VPC
 * CNI's settings (AWS_VPC_ENI_MTU and the rest) do not apply to its Nodes. Known from
 * eks:DescribeCluster (computeConfig.enabled) or, without it, from Nodes labelled
 * eks.amazonaws.com/compute-type: auto while no aws-node runs.
 */
import type { MemberModel } from "../../model/types.js";

/** Why the member counts as Auto Mode, or undefined. */
export function autoModeOf(m: MemberModel): string | undefined {
  if (m.eks.known && m.eks.value.autoMode)
    return `EKS cluster ${m.eks.value.name} runs in Auto Mode (computeConfig.enabled)`;
  const auto = m.nodeCompute.known ? m.nodeCompute.value.auto : 0;
  if (!m.vpcCni && auto > 0)
    return `${auto} Node${auto === 1 ? " is an EKS Auto Mode Node" : "s are EKS Auto Mode Nodes"} (eks.amazonaws.com/compute-type: auto) and no aws-node DaemonSet runs`;
  return undefined;
}

/** Said in every MTU fix for an Auto Mode member, instead of a VPC CNI setting. */
export const AUTO_MODE_MTU =
  "EKS Auto Mode manages the Pod network itself (no aws-node DaemonSet), so VPC CNI settings such as AWS_VPC_ENI_MTU do not apply to its Nodes";
