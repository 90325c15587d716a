/**
 * The command lines of the Pod-path probes (verify.service, verify.pod-to-pod, verify.mtu): an echo
 * server in the peer and a client in the member, both ordinary Pods (no host network, no
 * capability). One source for the probe Pods and for the tests that run the same lines in
 * network namespaces. They need sh, socat, timeout, head, wc, tr, cat, mktemp and rm, as Antrea's
 * toolbox image has.
 */
import { LOG_TAG } from "./probe-commands.js";

/** The port the echo server listens on, TCP and UDP. */
export const ECHO_PORT = 8080;
/** Bytes of a small datagram: what any path carries. */
export const SMALL = 100;

/**
 * The echo server: over TCP it first says who called (the run and the caller's address, which is
 * the member's Gateway IP after Antrea's SNAT), then echoes; over UDP it echoes each datagram
 * whole (-b: socat's default buffer of 8192 bytes would cut a 9 KB one).
 */
export function echoServerCommand(run: string): string[] {
  // No quote inside: socat hands SYSTEM's text to sh -c as one word.
  const greet = `echo ${serverGreeting(run)} $SOCAT_PEERADDR; cat`;
  return [
    "sh",
    "-c",
    [
      // An unnamed PIPE echoes what it is given in one read: a datagram comes back as one.
      `socat -b 65536 UDP-RECVFROM:${ECHO_PORT},fork PIPE &`,
      `exec socat -b 65536 TCP-LISTEN:${ECHO_PORT},reuseaddr,fork SYSTEM:'${greet}'`,
    ].join("\n"),
  ];
}

/** What the server says first: the run's tag, then the caller's address. */
export function serverGreeting(run: string): string {
  return `AMCS${run}`;
}

/** Where the client calls: a peer's imported Service or its echo Pod. */
export interface PathTarget {
  /** "service" (the imported ClusterIP) or "pod" (the peer probe Pod's IP). */
  readonly kind: "service" | "pod";
  /** The peer's index in the plan: a plain number, safe in the shell and in the log. */
  readonly peer: number;
  readonly ip: string;
}

/** The TCP call's and each datagram's own bounds (s): the client ends within about their sum. */
export const CLIENT_SECONDS = 8 + 6 + 6;

/**
 * The client: for each target, side by side (60 peers take as long as one), a TCP call (the answer
 * shows who the server saw), then a small and a large UDP datagram with Don't Fragment (socat's
 * mtudiscover=2), each echoed or not. `large` is the largest packet the path must carry (the Pod
 * MTU the model expects) or, when that is unknown, the Pod's own MTU; the Pod's MTU is printed
 * beside it, since a datagram above it never leaves the Pod.
 */
export function pathClientCommand(targets: readonly PathTarget[], large?: number): string[] {
  const lines = [
    `mtu=$(cat /sys/class/net/eth0/mtu 2>/dev/null || echo unknown)`,
    `echo "${LOG_TAG} mtu pod=$mtu"`,
    `large=${large ?? "$mtu"}`,
    // One TCP call: what came back, on one line.
    `call() { out=$(echo hello | timeout 8 socat -T 4 - TCP:$3:${ECHO_PORT},connect-timeout=4 2>&1 | head -c 300 | tr '\n' ' '); echo "${LOG_TAG} tcp to=$1 peer=$2 got=$out"; }`,
    // One datagram of $4 bytes (28 of them IP and UDP headers), with DF; how many bytes came back.
    // From a file, which socat reads whole: from a pipe it could read (and send) it in pieces.
    `udp() { e=$(mktemp); f=$(mktemp); head -c $(($4 - 28)) /dev/zero > "$f"; n=$(timeout 6 socat -b 65536 -T 3 - UDP:$3:${ECHO_PORT},mtudiscover=2 < "$f" 2>"$e" | wc -c); echo "${LOG_TAG} udp to=$1 peer=$2 size=$4 echoed=$n $(head -c 200 "$e" | tr '\n' ' ')"; rm -f "$e" "$f"; }`,
  ];
  for (const t of targets)
    lines.push(
      `(call ${t.kind} ${t.peer} ${t.ip}; udp ${t.kind} ${t.peer} ${t.ip} ${SMALL}; udp ${t.kind} ${t.peer} ${t.ip} $large) &`,
    );
  lines.push("wait");
  lines.push(`echo "${LOG_TAG} client done"`);
  return ["sh", "-c", lines.join("\n")];
}
