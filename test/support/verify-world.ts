/**
 * A ClusterSet for verify's tests: the test API servers of the healthy west/east world, whose
 * probe Pods a NetnsKubelet runs for real (each Node a network namespace with its own IP).
 */

import assert from "node:assert/strict";
import type { IO } from "../../src/app/io.js";
import { runVerify, type VerifyOptions } from "../../src/app/verify.js";
import { EMPTY_KEYED } from "../../src/config/settings.js";
import type { KubeObject } from "../../src/kube/types.js";
import type { VerifyDocument } from "../../src/report/verify.js";
import { silentReporter } from "../../src/reporter.js";
import { PROBE_IMAGE } from "../../src/verify/manifests.js";
import { FakeMcs, type McsOptions } from "./fake-mcs.js";
import { nodeName } from "./fixtures/eks.js";
import { type RunningClusterSet, startClusterSet } from "./harness.js";
import type { ServerOptions } from "./kube-api-server.js";
import { CLUSTERS, type TwoClusters, twoClusters } from "./netns-clusters.js";
import { type KubeletOptions, NetnsKubelet } from "./netns-kubelet.js";
import { eastSpec, healthyScenario, type ScenarioMember, scenario, westSpec } from "./scenarios.js";

export interface VerifyWorld {
  readonly cs: RunningClusterSet;
  readonly kubelet: NetnsKubelet;
  readonly members: ScenarioMember[];
  /** The active Gateway Node of each member. */
  readonly gateway: Record<string, string>;
  close(): Promise<void>;
}

function nodeIP(n: KubeObject): string {
  const addresses =
    (n.status as { addresses?: { type: string; address: string }[] }).addresses ?? [];
  return addresses.find((a) => a.type === "InternalIP")?.address ?? "";
}

export async function verifyWorld(
  opts: {
    members?: ScenarioMember[];
    kubelet?: Partial<KubeletOptions>;
    server?: Partial<ServerOptions>;
    perMember?: Record<string, Partial<ServerOptions>>;
  } = {},
): Promise<VerifyWorld> {
  const members = opts.members ?? healthyScenario();
  const nodes: Record<string, string> = {};
  const gateway: Record<string, string> = {};
  for (const m of members) {
    for (const o of m.objects) if (o.kind === "Node") nodes[o.metadata?.name ?? ""] = nodeIP(o);
    const cr = m.objects.find(
      (o) => o.kind === "Gateway" && String(o.apiVersion).startsWith("multicluster.crd.antrea.io"),
    );
    if (cr) gateway[m.name] = cr.metadata?.name ?? "";
  }
  const kubelet = await NetnsKubelet.create({ nodes, images: [PROBE_IMAGE], ...opts.kubelet });
  const overrides: Record<string, Partial<ServerOptions>> = {};
  for (const m of members)
    overrides[m.name] = { ...kubelet.hooks(), ...opts.server, ...opts.perMember?.[m.name] };
  let cs: RunningClusterSet;
  try {
    cs = await startClusterSet(members, { overrides });
  } catch (err) {
    await kubelet.close();
    throw err;
  }
  return {
    cs,
    kubelet,
    members,
    gateway,
    close: async () => {
      await kubelet.close();
      await cs.close();
    },
  };
}

export interface Captured {
  readonly io: IO;
  stdout(): string;
  /** Warnings and notices, as stderr would show them. */
  readonly said: string[];
  /** Progress lines, in order. */
  readonly progress: string[];
}

/**
 * The Pod paths' world: west and east as the two members of test/support/netns-clusters.ts, their
 * Gateway and worker Nodes its namespaces, their ordinary Pods in its Pod namespaces, Antrea's
 * export and import played by FakeMcs (each import with the ClusterIP the topology routes). The
 * tunnel is VXLAN, as the topology's is.
 */
export interface PathWorld extends VerifyWorld {
  readonly net: TwoClusters;
  readonly mcs: FakeMcs;
}

