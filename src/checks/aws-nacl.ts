import { type Endpoint, impactOf, pairEndpoints } from "../analysis/aws/endpoints.js";
import { agreedWire, type Wire } from "../analysis/aws/wire.js";
import { awsFlags, naclArgs, runAs } from "../fixes/aws.js";
import { freeRuleNumbers, naclRangeDecision } from "../model/aws/nacl.js";
import type { NetworkAcl } from "../model/aws/types.js";
import { severityOf, statusOf, unknownOf } from "./aws/findings.js";
import { some } from "./helpers.js";
import type { Finding, PairCheck, Severity } from "./types.js";

interface Block {
  severity: Severity;
  acl: NetworkAcl;
  egress: boolean;
  rule: string;
  remotes: Set<string>;
  what: string;
  wire: Wire;
}

export const awsNacl: PairCheck<"aws.nacl"> = {
  id: "aws.nacl",
  title: "Network ACLs let the tunnel through",
  category: "AWS",
  severity: "error",
  scope: "pair",
  ordered: true,
  docs: {
    summary:
      "the network ACL of a Gateway's subnet denies the tunnel inbound from, or outbound to, the peer's Gateway IP (rules in number order, stateless)",
    why: "Network ACLs are stateless and evaluated in rule-number order, first match wins, and nothing matched means deny. Because both Gateways start tunnel flows, each subnet's ACL must allow the tunnel both inbound from and outbound to the peer, with each allow placed before any deny that would match. STT only looks like TCP: it has no handshake and sends no acknowledgments ([draft-davie-stt](https://datatracker.ietf.org/doc/html/draft-davie-stt-08)), so, as with the UDP tunnels, each side's packets go to TCP 7471 and nothing returns to an ephemeral port.",
    fix: "Add allow entries for the tunnel protocol and port, from and to each peer Gateway IP, numbered before the blocking deny.",
  },
  run(member, peer) {
    const pair = pairEndpoints(member, peer, { mine: ["DescribeNetworkAcls"] });
    if (!pair.ok) return [unknownOf(pair)];
    const agreed = agreedWire(member, peer);
    if (!agreed.ok) return [unknownOf(agreed)];
    const { wire } = agreed;
    const inbound = wire;
    const outbound = wire;
    const blocks = new Map<string, Block>();
    const check = (
      a: Endpoint,
      b: Endpoint,
      egress: boolean,
      wire: Wire,
      ports: [number, number] | undefined,
      what: string,
    ) => {
      const acl = a.placed.nacl;
      if (!acl) return;
      const [from, to] = ports ?? [0, 0];
      const packet = { protocol: wire.protocol, remoteIp: b.gatewayIP };
      const d = naclRangeDecision(acl, egress, packet, from, to);
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
      };
      if (severityOf(impactOf(a, b)) === "error") block.severity = "error";
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
        const port =
          wire.port === undefined ? undefined : ([wire.port, wire.port] as [number, number]);
        check(a, b, true, outbound, port, `${outbound.label} out to`);
        check(a, b, false, inbound, port, `${inbound.label} in from`);
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
    // Rule numbers handed out by one finding are not handed out again by the next.
    const taken = new Map<string, Set<number>>();
    return [...blocks.values()].map((b): Finding => {
      const direction = b.egress ? "--egress" : "--ingress";
      // Inbound entries stop what the peer sends; outbound ones what the member sends.
      const flow = b.egress ? "to-peer" : "from-peer";
      const key = `${b.acl.id}|${b.egress}`;
      const used = taken.get(key) ?? new Set<number>();
      taken.set(key, used);
      const before = b.rule.startsWith("rule ") ? Number(b.rule.split(" ")[1]) : 32767;
      const numbers = freeRuleNumbers(b.acl, b.egress, before, b.remotes.size, used);
      const args = naclArgs(b.wire);
      const remotes = [...b.remotes];
      if (numbers.length < remotes.length) {
        return {
          status: statusOf(b.severity),
          severity: b.severity,
          flow,
          resource: `${b.acl.id} ${b.rule.split(" (")[0]}`,
          message: `${b.acl.id} blocks ${b.what} ${peer.name}'s Gateway IP${remotes.length > 1 ? "s" : ""} ${some(remotes)}: ${b.rule} decides, and too few rule numbers are free before it`,
          remediation: `${runAs(member.name, pair.mine.aws)}# renumber: delete the deny and create it again with a higher --rule-number, then add the allows before it\naws ec2 describe-network-acls --network-acl-ids ${b.acl.id} ${awsFlags(pair.mine.aws)}`,
        };
      }
      return {
        status: statusOf(b.severity),
        severity: b.severity,
        flow,
        resource: `${b.acl.id} ${b.rule.split(" (")[0]}`,
        message: `${b.acl.id} blocks ${b.what} ${peer.name}'s Gateway IP${b.remotes.size > 1 ? "s" : ""} ${some([...b.remotes])}: ${b.rule} decides`,
        remediation:
          runAs(member.name, pair.mine.aws) +
          remotes
            .map(
              (ip, i) =>
                `aws ec2 create-network-acl-entry --network-acl-id ${b.acl.id} ${direction} --rule-number ${numbers[i]} ${args} --cidr-block ${ip}/32 --rule-action allow ${awsFlags(pair.mine.aws)}`,
            )
            .join("\n"),
      };
    });
  },
};
