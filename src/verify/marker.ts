/**
 * The marker every probe packet carries, and the packet bytes each tunnel protocol needs around it.
 * A marker names the run (a nonce), the sending and the receiving member (their index in the run)
 * and the packet's number: `AMCV1a2b3c4d 0 1 2 `. Its first byte, "A" (0x41), is invalid as the
 * first byte of a Geneve header (version 1), a VXLAN header (no I flag) and a WireGuard message
 * (type 65), so the receiving kernel drops it instead of handing it to the tunnel.
 */

/** The protocol and port the probes put on the wire: a member's tunnel, as Antrea sends it. */
export interface ProbeWire {
  readonly protocol: "udp" | "tcp" | "gre";
  /** Absent for GRE. */
  readonly port?: number;
}

export const MARKER_MAGIC = "AMCV";

/** A run's nonce: 8 lowercase hex digits. */
export function isNonce(s: string): boolean {
  return /^[0-9a-f]{8}$/.test(s);
}

/** What the observers filter on: the magic and the run's nonce (12 bytes). */
export function markerPrefix(nonce: string): string {
  return `${MARKER_MAGIC}${nonce}`;
}

export function markerText(nonce: string, from: number, to: number, seq: number): string {
  return `${markerPrefix(nonce)} ${from} ${to} ${seq} `;
}

/** GRE version 0 with protocol type 0x88B5 (IEEE local experimental): no tunnel takes it. */
const GRE_HEADER = [0x00, 0x00, 0x88, 0xb5];
/** A fixed source port for the probes' TCP segments (STT): easy to tell apart in a capture. */
export const PROBE_TCP_SOURCE_PORT = 47471;

/**
 * The bytes the sender hands to the socket for one marker: the marker itself over UDP; a GRE
 * header and the marker over a raw IP protocol 47 socket; a TCP header (PSH|ACK, no handshake, as
 * STT frames look) and the marker over a raw TCP socket. The TCP checksum needs the source
 * address: the Gateway's own (a wrong guess still reaches the capture, which precedes checksums).
 */
export function payloadOf(wire: ProbeWire, marker: string, src: string, dst: string): Buffer {
  const text = Buffer.from(marker, "latin1");
  if (wire.protocol === "udp") return text;
  if (wire.protocol === "gre") return Buffer.concat([Buffer.from(GRE_HEADER), text]);
  const header = Buffer.alloc(20);
  header.writeUInt16BE(PROBE_TCP_SOURCE_PORT, 0);
  header.writeUInt16BE(wire.port ?? 0, 2);
  header.writeUInt32BE(1, 4); // sequence number
  header.writeUInt32BE(0, 8); // acknowledgment number
  header.writeUInt8(5 << 4, 12); // data offset: 5 words, no options
  header.writeUInt8(0x18, 13); // PSH|ACK
  header.writeUInt16BE(65535, 14); // window
  const segment = Buffer.concat([header, text]);
  const pseudo = Buffer.concat([
    ipv4Bytes(src),
    ipv4Bytes(dst),
    Buffer.from([0, 6]),
    u16(segment.length),
  ]);
  segment.writeUInt16BE(checksum(Buffer.concat([pseudo, segment])), 16);
  return segment;
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n, 0);
  return b;
}

function ipv4Bytes(ip: string): Buffer {
  return Buffer.from(ip.split(".").map((p) => Number(p) & 0xff));
}

/** The Internet checksum (RFC 1071). */
function checksum(bytes: Buffer): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i] ?? 0) * 256 + (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum >> 16) + (sum & 0xffff);
  return ~sum & 0xffff;
}

/**
 * A tcpdump (BPF) expression that matches the probes of one run and nothing else on this wire:
 * the protocol, the port, and the marker's prefix at the payload's offset. Tenant traffic is never
 * captured, only counted packets of ours.
 */
export function captureFilter(wire: ProbeWire, nonce: string): string {
  const prefix = Buffer.from(markerPrefix(nonce), "latin1");
  if (wire.protocol === "udp")
    return `(udp dst port ${wire.port} and ${compare(prefix, (o) => `udp[${8 + o}:4]`)})`;
  if (wire.protocol === "gre")
    return `(ip proto 47 and ip[0]&0xf=5 and ip[22:2]=0x88b5 and ${compare(prefix, (o) => `ip[${24 + o}:4]`)})`;
  return `(tcp dst port ${wire.port} and ${compare(prefix, (o) => `tcp[((tcp[12:1]&0xf0)>>2)+${o}:4]`)})`;
}

/** Four bytes at a time (the prefix is 12 bytes long). */
function compare(bytes: Buffer, at: (offset: number) => string): string {
  const parts: string[] = [];
  for (let o = 0; o < bytes.length; o += 4)
    parts.push(`${at(o)}=0x${bytes.subarray(o, o + 4).toString("hex")}`);
  return parts.join(" and ");
}
