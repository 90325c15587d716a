/**
 * The peering a pair of members needs, from the peering analysis: reuse the one live peering
 * between their VPCs (accepting it when pending), else create one as the first member and accept
 * it as the second, with that member's own credentials in its own Region.
 */
import type { PeeringState } from "../analysis/aws/peerings.js";
import { ownedTags } from "../aws/tags.js";
import { acceptPeering, deleteExtraPeerings, describePeering, runAs } from "../fixes/aws.js";
import type { PlanBuilder } from "./builder.js";
import type { Ref } from "./types.js";

/** The peering to route to (an ID, or the step that creates it) and the step that makes it usable. */
export interface PeeringUse {
  readonly peering: string | Ref;
  /** The accept step routes wait on, when setup accepts or creates the peering. */
  readonly ready?: Ref;
  /** An existing peering setup leaves as it is: its state ("active", "provisioning", …). */
  readonly status?: string;
}

type Needed = Exclude<PeeringState, { kind: "not-needed" }>;

export function planPeering(
  b: PlanBuilder,
  clusterSet: string,
  state: Needed,
): PeeringUse | undefined {
  const { a, z } = state;
  const blocking = state.impact === "active";
  switch (state.kind) {
    case "several":
      b.cannot({
        member: a.member.name,
        peer: z.member.name,
        check: "aws.peering",
        resource: state.live.map((p) => p.id).join(", "),
        message: `${state.live.length} live peering connections between ${a.vpcId} and ${z.vpcId}: delete the extra ones first`,
        remediation: deleteExtraPeerings(state),
        blocking,
      });
      // Routes go to the one to keep, as doctor's route fixes say.
      return { peering: state.keep.id, status: state.keep.status };
    case "transitional":
      // Nothing to change: AWS is still working on it (doctor: re-check in a minute).
      b.cannot({
        member: a.member.name,
        peer: z.member.name,
        check: "aws.peering",
        resource: state.peering.id,
        message: `${state.peering.id} is ${state.peering.status}: run setup again once it is active`,
        remediation: `${runAs(a.member.name, a.aws)}${describePeering(state.peering.id, a.aws)}`,
        blocking: false,
      });
      return { peering: state.peering.id, status: state.peering.status };
    case "active":
      return { peering: state.peering.id, status: state.peering.status };
    case "pending-acceptance": {
      const { peering: p, accepter, requester } = state;
      if (state.otherAccount) {
        b.cannot({
          member: accepter.member.name,
          peer: requester.member.name,
          check: "aws.peering",
          resource: p.id,
          message: `${p.id} waits for account ${state.otherAccount} to accept it, but ${accepter.member.name} is read as account ${accepter.aws.account}`,
          remediation: acceptPeering(state),
          blocking,
        });
        return undefined;
      }
      const ready = b.add({
        member: accepter.member.name,
        peer: requester.member.name,
        action: "AcceptVpcPeeringConnection",
        region: p.accepter.region ?? accepter.aws.region,
        params: { VpcPeeringConnectionId: p.id },
        reason: "aws.peering",
        why: `${p.id} is pending acceptance by ${accepter.member.name}`,
        resource: p.id,
        after: [],
      });
      return { peering: p.id, ready };
    }
    case "none":
      break;
  }
  const crossAccount = !!z.aws.account && z.aws.account !== a.aws.account;
  const crossRegion = z.aws.region !== a.aws.region;
  const tags = [
    { Key: "Name", Value: `antrea-mc-${clusterSet}-${a.member.name}-${z.member.name}` },
    ...ownedTags(clusterSet),
  ];
  const created = b.add({
    member: a.member.name,
    peer: z.member.name,
    action: "CreateVpcPeeringConnection",
    region: a.aws.region,
    params: {
      VpcId: a.vpcId,
      PeerVpcId: z.vpcId,
      ...(crossAccount && z.aws.account ? { PeerOwnerId: z.aws.account } : {}),
      ...(crossRegion ? { PeerRegion: z.aws.region } : {}),
      TagSpecifications: [{ ResourceType: "vpc-peering-connection", Tags: tags }],
    },
    reason: "aws.peering",
    why: `no peering between ${a.vpcId} (${a.member.name}) and ${z.vpcId} (${z.member.name})`,
    resource: a.vpcId,
    after: [],
  });
  const ready = b.add({
    member: z.member.name,
    peer: a.member.name,
    action: "AcceptVpcPeeringConnection",
    region: z.aws.region,
    params: { VpcPeeringConnectionId: created },
    reason: "aws.peering",
    why: `the accepter (${z.member.name}) accepts it in its own account and Region`,
    resource: z.vpcId,
    after: [created.ref],
    waitFor: { peering: created, status: "pending-acceptance" },
  });
  // Tags are per account and Region: the accepter's view gets its own.
  if (crossAccount || crossRegion) {
    b.add({
      member: z.member.name,
      peer: a.member.name,
      action: "CreateTags",
      region: z.aws.region,
      params: { Resources: [created], Tags: tags },
      reason: "aws.peering",
      why: `so that teardown finds the peering from ${z.member.name}'s account too`,
      resource: z.vpcId,
      after: [ready.ref],
    });
  }
  return { peering: created, ready };
}
