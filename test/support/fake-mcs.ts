/**
 * Antrea Multi-cluster's Service export and import, as the test API servers' controller: a
 * ServiceExport gets its Valid condition from the exporting member's antrea-mc-controller (True
 * once the Service has a Ready endpoint; False with Antrea's reason otherwise), and the leader then
 * has every member import it as Service `antrea-mc-<name>` in the namespace of the same name, with
 * a ClusterIP of that member's. Deleting the ServiceExport withdraws the imports. What a test makes
 * go wrong: an export refused, an import that comes late or never.
 */
import type { KubeObject } from "../../src/kube/types.js";
import type { FakeCluster } from "./fake-cluster.js";

export interface McsOptions {
  /** The importing member's ClusterIP for an exporter's Service. */
  readonly importIP: (importer: string, exporter: string) => string;
  /** How long the leader takes to import an export (ms). */
  readonly importDelayMs?: number;
  /** The leader never imports (it is down, or does not accept the member). */
  readonly neverImport?: boolean;
  /** The exporting member refuses every export with this condition (reason, message). */
  readonly refuse?: { readonly reason: string; readonly message: string };
  /** The exporting member's controller never answers (no condition at all). */
  readonly silent?: boolean;
}

const ANNOTATION = "multicluster.antrea.io/imported-service";

export class FakeMcs {
  private readonly clusters = new Map<string, FakeCluster>();
  private readonly exported = new Set<string>();

  constructor(private readonly opts: McsOptions) {}

  /** The members' clusters, once their servers run. */
  attach(clusters: ReadonlyMap<string, FakeCluster>): void {
    for (const [name, c] of clusters) this.clusters.set(name, c);
  }

  /** Server hooks for one member. */
  hooks(member: string): {
    created: (o: KubeObject) => void;
    deleted: (o: KubeObject) => void;
  } {
    return {
      created: (o) => {
        if (o.kind === "ServiceExport") this.export(member, o);
      },
      deleted: (o) => {
        if (o.kind === "ServiceExport") this.withdraw(member, o);
      },
    };
  }

  private export(member: string, o: KubeObject): void {
    const namespace = o.metadata?.namespace ?? "";
    const name = o.metadata?.name ?? "";
    const key = `${member}/${namespace}/${name}`;
    this.exported.add(key);
    const valid = (status: string, reason: string, message: string) =>
      this.clusters.get(member)?.setStatus("ServiceExport", namespace, name, {
        conditions: [{ type: "Valid", status, reason, message }],
      });
    const tick = () => {
      if (!this.exported.has(key) || this.opts.silent) return;
      if (this.opts.refuse) {
        valid("False", this.opts.refuse.reason, this.opts.refuse.message);
        return;
      }
      if (!this.hasEndpoint(member, namespace, name)) {
        valid("False", "ServiceWithoutEndpoints", "Service has no Endpoints");
        setTimeout(tick, 50);
        return;
      }
      valid("True", "Succeed", "The Service is exported successfully");
      if (!this.opts.neverImport)
        setTimeout(
          () => this.importEverywhere(key, member, namespace, name),
          this.opts.importDelayMs ?? 0,
        );
    };
    setTimeout(tick, 20);
  }

  /** The Service has a Ready Pod behind its selector. */
  private hasEndpoint(member: string, namespace: string, name: string): boolean {
    const c = this.clusters.get(member);
    const svc = c?.stored("Service", namespace).find((s) => s.metadata?.name === name);
    const selector = (svc?.spec as { selector?: Record<string, string> } | undefined)?.selector;
    if (!c || !selector) return false;
    return c.stored("Pod", namespace).some((p) => {
      const labels = (p.metadata?.labels ?? {}) as Record<string, string>;
      const ready = (
        p.status as { conditions?: { type: string; status: string }[] } | undefined
      )?.conditions?.some((x) => x.type === "Ready" && x.status === "True");
      return ready && Object.entries(selector).every(([k, v]) => labels[k] === v);
    });
  }

  private importEverywhere(key: string, exporter: string, namespace: string, name: string): void {
    if (!this.exported.has(key)) return;
    const svc = this.clusters
      .get(exporter)
      ?.stored("Service", namespace)
      .find((s) => s.metadata?.name === name);
    const ports = ((svc?.spec as { ports?: object[] } | undefined)?.ports ?? []).map((p) => {
      const { targetPort: _, ...rest } = p as Record<string, unknown>;
      return rest;
    });
    for (const [importer, c] of this.clusters) {
      if (!c.active(namespace)) continue; // Antrea cannot make the Service: it logs and retries
      const ip = this.opts.importIP(importer, exporter);
      c.put({
        apiVersion: "v1",
        kind: "Service",
        metadata: {
          name: `antrea-mc-${name}`,
          namespace,
          annotations: { [ANNOTATION]: "true" },
          uid: `uid-import-${importer}-${name}`,
          creationTimestamp: new Date().toISOString(),
        },
        spec: { type: "ClusterIP", clusterIP: ip, clusterIPs: [ip], ports },
      });
    }
  }

  private withdraw(member: string, o: KubeObject): void {
    const namespace = o.metadata?.namespace ?? "";
    const name = o.metadata?.name ?? "";
    this.exported.delete(`${member}/${namespace}/${name}`);
    for (const c of this.clusters.values()) c.drop("Service", namespace, `antrea-mc-${name}`);
  }
}
