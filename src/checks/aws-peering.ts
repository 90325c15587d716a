import { pairEndpoints } from "../analysis/aws/endpoints.js";
import { peeringState } from "../analysis/aws/peerings.js";
import { routesForNewPeering } from "../analysis/aws/routes.js";
import {
  acceptPeering,
  createPeering,
  deleteExtraPeerings,
  describePeering,
  runAs,
} from "../fixes/aws.js";
import type { Peering } from "../model/aws/types.js";
import type { MemberModel } from "../model/types.js";
import { failing, unknownOf } from "./aws/findings.js";
import type { PairCheck } from "./types.js";

/** The routes a new peering needs from `member`'s Gateway subnets (none when not known). */
function routesOf(member: MemberModel, peer: MemberModel, peerings: readonly Peering[]) {
  const pair = pairEndpoints(member, peer, {
    mine: ["DescribeRouteTables", "GetManagedPrefixListEntries"],
  });
  const routes = pair.ok ? routesForNewPeering(peer, pair, peerings) : pair;
  return "ok" in routes ? [] : routes;
}

export const awsPeering: PairCheck<"aws.peering"> = {
  id: "aws.peering",
  fixable: "setup",
  title: "VPC peering",
  category: "AWS",
  severity: "error",
  scope: "pair",
  ordered: false,
  docs: {
    summary:
      "the Gateways talk over private IPs across two VPCs and there is neither a transit gateway path nor a VPC peering connection between them, or the peering is not `active` (pending-acceptance, rejected, expired, deleted, failed)",
    why: "Private Gateway IPs of two VPCs only reach each other over a VPC peering connection or a transit gateway. Which one a pair uses is what the Gateway subnet's route for the peer Gateway IP points at; without such a route, a live peering, else a transit gateway both VPCs attach to (or peered gateways), else a peering still to be made. A pair joined through a transit gateway passes here, naming the gateway: aws.transit-gateway checks that path. A request must be accepted by the accepter VPC's owner, in the accepter's Region, within 7 days; routes to a peering that is not active carry nothing.",
    fix: "Create the peering from one VPC and accept it with the other VPC's account in its Region, then route both sides' Gateway subnets through it. The finding's fix does all of it in one block: the new peering's ID is kept in `$pcx` for the accept and the routes (the ones aws.route asks for; a route to another target or a longer prefix is left for aws.route to report).",
  },
  run(member, peer, ctx) {
    const pair = pairEndpoints(member, peer);
    if (!pair.ok) return [unknownOf(pair)];
    const state = peeringState(member, peer, pair, ctx.model.aws);
    if ("ok" in state) return [unknownOf(state)];
    if (state.kind === "not-needed") return [{ status: "pass", message: state.reason }];
    const { a: A, z: B } = state;
    // Only a failover candidate needs it: a warning.
    const bad = failing(state.impact);
    switch (state.kind) {
      case "none": {
        const dead = state.dead.map(
          (p) => `${p.id} is ${p.status}${p.message ? ` (${p.message})` : ""}`,
        );
        return [
          {
            ...bad,
            resource: `${A.vpcId}, ${B.vpcId}`,
            message: `no VPC peering connection between ${A.vpcId} (${member.name}) and ${B.vpcId} (${peer.name})${dead.length ? `: ${dead.join("; ")}` : ""}`,
            // The routes too, so that the block alone makes the path: without them aws.route can
            // only say "no peering to route to" until the next run.
            remediation: createPeering(A, B, {
              a: routesOf(A.member, B.member, ctx.model.aws.peerings),
              z: routesOf(B.member, A.member, ctx.model.aws.peerings),
            }),
          },
        ];
      }
      case "several":
        return [
          {
            ...bad,
            resource: state.live.map((p) => p.id).join(", "),
            message: `${state.live.length} peering connections between ${A.vpcId} and ${B.vpcId}: AWS allows one`,
            remediation: deleteExtraPeerings(state),
          },
        ];
      case "active":
        return [
          {
            status: "pass",
            resource: state.peering.id,
            message: `${state.peering.id} between ${A.vpcId} and ${B.vpcId} is active`,
          },
        ];
      case "pending-acceptance": {
        const { peering: p, accepter } = state;
        return [
          {
            ...bad,
            owner: accepter === A ? "member" : "peer",
            resource: p.id,
            message: `${p.id} is pending acceptance: ${accepter.member.name} (account ${p.accepter.ownerId ?? accepter.aws.account ?? "?"}) must accept it in ${p.accepter.region ?? accepter.aws.region}${p.expirationTime ? ` before ${p.expirationTime}` : ""}`,
            remediation: acceptPeering(state),
          },
        ];
      }
      case "transitional":
        return [
          {
            status: "warn",
            severity: "warning",
            resource: state.peering.id,
            message: `${state.peering.id} is ${state.peering.status}: re-check in a minute`,
            remediation: `${runAs(member.name, A.aws)}${describePeering(state.peering.id, A.aws)}`,
          },
        ];
    }
  },
};
