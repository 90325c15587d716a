/**
 * A kubelet for the test API server that runs verify's probe Pods for real: each Gateway Node is a
 * network namespace holding the Node's own IP, all joined on one bridge (in a namespace of the
 * test's own, never the host's), and a Pod's container command runs there as root with only the
 * capabilities its spec adds. Its output is the Pod's log, its exit the Pod's phase. What a test
 * makes go wrong is real too: a firewall rule, a drop on the wire, an image that cannot be pulled.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import type { KubeObject } from "../../src/kube/types.js";
import type { FakeCluster } from "./fake-cluster.js";
import { asContainer, ipAsync, pidsIn, removeNamespaces } from "./netns.js";

const IP = "/usr/sbin/ip";
let made = 0;

export interface KubeletOptions {
  /** Gateway Nodes that run probes: name → IPv4 address (a namespace each, on one bridge). */
  readonly nodes: Record<string, string>;
  /** Nodes that live in namespaces the test made (name → namespace): used, not made or removed. */
  readonly existing?: Record<string, string>;
  /** Where a Node's ordinary (not host-network) Pods run: their namespace and Pod IP. */
  readonly podNetwork?: Record<string, { readonly ns: string; readonly ip: string }>;
  /** Images that can be pulled; any other waits in ErrImagePull. */
  readonly images: readonly string[];
  /** Nodes whose Pods are never scheduled (they stay Pending); read when a Pod is created. */
  readonly unschedulable?: readonly string[];
  /** How long a Pod stays Pending before it runs (scheduling, the image), as on a real Node. */
  readonly startDelayMs?: number;
  /** Called when a probe Pod starts running (role from its label), e.g. to press Ctrl-C. */
  readonly onStart?: (pod: KubeObject) => void;
}

export class NetnsKubelet {
  private readonly running = new Map<string, ChildProcess>();

  private constructor(
    private readonly opts: KubeletOptions,
    readonly hub: string,
    private readonly ns: ReadonlyMap<string, string>,
  ) {}

  /** Makes the Nodes' namespaces on their bridge (without blocking the test's API servers). */
  static async create(opts: KubeletOptions): Promise<NetnsKubelet> {
    const tag = `${process.pid % 100000}k${++made}`;
    const hub = `amcH${tag}`;
    const ns = new Map<string, string>(Object.entries(opts.existing ?? {}));
    const kubelet = new NetnsKubelet(opts, hub, ns);
    try {
      await ipAsync("netns", "add", hub);
      await ipAsync("-n", hub, "link", "add", "br0", "type", "bridge");
      await ipAsync("-n", hub, "link", "set", "br0", "up");
      let i = 0;
      for (const [node, addr] of Object.entries(opts.nodes)) {
        const name = `amcN${tag}x${++i}`;
        const [host, peer] = [`h${tag}x${i}`, `n${tag}x${i}`];
        ns.set(node, name);
        await ipAsync("netns", "add", name);
        await ipAsync(
          "link",
          "add",
          host,
          "netns",
          hub,
          "type",
          "veth",
          "peer",
          "name",
          peer,
          "netns",
          name,
        );
        await ipAsync("-n", hub, "link", "set", host, "master", "br0", "up");
        await ipAsync("-n", name, "link", "set", peer, "name", "eth0");
        await ipAsync("-n", name, "addr", "add", `${addr}/8`, "dev", "eth0");
        await ipAsync("-n", name, "link", "set", "eth0", "up");
        await ipAsync("-n", name, "link", "set", "lo", "up");
      }
    } catch (err) {
      await kubelet.close();
      throw err;
    }
    return kubelet;
  }

  /** Runs a command in a Node's namespace (a firewall rule, a drop), as root. */
  exec(node: string, argv: readonly string[]): Promise<string> {
    const ns = this.ns.get(node);
    if (!ns) throw new Error(`no Node ${node}`);
    return ipAsync("netns", "exec", ns, ...argv);
  }

  /** The server options that make this kubelet run the cluster's Pods. */
  hooks(): {
    created: (o: KubeObject, c: FakeCluster) => void;
    deleted: (o: KubeObject) => void;
  } {
    return {
      created: (o, c) => {
        if (o.kind === "Pod") setTimeout(() => this.start(o, c), this.opts.startDelayMs ?? 0);
      },
      deleted: (o) => {
        if (o.kind === "Pod") this.stop(key(o));
      },
    };
  }

