/**
 * Two members in network namespaces, for the Pod-path probes' real-packet tests: in each, a Pod, a
 * Node and a Gateway; between the Gateways an "AWS" hop and a kernel VXLAN tunnel (the 50 bytes
 * of overhead Geneve has). The Pods' MTU is 8951 (9001 − 50), as Antrea sets it on EKS. Each
 * member reaches the other's echo Service through its imported ClusterIP (an nftables DNAT on its
 * Node to the peer's ClusterIP, which the peer's Gateway DNATs to the Pod, as AntreaProxy does),
 * and each Gateway SNATs what it tunnels to its Gateway IP, as Antrea's does. Everything lives in
 * namespaces the test makes; the setup never blocks the test's own API servers.
 */
import { execFileSync, spawn } from "node:child_process";
import { ipAsync, removeNamespaces } from "./netns.js";

const IP = "/usr/sbin/ip";
let made = 0;

/** Addresses of the topology, as the probes see them. */
export const CLUSTERS = {
  podA: "10.1.0.10",
  podB: "10.2.0.10",
  gatewayA: "192.168.10.1",
  gatewayB: "192.168.20.1",
  /** A's import of B's echo Service, and B's of A's. */
  importedIP: "10.96.0.100",
  importedInB: "10.97.0.100",
  /** The echo Service in B, and A's. */
  serviceB: "10.97.0.50",
  serviceA: "10.96.0.50",
  podMtu: 8951,
} as const;

export type Place = "podA" | "nodeA" | "gwA" | "aws" | "gwB" | "nodeB" | "podB";

export interface TwoClusters {
  readonly ns: Record<Place, string>;
  /** Runs a command (sh -c) in a place, as root; its output. */
  sh(place: Place, script: string): string;
  /** The same without blocking (for tests whose API servers run in this process). */
  shAsync(place: Place, script: string): Promise<string>;
  /** Applies an nftables ruleset (text) in a place. */
  nft(place: Place, rules: string): void;
  close(): Promise<void>;
}

