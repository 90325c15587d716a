/**
 * The state of one fake Kubernetes cluster and the API semantics the test server serves from it:
 * resource discovery, list/get, label and field selectors, paging, and 403/404 Status answers.
 * Both the HTTP test server and the in-memory reader use it, so they cannot drift apart.
 */
import type { KubeObject } from "../../src/kube/types.js";

export interface ResourceType {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  /** Field selectors the real API server supports for this resource beyond metadata.*. */
  fields?: string[];
}

const MC = "multicluster.crd.antrea.io";

export const RESOURCE_TYPES: ResourceType[] = [
  {
    group: "",
    version: "v1",
    plural: "nodes",
    kind: "Node",
    namespaced: false,
    fields: ["spec.unschedulable"],
  },
  {
    group: "",
    version: "v1",
    plural: "pods",
    kind: "Pod",
    namespaced: true,
    fields: ["status.phase", "spec.nodeName", "spec.hostNetwork"],
  },
  { group: "", version: "v1", plural: "configmaps", kind: "ConfigMap", namespaced: true },
  { group: "", version: "v1", plural: "services", kind: "Service", namespaced: true },
  {
    group: "",
    version: "v1",
    plural: "secrets",
    kind: "Secret",
    namespaced: true,
    fields: ["type"],
  },
  { group: "", version: "v1", plural: "namespaces", kind: "Namespace", namespaced: false },
  { group: "apps", version: "v1", plural: "daemonsets", kind: "DaemonSet", namespaced: true },
  { group: "apps", version: "v1", plural: "deployments", kind: "Deployment", namespaced: true },
  {
    group: "networking.k8s.io",
    version: "v1",
    plural: "servicecidrs",
    kind: "ServiceCIDR",
    namespaced: false,
  },
  {
    group: "karpenter.sh",
    version: "v1",
    plural: "nodepools",
    kind: "NodePool",
    namespaced: false,
  },
  { group: MC, version: "v1alpha2", plural: "clustersets", kind: "ClusterSet", namespaced: true },
  { group: MC, version: "v1alpha1", plural: "clustersets", kind: "ClusterSet", namespaced: true },
  { group: MC, version: "v1alpha1", plural: "gateways", kind: "Gateway", namespaced: true },
  {
    group: MC,
    version: "v1alpha1",
    plural: "clusterinfoimports",
    kind: "ClusterInfoImport",
    namespaced: true,
  },
  {
    group: MC,
    version: "v1alpha1",
    plural: "memberclusterannounces",
    kind: "MemberClusterAnnounce",
    namespaced: true,
  },
  {
    group: MC,
    version: "v1alpha1",
    plural: "resourceexports",
    kind: "ResourceExport",
    namespaced: true,
  },
  { group: "", version: "v1", plural: "serviceaccounts", kind: "ServiceAccount", namespaced: true },
  {
    group: "multicluster.x-k8s.io",
    version: "v1alpha1",
    plural: "serviceexports",
    kind: "ServiceExport",
    namespaced: true,
  },
  {
    group: "rbac.authorization.k8s.io",
    version: "v1",
    plural: "rolebindings",
    kind: "RoleBinding",
    namespaced: true,
  },
  {
    group: "gateway.networking.k8s.io",
    version: "v1",
    plural: "gateways",
    kind: "Gateway",
    namespaced: true,
  },
];

export interface Forbidden {
  /** "pods", "clustersets.multicluster.crd.antrea.io", "pods/log" */
  resource: string;
  namespace?: string;
  /** Only these verbs are refused ("create", "delete", "get", "list"); all when unset. */
  verbs?: string[];
  /** Only reads across all namespaces are refused (namespace-scoped RBAC). */
  clusterWideOnly?: boolean;
}

