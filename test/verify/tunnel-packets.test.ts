/**
 * Real packets: the probes' exact command lines (src/verify/probe-commands.ts) between two
 * "Gateways" in network namespaces, for each tunnel protocol, read back by the same parsers verify
 * uses. Needs root, tcpdump, socat, iptables and nft (`.ci/run` installs them); never skipped.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { capabilitiesOf } from "../../src/verify/manifests.js";
import type { ProbeWire } from "../../src/verify/marker.js";
import { observerCommand, ROUNDS, senderCommand } from "../../src/verify/probe-commands.js";
import { readObserverLog, readSenderLog } from "../../src/verify/probe-logs.js";
import { type GatewayPair, gatewayPair, probeOnce, withCapabilities } from "../support/netns.js";

const NONCE = "0a1b2c3d";
const GENEVE: ProbeWire = { protocol: "udp", port: 6081 };

/** The observer's and the sender's command, each with the capabilities its Pod gets. */
function commands(pair: GatewayPair, wire: ProbeWire, sendWire: ProbeWire, nonce = NONCE) {
  return [
    withCapabilities(capabilitiesOf("observer", wire), observerCommand([wire], NONCE, 20)),
    withCapabilities(
      capabilitiesOf("sender", sendWire),
      senderCommand(sendWire, nonce, { index: 0, ip: pair.a.ip }, [{ index: 1, ip: pair.b.ip }]),
    ),
  ] as const;
}

/**
 * One probe; `delivered` gives the capture up to 5 s to print every packet (on a loaded machine
 * tcpdump can print late), the others the usual short grace.
 */
async function probe(
  pair: GatewayPair,
  wire: ProbeWire,
  sendWire: ProbeWire = wire,
  delivered = false,
) {
  const all = (out: string) =>
    readObserverLog(out, NONCE).arrivals.some((a) => a.packets >= ROUNDS);
  const run = await probeOnce(
    pair,
    ...commands(pair, wire, sendWire),
    delivered ? { graceMs: 5000, until: all } : {},
  );
  return { observer: readObserverLog(run.observer, NONCE), sender: readSenderLog(run.sender), run };
}

