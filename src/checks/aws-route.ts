import { pairEndpoints } from "../analysis/aws/endpoints.js";
import { doctorRouteGaps, routeTargetOf } from "../analysis/aws/peerings.js";
import type { RouteGap } from "../analysis/aws/routes.js";
import { routeFixCommands, runAs } from "../fixes/aws.js";
import { describeTarget } from "../model/aws/route.js";
import type { MemberModel } from "../model/types.js";
import { failing, severityOf, unknownOf } from "./aws/findings.js";
import { some } from "./helpers.js";
import type { Finding, PairCheck, Severity } from "./types.js";

/** What the doctor says of a gap. */
function describeGap(gap: RouteGap, peer: MemberModel): string {
  const what =
    gap.subject.kind === "gateway-ip"
      ? `${peer.name}'s Gateway IP ${gap.subject.ip} (${gap.subject.node})`
      : `${peer.name}'s Pod CIDR ${gap.subject.cidr}`;
  const pcx = gap.peering.id ?? "the new peering";
  if (gap.shadowing) {
    if (gap.kind === "partial")
      return `only part of ${what} goes to ${pcx} (route ${gap.match?.destination.text})`;
    const carved = gap.shadowing.map((s) => `${s.destination.text} → ${describeTarget(s.route)}`);
    return `${what} is shadowed in part by ${some(carved)}`;
  }
  const match = gap.match;
  if (!match) return `no route for ${what}`;
  const r = match.route;
  const dest = r.cidr ?? `${r.prefixListId} (${match.destination.text})`;
  if (gap.kind === "blackhole")
    return gap.peering.kind === "transit-gateway"
      ? `the route ${dest} → ${pcx} for ${what} is a blackhole: the VPC's attachment to ${pcx} is gone or not available (aws.transit-gateway)`
      : gap.peering.status === "active"
        ? `the route ${dest} → ${pcx} for ${what} is a blackhole although the peering is active`
        : `the route ${dest} → ${pcx} for ${what} is a blackhole: the peering is ${gap.peering.status}`;
  return `${what} goes to ${describeTarget(r)} (${r.target.kind}, route ${dest}), not to ${pcx}`;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

interface Problem {
  severity: Severity;
  gap: RouteGap;
  subnets: Set<string>;
  messages: string[];
  remediation: string;
}

export const awsRoute: PairCheck<"aws.route"> = {
  id: "aws.route",
  fixable: "setup",
  title: "Routes to the peer",
  category: "AWS",
  severity: "error",
  scope: "pair",
  ordered: true,
  docs: {
    summary:
      "the effective route table of a Gateway's subnet (its explicit association, else the VPC's main table) does not send the peer's Gateway IPs to the peering connection or transit gateway the pair is joined through: no route, a blackhole (the peering is not active, or EC2 marks the route so), another target, or a longer prefix that shadows it (error; warning for a candidate's subnet). The peer's Pod CIDR route that Antrea's guide also asks for is `info` when only that is missing, with no fix when no peering can carry it",
    why: "Tunnel packets from a Gateway to a peer Gateway in another VPC leave the subnet through its route table. The VPC router takes the longest matching prefix (CIDR routes before prefix-list routes, static before propagated); a route in the main table does not apply to a subnet with its own table; a route to a peering that is not active drops traffic although EC2 may still show it active. Only the Gateway IPs must be routed: the agent installs the flows for a peer's Service CIDR (and, with Pod-to-Pod connectivity, its Pod CIDRs) with the peer's Gateway IP as the tunnel's destination, and regular Nodes tunnel to the local Gateway's internal IP (antrea-io/antrea `pkg/agent/multicluster/mc_route_controller.go`: `addMCFlowsForSingleCIImp`, `getPeerGatewayTunnelIP`), so Pod and Service addresses never appear on the VPC underlay. The Pod CIDR route of Antrea's guide is harmless where it can exist — inside the peer VPC's CIDR blocks, apart from the local VPC's — and impossible elsewhere: with EKS custom networking, Pods in a secondary CIDR that only one VPC has need no route at all.",
    fix: "In the route table of every Gateway subnet, route the peer's Gateway IPs (setup routes the peer's Pod CIDR or VPC CIDR block that holds them) to the peering connection (or the transit gateway that joins the VPCs), and remove more specific routes that send part of it elsewhere.",
  },
  run(member, peer, ctx) {
    const pair = pairEndpoints(member, peer, {
      mine: ["DescribeRouteTables", "GetManagedPrefixListEntries"],
    });
    if (!pair.ok) return [unknownOf(pair)];
    const analysis = doctorRouteGaps(peer, pair, ctx.model.aws);
    // What the routes go to: "" for a peering, the transit gateway's ID.
    const targetOf = routeTargetOf(pair, ctx.model.aws);
    const gateways = new Set<string>();
    for (const a of pair.mine.endpoints)
      for (const b of pair.theirs.endpoints) {
        // As routeGaps: the internet and the local route are not this check's.
        if (a.isPublic || b.isPublic || a.placed.eni.vpcId === b.placed.eni.vpcId) continue;
        const target = targetOf(a, b);
        if (target) gateways.add(target.kind === "transit-gateway" ? (target.id ?? "") : "");
      }
    // "the peering", "transit gateway tgw-…", or both when endpoint pairs differ.
    const over = [
      ...(gateways.has("") ? ["the peering"] : []),
      ...[...gateways].filter(Boolean).map((t) => `transit gateway ${t}`),
    ].join(" and ");
    if (!analysis.ok) return [unknownOf(analysis)];
    // Gaps with the same fix (say, one create-route for the peer's whole CIDR) are one finding.
    const problems = new Map<string, Problem>();
    for (const gap of analysis.gaps) {
      // A Pod CIDR no peering can carry gets no route to add: the message says why.
      const remediation = gap.unroutable ? "" : (routeFixCommands(gap, pair.mine.aws) ?? "");
      const key = `${gap.table.id}|${remediation}`;
      const message = gap.unroutable
        ? `${describeGap(gap, peer)} (it cannot be routed over the peering: ${gap.unroutable}; the tunnel does not need it)`
        : describeGap(gap, peer);
      // The tunnel needs the Gateway IPs; a Pod CIDR route only follows Antrea's guide.
      const severity: Severity = gap.required ? severityOf(gap.impact) : "info";
      const seen = problems.get(key);
      if (seen) {
        seen.subnets.add(gap.subnetId);
        if (!seen.messages.includes(message)) seen.messages.push(message);
        if (RANK[severity] > RANK[seen.severity]) seen.severity = severity;
      } else {
        problems.set(key, {
          severity,
          gap,
          subnets: new Set([gap.subnetId]),
          messages: [message],
          remediation,
        });
      }
    }
    if (problems.size > 0) {
      return [...problems.values()].map(
        ({ severity, gap: { table }, subnets, messages, remediation }): Finding => ({
          ...(severity === "info"
            ? { status: "warn" as const, severity }
            : failing(severity === "error" ? "active" : "failover")),
          resource: table.id,
          message: `${table.id} (${table.main ? "main table, " : ""}used by ${[...subnets].join(", ")}): ${messages.join("; ")}`,
          ...(remediation ? { remediation: runAs(member.name, pair.mine.aws) + remediation } : {}),
        }),
      );
    }
    if (analysis.checked === 0) {
      const sameVpc = pair.mine.endpoints.every((a) =>
        pair.theirs.endpoints.every((b) => a.placed.eni.vpcId === b.placed.eni.vpcId),
      );
      return [
        {
          status: "pass",
          message: sameVpc
            ? "the Gateways share a VPC: the local route carries the tunnel"
            : "public Gateway IPs: the path is the internet gateway (aws.public-path)",
        },
      ];
    }
    const tables = analysis.tables;
    // The Gateway IPs are what the tunnel needs: the Pod CIDR routes Antrea's guide also asks
    // for are optional, so not knowing them leaves a pass that says so.
    if (analysis.podCIDRsUnknown !== undefined) {
      return [
        {
          status: "pass",
          resource: tables.join(", "),
          message: `${tables.join(", ")} route ${peer.name}'s Gateway IPs to ${over} (${peer.name}'s Pod CIDRs are not known, so the optional Pod CIDR routes are not checked: ${analysis.podCIDRsUnknown})`,
        },
      ];
    }
    const pods = peer.podCIDRs.known ? peer.podCIDRs.value.value : [];
    const podNote = pods.length ? ` and Pod CIDRs ${pods.join(", ")}` : "";
    return [
      {
        status: "pass",
        resource: tables.join(", "),
        message: `${tables.join(", ")} route ${peer.name}'s Gateway IPs${podNote} to ${over}`,
      },
    ];
  },
};
