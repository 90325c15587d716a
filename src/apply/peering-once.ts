/**
 * CreateVpcPeeringConnection takes no client token, so two setups of one ClusterSet running at
 * once could each make a peering. Each run looks again right before creating (another run may
 * have made one since the plan was read); after creating, it waits long enough for a concurrent
 * create to show, and every run keeps the lowest ID among the live peerings between the two VPCs,
 * deleting its own if it lost. Both runs see the same set, so both pick the same peering.
 */
import type { Ec2Writer } from "./writer.js";

export interface PeeringOutcome {
  readonly status: "applied" | "done-already";
  /** The peering the following steps use. */
  readonly id: string;
  readonly message?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function createPeeringOnce(
  writer: Ec2Writer,
  params: Readonly<Record<string, unknown>>,
  settleMs: number,
): Promise<PeeringOutcome> {
  const vpc = String(params.VpcId);
  const peer = String(params.PeerVpcId);
  const before = await writer.livePeerings(vpc, peer);
  if (before[0]) {
    return {
      status: "done-already",
      id: before[0].id,
      message: `${before[0].id} was made since the plan was read (another setup?): using it`,
    };
  }
  const out = await writer.call("CreateVpcPeeringConnection", params);
  const ours = (out.VpcPeeringConnection as { VpcPeeringConnectionId?: string } | undefined)
    ?.VpcPeeringConnectionId;
  if (!ours) throw new Error("CreateVpcPeeringConnection answered without a peering ID");
  await sleep(settleMs);
  const ids = [ours, ...(await writer.livePeerings(vpc, peer)).map((p) => p.id)].sort();
  const winner = ids[0] ?? ours;
  if (winner === ours) return { status: "applied", id: ours };
  await writer.call("DeleteVpcPeeringConnection", { VpcPeeringConnectionId: ours });
  return {
    status: "done-already",
    id: winner,
    message: `another setup made ${winner} at the same time: deleted the duplicate ${ours}`,
  };
}
