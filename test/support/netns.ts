/**
 * Two "Gateways" in Linux network namespaces joined by a veth pair, for tests that send real
 * packets with the probes' own command lines (src/verify/probe-commands.ts). Needs root, iproute2,
 * tcpdump, socat, iptables and nft: `.ci/run` installs them, and a test fails (never skips)
 * without them. The addresses live only inside the namespaces the test makes.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { promisify } from "node:util";
import type { KubeObject } from "../../src/kube/types.js";

const IP = "/usr/sbin/ip";
let made = 0;

/**
 * `ip` without blocking: the tests that use these helpers run API servers in their own process,
 * which a synchronous child process would stall (on a loaded machine, past a request timeout).
 */
export const ipAsync = async (...args: string[]): Promise<string> =>
  (await promisify(execFile)(IP, args, { encoding: "utf8" })).stdout;

export interface Gateway {
  readonly ns: string;
  readonly ip: string;
  readonly dev: string;
}

export interface GatewayPair {
  readonly a: Gateway;
  readonly b: Gateway;
  /** Runs a command in a namespace and returns its output (throws on failure). */
  run(gw: Gateway, argv: readonly string[]): string;
  close(): Promise<void>;
}

/** Makes gwA (10.99.N.1) and gwB (10.99.N.2) joined by one veth pair. */
export function gatewayPair(): GatewayPair {
  const n = ++made;
  const tag = `${process.pid % 100000}${n}`;
  const a: Gateway = { ns: `amcA${tag}`, ip: `10.99.${n}.1`, dev: `vA${tag}` };
  const b: Gateway = { ns: `amcB${tag}`, ip: `10.99.${n}.2`, dev: `vB${tag}` };
  const ip = (...args: string[]) => execFileSync(IP, args, { stdio: "pipe" });
  ip("netns", "add", a.ns);
  ip("netns", "add", b.ns);
  ip("link", "add", a.dev, "type", "veth", "peer", "name", b.dev);
  for (const g of [a, b]) {
    ip("link", "set", g.dev, "netns", g.ns);
    ip("-n", g.ns, "addr", "add", `${g.ip}/24`, "dev", g.dev);
    ip("-n", g.ns, "link", "set", g.dev, "up");
    ip("-n", g.ns, "link", "set", "lo", "up");
  }
  return {
    a,
    b,
    run: (gw, argv) =>
      execFileSync(IP, ["netns", "exec", gw.ns, ...argv], { stdio: "pipe" }).toString("utf8"),
    close: () => removeNamespaces([a.ns, b.ns]),
  };
}

export interface ProbeRun {
  /** What the observer printed up to the moment it was stopped (as a Pod's log is read). */
  readonly observer: string;
  readonly sender: string;
}

/**
 * Starts the observer command in `at`, waits for its "listening on", runs the sender command in
 * `from` to the end, waits `graceMs` for the last packets, then reads the observer's output and
 * stops it: what verify does with the Pods.
 */
export async function probeOnce(
  pair: GatewayPair,
  observer: readonly string[],
  sender: readonly string[],
  opts: {
    at?: Gateway;
    from?: Gateway;
    graceMs?: number;
    /** Ends the grace early once the observer's output says enough (on a loaded machine tcpdump can print late). */
    until?: (observer: string) => boolean;
  } = {},
): Promise<ProbeRun> {
  const at = opts.at ?? pair.b;
  const from = opts.from ?? pair.a;
  const obs = spawn(IP, ["netns", "exec", at.ns, ...observer], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  obs.stdout?.on("data", (d: Buffer) => {
    out += d.toString("utf8");
  });
  obs.stderr?.on("data", (d: Buffer) => {
    out += d.toString("utf8");
  });
  try {
    await until(
      () => /listening on /.test(out) || obs.exitCode !== null,
      10_000,
      () => out,
    );
    const sent = await collect(spawn(IP, ["netns", "exec", from.ns, ...sender]));
    const graceEnd = Date.now() + (opts.graceMs ?? 300);
    while (Date.now() < graceEnd && !opts.until?.(out)) await new Promise((r) => setTimeout(r, 20));
    return { observer: out, sender: sent };
  } finally {
    await stop(at, obs);
  }
}

/**
 * Stops everything running in the observer's namespace, as deleting its Pod does: `timeout` runs
 * tcpdump in a process group of its own, so signalling the shell's group would not reach it.
 */
async function stop(at: Gateway, child: ChildProcess): Promise<void> {
  await signalAll(at.ns, "SIGTERM");
  child.stdout?.destroy();
  child.stderr?.destroy();
}

/** The processes running in a network namespace. */
export async function pidsIn(ns: string): Promise<number[]> {
  return (await ipAsync("netns", "pids", ns)).split(/\s+/).filter(Boolean).map(Number);
}

async function signalAll(ns: string, signal: NodeJS.Signals): Promise<void> {
  for (const pid of await pidsIn(ns)) {
    try {
      process.kill(pid, signal);
    } catch {
      // ended meanwhile
    }
  }
}

/** Kills what runs in these namespaces, then deletes them (their veths go with them). */
export async function removeNamespaces(names: readonly string[]): Promise<void> {
  await Promise.all(
    names.map(async (ns) => {
      try {
        await signalAll(ns, "SIGKILL");
        await ipAsync("netns", "del", ns);
      } catch {
        // already gone
      }
    }),
  );
}

async function until(done: () => boolean, ms: number, what: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`the observer did not start: ${what()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function collect(child: ChildProcess): Promise<string> {
  let out = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString("utf8");
  });
  child.stderr?.on("data", (d: Buffer) => {
    out += d.toString("utf8");
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", () => resolve(out));
  });
}

/**
 * The command as a probe container runs it: as root with only these capabilities (the Pod's
 * `capabilities.add` after `drop: [ALL]`), through util-linux's setpriv.
 */
export function withCapabilities(caps: readonly string[], argv: readonly string[]): string[] {
  const keep = caps.map((c) => `,+${c.toLowerCase()}`).join("");
  return ["setpriv", `--bounding-set=-all${keep}`, ...argv];
}

/**
 * The command as a Pod's container runs it: with its securityContext's user (runAsUser) and only
 * the capabilities it adds, through setpriv.
 */
export function asContainer(pod: KubeObject, argv?: readonly string[]): string[] {
  const container = (pod.spec as { containers: ContainerSpec[] }).containers[0] as ContainerSpec;
  const sc = container.securityContext ?? {};
  const user =
    sc.runAsUser === undefined || sc.runAsUser === 0
      ? []
      : [`--reuid=${sc.runAsUser}`, `--regid=${sc.runAsUser}`, "--clear-groups"];
  const [setpriv, bounding, ...rest] = withCapabilities(
    sc.capabilities?.add ?? [],
    argv ?? container.command,
  );
  return [setpriv ?? "setpriv", bounding ?? "", ...user, ...rest];
}

interface ContainerSpec {
  command: string[];
  securityContext?: { runAsUser?: number; capabilities?: { add?: string[] } };
}
