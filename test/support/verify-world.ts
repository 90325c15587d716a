/**
 * A ClusterSet for verify's tests: the test API servers of the healthy west/east world, whose
 * probe Pods a NetnsKubelet runs for real (each Node a network namespace with its own IP).
 */

import type { IO } from "../../src/app/io.js";
import { runVerify, type VerifyOptions } from "../../src/app/verify.js";
import { EMPTY_KEYED } from "../../src/config/settings.js";
import type { KubeObject } from "../../src/kube/types.js";
import { silentReporter } from "../../src/reporter.js";
import { PROBE_IMAGE } from "../../src/verify/manifests.js";
import { type RunningClusterSet, startClusterSet } from "./harness.js";
import type { ServerOptions } from "./kube-api-server.js";
import { type KubeletOptions, NetnsKubelet } from "./netns-kubelet.js";
import { healthyScenario, type ScenarioMember } from "./scenarios.js";

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

/** runVerify on the world in-process, fast-paced, with the test's nonce. */
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

/** Everything of verify's on a member's server: namespaces and Pods with its labels. */
export function oursLeft(world: VerifyWorld): string[] {
  const out: string[] = [];
  for (const [name, server] of world.cs.servers) {
    for (const kind of ["Namespace", "Pod"])
      for (const o of server.cluster.stored(kind)) {
        const labels = (o.metadata?.labels ?? {}) as Record<string, string>;
        if (labels["app.kubernetes.io/managed-by"] === "kubectl-antrea-mc")
          out.push(
            `${name}: ${kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata?.name}`,
          );
      }
  }
  return out;
}
