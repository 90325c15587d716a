import { freeRuleNumber, naclDecision, type Packet } from "../model/aws/nacl.js";
import type { NetworkAcl } from "../model/aws/types.js";
import { awsFlags, type Endpoint, pairEndpoints, severityOf, some, statusOf } from "./aws/path.js";
import { isWire, type Wire, wireOrUnknown } from "./aws/tunnel-flow.js";
import type { Finding, PairCheck, Severity } from "./types.js";

/** Linux's ephemeral ports: the return traffic of STT (TCP) arrives on these. */
const EPHEMERAL = [32768, 60999];

interface Block {
  severity: Severity;
  acl: NetworkAcl;
  egress: boolean;
  rule: string;
  remotes: Set<string>;
  what: string;
  wire: Wire;
  ports?: string;
}

export const awsNacl: PairCheck = {
  id: "aws.nacl",
  title: "Network ACLs let the tunnel through",
  category: "AWS",
  severity: "error",
  scope: "pair",
  ordered: true,
  docs: {
    summary:
      "the network ACL of a Gateway's subnet denies the tunnel inbound from, or outbound to, the peer's Gateway IP (rules in number order, stateless; for STT also the TCP return traffic)",
    why: "Network ACLs are stateless and evaluated in rule-number order, first match wins, and nothing matched means deny. Because both Gateways start tunnel flows, each subnet's ACL must allow the tunnel both inbound from and outbound to the peer, with each allow placed before any deny that would match.",
    fix: "Add allow entries for the tunnel protocol and port, from and to each peer Gateway IP, numbered before the blocking deny.",
  },
  run(member, peer) {
    const pair = pairEndpoints(member, peer, { mine: ["DescribeNetworkAcls"] });
    if (!pair.ok) return [pair.finding];
    const inbound = wireOrUnknown(member.name, member.tunnel);
    if (!isWire(inbound)) return [inbound];
    const outbound = wireOrUnknown(peer.name, peer.tunnel);
    if (!isWire(outbound)) return [outbound];
    const blocks = new Map<string, Block>();
    const check = (
      a: Endpoint,
      b: Endpoint,
      egress: boolean,
      wire: Wire,
      port: number | undefined,
      what: string,
    ) => {
      const acl = a.placed.nacl;
      if (!acl) return;
      const packet: Packet = {
        protocol: wire.protocol,
        ...(port === undefined ? {} : { port }),
        remoteIp: b.gatewayIP,
      };
      const d = naclDecision(acl, egress, packet);
      if (d.allow) return;
      const rule = d.entry ? `rule ${d.entry.ruleNumber} (deny)` : "the default rule * (deny)";
      const key = `${acl.id}|${egress}|${rule}|${what}`;
      const block = blocks.get(key) ?? {
        severity: "warning" as Severity,
        acl,
        egress,
        rule,
        remotes: new Set<string>(),
        what,
        wire,
        ...(port !== undefined && port !== wire.port
          ? { ports: `${EPHEMERAL[0]}-${EPHEMERAL[1]}` }
          : {}),
      };
      if (severityOf(a, b) === "error") block.severity = "error";
      block.remotes.add(b.gatewayIP);
      blocks.set(key, block);
    };
    const bare = pair.mine.endpoints.find((a) => !a.placed.nacl);
    if (bare) {
      return [
        {
          status: "unknown",
          message: `no network ACL found for ${bare.placed.eni.subnetId} (DescribeNetworkAcls)`,
        },
      ];
    }
    let checked = 0;
    for (const a of pair.mine.endpoints) {
      for (const b of pair.theirs.endpoints) {
        if (a.placed.eni.subnetId === b.placed.eni.subnetId) continue; // ACLs apply between subnets
        checked++;
        check(a, b, true, outbound, outbound.port, `${outbound.label} out to`);
        check(a, b, false, inbound, inbound.port, `${inbound.label} in from`);
        if (inbound.protocol === "6") {
          for (const p of EPHEMERAL) {
            check(a, b, false, inbound, p, "TCP replies (ephemeral ports) in from");
            check(a, b, true, outbound, p, "TCP replies (ephemeral ports) out to");
          }
        }
      }
    }
    if (blocks.size === 0) {
      const acls = [...new Set(pair.mine.endpoints.map((a) => a.placed.nacl?.id ?? ""))].filter(
        Boolean,
      );
      return [
        {
          status: "pass",
          resource: acls.join(", "),
          message: checked
            ? `${acls.join(", ")} allow the tunnel to and from ${peer.name}'s Gateway IPs`
            : "the Gateways share a subnet: network ACLs do not apply",
        },
      ];
    }
    return [...blocks.values()].map((b): Finding => {
      const direction = b.egress ? "--egress" : "--ingress";
      const number = freeRuleNumber(
        b.acl,
        b.egress,
        b.rule.startsWith("rule ") ? Number(b.rule.split(" ")[1]) : 32767,
      );
      const args = b.ports ? `--protocol 6 --port-range From=1024,To=65535` : b.wire.naclArgs;
      return {
        status: statusOf(b.severity),
        severity: b.severity,
        resource: `${b.acl.id} ${b.rule.split(" (")[0]}`,
        message: `${b.acl.id} blocks ${b.what} ${peer.name}'s Gateway IP${b.remotes.size > 1 ? "s" : ""} ${some([...b.remotes])}: ${b.rule} decides`,
        remediation: [...b.remotes]
          .map(
            (ip, i) =>
              `aws ec2 create-network-acl-entry --network-acl-id ${b.acl.id} ${direction} --rule-number ${number - i} ${args} --cidr-block ${ip}/32 --rule-action allow ${awsFlags(pair.mine.aws)}`,
          )
          .join("\n"),
      };
    });
  },
};
