import { type Endpoint, impactOf, pairEndpoints, unread } from "../analysis/aws/endpoints.js";
import {
  endOf,
  type TransitBreak,
  type TransitHop,
  transitPath,
} from "../analysis/aws/transit-path.js";
import { joiningGateway, viaOf } from "../analysis/aws/via.js";
import { agreedWire } from "../analysis/aws/wire.js";
import { transitFixCommand, transitFixer } from "../fixes/transit.js";
import type { MemberAws } from "../model/types.js";
import { failing, unknownOf } from "./aws/findings.js";
import { some } from "./helpers.js";
import type { Finding, Flow, PairCheck } from "./types.js";

/** "tgw-attach-1 → tgw-rtb-1 (10.2.0.0/16) → tgw-attach-2": the hops a reached path took. */
export function describeHops(hops: readonly TransitHop[]): string {
  return hops
    .map((h) =>
      h.kind === "route-table"
        ? `${h.table.id} (${h.destination}, ${h.route.type})`
        : h.kind === "peering"
          ? `peering ${h.attachment.id} → ${h.attachment.peer?.tgwId ?? h.attachment.resourceId}`
          : h.attachment.id,
    )
    .join(" → ");
}

export const awsTransitGateway: PairCheck<"aws.transit-gateway"> = {
  id: "aws.transit-gateway",
  title: "Transit gateway path",
  category: "AWS",
  severity: "error",
  scope: "pair",
  ordered: true,
  fixable: "setup",
  docs: {
    summary:
      "the two VPCs are joined through a transit gateway (or peered transit gateways) and the path is broken: an attachment not `available`, no attachment subnet in a Gateway's Availability Zone, an attachment subnet's network ACL denying the tunnel, no associated route table, or no active route (static or propagated; a blackhole counts as none) to the peer Gateway IP. A next hop it cannot follow (an appliance VPC, a VPN, Direct Connect) or a route table it may not read (shared from another account) is `unknown` with the reason",
    why: "A transit gateway forwards what enters through a VPC attachment by the route table associated with that attachment, longest prefix first; a blackhole drops. Traffic enters only in Availability Zones where the attachment has a subnet, and the network ACLs of the attachment subnets apply where packets enter and leave the gateway. Between peered transit gateways only static routes carry traffic, on both sides. Which way a Gateway's packets take is decided by the Gateway subnet's route for the peer Gateway IP (aws.route); this check follows that way hop by hop with the routes SearchTransitGatewayRoutes lists, for the active Gateways and every candidate.",
    fix: "The finding names the hop that drops the tunnel and the command that mends it, in the account that may run it: attach the VPC or add a subnet in the Gateway's zone (the VPC's owner), accept an attachment or a peering, associate the attachment with a route table, enable propagation of the peer VPC's attachment or add a static route (the gateway's owner), or add a network ACL entry for the tunnel on the attachment subnet.",
  },
  run(member, peer, ctx) {
    const pair = pairEndpoints(member, peer);
    if (!pair.ok) return [unknownOf(pair)];
    const { peerings, transit } = ctx.model.aws;
    const { mine, theirs } = pair;
    // Without the route tables the way is not known where a gateway joins the VPCs.
    const joined = mine.endpoints.some((a) =>
      theirs.endpoints.some((b) => joiningGateway(transit, a.placed.eni.vpcId, b.placed.eni.vpcId)),
    );
    const gap = joined ? unread(member, mine.aws, ["DescribeRouteTables"]) : undefined;
    if (gap) return [unknownOf(gap)];
    const ways = (from: readonly Endpoint[], to: readonly Endpoint[], aws: MemberAws) =>
      from.flatMap((a) =>
        to.flatMap((b) => {
          const via = viaOf(a, b, aws, peerings, transit);
          return via.kind === "transit-gateway"
            ? [{ a, b, tgwId: via.tgwId, routed: via.routed }]
            : [];
        }),
      );
    const out = ways(mine.endpoints, theirs.endpoints, mine.aws);
    // The member's own attachment subnets on the way in from the peer (its outbound rules).
    const back = ways(theirs.endpoints, mine.endpoints, theirs.aws);
    if (out.length === 0 && back.length === 0) {
      // No attachment was read: "not joined" would be a guess.
      const notRead =
        unread(member, mine.aws, ["DescribeTransitGatewayVpcAttachments"]) ??
        unread(peer, theirs.aws, ["DescribeTransitGatewayVpcAttachments"]);
      if (notRead) return [unknownOf(notRead)];
      return [
        {
          status: "pass",
          message: `${member.name}'s and ${peer.name}'s Gateways are not joined through a transit gateway`,
        },
      ];
    }
    const agreed = agreedWire(member, peer);
    if (!agreed.ok) return [unknownOf(agreed)];
    const wire = agreed.wire;
    // Breaks alike but for the Gateway IP they name are one finding, with every IP and fix.
    interface Merged {
      finding: Finding;
      template: string;
      ips: string[];
      line: string;
      commands: string[];
    }
    const findings = new Map<string, Merged>();
    const unknowns = new Set<string>();
    const reached: string[] = [];
    const taken = new Map<string, Set<number>>();
    const report = (brk: TransitBreak, a: Endpoint, b: Endpoint, flow: Flow) => {
      const { who, line } = transitFixer(
        brk,
        member,
        mine.aws,
        peer,
        theirs.aws,
        ctx.model.members,
      );
      const template = brk.ip ? brk.message.split(brk.ip).join("{ip}") : brk.message;
      const key = `${brk.resource}|${template}`;
      const bad = failing(impactOf(a, b));
      const seen = findings.get(key) ?? {
        finding: { ...bad, resource: brk.resource, flow, message: brk.message },
        template,
        ips: [],
        line,
        commands: [],
      };
      if (bad.severity === "error") seen.finding = { ...seen.finding, ...bad };
      if (brk.ip && !seen.ips.includes(brk.ip)) seen.ips.push(brk.ip);
      if (brk.fix && (!brk.ip || seen.commands.length < seen.ips.length)) {
        const command = transitFixCommand(brk.fix, who, wire, taken);
        if (!seen.commands.includes(command)) seen.commands.push(command);
      }
      findings.set(key, seen);
    };
    let unrouted = false;
    for (const { a, b, tgwId, routed } of out) {
      const path = transitPath(
        { a: endOf(a), b: endOf(b), aws: mine.aws, peerAws: theirs.aws, wire },
        tgwId,
        transit,
      );
      if (path.status === "unknown") unknowns.add(path.reason);
      else if (path.status === "reached") {
        reached.push(describe(a, b, describeHops(path.hops)));
        if (!routed) unrouted = true;
      } else for (const brk of path.breaks) if (brk.by !== "receiver") report(brk, a, b, "to-peer");
    }
    for (const { a: b, b: a, tgwId } of back) {
      const path = transitPath(
        { a: endOf(b), b: endOf(a), aws: theirs.aws, peerAws: mine.aws, wire },
        tgwId,
        transit,
      );
      if (path.status !== "broken") continue;
      for (const brk of path.breaks)
        if (brk.by === "receiver") report({ ...brk, by: "sender" }, a, b, "from-peer");
    }
    const found: Finding[] = [...findings.values()].map((m) => ({
      ...m.finding,
      message: m.ips.length ? m.template.split("{ip}").join(some(m.ips)) : m.template,
      ...(m.commands.length ? { remediation: m.line + m.commands.join("\n") } : {}),
    }));
    for (const reason of unknowns) found.push({ status: "unknown", message: reason });
    if (found.length) return found;
    if (reached.length === 0)
      return [
        {
          status: "pass",
          message: `${member.name}'s network ACLs let ${peer.name}'s tunnel out of the transit gateway`,
        },
      ];
    return [
      {
        status: "pass",
        resource: [...new Set(out.map((t) => t.tgwId))].join(", "),
        message: `the tunnel to ${peer.name} ${unrouted ? "would go, once the Gateway subnets route it there (aws.route)," : "goes"} through ${reached[0]}${reached.length > 1 ? ` (and ${reached.length - 1} more Gateway pair${reached.length > 2 ? "s" : ""})` : ""}`,
      },
    ];
  },
};

const describe = (a: Endpoint, b: Endpoint, hops: string) =>
  `${hops} (${a.gatewayIP} → ${b.gatewayIP})`;