export interface FakeClusterOptions {
  objects: KubeObject[];
  /** API groups the cluster does not serve (e.g. the Antrea Multi-cluster CRDs are not installed). */
  missingGroups?: string[];
  /** API group/versions not served, e.g. "networking.k8s.io/v1" on Kubernetes < 1.33 for ServiceCIDR. */
  missingResources?: string[];
  forbidden?: Forbidden[];
  user?: string;
  version?: { major: string; minor: string; gitVersion: string; platform?: string };
  pageSizeCap?: number;
  /** The server's clock (ISO time), sent as its Date header; the real time when unset. */
  clock?: string;
  /**
   * Admission (webhooks, Pod Security) of a create, dry run or not: an Answer refuses it. Runs
   * after authorization, as kube-apiserver's does.
   */
  admission?: (object: KubeObject, plural: string) => Answer | undefined;
  /** A new ClusterIP Service's address, as the API server allocates it from the Service CIDR. */
  serviceIP?: (service: KubeObject) => string;
  /** Called after an object is created (not on a dry run): a test's kubelet moves Pods on. */
  created?: (object: KubeObject, cluster: FakeCluster) => void;
  /** Called after an object is removed (a Namespace's objects too): a test's kubelet stops Pods. */
  deleted?: (object: KubeObject, cluster: FakeCluster) => void;
  /**
   * How long a deleted Namespace stays Terminating (ms; default 0). `Infinity`: until the test calls
   * finishTerminating (a finalizer that never runs).
   */
  terminatingMs?: number;
}

export interface Answer {
  status: number;
  body: unknown;
}

const gv = (t: ResourceType) => (t.group ? `${t.group}/${t.version}` : t.version);
const resourceName = (t: ResourceType) => (t.group ? `${t.plural}.${t.group}` : t.plural);

export function status(code: number, reason: string, message: string, details?: object): Answer {
  return {
    status: code,
    body: {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message,
      reason,
      ...(details ? { details } : {}),
      code,
    },
  };
}

/** Parses and evaluates a Kubernetes label selector (equality- and set-based). */
export function matchLabels(selector: string, labels: Record<string, string> = {}): boolean {
  const parts = selector.match(/([^,(]+(\([^)]*\))?)/g) ?? [];
  return parts.every((raw) => {
    const p = raw.trim();
    if (!p) return true;
    let m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p);
    if (m) {
      const values = (m[3] ?? "").split(",").map((v) => v.trim());
      const has = (m[1] ?? "") in labels && values.includes(labels[m[1] ?? ""] ?? "");
      return m[2] === "in" ? has : !has;
    }
    m = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(p);
    if (m) {
      const value = labels[m[1] ?? ""];
      return m[2] === "!=" ? value !== m[3] : value === m[3];
    }
    if (p.startsWith("!")) return !(p.slice(1) in labels);
    return p in labels;
  });
}

function fieldValue(obj: KubeObject, path: string): string {
  let cur: unknown = obj;
  for (const part of path.split(".")) cur = (cur as Record<string, unknown> | undefined)?.[part];
  return cur === undefined || cur === null ? "" : String(cur);
}

/** Names made from generateName, uids and versions: unique across every fake cluster of a test. */
let serial = 0;

/** A ClusterIP Service's spec with the address the API server gives it. */
function withClusterIP(
  service: KubeObject,
  allocate: ((s: KubeObject) => string) | undefined,
): Record<string, unknown> {
  const spec = (service.spec ?? {}) as Record<string, unknown>;
  if ((spec.type ?? "ClusterIP") !== "ClusterIP" || spec.clusterIP) return spec;
  const ip = allocate?.(service) ?? `10.96.${200 + ((serial >> 8) % 50)}.${serial % 256}`;
  return { ...spec, clusterIP: ip, clusterIPs: [ip] };
}

export class FakeCluster {
  readonly user: string;
  readonly types: ResourceType[];
  private readonly objects: KubeObject[];
  readonly requests: string[] = [];

  constructor(readonly opts: FakeClusterOptions) {
    this.user = opts.user ?? "kubernetes-admin";
    this.types = RESOURCE_TYPES.filter(
      (t) =>
        !(opts.missingGroups ?? []).includes(t.group) &&
        !(opts.missingResources ?? []).includes(`${resourceName(t)}/${t.version}`),
    );
    this.objects = opts.objects;
  }

