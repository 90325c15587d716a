/**
 * The small interface apply and teardown use to change EC2 (as Submariner's cloud-prepare keeps
 * its `Cloud` interface small): one call by action name, and the state of a peering. Tests and
 * the SDK implement it; the logic never sees the SDK.
 */
import type { Ec2Action } from "../aws/actions.js";

export interface LivePeering {
  readonly id: string;
  readonly status: string;
}

/** A VPC's attachment to a transit gateway, not deleted or failed. */
export interface LiveAttachment {
  readonly id: string;
  readonly state: string;
}

export interface Ec2Writer {
  /** Sends one action; with dryRun, EC2 answers DryRunOperation or UnauthorizedOperation. */
  call(
    action: Ec2Action,
    params: Readonly<Record<string, unknown>>,
    dryRun?: boolean,
  ): Promise<Record<string, unknown>>;
  /** A peering's status code as this account and Region see it (undefined: not visible yet). */
  peeringStatus(id: string): Promise<string | undefined>;
  /** A transit gateway attachment's state as this account and Region see it (undefined: not visible). */
  attachmentState(id: string): Promise<string | undefined>;
  /** The live attachments of a VPC to a transit gateway (AWS allows one). */
  vpcAttachments(tgwId: string, vpcId: string): Promise<LiveAttachment[]>;
  /** The peerings between two VPCs (either side requesting) not failed, rejected, expired or deleted. */
  livePeerings(vpcId: string, peerVpcId: string): Promise<LivePeering[]>;
  destroy(): void;
}

/** An AWS error as the SDK throws it: `name` is the EC2 error code. */
export function errorCode(err: unknown): string {
  const e = err as { name?: string; Code?: string };
  return e?.Code ?? e?.name ?? "Error";
}

export function errorText(err: unknown): string {
  return ((err as { message?: string })?.message ?? String(err)).split("\n")[0] ?? "";
}
