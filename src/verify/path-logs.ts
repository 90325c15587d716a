/** What the Pod-path client's log says (the lines path-commands.ts makes it print). */
import { serverGreeting } from "./path-commands.js";
import { LOG_TAG } from "./probe-commands.js";

export interface TcpCall {
  readonly to: "service" | "pod";
  /** The peer's index in the plan. */
  readonly peer: number;
  /** The echo server answered for this run. */
  readonly answered: boolean;
  /** The address the server saw calling: the member's Gateway IP after Antrea's SNAT. */
  readonly seenFrom?: string;
  /** What came back otherwise (socat's complaint, or nothing). */
  readonly said: string;
}

export interface Datagram {
  readonly to: "service" | "pod";
  readonly peer: number;
  readonly size: number;
  readonly echoed: boolean;
  /** socat's complaint ("Message too long": larger than the Pod's own MTU). */
  readonly error?: string;
}

export interface PathClientLog {
  /** The Pod's own MTU, as its eth0 says. */
  readonly podMtu?: number;
  readonly calls: readonly TcpCall[];
  readonly datagrams: readonly Datagram[];
  readonly done: boolean;
}

/** socat's complaint without its time and process prefix ("2026/11/30 01:56:31 socat[17] E "). */
function socatWords(text: string): string {
  return text.replace(/(\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d )?socat\[\d+\] [EWNI] /g, "").trim();
}

export function readPathClientLog(text: string, run: string): PathClientLog {
  let podMtu: number | undefined;
  let done = false;
  const calls: TcpCall[] = [];
  const datagrams: Datagram[] = [];
  const greeting = new RegExp(`${serverGreeting(run)} (\\S+)`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${LOG_TAG} `)) continue;
    const rest = line.slice(LOG_TAG.length + 1);
    const mtu = /^mtu pod=(\d+)/.exec(rest);
    if (mtu) podMtu = Number(mtu[1]);
    if (rest.startsWith("client done")) done = true;
    const tcp = /^tcp to=(service|pod) peer=(\d+) got=(.*)$/.exec(rest);
    if (tcp) {
      const said = socatWords(tcp[3] ?? "");
      const hello = greeting.exec(said);
      calls.push({
        to: tcp[1] as "service" | "pod",
        peer: Number(tcp[2]),
        answered: hello !== null,
        ...(hello ? { seenFrom: hello[1] } : {}),
        said,
      });
    }
    const udp = /^udp to=(service|pod) peer=(\d+) size=(\d+) echoed=(\d+) ?(.*)$/.exec(rest);
    if (udp) {
      const error = socatWords(udp[5] ?? "");
      datagrams.push({
        to: udp[1] as "service" | "pod",
        peer: Number(udp[2]),
        size: Number(udp[3]),
        // An echo comes back whole or not at all.
        echoed: Number(udp[4]) >= Number(udp[3]) - 28,
        ...(error ? { error } : {}),
      });
    }
  }
  return { ...(podMtu === undefined ? {} : { podMtu }), calls, datagrams, done };
}
