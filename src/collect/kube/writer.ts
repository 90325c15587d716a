/**
 * What verify asks of a cluster beyond reading: to create and delete its probes (a server-side dry
 * run first), to ask whether it may (SelfSubjectAccessReview), and to read a Pod's log.
 */
import type { AccessAttributes, Fetched, KubeObject, ResourceRef } from "../../kube/types.js";
import { type GetRequest, type KubeReader, resourceName } from "./reader.js";

export interface CreateRequest extends ResourceRef {
  namespace?: string;
  object: KubeObject;
  /** `dryRun=All`: validated, authorized and admitted (webhooks, Pod Security), not stored. */
  dryRun?: boolean;
}

export interface AccessDecision {
  allowed: boolean;
  reason?: string;
}

export interface KubeWriter {
  readonly context: string;
  create(req: CreateRequest): Promise<Fetched<KubeObject>>;
  /** Deletes in the background (a namespace's objects go with it). */
  delete(req: GetRequest): Promise<Fetched<KubeObject>>;
  accessReview(a: AccessAttributes): Promise<Fetched<AccessDecision>>;
  /** The Pod's (only container's) log so far. */
  logs(namespace: string, pod: string): Promise<Fetched<string>>;
}

/** Reads and writes: what verify runs against each member. */
export type KubeClient = KubeReader & KubeWriter;

export function describeCreate(req: CreateRequest): string {
  const where = req.namespace ? ` in namespace ${req.namespace}` : "";
  const name = req.object.metadata?.name ?? req.object.metadata?.generateName ?? "";
  return `create ${resourceName(req)} ${name}${where}${req.dryRun ? " (dry run)" : ""}`;
}
