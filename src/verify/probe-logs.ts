/** What the probes' logs say: read from the lines probe-commands.ts makes them print. */
import { markerPrefix } from "./marker.js";
import { LOG_TAG } from "./probe-commands.js";

export interface Arrival {
  readonly from: number;
  readonly to: number;
  /** Distinct packets seen (their numbers). */
  readonly packets: number;
  /** The outer source address of the first one, as the capture saw it. */
  readonly source?: string;
}

export interface ObserverLog {
  /** tcpdump said "listening on": senders may start. */
  readonly listening: boolean;
  readonly arrivals: readonly Arrival[];
  /** tcpdump refused to run, in its words (permission, a bad filter, a missing tool). */
  readonly error?: string;
  /** The observer's end line, once it ended. */
  readonly exit?: number;
}

const HEADER = /\bIP (\d{1,3}(?:\.\d{1,3}){3})(?:\.\d+)? > \d{1,3}(?:\.\d{1,3}){3}/;

export function readObserverLog(text: string, nonce: string): ObserverLog {
  const marker = new RegExp(`${markerPrefix(nonce)} (\\d+) (\\d+) (\\d+) `);
  const seen = new Map<string, { from: number; to: number; seqs: Set<number>; source?: string }>();
  let listening = false;
  let error: string | undefined;
  let exit: number | undefined;
  let source: string | undefined;
  for (const line of text.split("\n")) {
    if (/^(tcpdump: )?listening on /.test(line)) listening = true;
    const end = new RegExp(`^${LOG_TAG} observer exit=(\\d+)`).exec(line);
    if (end) exit = Number(end[1]);
    else if (isToolError(line)) error ??= line.trim();
    const header = HEADER.exec(line);
    if (header) source = header[1];
    const m = marker.exec(line);
    if (!m) continue;
    const from = Number(m[1]);
    const to = Number(m[2]);
    const key = `${from} ${to}`;
    const entry = seen.get(key) ?? { from, to, seqs: new Set<number>() };
    entry.source ??= source;
    entry.seqs.add(Number(m[3]));
    seen.set(key, entry);
  }
  return {
    listening,
    arrivals: [...seen.values()].map((e) => ({
      from: e.from,
      to: e.to,
      packets: e.seqs.size,
      ...(e.source ? { source: e.source } : {}),
    })),
    ...(error ? { error } : {}),
    ...(exit === undefined ? {} : { exit }),
  };
}

/** tcpdump's own complaints and the shell's, not its chatter. */
function isToolError(line: string): boolean {
  if (/^tcpdump: (verbose output suppressed|listening on|data link type|WARNING)/.test(line))
    return false;
  return /^tcpdump: /.test(line) || /(not found|No such file|Permission denied)/.test(line);
}

export interface Send {
  readonly to: number;
  readonly ip: string;
  readonly seq: number;
  /** socat's exit code: 0 = handed to the kernel, which sent it. */
  readonly rc: number;
  /** socat's complaint, e.g. "… sendto(…): Operation not permitted" (the host's firewall). */
  readonly error?: string;
}

export interface SenderLog {
  readonly sends: readonly Send[];
  readonly done: boolean;
}

export function readSenderLog(text: string): SenderLog {
  const sends: Send[] = [];
  let done = false;
  const sent = new RegExp(`^${LOG_TAG} sent to=(\\d+) ip=(\\S+) seq=(\\d+) rc=(\\d+) ?(.*)$`);
  for (const line of text.split("\n")) {
    if (line.startsWith(`${LOG_TAG} sender done`)) done = true;
    const m = sent.exec(line);
    if (!m) continue;
    const error = (m[5] ?? "").trim();
    sends.push({
      to: Number(m[1]),
      ip: m[2] ?? "",
      seq: Number(m[3]),
      rc: Number(m[4]),
      ...(error ? { error: socatError(error) } : {}),
    });
  }
  return { sends, done };
}

/**
 * socat's complaint without its time stamp and process ID, the system call's arguments shortened:
 * "2026/11/29 21:54:38 socat[4] E sendto(5, 0x…, 19, 0, AF=2 10.0.0.2:6081, 16): Operation not
 * permitted" → "sendto: Operation not permitted".
 */
function socatError(text: string): string {
  const said = text.replace(/^.*?socat\[\d+\] [EW] /, "");
  const call = /^(\w+)\(.*\): (.+)$/.exec(said);
  return call ? `${call[1]}: ${call[2]}` : said;
}
