/**
 * Which kubeconfig context reads the leader cluster: --leader-context, else the context whose
 * cluster server is the leader server the members' ClusterSets name (spec.leaders[].server).
 * Collection decides it (live runs only: a snapshot records the leader it read).
 */
import { objects, str } from "../util/json.js";
import { normalizeServer } from "../util/server-url.js";
import { type ClusterSetObject, nameOf, namespaceOf } from "./shapes.js";
import type { RawMember } from "./types.js";

export interface ContextServer {
  readonly context: string;
  readonly server: string;
}

export type LeaderContext =
  | {
      readonly found: true;
      readonly context: string;
      /** How it was found, said to the user. */
      readonly source: string;
      /** Other contexts of the same server, not read. */
      readonly alternatives: readonly string[];
    }
  | { readonly found: false; readonly reason: string };

export function findLeaderContext(
  flag: string | undefined,
  contexts: readonly ContextServer[],
  leaderServers: readonly string[],
  /** The members' contexts: a leader that is also a member is read once, through its context. */
  memberContexts: readonly string[] = [],
): LeaderContext {
  if (flag !== undefined) {
    return contexts.some((c) => c.context === flag)
      ? { found: true, context: flag, source: "--leader-context", alternatives: [] }
      : { found: false, reason: `--leader-context ${flag}: no such context in the kubeconfig` };
  }
  const servers = [...new Set(leaderServers.map((s) => normalizeServer(s) ?? s))];
  if (servers.length === 0)
    return { found: false, reason: "no member's ClusterSet names a leader server" };
  if (servers.length > 1)
    return {
      found: false,
      reason: `the members' ClusterSets name different leader servers (${servers.join(", ")}): pass --leader-context`,
    };
  const server = servers[0] ?? "";
  const matching = contexts
    .filter((c) => normalizeServer(c.server) === server)
    .map((c) => c.context)
    .sort();
  const chosen = matching.find((c) => memberContexts.includes(c)) ?? matching[0];
  if (!chosen)
    return {
      found: false,
      reason: `no kubeconfig context's cluster server is ${server}, the leader server the members name: pass --leader-context`,
    };
  return {
    found: true,
    context: chosen,
    source: `its server ${server} is the members' leader server`,
    alternatives: matching.filter((c) => c !== chosen),
  };
}

/** What the members' ClusterSets say of their leader: its server and its namespace. */
export interface LeaderWanted {
  readonly servers: readonly string[];
  readonly namespace?: { readonly value: string; readonly from: string };
}

/**
 * The leader servers (spec.leaders[].server) and the leader namespace (spec.namespace) the
 * members' ClusterSets name; the namespace of the first member that names one.
 */
export function leaderWanted(members: readonly RawMember[]): LeaderWanted {
  const servers: string[] = [];
  let namespace: LeaderWanted["namespace"];
  for (const m of members) {
    const list = m.resources.clustersets;
    if (!list?.ok) continue;
    for (const cs of objects<ClusterSetObject>(list.value.items)) {
      for (const l of objects<{ server?: unknown }>(cs.spec?.leaders)) {
        const s = str(l.server);
        if (s) servers.push(s);
      }
      const ns = str(cs.spec?.namespace);
      if (ns && !namespace)
        namespace = { value: ns, from: `ClusterSet ${namespaceOf(cs)}/${nameOf(cs)} of ${m.name}` };
    }
  }
  return { servers, ...(namespace ? { namespace } : {}) };
}
