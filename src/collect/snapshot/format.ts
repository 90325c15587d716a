/**
 * snapshot.json (docs/reference.md "Snapshots"): what was collected, from which context, and how to collect the same
 * files by hand. The raw answers live beside it, one file per resource.
 */
import type { ApiFailure, LeaderNamespaceSource, SkippedContext } from "../../kube/types.js";
import type { SnapshotAws } from "./aws.js";

export const SNAPSHOT_FORMAT = "kubectl-antrea-mc/snapshot";
export const SNAPSHOT_VERSION = 1;

export interface SnapshotEntry {
  /** Relative path of the file holding the answer; absent when the read failed. */
  file?: string;
  /** The kubectl command that prints the same. */
  command: string;
  error?: ApiFailure;
}

export interface SnapshotMember {
  name: string;
  context: string;
  /** What the cluster is in the ClusterSet (a dual-role member's leader side is `leader`). */
  role?: "member";
  region: string | null;
  account: string | null;
  namespace: { value: string; source: "flag" | "controller" | "default" };
  failure?: ApiFailure;
  version?: SnapshotEntry;
  resources: Record<string, SnapshotEntry>;
}

/** The leader cluster: its files sit in clusters/<name>/, beside its member files if it is one. */
export interface SnapshotLeader {
  role: "leader";
  name: string;
  context: string;
  /** How its context was chosen. */
  found: string;
  /** The member it also is: its version.json and deployments.json are that member's. */
  member?: string;
  namespace: { value: string; source: LeaderNamespaceSource; from?: string };
  /** The leader API server's clock when it was read (its Date header). */
  serverTime?: string;
  failure?: ApiFailure;
  version?: SnapshotEntry;
  deployments?: SnapshotEntry;
  resources: Record<string, SnapshotEntry>;
}

export interface SnapshotIndex {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  createdAt: string;
  tool: { name: string; version: string };
  members: SnapshotMember[];
  skippedContexts: SkippedContext[];
  /** The leader, or why it was not read; absent: not looked for. */
  leader?: SnapshotLeader | { found: false; reason: string };
  /** The AWS side: absent in snapshots that hold none. */
  aws?: SnapshotAws;
}

export const clusterDir = (member: string) => `clusters/${member}`;
