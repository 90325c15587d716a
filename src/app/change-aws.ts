/**
 * What setup and teardown share once a plan exists: confirmation, the permission preflight,
 * applying, and the writers that act as each member (its credentials, its Region).
 */
import type { PreflightOutcome, StepOutcome, WriterFor } from "../apply/run.js";
import type { Ec2Writer } from "../apply/writer.js";
import { accountRegionKey } from "../aws/types.js";
import { UsageError } from "../errors.js";
import type { MemberModel } from "../model/types.js";
import type { Plan, Step } from "../plan/types.js";
import type { IO } from "./io.js";

export interface ChangeOptions {
  readonly yes: boolean;
  timeoutMs: number;
  readonly waitTimeoutMs: number;
}

/** true to go ahead; throws when nobody can be asked. */
export async function confirmed(
  plan: Plan,
  opts: ChangeOptions,
  io: IO,
  verb: string,
): Promise<boolean> {
  if (opts.yes) return true;
  if (!io.confirm) {
    throw new UsageError(
      `${verb} changes AWS and stdin is not a terminal to confirm it: review the plan with --dry-run, then pass --yes`,
    );
  }
  return io.confirm(`${verb}: make these ${plan.steps.length} change(s) in AWS?`);
}

/** One SDK writer per member and Region, made when first needed. */
export async function writers(
  members: readonly MemberModel[],
  opts: ChangeOptions,
  io: IO,
): Promise<{ writerFor: WriterFor; limitKey: (step: Step) => string; close(): void }> {
  const { sdkWriter } = await import("../apply/sdk-writer.js");
  const made = new Map<string, Ec2Writer>();
  return {
    writerFor: (step) => {
      const key = `${step.member}|${step.region}`;
      let w = made.get(key);
      if (!w) {
        const m = members.find((x) => x.name === step.member);
        const settings = { ...(m?.awsSettings ?? {}), region: step.region };
        w = sdkWriter(settings, opts.timeoutMs, (op) =>
          io.reporter.debug(`AWS ${step.region} as ${step.member}: request ${op}`),
        );
        made.set(key, w);
      }
      return w;
    },
    // EC2 throttles per account and Region: members on the same credentials share a bound.
    limitKey: (step) =>
      accountRegionKey(members.find((x) => x.name === step.member)?.awsSettings ?? {}, step.region),
    close: () => {
      for (const w of made.values()) w.destroy();
    },
  };
}

export interface Applied {
  preflight: PreflightOutcome[];
  outcomes?: StepOutcome[];
}

/** Preflight, then apply when nothing was denied. */
export async function preflightAndApply(
  plan: Plan,
  writerFor: WriterFor,
  limitKey: (step: Step) => string,
  opts: ChangeOptions,
  io: IO,
): Promise<Applied> {
  const { applyPlan, preflight } = await import("../apply/run.js");
  // Ctrl-C: let the call in flight finish (EC2 has it either way), start no other, report.
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    io.reporter.warn(
      "interrupted: stopping after the call in flight (Ctrl-C again to quit at once); run the same command again to finish",
    );
  };
  process.on("SIGINT", onSigint);
  try {
    io.reporter.progress(`Checking permissions for ${plan.steps.length} change(s) (DryRun)…`);
    const checked = await preflight(plan, writerFor, limitKey);
    const denied = checked.filter((p) => p.permission === "denied");
    if (denied.length) {
      for (const d of denied) {
        io.reporter.warn(
          `${d.step.member} may not ${d.step.action} (${d.step.resource}): ${d.message ?? "denied"}`,
        );
      }
      return { preflight: checked };
    }
    const outcomes = await applyPlan(plan, writerFor, {
      reporter: io.reporter,
      waitTimeoutMs: opts.waitTimeoutMs,
      pollMs: 2000,
      stopRequested: () => interrupted,
      limitKey,
    });
    return { preflight: checked, outcomes };
  } finally {
    process.off("SIGINT", onSigint);
  }
}