  version(): Answer {
    const v = this.opts.version ?? { major: "1", minor: "33", gitVersion: "v1.33.5-eks-3025e55" };
    return {
      status: 200,
      body: { ...v, platform: v.platform ?? "linux/amd64", goVersion: "go1.24.6", compiler: "gc" },
    };
  }

  /** GET /api, /apis, /api/v1, /apis/<g>/<v>: the discovery documents kubectl reads. */
  discovery(path: string): Answer | undefined {
    if (path === "/api")
      return {
        status: 200,
        body: { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [] },
      };
    if (path === "/apis") {
      const groups = new Map<string, string[]>();
      for (const t of this.types)
        if (t.group) groups.set(t.group, [...new Set([...(groups.get(t.group) ?? []), t.version])]);
      return {
        status: 200,
        body: {
          kind: "APIGroupList",
          apiVersion: "v1",
          groups: [...groups].map(([name, versions]) => ({
            name,
            versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
            preferredVersion: {
              groupVersion: `${name}/${versions.at(-1)}`,
              version: versions.at(-1),
            },
          })),
        },
      };
    }
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
    if (!m) return undefined;
    const group = m[2] ?? "";
    const version = m[1] ?? m[3] ?? "";
    const types = this.types.filter((t) => t.group === group && t.version === version);
    if (types.length === 0)
      return status(404, "NotFound", "the server could not find the requested resource");
    return {
      status: 200,
      body: {
        kind: "APIResourceList",
        apiVersion: "v1",
        groupVersion: group ? `${group}/${version}` : version,
        resources: types.map((t) => ({
          name: t.plural,
          singularName: t.kind.toLowerCase(),
          namespaced: t.namespaced,
          kind: t.kind,
          verbs: ["get", "list", "watch"],
        })),
      },
    };
  }

  /** Whether RBAC lets this user do it (SelfSubjectAccessReview asks the same). */
  allowed(resource: string, verb: string, namespace: string | undefined): boolean {
    return !(this.opts.forbidden ?? []).some(
      (f) =>
        f.resource === resource &&
        (f.verbs === undefined || f.verbs.includes(verb)) &&
        (f.namespace === undefined || f.namespace === namespace) &&
        !(f.clusterWideOnly && namespace),
    );
  }

  private forbidden(
    t: ResourceType,
    verb: string,
    namespace: string | undefined,
    name?: string,
  ): Answer | undefined {
    const hit = !this.allowed(resourceName(t), verb, namespace);
    if (!hit) return undefined;
    const scope = namespace ? `in the namespace "${namespace}"` : "at the cluster scope";
    const what = name ? `${resourceName(t)} "${name}"` : resourceName(t);
    return status(
      403,
      "Forbidden",
      `${what} is forbidden: User "${this.user}" cannot ${verb} resource "${t.plural}" in API group "${t.group}" ${scope}`,
      { ...(name ? { name } : {}), group: t.group, kind: t.plural },
    );
  }

  /** What writes did, in order: "create pods amc-verify/x", "dry-run create …", "delete …". */
  readonly writes: string[] = [];
  private readonly podLogs = new Map<string, string>();

  /** The objects of a kind now stored (in a namespace): what a test finds left. */
  stored(kind: string, namespace?: string): KubeObject[] {
    return this.objects.filter(
      (o) => o.kind === kind && (namespace === undefined || o.metadata?.namespace === namespace),
    );
  }

  /** A test's kubelet: the Pod's status from now on (merged), as the API would report it. */
  setPodStatus(namespace: string, name: string, podStatus: Record<string, unknown>): void {
    const pod = this.find("Pod", name, namespace);
    if (pod) pod.status = { ...((pod.status as object) ?? {}), ...podStatus };
  }

  /** A test's kubelet: the Pod's log so far. */
  setPodLog(namespace: string, name: string, text: string): void {
    this.podLogs.set(`${namespace}/${name}`, text);
  }

