import { livePeering } from "../model/aws/peerings.js";
import { describeTarget, type RouteMatch, routeFor, routeForCidr } from "../model/aws/route.js";
import type { Peering, RouteTable } from "../model/aws/types.js";
import { parseCidr } from "../model/cidr.js";
import type { MemberAws } from "../model/types.js";
import {
  awsFlags,
  destinationFor,
  type Endpoint,
  pairEndpoints,
  runAs,
  severityOf,
  some,
  statusOf,
} from "./aws/path.js";
import type { Finding, PairCheck, Severity } from "./types.js";

interface Problem {
  severity: Severity;
  table: RouteTable;
  subnets: Set<string>;
  messages: string[];
  remediation: string;
}

/** Why a match does not carry traffic to the peering, or undefined when it does. */
function fault(match: RouteMatch | undefined, pcx: Peering, what: string): string | undefined {
  if (!match) return `no route for ${what}`;
  const r = match.route;
  const dest = r.cidr ?? `${r.prefixListId} (${match.destination.text})`;
  if (r.target.id !== pcx.id)
    return `${what} goes to ${describeTarget(r)} (${r.target.kind}, route ${dest}), not to ${pcx.id}`;
  if (r.state === "blackhole" || pcx.status !== "active") {
    return `the route ${dest} → ${pcx.id} for ${what} is a blackhole: the peering is ${pcx.status}`;
  }
  return undefined;
}

