/** Collect step shared by doctor, show and collect: live APIs or a snapshot, same shape either way. */

import type { RawAws } from "../aws/types.js";
import type { LeaderRef } from "../collect/kube/discover.js";
import { unknownKeys } from "../config/settings.js";
import { UsageError } from "../errors.js";
import type { RawClusterSet } from "../kube/types.js";
import { buildModel } from "../model/build.js";
import type { ClusterSetModel } from "../model/types.js";
import type { Reporter } from "../reporter.js";
import { type AwsChoices, liveAwsTargets } from "./aws-targets.js";

export interface LoadOptions {
  snapshot?: string;
  kubeconfig?: string;
  /** Members named with --context (unknown ones are bad usage). */
  contexts: string[];
  /** Members named by the ClusterSet file (unknown ones are kube.access findings). */
  fileContexts?: string[];
  memberNamespace?: string;
  /** The leader's context (--leader-context); else found by the members' leader server. */
  leaderContext?: string;
  /** Read the leader too (doctor, show, collect). */
  readLeader?: boolean;
  timeoutMs: number;
  reporter: Reporter;
  aws: { enabled: boolean; choices: AwsChoices };
}

export const NO_AWS = "AWS was not inspected (--no-aws)";

/** forModel: keep only what the model reads of Nodes and Pods (no snapshot is written). */
export async function loadRaw(
  opts: LoadOptions,
  forModel = false,
): Promise<{ raw: RawClusterSet; origin: string }> {
  try {
    return await load(opts, forModel);
  } finally {
    opts.reporter.done(); // the live per-member lines go before anything else is printed
  }
}

async function load(
  opts: LoadOptions,
  forModel: boolean,
): Promise<{ raw: RawClusterSet; origin: string }> {
  if (opts.snapshot) {
    const { readSnapshot } = await import("../collect/snapshot/read.js");
    const { raw, index } = await readSnapshot(opts.snapshot, opts.contexts, opts.leaderContext);
    if (!opts.aws.enabled) raw.aws = { groups: [], skipped: NO_AWS };
    else if (!index.aws) {
      const { handMadeAws } = await import("./hand-made-aws.js");
      raw.aws = (await handMadeAws(opts.snapshot, index, raw, opts.aws.choices)) ?? raw.aws;
    }
    const taken = index.createdAt ? `, taken ${index.createdAt}` : "";
    return { raw, origin: `snapshot ${opts.snapshot}${taken}` };
  }
  // The Kubernetes client and the AWS SDK are loaded only here, never for --help or version. The
  // SDK loads (hundreds of ms of CPU) while the clusters answer, not after.
  const awsModule = opts.aws.enabled ? import("../collect/aws/collect.js") : undefined;
  awsModule?.catch(() => {}); // a failure to load is reported where it is awaited
  const { collectLive } = await import("../collect/kube/discover.js");
  let awsRead: RawAws | undefined;
  const raw = await collectLive({
    contexts: opts.contexts,
    ...(opts.fileContexts ? { fileContexts: opts.fileContexts } : {}),
    timeoutMs: opts.timeoutMs,
    reporter: opts.reporter,
    ...(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}),
    ...(opts.memberNamespace ? { memberNamespace: opts.memberNamespace } : {}),
    ...(opts.readLeader
      ? { leader: opts.leaderContext ? { context: opts.leaderContext } : {} }
      : {}),
    // AWS is read while the leader's objects are: it needs only which cluster the leader is.
    ...(opts.aws.enabled
      ? {
          alongside: async (members: RawClusterSet, leader: LeaderRef | undefined) => {
            awsRead = await readAws(members, leader, opts, awsModule);
          },
        }
      : {}),
    forModel,
  });
  raw.aws = awsRead ?? { groups: [], skipped: NO_AWS };
  return { raw, origin: "live" };
}

/** The members' AWS side, and the leader's when it is no member (its own settings). */
async function readAws(
  raw: RawClusterSet,
  leader: LeaderRef | undefined,
  opts: LoadOptions,
  awsModule: Promise<typeof import("../collect/aws/collect.js")> | undefined,
): Promise<RawAws> {
  const kubeOnly = buildModel(raw);
  const { choices } = opts.aws;
  // The leader's context (or name) may take its own settings, for aws.leader-path.
  const own = leader && !leader.member ? [leader] : [];
  for (const [flag, keyed] of [
    ["aws-profile", choices.profile],
    ["aws-role-arn", choices.roleArn],
    ["aws-region", choices.region],
  ] as const) {
    const unknown = unknownKeys(keyed, [...kubeOnly.members, ...own]);
    if (unknown.length) {
      throw new UsageError(
        `--${flag}: ${unknown.join(", ")} is not a member${own.length ? " or the leader" : ""} (members: ${kubeOnly.members.map((m) => m.name).join(", ")}${own.length ? `; leader: ${own[0]?.name}` : ""})`,
      );
    }
  }
  const { collectAws } = await (awsModule ?? import("../collect/aws/collect.js"));
  return collectAws(await liveAwsTargets(kubeOnly, choices, process.env, leader), {
    timeoutMs: opts.timeoutMs,
    reporter: opts.reporter,
  });
}

/**
 * The model of what loadRaw reads. The raw objects (most of the memory of a large ClusterSet)
 * are not kept: only the model and the few raw facts callers need go on.
 */
export async function loadModel(
  opts: LoadOptions,
): Promise<{ model: ClusterSetModel; origin: string }> {
  const { raw, origin } = await loadRaw(opts, true);
  return { model: buildModel(raw), origin };
}
