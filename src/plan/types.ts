/**
 * A plan: the EC2 calls that setup (or teardown) makes, in order, with the API's own action and
 * parameter names (docs/reference.md "JSON"), and what it will not change on its own.
 */
import type { Ec2Action } from "../aws/actions.js";
import type { CheckId, Severity } from "../check-ids.js";

/** A value an earlier step returns: the ID of the peering (or transit gateway attachment) it creates. */
export interface Ref {
  readonly ref: string;
  /** What the ID is of (default: a VPC peering connection). */
  readonly of?: "tgw-attachment";
}

export type ParamValue =
  | string
  | number
  | boolean
  | Ref
  | readonly ParamValue[]
  | { readonly [key: string]: ParamValue };

export type Params = { readonly [key: string]: ParamValue };

export interface Step {
  /** s1, s2, … in plan order. */
  readonly id: string;
  /** The member whose AWS credentials and Region make the call. */
  readonly member: string;
  readonly peer?: string;
  readonly action: Ec2Action;
  readonly region: string;
  readonly params: Params;
  /** The check it makes pass (setup), or "setup" for what teardown removes. */
  readonly reason: CheckId | "setup";
  readonly why: string;
  /** What it changes: rtb-…, sg-…, a VPC (for a new peering), pcx-…. */
  readonly resource: string;
  /** Steps that must be done first. */
  readonly after: readonly string[];
  /**
   * The peering or attachment this step needs, and in which state, seen from this member's
   * account: accepting a peering needs it visible as pending-acceptance; a route to it, active;
   * a route through a transit gateway attachment, or a change of it, an available attachment.
   */
  readonly waitFor?:
    | { readonly peering: string | Ref; readonly status: "pending-acceptance" | "active" }
    | { readonly attachment: string | Ref; readonly status: "available" | "pendingAcceptance" };
}

/** Something setup will not change on its own, with the doctor's fix. */
export interface Unfixable {
  readonly member: string;
  readonly peer?: string;
  /** The check it is about (aws.quota for room under an AWS quota). */
  readonly check: CheckId;
  readonly resource?: string;
  readonly message: string;
  readonly remediation?: string;
  /** Doctor's fix as a person reads it, when it has one (see CheckResult.remediationText). */
  readonly remediationText?: string;
  /** Doctor's fix is a manual step (see CheckResult.manual). */
  readonly manual?: true;
  /** An error the ClusterSet cannot work with: setup stops unless --skip-unfixable. */
  readonly blocking: boolean;
  /** Doctor's severity of the finding, when it comes from one (an info item is not a warning). */
  readonly severity?: Severity;
  /** The traffic's direction, when doctor's finding gives one (see CheckResult.direction). */
  readonly direction?: { readonly from: string; readonly to: string };
}

export interface Plan {
  readonly clusterSet: string;
  readonly steps: readonly Step[];
  readonly unfixable: readonly Unfixable[];
}

export const isRef = (v: ParamValue | undefined): v is Ref =>
  typeof v === "object" && v !== null && !Array.isArray(v) && "ref" in v;