function fix(
  match: RouteMatch | undefined,
  table: RouteTable,
  pcx: Peering,
  destination: string,
  aws: MemberAws,
  mainHasIt: RouteTable | undefined,
): string {
  const flags = awsFlags(aws);
  if (match && match.route.target.id === pcx.id) {
    return `aws ec2 describe-vpc-peering-connections --vpc-peering-connection-ids ${pcx.id} ${flags}  # accept it first (aws.peering)`;
  }
  const wanted = parseCidr(destination);
  if (match?.route.cidr && wanted && match.destination.prefix > wanted.prefix) {
    return [
      `# ${match.route.cidr} → ${describeTarget(match.route)} is more specific and takes the traffic; remove it if nothing else needs it:`,
      `aws ec2 delete-route --route-table-id ${table.id} --destination-cidr-block ${match.route.cidr} ${flags}`,
    ].join("\n");
  }
  if (match?.route.cidr && match.route.cidr === wanted?.canonical) {
    return `aws ec2 replace-route --route-table-id ${table.id} --destination-cidr-block ${match.route.cidr} --vpc-peering-connection-id ${pcx.id} ${flags}`;
  }
  const note = mainHasIt
    ? [
        `# ${mainHasIt.id} (the VPC's main table) has this route, but the Gateway subnets use ${table.id}:`,
      ]
    : [];
  return [
    ...note,
    `aws ec2 create-route --route-table-id ${table.id} --destination-cidr-block ${destination} --vpc-peering-connection-id ${pcx.id} ${flags}`,
  ].join("\n");
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
      "the effective route table of a Gateway's subnet (its explicit association, else the VPC's main table) does not send the peer's Gateway IPs — and the peer's Pod CIDRs, as Antrea's guide asks — to the peering connection: no route, a blackhole (the peering is not active), another target, or a longer prefix that shadows it",
    why: "Tunnel packets from a Gateway to a peer Gateway in another VPC leave the subnet through its route table. The VPC router takes the longest matching prefix (CIDR routes before prefix-list routes, static before propagated); a route in the main table does not apply to a subnet with its own table; a route to a peering that is not active drops traffic although EC2 may still show it active.",
    fix: "In the route table of every Gateway subnet, route the peer's Pod CIDR (with the Amazon VPC CNI, its VPC CIDR) to the peering connection, and remove more specific routes that send part of it elsewhere.",
  },
  run(member, peer, ctx) {
    const pair = pairEndpoints(member, peer, {
      mine: ["DescribeRouteTables", "GetManagedPrefixListEntries"],
    });
    if (!pair.ok) return [pair.finding];
    const inv = pair.mine.aws.inventory;
    const problems = new Map<string, Problem>();
    let checked = 0;
    // Problems with the same fix (say, one create-route for the peer's whole CIDR) are one finding.
    const note = (a: Endpoint, severity: Severity, message: string, remediation: string) => {
      const table = a.placed.routeTable;
      if (!table) return;
      const id = `${table.id}|${remediation}`;
      const seen = problems.get(id);
      if (seen) {
        seen.subnets.add(a.placed.eni.subnetId);
        if (!seen.messages.includes(message)) seen.messages.push(message);
        if (severity === "error") seen.severity = "error";
      } else {
        problems.set(id, {
          severity,
          table,
          subnets: new Set([a.placed.eni.subnetId]),
          messages: [message],
          remediation,
        });
      }
    };
    const pods = peer.podCIDRs.known ? peer.podCIDRs.value.value : [];
    for (const a of pair.mine.endpoints) {
      const table = a.placed.routeTable;
      if (!table) {
        return [
          {
            status: "unknown",
            message: `no route table found for ${a.placed.eni.subnetId} (DescribeRouteTables)`,
          },
        ];
      }
      const mainTable = inv.routeTables.find((t) => t.main && t.vpcId === a.placed.eni.vpcId);
      for (const b of pair.theirs.endpoints) {
        if (a.isPublic || b.isPublic) continue; // the internet path: aws.public-path
        if (a.placed.eni.vpcId === b.placed.eni.vpcId) continue; // the local route
        const pcx = livePeering(ctx.model.aws.peerings, a.placed.eni.vpcId, b.placed.eni.vpcId);
        if (!pcx) {
          return [
            {
              status: "unknown",
              message: `no peering between ${a.placed.eni.vpcId} and ${b.placed.eni.vpcId} to route to (see aws.peering)`,
            },
          ];
        }
        checked++;
        const what = `${peer.name}'s Gateway IP ${b.gatewayIP} (${b.node.node})`;
        const match = routeFor(table, b.gatewayIP, inv.prefixLists);
        const bad = fault(match, pcx, what);
        if (bad) {
          const mainMatch =
            mainTable && mainTable !== table
              ? routeFor(mainTable, b.gatewayIP, inv.prefixLists)
              : undefined;
          const mainHasIt = mainMatch && !fault(mainMatch, pcx, what) ? mainTable : undefined;
          note(
            a,
            severityOf(a, b),
            bad,
            fix(match, table, pcx, destinationFor(peer, b), pair.mine.aws, mainHasIt),
          );
        }
        for (const cidrText of pods) {
          const cidr = parseCidr(cidrText);
          if (cidr?.family !== "ipv4") continue;
          const cover = routeForCidr(table, cidr, inv.prefixLists);
          const podWhat = `${peer.name}'s Pod CIDR ${cidr.text}`;
          const podBad = fault(cover.match, pcx, podWhat);
          const severity: Severity = a.node.active ? "error" : "warning";
          if (podBad) {
            const mainCover =
              mainTable && mainTable !== table
                ? routeForCidr(mainTable, cidr, inv.prefixLists)
                : undefined;
            const mainHasIt =
              mainCover && !fault(mainCover.match, pcx, podWhat) ? mainTable : undefined;
            note(
              a,
              severity,
              podBad,
              fix(cover.match, table, pcx, cidr.text, pair.mine.aws, mainHasIt),
            );
          } else if (!cover.whole || cover.shadowing.length > 0) {
            const first = cover.shadowing[0];
            const carved = cover.shadowing.map(
              (s) => `${s.destination.text} → ${describeTarget(s.route)}`,
            );
            note(
              a,
              severity,
              cover.whole
                ? `${podWhat} is shadowed in part by ${some(carved)}`
                : `only part of ${podWhat} goes to ${pcx.id} (route ${cover.match?.destination.text})`,
              first?.route.cidr
                ? `aws ec2 delete-route --route-table-id ${table.id} --destination-cidr-block ${first.route.cidr} ${awsFlags(pair.mine.aws)}`
                : `aws ec2 create-route --route-table-id ${table.id} --destination-cidr-block ${cidr.text} --vpc-peering-connection-id ${pcx.id} ${awsFlags(pair.mine.aws)}`,
            );
          }
        }
      }
    }
    if (problems.size > 0) {
      return [...problems.values()].map(
        (p): Finding => ({
          status: statusOf(p.severity),
          severity: p.severity,
          resource: p.table.id,
          message: `${p.table.id} (${p.table.main ? "main table, " : ""}used by ${[...p.subnets].join(", ")}): ${p.messages.join("; ")}`,
          remediation: runAs(member.name, pair.mine.aws) + p.remediation,
        }),
      );
    }
    if (checked === 0)
      return [
        { status: "pass", message: notApplicable(pair.mine.endpoints, pair.theirs.endpoints) },
      ];
    const tables = [...new Set(pair.mine.endpoints.map((a) => a.placed.routeTable?.id ?? ""))];
    // Half the question answered is not a pass: the Pod CIDR routes are what Antrea's guide asks.
    if (!peer.podCIDRs.known) {
      return [
        {
          status: "unknown",
          resource: tables.join(", "),
          message: `${tables.join(", ")} route ${peer.name}'s Gateway IPs to the peering, but ${peer.name}'s Pod CIDRs are not known (${peer.podCIDRs.reason}), so their routes are not checked`,
        },
      ];
    }
    const podNote = pods.length ? ` and Pod CIDRs ${pods.join(", ")}` : "";
    return [
      {
        status: "pass",
        resource: tables.join(", "),
        message: `${tables.join(", ")} route ${peer.name}'s Gateway IPs${podNote} to the peering`,
      },
    ];
  },
};

function notApplicable(mine: readonly Endpoint[], theirs: readonly Endpoint[]): string {
  if (mine.every((a) => theirs.every((b) => a.placed.eni.vpcId === b.placed.eni.vpcId))) {
    return "the Gateways share a VPC: the local route carries the tunnel";
  }
  return "public Gateway IPs: the path is the internet gateway (aws.public-path)";
}
