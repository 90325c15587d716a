/**
 * The objects of the Pod-path probes: in the peer, an echo Pod behind a ClusterIP Service that a
 * ServiceExport exports; in the member, a client Pod, kept off the Gateway when another Node can
 * take it (so that the Node-to-Gateway leg is crossed too). Ordinary Pods: no host network, not
 * root, no capability.
 */
import { createHash } from "node:crypto";
import type { KubeObject } from "../kube/types.js";
import { ANNOTATION_EXPIRES, labels } from "./manifests.js";
import { ECHO_PORT } from "./path-commands.js";

/** Antrea's prefix of an imported Service's name (multicluster/controllers common.AntreaMCSPrefix). */
export const IMPORTED_PREFIX = "antrea-mc-";

/**
 * The echo Service a member exports, named by the run and the member's ClusterID:
 * `echo-<run>-<id>`, a DNS label short enough that the import's name, `antrea-mc-echo-<run>-<id>`,
 * is one too (an ID that is not one, or is too long, gets a hash). With the run in it, two runs
 * in one --namespace never share a Service.
 */
export function echoServiceName(clusterID: string, run: string): string {
  const label = clusterID
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (label === clusterID && label.length <= 30) return `echo-${run}-${label}`;
  const hash = createHash("sha256").update(clusterID).digest("hex").slice(0, 8);
  return `echo-${run}-${label.slice(0, 21).replace(/-+$/, "")}-${hash}`;
}

/** The Service Antrea makes in the importing members for an exported one. */
export function importedName(service: string): string {
  return `${IMPORTED_PREFIX}${service}`;
}

interface Common {
  readonly run: string;
  readonly namespace: string;
  readonly image: string;
  readonly deadlineSeconds: number;
  readonly expires: string;
}

const unprivileged = {
  runAsNonRoot: true,
  runAsUser: 65534,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ["ALL"] },
};

function pod(role: string, command: readonly string[], o: Common, spec: object): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      generateName: `antrea-mc-${role}-`,
      namespace: o.namespace,
      labels: labels(o.run, role),
      annotations: { [ANNOTATION_EXPIRES]: o.expires },
    },
    spec: {
      restartPolicy: "Never",
      activeDeadlineSeconds: o.deadlineSeconds,
      terminationGracePeriodSeconds: 1,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      containers: [
        {
          name: "probe",
          image: o.image,
          imagePullPolicy: "IfNotPresent",
          command: [...command],
          securityContext: unprivileged,
          resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
          ...spec,
        },
      ],
    },
  };
}

/** The echo server: Ready once it listens, so the Service has an endpoint before it is exported. */
export function echoPodManifest(command: readonly string[], o: Common): KubeObject {
  return pod("echo", command, o, {
    ports: [
      { name: "tcp", containerPort: ECHO_PORT, protocol: "TCP" },
      { name: "udp", containerPort: ECHO_PORT, protocol: "UDP" },
    ],
    readinessProbe: { tcpSocket: { port: ECHO_PORT }, periodSeconds: 1 },
  });
}

/** The client, off the member's Gateways when it can be. */
export function clientPodManifest(
  command: readonly string[],
  gateways: readonly string[],
  o: Common,
): KubeObject {
  const made = pod("client", command, o, {});
  const spec = made.spec as Record<string, unknown>;
  if (gateways.length)
    spec.affinity = {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            preference: {
              matchFields: [{ key: "metadata.name", operator: "NotIn", values: [...gateways] }],
            },
          },
        ],
      },
    };
  return made;
}

/** A named object of the run's: its labels, and when the run is over for sure. */
function ours(name: string, o: Pick<Common, "run" | "namespace" | "expires">) {
  return {
    name,
    namespace: o.namespace,
    labels: labels(o.run),
    annotations: { [ANNOTATION_EXPIRES]: o.expires },
  };
}

/** The ClusterIP Service of the echo Pod, TCP and UDP. */
export function echoServiceManifest(
  name: string,
  o: Pick<Common, "run" | "namespace" | "expires">,
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: ours(name, o),
    spec: {
      type: "ClusterIP",
      selector: { ...labels(o.run, "echo") },
      ports: [
        { name: "tcp", port: ECHO_PORT, targetPort: ECHO_PORT, protocol: "TCP" },
        { name: "udp", port: ECHO_PORT, targetPort: ECHO_PORT, protocol: "UDP" },
      ],
    },
  };
}

/** Exports the echo Service to the ClusterSet (Antrea imports it as antrea-mc-<name>). */
export function serviceExportManifest(
  name: string,
  o: Pick<Common, "run" | "namespace" | "expires">,
): KubeObject {
  return {
    apiVersion: "multicluster.x-k8s.io/v1alpha1",
    kind: "ServiceExport",
    metadata: ours(name, o),
  };
}