describe("verify.tunnel probes in network namespaces (real packets)", () => {
  let pair: GatewayPair;
  before(() => {
    assert.equal(process.getuid?.(), 0, "these tests need root (ip netns, raw sockets)");
    pair = gatewayPair();
  });
  after(() => pair?.close());

  const delivered: [string, ProbeWire][] = [
    ["Geneve UDP 6081", GENEVE],
    ["VXLAN UDP 4789", { protocol: "udp", port: 4789 }],
    ["WireGuard UDP 51821", { protocol: "udp", port: 51821 }],
    ["GRE (IP protocol 47)", { protocol: "gre" }],
    ["STT TCP 7471", { protocol: "tcp", port: 7471 }],
  ];
  for (const [name, wire] of delivered) {
    it(`${name}: delivered, every packet seen from the sender's address`, async () => {
      const { observer, sender, run } = await probe(pair, wire, wire, true);
      assert.ok(observer.listening, run.observer);
      assert.equal(observer.error, undefined, run.observer);
      assert.deepEqual(observer.arrivals, [{ from: 0, to: 1, packets: ROUNDS, source: pair.a.ip }]);
      assert.ok(sender.done, run.sender);
      assert.deepEqual(
        sender.sends.map((s) => s.rc),
        Array(ROUNDS).fill(0),
      );
    });
  }

  it("the port held by a kernel VXLAN socket: still seen, nothing bound by the capture", async () => {
    pair.run(pair.b, [
      "ip",
      "link",
      "add",
      "vx18",
      "type",
      "vxlan",
      "id",
      "18",
      "dstport",
      "4789",
      "local",
      pair.b.ip,
      "dev",
      pair.b.dev,
    ]);
    pair.run(pair.b, ["ip", "link", "set", "vx18", "up"]);
    try {
      assert.match(pair.run(pair.b, ["ss", "-uln"]), /:4789\b/);
      const { observer } = await probe(pair, { protocol: "udp", port: 4789 });
      assert.equal(observer.arrivals[0]?.packets, ROUNDS);
    } finally {
      pair.run(pair.b, ["ip", "link", "del", "vx18"]);
    }
  });

  it("dropped by the sender's own firewall (OUTPUT): not seen, and the sender says so", async () => {
    for (const [wire, rule] of [
      [GENEVE, ["-p", "udp", "--dport", "6081"]],
      [{ protocol: "gre" }, ["-p", "47"]],
      [{ protocol: "tcp", port: 7471 }, ["-p", "tcp", "--dport", "7471"]],
    ] as [ProbeWire, string[]][]) {
      pair.run(pair.a, ["iptables", "-A", "OUTPUT", ...rule, "-j", "DROP"]);
      try {
        const { observer, sender } = await probe(pair, wire);
        assert.ok(observer.listening);
        assert.deepEqual(observer.arrivals, [], wire.protocol);
        assert.equal(sender.sends.length, ROUNDS);
        for (const s of sender.sends) {
          assert.notEqual(s.rc, 0);
          assert.match(s.error ?? "", /Operation not permitted/);
        }
      } finally {
        pair.run(pair.a, ["iptables", "-D", "OUTPUT", ...rule, "-j", "DROP"]);
      }
    }
  });

  it("dropped silently on the way (as a security group drops): not seen, sent fine", async () => {
    const nft = (...args: string[]) => pair.run(pair.a, ["nft", ...args]);
    nft("add", "table", "netdev", "amc18");
    nft(
      "add",
      "chain",
      "netdev",
      "amc18",
      "eg",
      `{ type filter hook egress device ${pair.a.dev} priority 0; }`,
    );
    nft("add", "rule", "netdev", "amc18", "eg", "udp", "dport", "6081", "drop");
    try {
      const { observer, sender } = await probe(pair, GENEVE);
      assert.deepEqual(observer.arrivals, []);
      assert.deepEqual(
        sender.sends.map((s) => s.rc),
        Array(ROUNDS).fill(0),
      );
    } finally {
      nft("delete", "table", "netdev", "amc18");
    }
  });

  it("sent to the wrong port: not seen", async () => {
    const { observer, sender } = await probe(pair, GENEVE, { protocol: "udp", port: 6082 });
    assert.ok(observer.listening);
    assert.deepEqual(observer.arrivals, []);
    assert.ok(sender.sends.every((s) => s.rc === 0));
  });

  it("another run's packets (another nonce): not seen", async () => {
    const run = await probeOnce(pair, ...commands(pair, GENEVE, GENEVE, "ffffffff"));
    assert.deepEqual(readObserverLog(run.observer, NONCE).arrivals, []);
  });

  it("without the capabilities the Pods add, the probes fail and say why", async () => {
    const gre: ProbeWire = { protocol: "gre" };
    const sender = senderCommand(gre, NONCE, { index: 0, ip: pair.a.ip }, [
      { index: 1, ip: pair.b.ip },
    ]);
    const run = await probeOnce(
      pair,
      withCapabilities(capabilitiesOf("observer", gre), observerCommand([gre], NONCE, 20)),
      withCapabilities([], sender),
    );
    const sends = readSenderLog(run.sender).sends;
    assert.ok(sends.every((s) => s.rc !== 0 && /Operation not permitted/.test(s.error ?? "")));
    // tcpdump opens its capture, then cannot drop to its own user without SETUID/SETGID.
    const observer = pair.run(pair.b, [
      ...withCapabilities(["NET_RAW"], observerCommand([gre], NONCE, 1)),
    ]);
    const log = readObserverLog(observer, NONCE);
    assert.match(log.error ?? "", /Couldn't change to 'tcpdump'/);
    assert.equal(log.exit, 1);
  });

  it("dropped by the receiver's firewall (INPUT): still seen — the capture comes first", async () => {
    const rule = ["INPUT", "-p", "udp", "--dport", "6081", "-j", "DROP"];
    pair.run(pair.b, ["iptables", "-A", ...rule]);
    try {
      const { observer } = await probe(pair, GENEVE);
      assert.equal(observer.arrivals[0]?.packets, ROUNDS);
      assert.match(pair.run(pair.b, ["iptables", "-L", "INPUT", "-v", "-n"]), /^\s*3\s/m);
    } finally {
      pair.run(pair.b, ["iptables", "-D", ...rule]);
    }
  });
});