export async function pathWorld(
  opts: {
    mcs?: Partial<McsOptions>;
    kubelet?: Partial<KubeletOptions>;
    server?: Partial<ServerOptions>;
    edit?: (spec: ReturnType<typeof westSpec>) => ReturnType<typeof westSpec>;
  } = {},
): Promise<PathWorld> {
  const net = await twoClusters();
  const edit = opts.edit ?? ((s) => s);
  const conf = { tunnelType: "vxlan", "multicluster.enablePodToPodConnectivity": true };
  const west = edit(
    westSpec({
      nodes: [
        { ip: CLUSTERS.gatewayA, zone: "us-west-2a" },
        { ip: "172.16.1.1", zone: "us-west-2b" },
      ],
      candidates: [0],
      active: 0,
      agentConf: conf,
      mcConf: { podCIDRs: ["10.1.0.0/24"] },
    }),
  );
  const east = edit(
    eastSpec({
      nodes: [
        { ip: CLUSTERS.gatewayB, zone: "us-east-1a" },
        { ip: "172.16.2.1", zone: "us-east-1b" },
      ],
      candidates: [0],
      active: 0,
      agentConf: conf,
      mcConf: { podCIDRs: ["10.2.0.0/24"] },
    }),
  );
  const members = scenario([west, east]);
  const name = (ip: string, region: string) => nodeName(ip, region);
  const [gwA, wA] = [name(CLUSTERS.gatewayA, west.region), name("172.16.1.1", west.region)];
  const [gwB, wB] = [name(CLUSTERS.gatewayB, east.region), name("172.16.2.1", east.region)];
  const podA = { ns: net.ns.podA, ip: CLUSTERS.podA };
  const podB = { ns: net.ns.podB, ip: CLUSTERS.podB };
  let kubelet: NetnsKubelet;
  try {
    kubelet = await NetnsKubelet.create({
      nodes: {},
      existing: { [gwA]: net.ns.gwA, [wA]: net.ns.nodeA, [gwB]: net.ns.gwB, [wB]: net.ns.nodeB },
      podNetwork: { [gwA]: podA, [wA]: podA, [gwB]: podB, [wB]: podB },
      images: [PROBE_IMAGE],
      ...opts.kubelet,
    });
  } catch (err) {
    await net.close();
    throw err;
  }
  const imported = { west: CLUSTERS.importedIP, east: CLUSTERS.importedInB };
  const mcs = new FakeMcs({
    importIP: (importer) => imported[importer as "west" | "east"] ?? "10.99.0.1",
    ...opts.mcs,
  });
  const served = { west: CLUSTERS.serviceA, east: CLUSTERS.serviceB };
  const overrides: Record<string, Partial<ServerOptions>> = {};
  for (const m of members) {
    const k = kubelet.hooks();
    const x = mcs.hooks(m.name);
    overrides[m.name] = {
      created: (o, c) => {
        k.created(o, c);
        x.created(o);
      },
      deleted: (o, c) => {
        k.deleted(o);
        x.deleted(o);
        void c;
      },
      serviceIP: () => served[m.name as "west" | "east"] ?? "10.99.0.2",
      ...opts.server,
    };
  }
  let cs: RunningClusterSet;
  try {
    cs = await startClusterSet(members, { overrides });
  } catch (err) {
    await kubelet.close();
    await net.close();
    throw err;
  }
  mcs.attach(new Map([...cs.servers].map(([k, s]) => [k, s.cluster])));
  return {
    cs,
    kubelet,
    members,
    gateway: { west: gwA, east: gwB },
    net,
    mcs,
    close: async () => {
      await kubelet.close();
      await cs.close();
      await net.close();
    },
  };
}

export function captureIO(onProgress?: (line: string) => void): Captured {
  let out = "";
  const said: string[] = [];
  const progress: string[] = [];
  return {
    io: {
      stdout: (t) => {
        out += t;
      },
      reporter: {
        ...silentReporter,
        progress: (m) => {
          progress.push(m);
          onProgress?.(m);
        },
        warn: (m) => said.push(`warning: ${m}`),
        notice: (m) => said.push(m),
      },
      colorLevel: 0,
      width: 100,
    },
    stdout: () => out,
    said,
    progress,
  };
}

export const RUN = "5eed0018";

/** runVerify on the world in-process, fast-paced, with the test's nonce (verify.tunnel unless told). */
export function verifyIn(
  world: VerifyWorld,
  captured: Captured,
  over: Partial<VerifyOptions> = {},
): Promise<number> {
  return runVerify(
    {
      kubeconfig: world.cs.kubeconfig,
      contexts: world.cs.contexts,
      timeoutMs: 10_000,
      reporter: captured.io.reporter,
      aws: {
        enabled: false,
        choices: { profile: EMPTY_KEYED, roleArn: EMPTY_KEYED, region: EMPTY_KEYED },
      },
      output: "json",
      only: ["verify.tunnel"],
      probeTimeoutMs: 15_000,
      nonce: RUN,
      pollMs: 50,
      graceMs: 800,
      cleanupMs: 2000,
      ...over,
    },
    captured.io,
  );
}

/** The probe processes still alive, once SIGKILL has had a second to get through. */
export async function probeProcessesLeft(world: VerifyWorld): Promise<string[]> {
  for (let i = 0; i < 20 && (await world.kubelet.processes()).length; i++)
    await new Promise((r) => setTimeout(r, 50));
  return world.kubelet.processes();
}

/**
 * Everything of verify's on a member's server: what carries its labels, and the imports Antrea
 * made of its echo Services.
 */
export function oursLeft(world: VerifyWorld): string[] {
  const out: string[] = [];
  for (const [name, server] of world.cs.servers) {
    for (const kind of ["Namespace", "Pod", "Service", "ServiceExport"])
      for (const o of server.cluster.stored(kind)) {
        const labels = (o.metadata?.labels ?? {}) as Record<string, string>;
        if (
          labels["app.kubernetes.io/managed-by"] === "kubectl-antrea-mc" ||
          o.metadata?.name?.startsWith("antrea-mc-echo-")
        )
          out.push(
            `${name}: ${kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata?.name}`,
          );
      }
  }
  return out;
}

/** A world made for one test and closed after it (the tests run side by side: they mostly wait). */
export async function closedAfter<W extends VerifyWorld>(
  t: { after: (fn: () => Promise<void>) => void },
  make: () => Promise<W>,
): Promise<W> {
  const w = await make();
  t.after(() => w.close());
  return w;
}

/** verify's JSON report, and its results as "id member→peer status" lines. */
export const docOf = (text: string) => JSON.parse(text) as VerifyDocument;
export const verdictsOf = (d: VerifyDocument) =>
  d.checks.map((r) => `${r.id} ${r.member}→${r.peer ?? ""} ${r.status}`);

/** Nothing of the run is left: no object, and (once SIGKILL is through) no probe process. */
export async function assertClean(w: VerifyWorld): Promise<void> {
  assert.deepEqual(oursLeft(w), []);
  assert.deepEqual(await probeProcessesLeft(w), []);
}