  private start(pod: KubeObject, cluster: FakeCluster): void {
    const spec = pod.spec as PodSpec;
    const host = spec.hostNetwork === true;
    const node =
      spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
        ?.nodeSelectorTerms?.[0]?.matchFields?.[0]?.values?.[0] ??
      (host ? undefined : this.schedule(spec, cluster));
    const ns = !node ? undefined : host ? this.ns.get(node) : this.opts.podNetwork?.[node]?.ns;
    const namespace = pod.metadata?.namespace ?? "";
    const name = pod.metadata?.name ?? "";
    if (!ns || !node || this.opts.unschedulable?.includes(node)) {
      cluster.setPodStatus(namespace, name, {
        conditions: [
          {
            type: "PodScheduled",
            status: "False",
            reason: "Unschedulable",
            message:
              "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.",
          },
        ],
      });
      return;
    }
    const container = spec.containers[0];
    if (!container || !this.opts.images.includes(container.image)) {
      cluster.setPodStatus(namespace, name, {
        containerStatuses: [
          {
            name: "probe",
            state: {
              waiting: {
                reason: "ErrImagePull",
                message: `failed to pull and unpack image "docker.io/${container?.image}": not found`,
              },
            },
          },
        ],
      });
      spec.nodeName = node;
      return;
    }
    spec.nodeName = node;
    // A PID namespace per container, as a container runtime gives it: when its first process
    // dies, the kernel ends every other one in it (`timeout` puts tcpdump in a group of its own).
    const child = spawn(
      IP,
      [
        "netns",
        "exec",
        ns,
        "unshare",
        "--pid",
        "--fork",
        "--kill-child=SIGKILL",
        ...asContainer(pod),
      ],
      // Its own process group, which stop() kills whole: a Pod running as another user loses
      // unshare's --kill-child (the kernel clears the parent-death signal when the user changes).
      { stdio: ["ignore", "pipe", "pipe"], detached: true },
    );
    this.running.set(key(pod), child);
    let log = "";
    const append = (d: Buffer) => {
      log += d.toString("utf8");
      cluster.setPodLog(namespace, name, log);
    };
    cluster.setPodLog(namespace, name, "");
    child.stdout?.on("data", append);
    child.stderr?.on("data", append);
    const podIP = host ? undefined : this.opts.podNetwork?.[node]?.ip;
    cluster.setPodStatus(namespace, name, {
      phase: "Running",
      ...(podIP ? { podIP, podIPs: [{ ip: podIP }] } : {}),
      conditions: [{ type: "Ready", status: "True" }],
      containerStatuses: [
        { name: "probe", state: { running: { startedAt: new Date().toISOString() } } },
      ],
    });
    this.opts.onStart?.(pod);
    child.on("close", (code) => {
      this.running.delete(key(pod));
      cluster.setPodStatus(namespace, name, {
        phase: code === 0 ? "Succeeded" : "Failed",
        conditions: [{ type: "Ready", status: "False" }],
        containerStatuses: [
          {
            name: "probe",
            state: {
              terminated: { exitCode: code ?? 137, reason: code === 0 ? "Completed" : "Error" },
            },
          },
        ],
      });
    });
  }

  private stop(k: string): void {
    const child = this.running.get(k);
    if (child?.pid) {
      try {
        // unshare and the PID namespace's init (the container's first process): with the init,
        // the kernel ends everything else in the namespace.
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // ended meanwhile
      }
    }
    this.running.delete(k);
  }

  /**
   * The scheduler for a Pod without a required Node: a Node of its cluster this kubelet runs
   * Pods on, not one its preferred anti-affinity (the client's "not a Gateway") names if it can.
   */
  private schedule(spec: PodSpec, cluster: FakeCluster): string | undefined {
    const avoid = new Set(
      spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.flatMap(
        (p) => p.preference.matchFields?.flatMap((f) => f.values ?? []) ?? [],
      ) ?? [],
    );
    const nodes = cluster
      .stored("Node")
      .map((n) => n.metadata?.name ?? "")
      .filter((n) => this.opts.podNetwork?.[n]);
    return nodes.find((n) => !avoid.has(n)) ?? nodes[0];
  }

  /** The probe processes still alive in the Nodes' namespaces (a removed Pod's must not be). */
  async processes(): Promise<string[]> {
    const out: string[] = [];
    const pods = Object.values(this.opts.podNetwork ?? {}).map((p) => p.ns);
    for (const ns of new Set([...this.ns.values(), ...pods]))
      for (const pid of await pidsIn(ns)) {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
          const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
          if (state !== "Z")
            out.push(`${pid} ${stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"))}`);
        } catch {
          // gone meanwhile
        }
      }
    return out;
  }

  async close(): Promise<void> {
    for (const k of [...this.running.keys()]) this.stop(k);
    const theirs = new Set(Object.values(this.opts.existing ?? {}));
    await removeNamespaces([...this.ns.values(), this.hub].filter((n) => !theirs.has(n)));
  }
}

interface PodSpec {
  nodeName?: string;
  hostNetwork?: boolean;
  affinity?: {
    nodeAffinity?: {
      requiredDuringSchedulingIgnoredDuringExecution?: {
        nodeSelectorTerms?: { matchFields?: { values?: string[] }[] }[];
      };
      preferredDuringSchedulingIgnoredDuringExecution?: {
        preference: { matchFields?: { values?: string[] }[] };
      }[];
    };
  };
  containers: {
    image: string;
    command: string[];
    securityContext?: { capabilities?: { add?: string[] } };
  }[];
}

const key = (o: KubeObject) => `${o.metadata?.namespace}/${o.metadata?.name}`;
