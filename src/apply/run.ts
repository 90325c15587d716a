/**
 * Runs a plan: a permission preflight (every step that can be checked is sent once with DryRun),
 * then the steps in dependency order, side by side within a bound per account and Region,
 * waiting for peerings where a step needs them. A step whose effect is already there counts as
 * done; the first failure stops the run, and what ran and what did not is reported.
 */

import { TERMINAL_PEERING } from "../model/aws/peerings.js";
import type { Plan, Step } from "../plan/types.js";
import type { Reporter } from "../reporter.js";
import { Limiter } from "../util/limit.js";
import { attachOnce } from "./attach-once.js";
import { createPeeringOnce } from "./peering-once.js";
import { hasRefs, resolveParams } from "./resolve.js";
import { type Ec2Writer, errorCode, errorText } from "./writer.js";

export type StepStatus = "applied" | "done-already" | "failed" | "not-run";

export interface StepOutcome {
  readonly step: Step;
  readonly status: StepStatus;
  readonly message?: string;
  /** The peering a CreateVpcPeeringConnection made, the attachment a CreateTransitGatewayVpcAttachment made. */
  readonly output?: string;
}

export type Permission = "allowed" | "denied" | "done-already" | "unchecked" | "inconclusive";

export interface PreflightOutcome {
  readonly step: Step;
  readonly permission: Permission;
  readonly message?: string;
}

/** The writer for the member and Region of a step. */
export type WriterFor = (step: Step) => Ec2Writer;

export interface RunOptions {
  readonly reporter: Reporter;
  /** How long to wait for a peering to reach the state a step needs. */
  readonly waitTimeoutMs: number;
  readonly pollMs: number;
  /** How long a new peering waits for a concurrent setup's create to show (default: pollMs). */
  readonly settleMs?: number;
  /** Which bound a step counts against: its account and Region (default: its Region). */
  readonly limitKey?: (step: Step) => string;
  /** True once the user asked to stop (Ctrl-C): no new call starts, waits end. */
  readonly stopRequested?: () => boolean;
}

/** A wait ended because the user asked to stop. */
class Interrupted extends Error {}

/** Errors that mean the change is already there (another setup made it since the plan was read). */
const ALREADY = [
  "RouteAlreadyExists",
  "InvalidPermission.Duplicate",
  "Resource.AlreadyAssociated",
  "TransitGatewayRouteTablePropagation.Duplicate",
  "DuplicateSubnetsInSameZone",
];

/**
 * Permission is per action and resource, not per destination or source: one DryRun per member,
 * Region, action and resource (a route table, a security group, a VPC) stands for the steps that
 * share them, so the preflight grows with members, not pairs.
 */
const permissionKey = (s: Step) => `${s.member}|${s.region}|${s.action}|${s.resource}`;

export async function preflight(
  plan: Plan,
  writerFor: WriterFor,
  limitKey: (step: Step) => string = (s) => s.region,
): Promise<PreflightOutcome[]> {
  const limiter = new Limiter(MAX_CHANGES_IN_FLIGHT * 2);
  const first = new Map<string, Step>();
  for (const s of plan.steps)
    if (!hasRefs(s.params) && !first.has(permissionKey(s))) first.set(permissionKey(s), s);
  const checked = new Map<string, PreflightOutcome>();
  await Promise.all(
    [...first.values()].map(async (step) => {
      checked.set(step.id, await limiter.run(limitKey(step), () => dryRun(step, writerFor)));
    }),
  );
  return plan.steps.map((step): PreflightOutcome => {
    // Steps that use a peering not made yet cannot be checked with real IDs.
    if (hasRefs(step.params)) return { step, permission: "unchecked" };
    const rep = first.get(permissionKey(step));
    const o = rep ? checked.get(rep.id) : undefined;
    if (!rep || !o) return { step, permission: "unchecked" };
    if (rep === step) return o;
    const permission = o.permission === "done-already" ? "inconclusive" : o.permission;
    return { step, permission, message: `as ${rep.id} (same action on ${step.resource})` };
  });
}

