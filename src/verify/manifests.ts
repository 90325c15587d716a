/**
 * The objects verify creates in a member: a namespace of its own and host-network probe Pods,
 * each with the least privilege that works (tested with the same capability sets in network
 * namespaces), pinned to its Gateway, labelled as ours, and bounded in time.
 */
import type { KubeObject } from "../kube/types.js";
import type { ProbeWire } from "./marker.js";

/**
 * Antrea's toolbox image (Ubuntu 24.04 with tcpdump, socat, coreutils; antrea-io/image-utils
 * images/toolbox), at an immutable release tag: the one `antctl check` uses
 * (pkg/antctl/raw/check/constants.go). `--image` takes another with the same tools.
 */
export const PROBE_IMAGE = "antrea/toolbox:1.7-0";

export const LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
export const MANAGED_BY = "kubectl-antrea-mc";
export const LABEL_COMPONENT = "app.kubernetes.io/component";
export const COMPONENT = "verify";
/** The run that made it (its nonce). */
export const LABEL_RUN = "antrea-mc.antrea.io/verify-run";
export const LABEL_ROLE = "antrea-mc.antrea.io/probe";
/**
 * When the run is over for sure (its Pods' deadline passed): a later run removes what is left of
 * an interrupted one after that, and leaves a run that may still be going (another user's) alone.
 */
export const ANNOTATION_EXPIRES = "antrea-mc.antrea.io/expires";

/** Selects everything any verify run made: what a re-run and the manual cleanup remove. */
export const OURS = `${LABEL_MANAGED_BY}=${MANAGED_BY},${LABEL_COMPONENT}=${COMPONENT}`;
export const NAMESPACE_PREFIX = "antrea-mc-verify-";

export function runNamespace(run: string): string {
  return `${NAMESPACE_PREFIX}${run}`;
}

export type ProbeRole = "observer" | "sender";

/**
 * Capabilities each probe needs, and no more. tcpdump opens its capture with NET_RAW, then (as
 * Debian and Ubuntu build it) drops to its own user, which takes SETUID and SETGID. A sender needs
 * NET_RAW only for a raw socket (GRE, STT); UDP needs none.
 */
export function capabilitiesOf(role: ProbeRole, wire: ProbeWire): string[] {
  if (role === "observer") return ["NET_RAW", "SETUID", "SETGID"];
  return wire.protocol === "udp" ? [] : ["NET_RAW"];
}

export function labels(run: string, role?: string): Record<string, string> {
  return {
    [LABEL_MANAGED_BY]: MANAGED_BY,
    [LABEL_COMPONENT]: COMPONENT,
    [LABEL_RUN]: run,
    ...(role ? { [LABEL_ROLE]: role } : {}),
  };
}

/**
 * The run's namespace, named by the run: the same name in every member, as Multi-cluster Services
 * need (an export is imported into the namespace of the same name). Host-network Pods need Pod
 * Security's privileged level.
 */
export function namespaceManifest(run: string, expires: string): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: runNamespace(run),
      annotations: { [ANNOTATION_EXPIRES]: expires },
      labels: { ...labels(run), "pod-security.kubernetes.io/enforce": "privileged" },
    },
  };
}

export interface ProbePod {
  readonly role: ProbeRole;
  readonly node: string;
  readonly member: string;
  readonly command: readonly string[];
  readonly wire: ProbeWire;
}

/**
 * A probe Pod: on its Gateway's host network, on exactly that Node (by name, through the
 * scheduler, tolerating its taints), never restarted, and ended by the kubelet after
 * `deadlineSeconds` whatever happens to verify.
 */
export function probePodManifest(
  p: ProbePod,
  o: { run: string; namespace: string; image: string; deadlineSeconds: number; expires: string },
): KubeObject {
  const caps = capabilitiesOf(p.role, p.wire);
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      generateName: `antrea-mc-${p.role}-`,
      namespace: o.namespace,
      labels: labels(o.run, p.role),
      annotations: { "antrea-mc.antrea.io/gateway": p.node, [ANNOTATION_EXPIRES]: o.expires },
    },
    spec: {
      hostNetwork: true,
      dnsPolicy: "ClusterFirstWithHostNet",
      restartPolicy: "Never",
      activeDeadlineSeconds: o.deadlineSeconds,
      terminationGracePeriodSeconds: 1,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchFields: [{ key: "metadata.name", operator: "In", values: [p.node] }] },
            ],
          },
        },
      },
      tolerations: [{ operator: "Exists" }],
      containers: [
        {
          name: "probe",
          image: o.image,
          imagePullPolicy: "IfNotPresent",
          command: [...p.command],
          securityContext: {
            runAsUser: 0,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"], ...(caps.length ? { add: caps } : {}) },
          },
          resources: {
            requests: { cpu: "10m", memory: "32Mi" },
            limits: { memory: "128Mi" },
          },
        },
      ],
    },
  };
}
