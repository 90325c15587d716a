/**
 * The command lines the probes run: one source for the probe Pods and for the tests that run the
 * same lines in Linux network namespaces with real packets. They need a POSIX shell, `timeout`,
 * `printf`, `sleep`, tcpdump (the observer) and socat (the sender), as Antrea's toolbox image has.
 */
import { captureFilter, markerText, type ProbeWire, payloadOf } from "./marker.js";

/** What every line the probes print of their own starts with. */
export const LOG_TAG = "amc-verify";

/** How many packets a sender sends to each peer, and the pause between rounds. */
export const ROUNDS = 3;
const PAUSE = "0.2";

/**
 * The observer: tcpdump on every interface, inbound only, for the run's marker on each wire a
 * sender may use (-p: no promiscuous mode, which `any` cannot do). It takes no port (a capture binds nothing; Antrea keeps its socket), prints the
 * packets it sees as they come (-l) with their payload (-A, where the marker is), and ends after
 * `seconds`. Its "listening on" line says when senders may start.
 */
export function observerCommand(
  wires: readonly ProbeWire[],
  nonce: string,
  seconds: number,
): string[] {
  const filter = unique(wires.map((w) => captureFilter(w, nonce))).join(" or ");
  const script = [
    `timeout ${Math.max(1, Math.ceil(seconds))} tcpdump -i any -p -Q in -n -l -A -s 512 '${filter}' 2>&1`,
    `echo "${LOG_TAG} observer exit=$?"`,
  ].join("; ");
  return ["sh", "-c", script];
}

/** One peer a sender sends to. */
export interface SendTarget {
  /** The peer's index in the run (in the marker). */
  readonly index: number;
  readonly ip: string;
}

/**
 * The sender: ROUNDS packets to each target on the wire, one round after another, each through a
 * fresh socat so that every send's own result (refused by the host's firewall: "Operation not
 * permitted") is printed beside the packet it is about. GRE and STT need a raw socket (NET_RAW).
 */
export function senderCommand(
  wire: ProbeWire,
  nonce: string,
  from: { index: number; ip: string },
  targets: readonly SendTarget[],
): string[] {
  const lines = [
    `send() { out=$(printf "$4" | socat -u - "$5" 2>&1); echo "${LOG_TAG} sent to=$1 ip=$2 seq=$3 rc=$? $out"; }`,
  ];
  for (let seq = 1; seq <= ROUNDS; seq++) {
    if (seq > 1) lines.push(`sleep ${PAUSE}`);
    for (const t of targets) {
      const bytes = payloadOf(wire, markerText(nonce, from.index, t.index, seq), from.ip, t.ip);
      lines.push(`send ${t.index} ${t.ip} ${seq} '${printfFormat(bytes)}' ${address(wire, t.ip)}`);
    }
  }
  lines.push(`echo "${LOG_TAG} sender done"`);
  return ["sh", "-c", lines.join("\n")];
}

function address(wire: ProbeWire, ip: string): string {
  if (wire.protocol === "udp") return `UDP4-SENDTO:${ip}:${wire.port}`;
  return `IP4-SENDTO:${ip}:${wire.protocol === "gre" ? 47 : 6}`;
}

/**
 * Bytes as a printf format inside single quotes: printable ASCII as is, everything else (and %,
 * \ and ') as octal escapes, which every POSIX printf reads.
 */
export function printfFormat(bytes: Buffer): string {
  let out = "";
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    out +=
      b >= 0x20 && b < 0x7f && ch !== "%" && ch !== "\\" && ch !== "'"
        ? ch
        : `\\${b.toString(8).padStart(3, "0")}`;
  }
  return out;
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