  /** A test's controller (Antrea importing a Service): stores an object as if it had made it. */
  put(o: KubeObject): void {
    const i = this.objects.findIndex(
      (x) =>
        x.kind === o.kind &&
        x.metadata?.name === o.metadata?.name &&
        x.metadata?.namespace === o.metadata?.namespace,
    );
    if (i >= 0) this.objects.splice(i, 1, o);
    else this.objects.push(o);
  }

  /** A test's controller: removes an object (none there: nothing happens). */
  drop(kind: string, namespace: string, name: string): void {
    const o = this.find(kind, name, namespace);
    if (o) this.objects.splice(this.objects.indexOf(o), 1);
  }

  /** A test's controller: an object's status from now on (merged). */
  setStatus(kind: string, namespace: string, name: string, status: Record<string, unknown>): void {
    const o = this.find(kind, name, namespace);
    if (o) o.status = { ...((o.status as object) ?? {}), ...status };
  }

  /** Whether the namespace exists and is not being removed. */
  active(namespace: string): boolean {
    const ns = this.find("Namespace", namespace);
    return ns !== undefined && !ns.metadata?.deletionTimestamp;
  }

  /** Ends a Namespace's Terminating phase (its finalizer ran): it is gone. */
  finishTerminating(name: string): void {
    const i = this.objects.findIndex((o) => o.kind === "Namespace" && o.metadata?.name === name);
    if (i >= 0 && this.objects[i]?.metadata?.deletionTimestamp) this.objects.splice(i, 1);
  }

  private find(kind: string, name: string, namespace?: string): KubeObject | undefined {
    return this.objects.find(
      (o) =>
        o.kind === kind &&
        o.metadata?.name === name &&
        (namespace === undefined || o.metadata?.namespace === namespace),
    );
  }

  /** GET …/pods/NAME/log: the log a test's kubelet set, as text. */
  podLog(path: string): Answer | undefined {
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/log$/.exec(path);
    if (!m) return undefined;
    const namespace = decodeURIComponent(m[1] ?? "");
    const name = decodeURIComponent(m[2] ?? "");
    if (!this.allowed("pods/log", "get", namespace))
      return status(
        403,
        "Forbidden",
        `pods "${name}" is forbidden: User "${this.user}" cannot get resource "pods/log" in API group "" in the namespace "${namespace}"`,
      );
    const pod = this.find("Pod", name, namespace);
    if (!pod) return status(404, "NotFound", `pods "${name}" not found`);
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    const log = this.podLogs.get(`${namespace}/${name}`);
    if (log === undefined || phase === "Pending")
      return status(
        400,
        "BadRequest",
        `container "probe" in pod "${name}" is waiting to start: ContainerCreating`,
      );
    return { status: 200, body: log };
  }

