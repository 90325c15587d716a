/** Flags every command shares (README "Usage"). kubectl passes none to plugins: we parse them all. */
import type { Argv } from "yargs";
import { UsageError } from "../errors.js";
import type { OutputFormat } from "../report/structured.js";

export interface CommonArgs {
  kubeconfig?: string;
  context: string[];
  memberNamespace?: string;
  output: OutputFormat;
  color: boolean;
  verbose: number;
  requestTimeout: string;
  awsProfile: string[];
  awsRoleArn: string[];
  awsRegion: string[];
  aws: boolean;
  config?: string;
}

/**
 * Declares the common flags. yargs types only the kebab-case names; the camelCase ones of CommonArgs
 * are what yargs' default camel-case expansion adds at run time.
 */
export function commonOptions<T>(y: Argv<T>): Argv<T & CommonArgs> {
  const typed = y
    .option("kubeconfig", {
      requiresArg: true,
      type: "string",
      describe:
        "kubeconfig file (default: $KUBECONFIG, a list merged as kubectl does, else ~/.kube/config)",
      global: true,
    })
    .option("context", {
      requiresArg: true,
      type: "string",
      array: true,
      default: [] as string[],
      defaultDescription: "every context running a member antrea-mc-controller",
      describe: "kubeconfig context of a member; repeat or comma-separate",
      global: true,
    })
    .option("member-namespace", {
      requiresArg: true,
      type: "string",
      describe: "namespace of the member antrea-mc-controller (default: found, else kube-system)",
      global: true,
    })
    .option("output", {
      requiresArg: true,
      alias: "o",
      choices: ["table", "json", "yaml"] as const,
      default: "table" as const,
      describe: "output format",
      global: true,
    })
    .option("color", {
      type: "boolean",
      default: true,
      describe: "colour on a terminal; --no-color or NO_COLOR turn it off",
      global: true,
    })
    .option("verbose", {
      alias: "v",
      type: "count",
      describe: "log progress and API reads to stderr",
      global: true,
    })
    .option("request-timeout", {
      requiresArg: true,
      type: "string",
      default: "30s",
      describe: "time to wait for each Kubernetes and AWS API answer (e.g. 10s, 1m)",
      global: true,
    })
    .option("aws-profile", {
      requiresArg: true,
      type: "string",
      array: true,
      default: [] as string[],
      defaultDescription: "$AWS_PROFILE, else the SDK's default chain",
      describe: "AWS profile, as CONTEXT=PROFILE or PROFILE for every member; repeatable",
      global: true,
    })
    .option("aws-role-arn", {
      requiresArg: true,
      type: "string",
      array: true,
      default: [] as string[],
      describe: "IAM role to assume (members in other accounts), as CONTEXT=ARN or ARN; repeatable",
      global: true,
    })
    .option("aws-region", {
      requiresArg: true,
      type: "string",
      array: true,
      default: [] as string[],
      defaultDescription: "the Nodes' Region",
      describe: "AWS Region, as CONTEXT=REGION or REGION; repeatable",
      global: true,
    })
    .option("aws", {
      type: "boolean",
      default: true,
      describe: "inspect AWS; --no-aws checks the Kubernetes side only",
      global: true,
    })
    .option("config", {
      requiresArg: true,
      type: "string",
      describe: "ClusterSet file naming the members and their AWS settings (flags override it)",
      global: true,
    });
  return typed as unknown as Argv<T & CommonArgs>;
}

/** --context a --context b,c → [a, b, c] (empty entries dropped, order kept, duplicates removed). */
export function contextList(values: readonly string[] | undefined): string[] {
  const all = (values ?? [])
    .flatMap((v) => String(v).split(","))
    .map((v) => v.trim())
    .filter(Boolean);
  return [...new Set(all)];
}

/** kubectl-style durations: 30s, 1m, 1m30s, 500ms or a bare number of seconds. */
export function parseDuration(text: string, flag: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "ms" | "s" | "m" | "h"];
    total += Number(m[1]) * unit;
    matched = re.lastIndex;
  }
  if (matched !== t.length || t.length === 0 || total <= 0) {
    throw new UsageError(`--${flag} ${text}: not a duration (use e.g. 30s, 1m)`);
  }
  return total;
}

/**
 * pflag (kubectl) accepts "-ojson"; yargs would read it as the flags -o -j -s -o -n. Split a short
 * flag that takes a value from a value glued to it, before yargs sees the arguments.
 */
export function splitGluedShortFlags(
  argv: readonly string[],
  valued: readonly string[] = ["o"],
): string[] {
  const out: string[] = [];
  for (const [i, arg] of argv.entries()) {
    if (argv.slice(0, i).includes("--")) {
      out.push(arg);
      continue;
    }
    const m = /^-([A-Za-z])([^=].*)$/.exec(arg);
    if (m?.[1] && m[2] && valued.includes(m[1])) out.push(`-${m[1]}`, m[2]);
    else out.push(arg);
  }
  return out;
}
