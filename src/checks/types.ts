/**
 * A check is one module, like an ESLint rule: metadata (stable ID, category, default severity,
 * docs) plus a pure function of the model. Adding a check means adding a module and listing it in
 * the registry; the engine does not change.
 */
import type { Leg } from "../analysis/aws/node-to-gateway.js";
import type { CheckId, ResultId, Severity } from "../check-ids.js";
import type { ClusterSetModel, MemberModel } from "../model/types.js";

export type { CheckId, ResultId, Severity };

export type Status = "pass" | "fail" | "warn" | "unknown";

export type Category = "Kubernetes" | "Antrea" | "Multi-cluster" | "CIDR" | "AWS";

export interface CheckDocs {
  /** One line: what a failure means ("fails when …" in docs/checks.md). */
  readonly summary: string;
  /** Why it matters for cross-cluster traffic. */
  readonly why: string;
  /** How to fix it, in general terms; findings carry the exact command. */
  readonly fix: string;
}

export interface CheckMeta<Id extends CheckId = CheckId> {
  readonly id: Id;
  readonly title: string;
  readonly category: Category;
  /** The severity of this check's failures unless a finding says otherwise. */
  readonly severity: Severity;
  readonly docs: CheckDocs;
  /**
   * "access": the check says whether a member could be read at all (like Linkerd's fatal checks).
   * Its failure makes the verdict incomplete (exit 3), and --only/--skip always keep it.
   */
  readonly gate?: "access";
  /** Runs even when the member's API server cannot be reached: it is what reports that. */
  readonly runsWhenUnreachable?: true;
  /** "setup": `kubectl antrea-mc setup` makes this check pass (like ESLint's meta.fixable). */
  readonly fixable?: "setup";
}

/** What a check returns; the engine adds the ID, member and default severity. */
export interface Finding {
  readonly status: Status;
  /** Overrides the check's default severity (only meaningful for fail/warn). */
  readonly severity?: Severity;
  /** For member checks of pairwise nature (e.g. consistency): the member compared with. */
  readonly peer?: string;
  /**
   * For unordered pair checks: "peer" when the failing resource belongs to the second member of the
   * pair; the engine then reports it with member and peer swapped (`member` owns the failing resource).
   */
  readonly owner?: "member" | "peer";
  /**
   * For ordered pair checks: the way the traffic this finding is about goes, seen from the member
   * (whose resource it is): to the peer, or from it (an inbound rule). Default: the check's `flow`.
   */
  readonly flow?: Flow;
  /**
   * Inside a member, between its Nodes and its Gateway (aws.node-to-gateway): the leg the finding
   * is about — "to-gateway" carries what the member sends out, "from-gateway" what it receives.
   * Absent: both legs.
   */
  readonly leg?: Leg;
  /** The blocking object, e.g. "ConfigMap kube-system/antrea-config" or "rtb-0abc". */
  readonly resource?: string;
  readonly message: string;
  /** An exact command (or commands, one per line) that fixes it. */
  readonly remediation?: string;
  /**
   * The same fix for a person to read, when `remediation` is hard to (a whole config file in a
   * `kubectl patch`): the lines to change, then the commands. The table shows it instead.
   */
  readonly remediationText?: string;
  /**
   * The fix disrupts or re-creates something (a new EKS cluster, a new cluster ID): a person
   * decides and does it by hand. The table labels it `manual:`, not `fix:`.
   */
  readonly manual?: true;
}

export interface CheckContext {
  readonly model: ClusterSetModel;
}

/** A check run once per member. */
export interface MemberCheck<Id extends CheckId = CheckId> extends CheckMeta<Id> {
  readonly scope: "member";
  run(member: MemberModel, ctx: CheckContext): readonly Finding[];
}

/**
 * A check run per pair of members. `ordered` checks run for both (member, peer) orders; unordered
 * ones once per pair, with the first member in ClusterSet order as `member`.
 */
export interface PairCheck<Id extends CheckId = CheckId> extends CheckMeta<Id> {
  readonly scope: "pair";
  readonly ordered: boolean;
  /** Ordered checks: the traffic their findings are about, unless a finding says (default to-peer). */
  readonly flow?: Flow;
  run(member: MemberModel, peer: MemberModel, ctx: CheckContext): readonly Finding[];
}

export type Check = MemberCheck | PairCheck;

/** One row of the report (`checks[]` of the JSON report). */
export interface CheckResult<Id extends ResultId = CheckId> {
  readonly id: Id;
  readonly member: string;
  readonly peer?: string;
  readonly status: Status;
  readonly severity?: Severity;
  readonly resource?: string;
  readonly message: string;
  readonly remediation?: string;
  /** The fix as a person reads it (the lines to change, then the commands); see Finding. */
  readonly remediationText?: string;
  /** The fix disrupts or re-creates something: shown as `manual:`, not `fix:`. */
  readonly manual?: true;
  readonly docs: string;
  /**
   * Ordered pair checks: the direction of the traffic the result is about, which is not always
   * member → peer (an inbound rule of the member's blocks traffic from the peer).
   */
  readonly direction?: { readonly from: string; readonly to: string };
  /** The Node–Gateway leg inside the member the result is about (see Finding); absent: both. */
  readonly leg?: Leg;
}

/** Which way a pair finding's traffic goes, seen from the member: "to-peer" or "from-peer". */
export type Flow = "to-peer" | "from-peer";
