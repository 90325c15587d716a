import ipaddr from "ipaddr.js";
import { memo } from "./memo.js";

/** A parsed CIDR block. `canonical` has the host bits cleared (10.1.2.3/16 → 10.1.0.0/16). */
export interface Cidr {
  readonly text: string;
  readonly canonical: string;
  readonly family: "ipv4" | "ipv6";
  readonly prefix: number;
}

type Addr = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * Checks compare every pair of members' addresses with route tables and security group rules:
 * the same few hundred strings, parsed again and again. ipaddr.js is thorough and slow (an IPv4
 * string that fails is tried as IPv6), so results are kept per string, and IPv4 containment is
 * integer arithmetic. Keys are the strings themselves; inputs bound their number.
 */
const FOUR_PART = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The 32-bit value of a dotted-quad IPv4 address, as ipaddr.js's four-part decimal reads it. */
const ipv4Value = memo((text: string): number | undefined => {
  if (!ipaddr.IPv4.isValidFourPartDecimal(text)) return undefined;
  const m = FOUR_PART.exec(text);
  if (!m) return undefined;
  return m.slice(1, 5).reduce((v, octet) => v * 256 + Number(octet), 0);
});

/** True for a dotted-quad IPv4 address (no shorthand forms such as "10.1"). */
export function isIPv4(text: string): boolean {
  return ipv4Value(text) !== undefined;
}

const isIPv6 = memo((text: string) => ipaddr.IPv6.isValid(text));

/** True for any IPv4 or IPv6 address, like Go's net.ParseIP. */
export function isIP(text: string): boolean {
  return isIPv4(text) || isIPv6(text);
}

export const parseCidr = memo(parseCidrOnce);

function parseCidrOnce(text: string): Cidr | undefined {
  const trimmed = text.trim();
  if (!ipaddr.isValidCIDR(trimmed)) return undefined;
  const [addr, prefix] = ipaddr.parseCIDR(trimmed);
  if (addr.kind() === "ipv4" && !ipaddr.IPv4.isValidCIDRFourPartDecimal(trimmed)) return undefined;
  const network =
    addr.kind() === "ipv4"
      ? ipaddr.IPv4.networkAddressFromCIDR(trimmed)
      : ipaddr.IPv6.networkAddressFromCIDR(trimmed);
  return Object.freeze({
    text: trimmed,
    canonical: `${network.toString()}/${prefix}`,
    family: addr.kind(),
    prefix,
  });
}

const toRange = memo((canonical: string): [Addr, number] => ipaddr.parseCIDR(canonical));
const parseIP = memo((text: string): Addr => ipaddr.parse(text));

/** The first address of an IPv4 block and its size, as numbers. */
const ipv4BlockOf = memo((canonical: string): readonly [number, number] => {
  const [address, prefix] = canonical.split("/");
  return [ipv4Value(address ?? "") ?? 0, 2 ** (32 - Number(prefix))];
});
const ipv4Block = (cidr: Cidr) => ipv4BlockOf(cidr.canonical);

export function cidrContains(cidr: Cidr, ip: string): boolean {
  if (cidr.family === "ipv4") {
    const v = ipv4Value(ip);
    if (v === undefined) return false;
    const [start, size] = ipv4Block(cidr);
    return v >= start && v < start + size;
  }
  if (!isIPv6(ip)) return false;
  const addr = parseIP(ip);
  return addr.kind() === "ipv6" && addr.match(toRange(cidr.canonical));
}

/** Two blocks overlap iff one contains the other's network address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false;
  if (a.family === "ipv4") {
    const [aStart, aSize] = ipv4Block(a);
    const [bStart, bSize] = ipv4Block(b);
    return aStart < bStart + bSize && bStart < aStart + aSize;
  }
  const [aNet, aPrefix] = toRange(a.canonical);
  const [bNet, bPrefix] = toRange(b.canonical);
  return aPrefix <= bPrefix ? bNet.match(aNet, aPrefix) : aNet.match(bNet, bPrefix);
}

/** `inner` lies wholly inside `outer`. */
export function cidrWithin(inner: Cidr, outer: Cidr): boolean {
  return (
    inner.family === outer.family &&
    inner.prefix >= outer.prefix &&
    cidrContains(outer, networkAddress(inner))
  );
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
