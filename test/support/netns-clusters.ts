/**
 * Two members in network namespaces, for the Pod-path probes' real-packet tests: in each, a Pod, a
 * Node and a Gateway; between the Gateways an "AWS" hop and a kernel VXLAN tunnel (the 50 bytes
 * of overhead Geneve has). The Pods' MTU is 8951 (9001 − 50), as Antrea sets it on EKS. Member A
 * reaches B's echo Service through its imported ClusterIP (an nftables DNAT on its Node to B's
 * ClusterIP, which B's Gateway DNATs to the Pod, as AntreaProxy does) and A's Gateway SNATs to its
 * Gateway IP, as Antrea's does. Everything lives in namespaces the test makes.
 */
import { execFileSync } from "node:child_process";
import { removeNamespaces } from "./netns.js";

const IP = "/usr/sbin/ip";
let made = 0;

/** Addresses of the topology, as the probes see them. */
export const CLUSTERS = {
  podA: "10.1.0.10",
  podB: "10.2.0.10",
  gatewayA: "192.168.10.1",
  gatewayB: "192.168.20.1",
  /** The imported Service antrea-mc-echo in A. */
  importedIP: "10.96.0.100",
  /** The echo Service in B. */
  serviceB: "10.97.0.50",
  podMtu: 8951,
} as const;

export type Place = "podA" | "nodeA" | "gwA" | "aws" | "gwB" | "nodeB" | "podB";

export interface TwoClusters {
  readonly ns: Record<Place, string>;
  /** Runs a command (sh -c) in a place, as root; its output. */
  sh(place: Place, script: string): string;
  /** Applies an nftables ruleset (text) in a place. */
  nft(place: Place, rules: string): void;
  close(): Promise<void>;
}

export function twoClusters(): TwoClusters {
  const tag = `${process.pid % 100000}c${++made}`;
  const places: Place[] = ["podA", "nodeA", "gwA", "aws", "gwB", "nodeB", "podB"];
  const ns = Object.fromEntries(places.map((p) => [p, `amc${p}${tag}`])) as Record<Place, string>;
  const ip = (...args: string[]) => execFileSync(IP, args, { stdio: "pipe" });
  const sh = (place: Place, script: string) =>
    execFileSync(IP, ["netns", "exec", ns[place], "sh", "-c", script], { stdio: "pipe" }).toString(
      "utf8",
    );
  const nft = (place: Place, rules: string) =>
    execFileSync(IP, ["netns", "exec", ns[place], "nft", "-f", "-"], {
      input: rules,
      stdio: "pipe",
    });
  const close = () => removeNamespaces(Object.values(ns));
  try {
    for (const p of places) {
      ip("netns", "add", ns[p]);
      ip("-n", ns[p], "link", "set", "lo", "up");
    }
    for (const p of ["nodeA", "gwA", "aws", "gwB", "nodeB"] as const)
      sh(p, "sysctl -qw net.ipv4.ip_forward=1");
    const pair = (a: Place, b: Place, ifA: string, ifB: string, mtuA: number, mtuB: number) => {
      ip(
        "link",
        "add",
        ifA,
        "netns",
        ns[a],
        "mtu",
        String(mtuA),
        "type",
        "veth",
        "peer",
        "name",
        ifB,
        "netns",
        ns[b],
        "mtu",
        String(mtuB),
      );
      ip("-n", ns[a], "link", "set", ifA, "up");
      ip("-n", ns[b], "link", "set", ifB, "up");
    };
    pair("podA", "nodeA", "eth0", "pod0", 8951, 8951);
    pair("nodeA", "gwA", "eth0", "node0", 9001, 9001);
    pair("gwA", "aws", "eth0", "gwa", 9001, 9001);
    pair("aws", "gwB", "gwb", "eth0", 9001, 9001);
    pair("gwB", "nodeB", "node0", "eth0", 9001, 9001);
    pair("nodeB", "podB", "pod0", "eth0", 8951, 8951);
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
      // Replies to A's Gateway IP go back through the tunnel.
      [
        "gwB",
        "ip rule add iif node0 lookup 100; ip route add 192.168.10.1/32 via 100.64.0.1 dev vx0 table 100",
      ],
    ];
    for (const [place, s] of script) sh(place, s);
    nft(
      "gwA",
      'table ip amc {\n chain post { type nat hook postrouting priority srcnat; oifname "vx0" snat to 192.168.10.1; }\n}\n',
    );
    const dnat = (from: string, to: string) =>
      `table ip amc {\n chain pre { type nat hook prerouting priority dstnat;\n  ip daddr ${from} tcp dport 8080 dnat to ${to}:8080\n  ip daddr ${from} udp dport 8080 dnat to ${to}:8080; }\n}\n`;
    nft("nodeA", dnat(CLUSTERS.importedIP, CLUSTERS.serviceB));
    nft("gwB", dnat(CLUSTERS.serviceB, CLUSTERS.podB));
  } catch (err) {
    void close();
    throw err;
  }
  return { ns, sh, nft, close };
}
