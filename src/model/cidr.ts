import ipaddr from "ipaddr.js";

/** A parsed CIDR block. `canonical` has the host bits cleared (10.1.2.3/16 → 10.1.0.0/16). */
export interface Cidr {
  readonly text: string;
  readonly canonical: string;
  readonly family: "ipv4" | "ipv6";
  readonly prefix: number;
}

type Addr = ipaddr.IPv4 | ipaddr.IPv6;

/** True for a dotted-quad IPv4 address (no shorthand forms such as "10.1"). */
export function isIPv4(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

/** True for any IPv4 or IPv6 address, like Go's net.ParseIP. */
export function isIP(text: string): boolean {
  return isIPv4(text) || ipaddr.IPv6.isValid(text);
}

export function parseCidr(text: string): Cidr | undefined {
  const trimmed = text.trim();
  if (!ipaddr.isValidCIDR(trimmed)) return undefined;
  const [addr, prefix] = ipaddr.parseCIDR(trimmed);
  if (addr.kind() === "ipv4" && !ipaddr.IPv4.isValidCIDRFourPartDecimal(trimmed)) return undefined;
  const network =
    addr.kind() === "ipv4"
      ? ipaddr.IPv4.networkAddressFromCIDR(trimmed)
      : ipaddr.IPv6.networkAddressFromCIDR(trimmed);
  return {
    text: trimmed,
    canonical: `${network.toString()}/${prefix}`,
    family: addr.kind(),
    prefix,
  };
}

function toRange(cidr: Cidr): [Addr, number] {
  return ipaddr.parseCIDR(cidr.canonical);
}

export function cidrContains(cidr: Cidr, ip: string): boolean {
  if (!isIP(ip)) return false;
  const addr = ipaddr.parse(ip);
  if (addr.kind() !== cidr.family) return false;
  return addr.match(toRange(cidr));
}

/** Two blocks overlap iff one contains the other's network address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false;
  const [aNet, aPrefix] = toRange(a);
  const [bNet, bPrefix] = toRange(b);
  return aPrefix <= bPrefix ? bNet.match(aNet, aPrefix) : aNet.match(bNet, bPrefix);
}

/** The network address of a CIDR, e.g. 10.96.0.0 for 10.96.0.0/16. */
export function networkAddress(cidr: Cidr): string {
  return cidr.canonical.split("/")[0] ?? "";
}

/**
 * Not routable on the internet: RFC 1918, shared address space (100.64.0.0/10, which EKS custom
 * networking uses) and link-local. A VPC may also use other blocks privately: pass its CIDRs.
 */
export function isPrivateIPv4(ip: string, alsoPrivate: readonly string[] = []): boolean {
  if (!isIPv4(ip)) return false;
  const range = ipaddr.IPv4.parse(ip).range();
  if (range === "private" || range === "carrierGradeNat" || range === "linkLocal") return true;
  return alsoPrivate.some((c) => {
    const cidr = parseCidr(c);
    return cidr ? cidrContains(cidr, ip) : false;
  });
}