  /** POST (create, dry run, SelfSubjectAccessReview) and DELETE. */
  write(method: string, path: string, query: URLSearchParams, body: unknown): Answer {
    const object = (body ?? {}) as KubeObject;
    if (method === "POST" && path === "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews") {
      const a = ((object.spec as { resourceAttributes?: Record<string, string> } | undefined)
        ?.resourceAttributes ?? {}) as Record<string, string>;
      const resource = `${a.resource ?? ""}${a.subresource ? `/${a.subresource}` : ""}${a.group ? `.${a.group}` : ""}`;
      const allowed = this.allowed(resource, a.verb ?? "", a.namespace || undefined);
      return {
        status: 201,
        body: {
          ...object,
          status: { allowed, ...(allowed ? { reason: "RBAC: allowed" } : {}) },
        },
      };
    }
    const m =
      /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(
        path,
      );
    const t = m
      ? this.types.find(
          (x) =>
            x.group === (m[2] ?? "") && x.version === (m[1] ?? m[3] ?? "") && x.plural === m[5],
        )
      : undefined;
    if (!m || !t)
      return status(404, "NotFound", "the server could not find the requested resource");
    const namespace = m[4] ? decodeURIComponent(m[4]) : undefined;
    const name = m[6] ? decodeURIComponent(m[6]) : undefined;
    if (method === "DELETE" && name) return this.remove(t, namespace, name);
    if (method !== "POST" || name)
      return status(405, "MethodNotAllowed", `${method} is not supported on ${path}`);
    const dryRun = query.get("dryRun") === "All";
    const denied = this.forbidden(t, "create", namespace);
    if (denied) return denied;
    if (namespace) {
      const ns = this.find("Namespace", namespace);
      if (!ns) return status(404, "NotFound", `namespaces "${namespace}" not found`);
      if (ns.metadata?.deletionTimestamp)
        return status(
          403,
          "Forbidden",
          `${t.plural} "${object.metadata?.name ?? object.metadata?.generateName ?? ""}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
        );
    }
    const refused = this.opts.admission?.(object, t.plural);
    if (refused) return refused;
    const meta = object.metadata ?? {};
    const objectName =
      meta.name ??
      (meta.generateName
        ? `${meta.generateName}${(++serial).toString(36).padStart(5, "x")}`
        : undefined);
    if (!objectName)
      return status(422, "Invalid", `${t.kind} is invalid: metadata.name: Required value`);
    if (this.find(t.kind, objectName, namespace))
      return status(409, "AlreadyExists", `${t.plural} "${objectName}" already exists`);
    const made: KubeObject = {
      ...object,
      apiVersion: gv(t),
      kind: t.kind,
      metadata: {
        ...meta,
        name: objectName,
        ...(namespace ? { namespace } : {}),
        uid: `uid-${++serial}`,
        resourceVersion: String(50000 + serial),
        creationTimestamp: new Date().toISOString(),
      },
      ...(t.kind === "Pod" ? { status: { phase: "Pending" } } : {}),
      ...(t.kind === "Namespace" ? { status: { phase: "Active" } } : {}),
      ...(t.kind === "Service" ? { spec: withClusterIP(object, this.opts.serviceIP) } : {}),
    };
    this.writes.push(
      `${dryRun ? "dry-run " : ""}create ${t.plural} ${namespace ? `${namespace}/` : ""}${objectName}`,
    );
    if (!dryRun) {
      this.objects.push(made);
      this.opts.created?.(made, this);
    }
    return { status: 201, body: made };
  }

  private remove(t: ResourceType, namespace: string | undefined, name: string): Answer {
    const denied = this.forbidden(t, "delete", namespace, name);
    if (denied) return denied;
    const obj = this.find(t.kind, name, namespace);
    if (!obj) return status(404, "NotFound", `${t.plural} "${name}" not found`);
    this.writes.push(`delete ${t.plural} ${namespace ? `${namespace}/` : ""}${name}`);
    if (t.kind !== "Namespace") {
      this.objects.splice(this.objects.indexOf(obj), 1);
      this.opts.deleted?.(obj, this);
      return { status: 200, body: obj };
    }
    // Its objects go at once; the Namespace itself stays Terminating until its finalizer runs.
    for (let i = this.objects.length - 1; i >= 0; i--) {
      const o = this.objects[i];
      if (o?.metadata?.namespace !== name) continue;
      this.objects.splice(i, 1);
      this.opts.deleted?.(o, this);
    }
    if (!obj.metadata?.deletionTimestamp) {
      obj.metadata = { ...obj.metadata, deletionTimestamp: new Date().toISOString() };
      obj.status = { phase: "Terminating" };
      const ms = this.opts.terminatingMs ?? 0;
      if (Number.isFinite(ms)) setTimeout(() => this.finishTerminating(name), ms);
    }
    return { status: 200, body: obj };
  }

  /** Serves a resource path: a collection (list) or a named object (get). */
  resource(path: string, query: URLSearchParams): Answer {
    const m =
      /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(
        path,
      );
    if (!m) return status(404, "NotFound", "the server could not find the requested resource");
    const group = m[2] ?? "";
    const version = m[1] ?? m[3] ?? "";
    const namespace = m[4] ? decodeURIComponent(m[4]) : undefined;
    const plural = m[5] ?? "";
    const name = m[6] ? decodeURIComponent(m[6]) : undefined;
    const t = this.types.find(
      (x) => x.group === group && x.version === version && x.plural === plural,
    );
    // kube-apiserver authorizes first: a refused read is 403 even for an API it does not serve.
    const requested = { group, version, plural, kind: plural, namespaced: namespace !== undefined };
    const denied = this.forbidden(requested, name ? "get" : "list", namespace, name);
    if (denied) return denied;
    if (!t || (namespace && !t.namespaced))
      return status(404, "NotFound", "the server could not find the requested resource");
    const sameKind = this.objects.filter(
      (o) => o.kind === t.kind && (o.apiVersion === gv(t) || sameGroup(o, t)),
    );
    if (name) {
      const obj = sameKind.find(
        (o) => o.metadata?.name === name && (!t.namespaced || o.metadata?.namespace === namespace),
      );
      if (!obj) {
        return status(404, "NotFound", `${resourceName(t)} "${name}" not found`, {
          name,
          group: t.group,
          kind: t.plural,
        });
      }
      return { status: 200, body: { ...obj, apiVersion: gv(t) } };
    }
    let items = sameKind.filter((o) => !namespace || o.metadata?.namespace === namespace);
    const labelSelector = query.get("labelSelector");
    if (labelSelector) items = items.filter((o) => matchLabels(labelSelector, o.metadata?.labels));
    const fieldSelector = query.get("fieldSelector");
    if (fieldSelector) {
      for (const term of fieldSelector.split(",")) {
        const f = /^([^!=]+)(==|=|!=)(.*)$/.exec(term);
        const field = f?.[1] ?? term;
        if (
          !f ||
          !(
            field === "metadata.name" ||
            field === "metadata.namespace" ||
            (t.fields ?? []).includes(field)
          )
        ) {
          return status(400, "BadRequest", `field label not supported: ${field}`);
        }
        items = items.filter((o) =>
          f[2] === "!=" ? fieldValue(o, field) !== f[3] : fieldValue(o, field) === f[3],
        );
      }
    }
    items.sort((a, b) =>
      `${a.metadata?.namespace}/${a.metadata?.name}`.localeCompare(
        `${b.metadata?.namespace}/${b.metadata?.name}`,
      ),
    );
    const limit = Math.min(
      Number(query.get("limit") ?? 0) || Number.POSITIVE_INFINITY,
      this.opts.pageSizeCap ?? Number.POSITIVE_INFINITY,
    );
    const start = query.get("continue")
      ? Number(Buffer.from(query.get("continue") ?? "", "base64url").toString())
      : 0;
    if (!Number.isInteger(start) || start < 0)
      return status(410, "Expired", "The provided continue parameter is too old");
    const page = items.slice(start, start + limit);
    const next =
      start + page.length < items.length
        ? Buffer.from(String(start + page.length)).toString("base64url")
        : undefined;
    // Like the real API server, list items of built-in types carry no apiVersion/kind; custom resources do.
    const builtIn = !t.group.includes(".") || t.group.endsWith(".k8s.io");
    return {
      status: 200,
      body: {
        kind: `${t.kind}List`,
        apiVersion: gv(t),
        metadata: {
          resourceVersion: "48213",
          ...(next
            ? { continue: next, remainingItemCount: items.length - start - page.length }
            : {}),
        },
        items: page.map((o) => {
          if (!builtIn) return { ...o, apiVersion: gv(t) };
          const { apiVersion: _a, kind: _k, ...rest } = o;
          return rest;
        }),
      },
    };
  }
}

/** ClusterSets are served in v1alpha1 and v1alpha2: an object of either version lists under both. */
function sameGroup(o: KubeObject, t: ResourceType): boolean {
  return (
    Boolean(t.group) && typeof o.apiVersion === "string" && o.apiVersion.startsWith(`${t.group}/`)
  );
}
