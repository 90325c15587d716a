import { describeEndpoint, impactOf, pairEndpoints } from "../analysis/aws/endpoints.js";
import { awsFlags, runAs } from "../fixes/aws.js";
import { describeTarget, routeFor } from "../model/aws/route.js";
import { severityOf, statusOf, unknownOf } from "./aws/findings.js";
import { kubectl } from "./helpers.js";
import type { Finding, PairCheck, Severity } from "./types.js";

/** "public Gateway IP a" or "public Gateway IPs a, b": one finding names every peer Gateway. */
const publicIps = (ips: readonly string[]): string =>
  `public Gateway IP${ips.length === 1 ? "" : "s"} ${ips.join(", ")}`;

export const awsPublicPath: PairCheck<"aws.public-path"> = {
  id: "aws.public-path",
  title: "Path over public IPs",
  category: "AWS",
  severity: "error",
  scope: "pair",
  ordered: true,
  docs: {
    summary:
      "Gateway IPs are public and the Gateway instance does not hold its public (or Elastic) IP, or its subnet's route table has no internet-gateway route to the peer's public Gateway IP",
    why: "With `gatewayIPPrecedence: public` (or a public `gateway-ip` annotation) the tunnel crosses the internet instead of a peering: each Gateway must own its public IP, and its subnet must route the peer's public IP to an internet gateway. Through a NAT gateway the peer would see the NAT's address, which its security group does not expect.",
    fix: "Give Gateway Nodes an Elastic IP (and set it as their `multicluster.antrea.io/gateway-ip`), in subnets whose route table sends 0.0.0.0/0 to the VPC's internet gateway.",
  },
  run(member, peer) {
    const pair = pairEndpoints(member, peer, { mine: ["DescribeRouteTables"] });
    if (!pair.ok) return [unknownOf(pair)];
    const inv = pair.mine.aws.inventory;
    // One finding per instance, per peer interface and per route table, whatever the combinations.
    type Found = Finding & { severity: Severity; ips?: string[]; fix?: (ips: string[]) => string };
    const found = new Map<string, Found>();
    const add = (key: string, f: Found, ip?: string) => {
      const seen = found.get(key);
      if (!seen) {
        found.set(key, { ...f, ...(ip ? { ips: [ip] } : {}) });
        return;
      }
      if (ip && !seen.ips?.includes(ip)) seen.ips?.push(ip);
      if (f.severity === "error" && seen.severity !== "error")
        found.set(key, { ...seen, status: f.status, severity: "error" });
    };
    let checked = 0;
    for (const a of pair.mine.endpoints) {
      for (const b of pair.theirs.endpoints) {
        if (!a.isPublic && !b.isPublic) continue;
        checked++;
        const severity = severityOf(impactOf(a, b));
        if (a.isPublic && !a.placed.eni.publicIps.includes(a.gatewayIP)) {
          const own = a.placed.eni.publicIps[0];
          add(`own|${a.placed.instance.id}`, {
            status: statusOf(severity),
            severity,
            resource: a.placed.instance.id,
            message: `Gateway IP ${a.gatewayIP} of ${describeEndpoint(a)} is neither a private nor a public IP of ${a.placed.instance.id}${own ? ` (its public IP is ${own})` : " (it has no public IP)"}`,
            remediation: own
              ? kubectl(
                  member,
                  `annotate node ${a.node.node} multicluster.antrea.io/gateway-ip=${own} --overwrite`,
                )
              : [
                  `${runAs(member.name, pair.mine.aws)}alloc=$(aws ec2 allocate-address --domain vpc --query AllocationId --output text ${awsFlags(pair.mine.aws)})`,
                  `aws ec2 associate-address --instance-id ${a.placed.instance.id} --allocation-id "$alloc" ${awsFlags(pair.mine.aws)}`,
                ].join("\n"),
          });
        }
        if (!b.isPublic) {
          add(`mixed|${b.placed.eni.id}`, {
            status: "warn",
            severity: "warning",
            resource: b.placed.eni.id,
            message: `${member.name} uses a public Gateway IP (${a.gatewayIP}) but ${peer.name}'s ${b.node.node} a private one (${b.gatewayIP}): the two cannot reach each other the same way; use one gatewayIPPrecedence in the whole ClusterSet`,
          });
          continue;
        }
        const table = a.placed.routeTable;
        const match = table ? routeFor(table, b.gatewayIP, inv.prefixLists) : undefined;
        const kind = match?.route.target.kind;
        if (kind === "internet-gateway") continue;
        const igw = inv.routeTables
          .filter((t) => t.vpcId === a.placed.eni.vpcId)
          .flatMap((t) => t.routes)
          .find((r) => r.target.kind === "internet-gateway")?.target.id;
        const nat = kind === "nat-gateway";
        add(
          `route|${table?.id}|${match ? describeTarget(match.route) : "none"}`,
          {
            status: nat ? "warn" : statusOf(severity),
            severity: nat ? "warning" : severity,
            resource: table?.id ?? a.placed.eni.subnetId,
            message: match
              ? `${table?.id} sends ${peer.name}'s %IPS% to ${describeTarget(match.route)} (${kind}), not to an internet gateway${nat ? `: ${peer.name} sees the NAT's address instead of ${a.gatewayIP}` : ""}`
              : `${table?.id ?? a.placed.eni.subnetId} has no route to ${peer.name}'s %IPS%`,
            // A /32 per peer Gateway: longer than any default route, so a NAT or other default
            // route keeps serving the rest of the subnet.
            fix: (ips) => {
              const flags = awsFlags(pair.mine.aws);
              const routes = ips.map((ip) => {
                const verb = table?.routes.some((r) => r.cidr === `${ip}/32`)
                  ? "replace"
                  : "create";
                return `aws ec2 ${verb}-route --route-table-id ${table?.id} --destination-cidr-block ${ip}/32 --gateway-id ${igw ?? '"$igw"'} ${flags}`;
              });
              const lookup = igw
                ? []
                : [
                    `igw=$(aws ec2 describe-internet-gateways --filters Name=attachment.vpc-id,Values=${a.placed.eni.vpcId} --query 'InternetGateways[0].InternetGatewayId' --output text ${flags})`,
                  ];
              return runAs(member.name, pair.mine.aws) + [...lookup, ...routes].join("\n");
            },
          },
          b.gatewayIP,
        );
      }
    }
    const findings = [...found.values()].map(({ ips, fix, ...f }) => ({
      ...f,
      message: f.message.replace("%IPS%", publicIps(ips ?? [])),
      ...(fix ? { remediation: fix(ips ?? []) } : {}),
    }));
    if (findings.length > 0) return findings;
    if (checked === 0)
      return [
        {
          status: "pass",
          message: "private Gateway IPs: the path is the VPC peering (aws.peering, aws.route)",
        },
      ];
    return [
      {
        status: "pass",
        message: `public Gateway IPs owned by the instances, routed to an internet gateway`,
      },
    ];
  },
};