export async function twoClusters(): Promise<TwoClusters> {
  const tag = `${process.pid % 100000}c${++made}`;
  const places: Place[] = ["podA", "nodeA", "gwA", "aws", "gwB", "nodeB", "podB"];
  const ns = Object.fromEntries(places.map((p) => [p, `amc${p}${tag}`])) as Record<Place, string>;
  const sh = (place: Place, script: string) =>
    execFileSync(IP, ["netns", "exec", ns[place], "sh", "-c", script], { stdio: "pipe" }).toString(
      "utf8",
    );
  const shAsync = (place: Place, script: string) =>
    ipAsync("netns", "exec", ns[place], "sh", "-c", script);
  const nft = (place: Place, rules: string) =>
    execFileSync(IP, ["netns", "exec", ns[place], "nft", "-f", "-"], {
      input: rules,
      stdio: "pipe",
    });
  const nftAsync = (place: Place, rules: string) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(IP, ["netns", "exec", ns[place], "nft", "-f", "-"], {
        stdio: ["pipe", "ignore", "pipe"],
      });
      let err = "";
      child.stderr?.on("data", (d: Buffer) => {
        err += d.toString("utf8");
      });
      child.on("error", reject);
      child.on("close", (code) =>
        code === 0 ? resolve() : reject(new Error(`nft in ${place}: ${err}`)),
      );
      child.stdin?.end(rules);
    });
  const close = () => removeNamespaces(Object.values(ns));
  try {
    for (const p of places) {
      await ipAsync("netns", "add", ns[p]);
      await ipAsync("-n", ns[p], "link", "set", "lo", "up");
    }
    for (const p of ["nodeA", "gwA", "aws", "gwB", "nodeB"] as const)
      await shAsync(p, "sysctl -qw net.ipv4.ip_forward=1");
    const pair = async (a: Place, b: Place, ifA: string, ifB: string, mtu: number) => {
      await ipAsync(
        "link",
        "add",
        ifA,
        "netns",
        ns[a],
        "mtu",
        String(mtu),
        "type",
        "veth",
        "peer",
        "name",
        ifB,
        "netns",
        ns[b],
        "mtu",
        String(mtu),
      );
      await ipAsync("-n", ns[a], "link", "set", ifA, "up");
      await ipAsync("-n", ns[b], "link", "set", ifB, "up");
    };
    await pair("podA", "nodeA", "eth0", "pod0", 8951);
    await pair("nodeA", "gwA", "eth0", "node0", 9001);
    await pair("gwA", "aws", "eth0", "gwa", 9001);
    await pair("aws", "gwB", "gwb", "eth0", 9001);
    await pair("gwB", "nodeB", "node0", "eth0", 9001);
    await pair("nodeB", "podB", "pod0", "eth0", 8951);
    const script: [Place, string][] = [
      ["podA", "ip addr add 10.1.0.10/24 dev eth0; ip route add default via 10.1.0.1"],
      [
        "nodeA",
        "ip addr add 10.1.0.1/24 dev pod0; ip addr add 172.16.1.1/30 dev eth0; ip route add default via 172.16.1.2",
      ],
      [
        "gwA",
        "ip addr add 172.16.1.2/30 dev node0; ip addr add 192.168.10.1/30 dev eth0; ip route add 10.1.0.0/24 via 172.16.1.1; ip route add 192.168.20.0/30 via 192.168.10.2",
      ],
      ["aws", "ip addr add 192.168.10.2/30 dev gwa; ip addr add 192.168.20.2/30 dev gwb"],
      [
        "gwB",
        "ip addr add 192.168.20.1/30 dev eth0; ip addr add 172.16.2.2/30 dev node0; ip route add 192.168.10.0/30 via 192.168.20.2; ip route add 10.2.0.0/24 via 172.16.2.1",
      ],
      [
        "nodeB",
        "ip addr add 172.16.2.1/30 dev eth0; ip addr add 10.2.0.1/24 dev pod0; ip route add default via 172.16.2.2",
      ],
      ["podB", "ip addr add 10.2.0.10/24 dev eth0; ip route add default via 10.2.0.1"],
      // The tunnel between the Gateways, and each member's routes to the peer's Service and Pod CIDRs.
      [
        "gwA",
        "ip link add vx0 mtu 8951 type vxlan id 42 local 192.168.10.1 remote 192.168.20.1 dstport 4789; ip addr add 100.64.0.1/30 dev vx0; ip link set vx0 up; ip route add 10.97.0.0/16 via 100.64.0.2 dev vx0; ip route add 10.2.0.0/24 via 100.64.0.2 dev vx0",
      ],
      [
        "gwB",
        "ip link add vx0 mtu 8951 type vxlan id 42 local 192.168.20.1 remote 192.168.10.1 dstport 4789; ip addr add 100.64.0.2/30 dev vx0; ip link set vx0 up; ip route add 10.96.0.0/16 via 100.64.0.1 dev vx0; ip route add 10.1.0.0/24 via 100.64.0.1 dev vx0",
      ],
      // Answers to the peer's Gateway IP (the SNATed source) go back through the tunnel.
      [
        "gwB",
        "ip rule add iif node0 lookup 100; ip route add 192.168.10.1/32 via 100.64.0.1 dev vx0 table 100",
      ],
      [
        "gwA",
        "ip rule add iif node0 lookup 100; ip route add 192.168.20.1/32 via 100.64.0.2 dev vx0 table 100",
      ],
    ];
    for (const [place, s] of script) await shAsync(place, s);
    const snat = (ip: string) =>
      `table ip amc {\n chain post { type nat hook postrouting priority srcnat; oifname "vx0" snat to ${ip}; }\n}\n`;
    await nftAsync("gwA", snat(CLUSTERS.gatewayA));
    await nftAsync("gwB", snat(CLUSTERS.gatewayB));
    const dnat = (from: string, to: string) =>
      `table ip amc {\n chain pre { type nat hook prerouting priority dstnat;\n  ip daddr ${from} tcp dport 8080 dnat to ${to}:8080\n  ip daddr ${from} udp dport 8080 dnat to ${to}:8080; }\n}\n`;
    // Each member's import of the peer's echo, then the peer's Service to its Pod.
    await nftAsync("nodeA", dnat(CLUSTERS.importedIP, CLUSTERS.serviceB));
    await nftAsync("gwB", dnat(CLUSTERS.serviceB, CLUSTERS.podB));
    await nftAsync("nodeB", dnat(CLUSTERS.importedInB, CLUSTERS.serviceA));
    await nftAsync("gwA", dnat(CLUSTERS.serviceA, CLUSTERS.podA));
  } catch (err) {
    await close();
    throw err;
  }
  return { ns, sh, shAsync, nft, close };
}
