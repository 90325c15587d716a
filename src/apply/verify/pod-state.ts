/** What a probe Pod's status says: running, ended, or stuck for a reason a person can act on. */
import { findCondition } from "../../kube/shapes.js";
import type { KubeObject } from "../../kube/types.js";

export interface PodState {
  readonly phase: string;
  /** The Node it was scheduled to, its IP, and whether it is Ready (the echo's export waits). */
  readonly node?: string;
  readonly podIP?: string;
  readonly ready: boolean;
  readonly running: boolean;
  readonly ended: boolean;
  /** It will not run: the image cannot be pulled, the container cannot be made, it failed. */
  readonly problem?: string;
  /** Why it is still Pending (the scheduler's message), for a timeout's message. */
  readonly pending?: string;
}

/** The kubelet's reasons that a container will not start without a change. */
const STUCK = new Set([
  "ErrImagePull",
  "ImagePullBackOff",
  "InvalidImageName",
  "ErrImageNeverPull",
  "CreateContainerConfigError",
  "CreateContainerError",
  "RunContainerError",
]);

interface ContainerStatus {
  state?: {
    waiting?: { reason?: string; message?: string };
    terminated?: { reason?: string; exitCode?: number; message?: string };
  };
  image?: string;
}

export function podState(pod: KubeObject): PodState {
  const status = (pod.status ?? {}) as {
    phase?: string;
    reason?: string;
    message?: string;
    podIP?: string;
    conditions?: unknown;
    containerStatuses?: ContainerStatus[];
  };
  const node = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
  const seen = {
    phase: status.phase ?? "Pending",
    ...(node ? { node } : {}),
    ...(status.podIP ? { podIP: status.podIP } : {}),
    ready: findCondition(status.conditions, "Ready")?.status === "True",
  };
  const phase = seen.phase;
  const on = node ? ` on Node ${node}` : "";
  const waiting = status.containerStatuses?.[0]?.state?.waiting;
  if (waiting?.reason && STUCK.has(waiting.reason))
    return {
      ...seen,
      running: false,
      ended: false,
      problem: `${waiting.reason}${on}: ${waiting.message ?? "the container cannot start"}`,
    };
  if (phase === "Failed") {
    const why = status.reason ? `${status.reason}: ${status.message ?? ""}`.trim() : "";
    const term = status.containerStatuses?.[0]?.state?.terminated;
    const exit = term?.exitCode === undefined ? "" : ` (exit code ${term.exitCode})`;
    return {
      ...seen,
      running: false,
      ended: true,
      problem: `the Pod failed${on}${exit}${why ? `: ${why}` : ""}`,
    };
  }
  const scheduled = findCondition(status.conditions, "PodScheduled");
  return {
    ...seen,
    running: phase === "Running",
    ended: phase === "Succeeded",
    ...(phase === "Pending" && scheduled?.status === "False"
      ? { pending: `not scheduled: ${scheduled.message ?? scheduled.reason ?? ""}`.trim() }
      : phase === "Pending"
        ? { pending: `Pending${on}${waiting?.reason ? ` (${waiting.reason})` : ""}` }
        : {}),
  };
}
