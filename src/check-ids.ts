/**
 * Every check ID, in report order: the vocabulary shared by the checks, setup's plan (each step
 * and each "not changed by setup" item names the check it is about) and the report. IDs are
 * stable: add, never renumber or reuse. The registry (src/checks/registry.ts) is typed by this
 * list, so a check without an ID here, or an ID without a check, does not compile.
 */
export const CHECK_IDS = [
  "kube.access",
  "antrea.agent-config",
  "antrea.traffic-mode",
  "antrea.multicluster-gate",
  "antrea.gateway-enabled",
  "antrea.mc-namespace",
  "mc.controller",
  "mc.clusterset",
  "mc.gateway-candidates",
  "mc.gateway",
  "mc.ip-precedence",
  "mc.clusterinfo",
  "mc.tunnel-consistency",
  "mc.leader",
  "antrea.version",
  "cidr.service-overlap",
  "cidr.pod-overlap",
  "cidr.pod-config",
  "aws.access",
  "aws.instance",
  "aws.eks-cluster",
  "aws.leader-path",
  "aws.quota",
  "aws.vpc-overlap",
  "aws.peering",
  "aws.transit-gateway",
  "aws.route",
  "aws.sg-ingress",
  "aws.sg-egress",
  "aws.nacl",
  "aws.node-to-gateway",
  "aws.public-path",
  "aws.mtu",
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

/**
 * The active probes' IDs: results of `verify` only, never run by doctor (its --only, its pair
 * matrix and docs/checks.md know nothing of them). docs/verify.md documents each.
 */
export const VERIFY_IDS = [
  "verify.tunnel",
  "verify.service",
  "verify.pod-to-pod",
  "verify.mtu",
] as const;

export type VerifyId = (typeof VERIFY_IDS)[number];

/** What a report row may be about: a doctor check or a verify probe. */
export type ResultId = CheckId | VerifyId;

const KNOWN: ReadonlySet<string> = new Set(CHECK_IDS);

export function isCheckId(id: string): id is CheckId {
  return KNOWN.has(id);
}

/** How bad a finding is; shared by the checks and by setup's plan (which repeats doctor's). */
export type Severity = "error" | "warning" | "info";
