/** Starts one test API server per member and writes a kubeconfig with a context for each. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type KubeApiServer,
  type ServerOptions,
  startKubeApiServer,
  unusedLoopbackUrl,
} from "./kube-api-server.js";
import { type ContextEntry, writeKubeconfig } from "./kubeconfig.js";
import { clusterOptions, type ScenarioMember } from "./scenarios.js";
import { testCA } from "./tls.js";

export interface RunningClusterSet {
  dir: string;
  kubeconfig: string;
  servers: Map<string, KubeApiServer>;
  contexts: string[];
  close(): Promise<void>;
}

export interface StartOptions {
  tls?: boolean;
  /** Per member name: changes to its API server. */
  overrides?: Record<string, Partial<ServerOptions>>;
  /** Member names whose context points at a port where nothing listens. */
  unreachable?: string[];
  /** Extra contexts (e.g. a non-member cluster) to put into the kubeconfig. */
  extra?: { context: string; options: ServerOptions }[];
  /**
   * "served" (default): the members' ClusterSets name the test server of the member that runs
   * the leader, as `antctl mc join` would have written it, so that doctor finds the leader;
   * "as-written": they keep the fixture's EKS endpoint, which no context of the kubeconfig has.
   */
  leaderServer?: "served" | "as-written";
}

/** Points every member's ClusterSet at the leader server `server`. */
export function leadTo(members: readonly ScenarioMember[], server: string): void {
  for (const m of members)
    for (const o of m.objects) {
      const leaders = (o.spec as { leaders?: { server?: string }[] } | undefined)?.leaders;
      const first = o.kind === "ClusterSet" ? leaders?.[0] : undefined;
      if (first?.server !== undefined) first.server = server;
    }
}

export async function startClusterSet(
  members: ScenarioMember[],
  opts: StartOptions = {},
): Promise<RunningClusterSet> {
  const ca = opts.tls === false ? undefined : testCA();
  const servers = new Map<string, KubeApiServer>();
  const entries: ContextEntry[] = [];
  const all = [
    ...members.map((m) => ({
      key: m.name,
      context: m.context,
      options: { ...clusterOptions(m), ...opts.overrides?.[m.name] },
    })),
    ...(opts.extra ?? []).map((e) => ({ key: e.context, context: e.context, options: e.options })),
  ];
  for (const m of all) {
    if (opts.unreachable?.includes(m.key)) {
      entries.push({
        name: m.context,
        server: await unusedLoopbackUrl(),
        token: "unused",
        ...(ca ? { caData: ca.caCert } : {}),
      });
      continue;
    }
    const server = await startKubeApiServer({ ...m.options, ...(ca ? { tls: ca } : {}) });
    servers.set(m.key, server);
    entries.push({
      name: m.context,
      server: server.url,
      token: server.token,
      ...(ca ? { caData: ca.caCert } : {}),
    });
  }
  const leader = members.find((m) => m.spec.leader);
  const leaderUrl = leader && servers.get(leader.name)?.url;
  if (leaderUrl && opts.leaderServer !== "as-written") leadTo(members, leaderUrl);
  const dir = mkdtempSync(join(tmpdir(), "antrea-mc-test-"));
  const kubeconfig = writeKubeconfig(join(dir, "kubeconfig"), entries);
  return {
    dir,
    kubeconfig,
    servers,
    contexts: members.map((m) => m.context),
    close: async () => {
      await Promise.all([...servers.values()].map((s) => s.close()));
    },
  };
}

/** The flags that point the CLI at every member of a running ClusterSet. */
export const clusterSetArgs = (cs: RunningClusterSet): string[] => [
  "--kubeconfig",
  cs.kubeconfig,
  "--context",
  cs.contexts.join(","),
];
