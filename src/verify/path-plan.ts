/**
 * What the Pod-path probes expect of a member, from the model: the largest packet its Pods send
 * (the Pod MTU Antrea sets: the VPC CNI's MTU less the tunnel's overhead), which the path to every
 * peer must carry whole.
 */
import { tunnelOverhead } from "../model/tunnel.js";
import type { MemberModel } from "../model/types.js";

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
