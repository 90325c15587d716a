/**
 * The global flags: the ones several commands share (docs/reference.md "Flags"). kubectl passes none to
 * plugins: we parse them all. Each command declares only those it uses, so that its --help, its
 * completion and its usage errors say what it really takes.
 */
import type { Argv, Options } from "yargs";
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
  leaderContext?: string;
}

/** -o values every command offers; a command passes its own list to add more (e.g. junit). */
export const OUTPUT_FORMATS = ["table", "json", "yaml"] as const;

/** The help sections, in the order --help shows them: a command's own flags first. */
export const FLAGS_GROUP = "Flags:";
export const GLOBAL_GROUP = "Global flags:";

/** "a", "a or b", "a, b or c". */
export function alternatives(values: readonly string[]): string {
  return values.length <= 1
    ? (values[0] ?? "")
    : `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`;
}

/**
 * A flag's yargs options with its default said in its description. yargs' own type, choice and
 * default tags are hidden (they read "[array] [default: []]" and push lines past 80 columns), so
 * a default worth knowing is written into the text instead.
 */
export function flag<O extends Options>(o: O): O {
  const def =
    o.defaultDescription ??
    (typeof o.default === "string" || typeof o.default === "number" ? String(o.default) : "");
  return def ? { ...o, describe: `${o.describe} (default: ${def})` } : o;
}

/** Repeatable flags take one value each (nargs 1): `--context west doctor` leaves the command be. */
const GLOBAL_FLAGS = {
  kubeconfig: {
    requiresArg: true,
    type: "string",
    describe:
      "kubeconfig file (default: $KUBECONFIG, a list merged as kubectl does, else ~/.kube/config)",
  },
  context: {
    requiresArg: true,
    type: "string",
    array: true,
    nargs: 1,
    default: [] as string[],
    defaultDescription: "every context running a member antrea-mc-controller",
    describe: "kubeconfig context of a member; repeat or comma-separate",
  },
  "member-namespace": {
    requiresArg: true,
    type: "string",
    describe: "namespace of the member antrea-mc-controller (default: found, else kube-system)",
  },
  // Filled in per command by globalFlags: its formats are a parameter.
  output: { requiresArg: true, alias: "o", describe: "output format" },
  color: {
    type: "boolean",
    default: true,
    describe: "colour on a terminal; --no-color or NO_COLOR turn it off",
  },
  verbose: { alias: "v", type: "count", describe: "log progress and API reads to stderr" },
  "request-timeout": {
    requiresArg: true,
    type: "string",
    default: "30s",
    describe: "time to wait for each Kubernetes and AWS API answer (e.g. 10s, 1m)",
  },
  "aws-profile": {
    requiresArg: true,
    type: "string",
    array: true,
    nargs: 1,
    default: [] as string[],
    defaultDescription: "$AWS_PROFILE, else the SDK's default chain",
    describe: "AWS profile, as CONTEXT=PROFILE or PROFILE for every member; repeatable",
  },
  "aws-role-arn": {
    requiresArg: true,
    type: "string",
    array: true,
    nargs: 1,
    default: [] as string[],
    describe: "IAM role to assume (members in other accounts), as CONTEXT=ARN or ARN; repeatable",
  },
  "aws-region": {
    requiresArg: true,
    type: "string",
    array: true,
    nargs: 1,
    default: [] as string[],
    defaultDescription: "the Nodes' Region",
    describe: "AWS Region, as CONTEXT=REGION or REGION; repeatable",
  },
  aws: {
    type: "boolean",
    default: true,
    describe: "inspect AWS; --no-aws checks the Kubernetes side only",
  },
  config: {
    requiresArg: true,
    type: "string",
    describe: "ClusterSet file naming the members and their AWS settings (flags override it)",
  },
  "leader-context": {
    requiresArg: true,
    type: "string",
    describe:
      "kubeconfig context of the leader cluster (default: the context whose server the members' ClusterSets name)",
  },
} satisfies Record<string, Options>;

export type GlobalFlag = keyof typeof GLOBAL_FLAGS;

/** What the commands that read clusters take (setup, teardown: the members only). */
export const CLUSTER_FLAGS = (Object.keys(GLOBAL_FLAGS) as GlobalFlag[]).filter(
  (f) => f !== "leader-context",
);

/** What the commands that read the leader too take (doctor, show, collect). */
export const LEADER_FLAGS: readonly GlobalFlag[] = [...CLUSTER_FLAGS, "leader-context"];

/** getOptions() and getGroups() are public in yargs 17 but missing from its types. */
interface YargsInternals {
  getOptions(): { key: Record<string, unknown>; alias: Record<string, string[]> };
  getGroups(): Record<string, string[]>;
}

export interface GlobalFlagOptions {
  /** The -o values the command accepts; the first is the default. */
  formats?: readonly string[];
  /** What -o does, when "output format: …" does not say it. */
  outputDescribe?: string;
  /**
   * Accepted only so that the command can refuse them with a reason (setup --no-aws): not in its
   * --help, nor offered by completion.
   */
  hidden?: readonly GlobalFlag[];
}

/**
 * Declares the global flags `names` on a command (or the top level), in the "Global flags:"
 * section of its --help, after the command's own flags. yargs types only the kebab-case names;
 * the camelCase ones of CommonArgs are what yargs' camel-case expansion adds at run time.
 */
export function globalFlags<T>(
  y: Argv<T>,
  names: readonly GlobalFlag[],
  opts: GlobalFlagOptions = {},
): Argv<T & CommonArgs> {
  const formats = opts.formats ?? OUTPUT_FORMATS;
  // Created first so that the command's own flags (and --help) come before the global ones.
  let typed = y.group([], FLAGS_GROUP) as Argv<unknown>;
  // The default command's builder runs on the top level's own options when --help is asked:
  // a flag already there is not declared twice (yargs would list its alias and choices twice).
  const declared = (typed as unknown as YargsInternals).getOptions().key;
  for (const name of names) {
    if (name in declared) continue;
    const base: Options =
      name === "output"
        ? {
            ...GLOBAL_FLAGS.output,
            choices: [...formats],
            default: formats[0],
            describe: opts.outputDescribe ?? `output format: ${alternatives(formats)}`,
          }
        : GLOBAL_FLAGS[name];
    // Not global in yargs' sense: a command that does not declare a flag refuses it.
    typed = typed.option(name, {
      ...flag(base),
      global: false,
      hidden: opts.hidden?.includes(name) ?? false,
    });
  }
  return typed.group(
    names.filter((n) => !opts.hidden?.includes(n)),
    GLOBAL_GROUP,
  ) as unknown as Argv<T & CommonArgs>;
}

/**
 * The end of every command's builder: its own flags (those declared so far) and --help in the
 * "Flags:" section, then the global flags it uses. --version belongs to the top level only.
 */
export function commandFlags<T>(
  y: Argv<T>,
  names: readonly GlobalFlag[],
  opts: GlobalFlagOptions = {},
): Argv<T & CommonArgs> {
  const internal = y as unknown as YargsInternals;
  const o = internal.getOptions();
  const grouped = new Set(Object.values(internal.getGroups()).flat());
  const aliases = new Set(Object.values(o.alias).flat());
  const own = Object.keys(o.key).filter(
    (k) => !grouped.has(k) && !aliases.has(k) && k !== "help" && k !== "version",
  );
  return globalFlags(y.group([...own, "help"], FLAGS_GROUP).hide("version"), names, opts);
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