async function dryRun(step: Step, writerFor: WriterFor): Promise<PreflightOutcome> {
  try {
    await writerFor(step).call(step.action, resolveParams(step.params, new Map()), true);
    return { step, permission: "inconclusive", message: "EC2 ignored DryRun" };
  } catch (err) {
    const code = errorCode(err);
    if (code === "DryRunOperation") return { step, permission: "allowed" };
    if (code === "UnauthorizedOperation" || code === "AccessDenied")
      return { step, permission: "denied", message: errorText(err) };
    if (ALREADY.includes(code)) return { step, permission: "done-already" };
    return { step, permission: "inconclusive", message: `${code}: ${errorText(err)}` };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForPeering(
  writer: Ec2Writer,
  id: string,
  want: "pending-acceptance" | "active",
  opts: RunOptions,
): Promise<string> {
  const deadline = Date.now() + opts.waitTimeoutMs;
  let last: string | undefined;
  for (;;) {
    if (opts.stopRequested?.()) throw new Interrupted(`interrupted while waiting for ${id}`);
    last = await writer.peeringStatus(id);
    // Accepting needs pending-acceptance; an active peering needs nothing more.
    if (last === want || last === "active") return last;
    if (last && TERMINAL_PEERING.includes(last)) {
      throw new Error(`${id} is ${last}`);
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `${id} is ${last ?? "not visible"} after ${Math.round(opts.waitTimeoutMs / 1000)}s, not ${want}`,
      );
    }
    opts.reporter.progress(`Waiting for ${id} to be ${want} (now ${last ?? "not visible yet"})…`);
    await sleep(opts.pollMs);
  }
}

/** Attachment states a change waits through: AWS is still making or changing it. */
const SETTLING = ["pending", "modifying", "initiating", "initiatingRequest"];

async function waitForAttachment(
  writer: Ec2Writer,
  id: string,
  want: "available" | "pendingAcceptance",
  opts: RunOptions,
): Promise<string> {
  const deadline = Date.now() + opts.waitTimeoutMs;
  for (;;) {
    if (opts.stopRequested?.()) throw new Interrupted(`interrupted while waiting for ${id}`);
    const now = await writer.attachmentState(id);
    // Accepting needs it waiting; one already available needs nothing more.
    if (now === want || now === "available") return now;
    if (now && !SETTLING.includes(now)) throw new Error(`${id} is ${now}, not ${want}`);
    if (Date.now() >= deadline) {
      throw new Error(
        `${id} is ${now ?? "not visible"} after ${Math.round(opts.waitTimeoutMs / 1000)}s, not ${want}`,
      );
    }
    opts.reporter.progress(`Waiting for ${id} to be ${want} (now ${now ?? "not visible yet"})…`);
    await sleep(opts.pollMs);
  }
}

/** Changes in flight per account and Region; the SDK's adaptive retries pace them further. */
export const MAX_CHANGES_IN_FLIGHT = 4;

export async function applyPlan(
  plan: Plan,
  writerFor: WriterFor,
  opts: RunOptions,
): Promise<StepOutcome[]> {
  const limiter = new Limiter(MAX_CHANGES_IN_FLIGHT);
  const outcomes = new Map<string, StepOutcome>();
  const outputs = new Map<string, string>();
  let failed = false;
  const stopped = () => opts.stopRequested?.() ?? false;
  /** The step's outcome; undefined when it did not start (a failure elsewhere, or Ctrl-C). */
  const runStep = async (step: Step): Promise<StepOutcome | undefined> => {
    const writer = writerFor(step);
    try {
      const params = resolveParams(step.params, outputs);
      const wait = step.waitFor;
      const idOf = (v: string | { ref: string }) =>
        typeof v === "string" ? v : (outputs.get(v.ref) ?? "");
      // Waiting holds no slot: the others of the account and Region go on.
      if (wait && "peering" in wait) {
        const id = idOf(wait.peering);
        const now = await waitForPeering(writer, id, wait.status, opts);
        if (step.action === "AcceptVpcPeeringConnection" && now === "active") {
          return { step, status: "done-already", message: `${id} is already active` };
        }
      } else if (wait) {
        const id = idOf(wait.attachment);
        const now = await waitForAttachment(writer, id, wait.status, opts);
        if (step.action === "AcceptTransitGatewayVpcAttachment" && now === "available")
          return { step, status: "done-already", message: `${id} is already available` };
      }
      return await limiter.run(opts.limitKey?.(step) ?? step.region, async () => {
        if (failed || stopped()) return undefined;
        opts.reporter.progress(`${step.member}: ${step.action} ${step.resource}`);
        if (step.action === "CreateVpcPeeringConnection") {
          const made = await createPeeringOnce(writer, params, opts.settleMs ?? opts.pollMs);
          outputs.set(step.id, made.id);
          return { step, ...made, output: made.id };
        }
        if (step.action === "CreateTransitGatewayVpcAttachment") {
          const made = await attachOnce(writer, params);
          outputs.set(step.id, made.id);
          return { step, ...made, output: made.id };
        }
        await writer.call(step.action, params);
        return { step, status: "applied" };
      });
    } catch (err) {
      if (err instanceof Interrupted) return { step, status: "not-run", message: err.message };
      const code = errorCode(err);
      if (ALREADY.includes(code)) return { step, status: "done-already", message: code };
      // Another setup accepted it between our look and our call.
      if (step.action === "AcceptVpcPeeringConnection") {
        const id = String(resolveParams(step.params, outputs).VpcPeeringConnectionId);
        if ((await writer.peeringStatus(id).catch(() => undefined)) === "active") {
          return { step, status: "done-already", message: `${id} is already active` };
        }
      }
      return { step, status: "failed", message: `${code}: ${errorText(err)}` };
    }
  };
  const pending = [...plan.steps];
  while (pending.length && !failed && !stopped()) {
    const ready = pending.filter((s) =>
      s.after.every((a) => ["applied", "done-already"].includes(outcomes.get(a)?.status ?? "")),
    );
    if (ready.length === 0) break; // what is left needs a step that did not run
    for (const s of ready) pending.splice(pending.indexOf(s), 1);
    // Side by side, at most MAX_CHANGES_IN_FLIGHT per account and Region (EC2's throttling unit).
    await Promise.all(
      ready.map(async (s) => {
        const o = await runStep(s);
        if (!o) return;
        outcomes.set(s.id, o);
        if (o.status === "failed") failed = true;
      }),
    );
  }
  return plan.steps.map((s) => outcomes.get(s.id) ?? { step: s, status: "not-run" });
}
