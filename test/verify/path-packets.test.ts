/**
 * Real packets for the Pod-path probes: their exact command lines (src/verify/path-commands.ts)
 * between two members built in network namespaces (test/support/netns-clusters.ts), as Pods with
 * no capability: through the imported Service and to the peer Pod; dropped by the peer Gateway's
 * own firewall while verify.tunnel's capture still sees the tunnel (what the tunnel probe alone
 * cannot tell); and a path that drops only packets above 8500 bytes. Root; never skipped.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { capabilitiesOf } from "../../src/verify/manifests.js";
import type { ProbeWire } from "../../src/verify/marker.js";
import { echoServerCommand, pathClientCommand, SMALL } from "../../src/verify/path-commands.js";
import { readPathClientLog } from "../../src/verify/path-logs.js";
import { clientPodManifest, echoPodManifest } from "../../src/verify/path-manifests.js";
import { observerCommand, senderCommand } from "../../src/verify/probe-commands.js";
import { readObserverLog } from "../../src/verify/probe-logs.js";
import { asContainer, withCapabilities } from "../support/netns.js";
import { CLUSTERS, type Place, type TwoClusters, twoClusters } from "../support/netns-clusters.js";

const RUN = "5eed0019";
const POD = { run: RUN, namespace: "ns", image: "x", deadlineSeconds: 60, expires: "" };
const VXLAN: ProbeWire = { protocol: "udp", port: 4789 };
const TARGETS = [
  { kind: "service", peer: 1, ip: CLUSTERS.importedIP },
  { kind: "pod", peer: 1, ip: CLUSTERS.podB },
] as const;
/** The client's lines of one kind, in a fixed order (the targets run side by side). */
const sorted = (lines: string[]) => lines.sort((a, b) => b.localeCompare(a));

describe("Pod-path probes between two members in network namespaces (real packets)", () => {
  let c: TwoClusters;
  let server: ChildProcess;
  before(async () => {
    assert.equal(process.getuid?.(), 0, "these tests need root (ip netns)");
    c = await twoClusters();
    // The peer's echo Pod, as its manifest runs it: not root, no capability.
    server = spawn(
      "/usr/sbin/ip",
      ["netns", "exec", c.ns.podB, ...asContainer(echoPodManifest(echoServerCommand(RUN), POD))],
      { stdio: "ignore" },
    );
    for (let i = 0; i < 50 && !/:8080/.test(c.sh("podB", "ss -ltn")); i++)
      await new Promise((r) => setTimeout(r, 20));
  });
  after(async () => {
    server?.kill("SIGKILL");
    await c?.close();
  });

  /** The member's client Pod, as its manifest runs it, to both targets; its log read as verify reads it. */
  const client = (large: number = CLUSTERS.podMtu) =>
    readPathClientLog(
      c.sh(
        "podA",
        asContainer(clientPodManifest(pathClientCommand(TARGETS, large), [], POD))
          .map(quote)
          .join(" "),
      ),
      RUN,
    );

  it("delivered: the Service and the Pod answer, seen coming from the member's Gateway IP, small and Pod-MTU datagrams echoed", () => {
    const log = client();
    assert.equal(log.podMtu, CLUSTERS.podMtu);
    assert.ok(log.done);
    assert.deepEqual(
      sorted(log.calls.map((x) => `${x.to} ${x.peer} ${x.answered} ${x.seenFrom}`)),
      [`service 1 true ${CLUSTERS.gatewayA}`, `pod 1 true ${CLUSTERS.gatewayA}`],
    );
    assert.deepEqual(sorted(log.datagrams.map((d) => `${d.to} ${d.size} ${d.echoed}`)), [
      `service ${CLUSTERS.podMtu} true`,
      `service ${SMALL} true`,
      `pod ${CLUSTERS.podMtu} true`,
      `pod ${SMALL} true`,
    ]);
  });

  it("dropped by the peer Gateway's own firewall (INPUT): no answer, while the tunnel capture still sees the tunnel", async () => {
    c.sh("gwB", "iptables -A INPUT -p udp --dport 4789 -j DROP");
    try {
      const log = client();
      assert.deepEqual(
        log.calls.map((x) => x.answered),
        [false, false],
      );
      assert.ok(log.datagrams.every((d) => !d.echoed));
      // verify.tunnel between the same Gateways: its capture comes before the firewall.
      const seen = await tunnelProbe("gwB", "gwA");
      assert.equal(seen.arrivals[0]?.packets, 3);
    } finally {
      c.sh("gwB", "iptables -D INPUT -p udp --dport 4789 -j DROP");
    }
  });

  it("a path that drops packets above 8500 bytes (a transit gateway): small ones pass, the Pod-MTU one does not", () => {
    c.nft(
      "aws",
      "table ip mtu {\n chain forward { type filter hook forward priority filter; ip length > 8500 counter drop; }\n}\n",
    );
    try {
      const log = client();
      assert.deepEqual(
        log.calls.map((x) => x.answered),
        [true, true],
      );
      assert.deepEqual(sorted(log.datagrams.map((d) => `${d.to} ${d.size} ${d.echoed}`)), [
        `service ${CLUSTERS.podMtu} false`,
        `service ${SMALL} true`,
        `pod ${CLUSTERS.podMtu} false`,
        `pod ${SMALL} true`,
      ]);
    } finally {
      c.sh("aws", "nft delete table ip mtu");
    }
  });

  it("a datagram above the Pod's own MTU never leaves it, and says so", () => {
    const log = client(9001);
    const big = log.datagrams.filter((d) => d.size === 9001);
    assert.equal(big.length, 2);
    for (const d of big) {
      assert.equal(d.echoed, false);
      assert.match(d.error ?? "", /Message too long/);
    }
  });

  /** verify.tunnel's own probe between two Gateways of the topology (its marker, over VXLAN's port). */
  async function tunnelProbe(at: Place, from: Place) {
    const obs = spawn(
      "/usr/sbin/ip",
      [
        "netns",
        "exec",
        c.ns[at],
        ...withCapabilities(capabilitiesOf("observer", VXLAN), observerCommand([VXLAN], RUN, 20)),
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    obs.stdout?.on("data", (d: Buffer) => {
      out += d.toString("utf8");
    });
    try {
      for (let i = 0; i < 200 && !/listening on /.test(out); i++)
        await new Promise((r) => setTimeout(r, 20));
      const ips: Record<string, string> = { gwA: CLUSTERS.gatewayA, gwB: CLUSTERS.gatewayB };
      c.sh(
        from,
        senderCommand(VXLAN, RUN, { index: 0, ip: ips[from] ?? "" }, [
          { index: 1, ip: ips[at] ?? "" },
        ])
          .map(quote)
          .join(" "),
      );
      await new Promise((r) => setTimeout(r, 300));
      return readObserverLog(out, RUN);
    } finally {
      c.sh(at, "pkill tcpdump || true");
      obs.kill("SIGKILL");
    }
  }
});

/** A word for sh -c. */
function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
