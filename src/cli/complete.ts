/**
 * Shell completion, in cobra's `__complete` protocol that kubectl (1.26+) uses for plugins through
 * `kubectl_complete-antrea_mc`: one candidate per line (`value<TAB>description`), then `:<directive>`.
 * The commands and flags come from the yargs command modules themselves, so they cannot drift.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { Argv } from "yargs";
import yargs from "yargs";
import { kubeconfigFiles } from "../collect/kube/kubeconfig-files.js";
import { globalFlags, LEADER_FLAGS } from "./options.js";

/** cobra's ShellCompDirective bits. */
export const Directive = { Default: 0, NoSpace: 2, NoFileComp: 4 } as const;

export interface Candidate {
  value: string;
  description?: string;
}

export interface Completion {
  candidates: Candidate[];
  directive: number;
}

export interface FlagSpec {
  /** Takes a value (not a boolean or a count). */
  value: boolean;
  choices?: readonly string[];
  /** --no-<name> turns it off. */
  negatable?: boolean;
}

export interface CommandSpec {
  name: string;
  description: string;
  /** Long names and one-letter aliases, without dashes. */
  flags: Record<string, FlagSpec>;
}

/** Flags whose value is a file or directory: the shell completes paths. */
const PATH_FLAGS = new Set(["kubeconfig", "config", "snapshot", "out"]);

interface YargsOptions {
  key: Record<string, boolean>;
  boolean: string[];
  count: string[];
  choices: Record<string, string[]>;
  alias: Record<string, string[]>;
  default: Record<string, unknown>;
  hiddenOptions: string[];
}

/** The parts of a yargs CommandModule that completion reads. */
export interface CommandLike {
  command?: string | readonly string[];
  describe?: string | false;
  builder?: unknown;
}

export interface CompletionSpec {
  /** Flags before the command: the global flags. */
  flags: Record<string, FlagSpec>;
  commands: CommandSpec[];
}

function flagSpecs(y: Argv): Record<string, FlagSpec> {
  // getOptions() is public in yargs 17 but missing from its types.
  const o = (y as unknown as { getOptions(): YargsOptions }).getOptions();
  const flags: Record<string, FlagSpec> = {};
  for (const key of Object.keys(o.key)) {
    // Hidden flags are accepted only to be refused with a reason (setup --no-aws): not offered.
    if (key === "version" || o.hiddenOptions.includes(key)) continue;
    const spec: FlagSpec = {
      value: !o.boolean.includes(key) && !o.count.includes(key),
      choices: o.choices[key],
      negatable: o.boolean.includes(key) && o.default[key] === true,
    };
    flags[key] = spec;
    for (const alias of o.alias[key] ?? []) flags[alias] = spec;
  }
  return flags;
}

/** What the CLI and each command accept, read from the yargs builders. */
export function completionSpec(commands: CommandLike[]): CompletionSpec {
  return {
    flags: flagSpecs(globalFlags(yargs([]), LEADER_FLAGS).help("help").alias("help", "h")),
    commands: commands.map((c) => {
      // Each command declares the global flags it uses itself.
      const y = yargs([]).help("help").alias("help", "h");
      const built = typeof c.builder === "function" ? (c.builder as (y: Argv) => Argv)(y) : y;
      return {
        name: String(c.command).split(" ")[0] ?? "",
        description: String(c.describe ?? ""),
        flags: flagSpecs(built),
      };
    }),
  };
}

const dashed = (name: string) => (name.length === 1 ? `-${name}` : `--${name}`);

/** The flag a word names (--x, --x=v, -x), if it is one of `flags`. */
function flagOf(word: string, flags: Record<string, FlagSpec>): [string, FlagSpec] | undefined {
  const name = word.replace(/^--?/, "").replace(/=.*$/, "");
  const spec = flags[name];
  return word.startsWith("-") && spec ? [name, spec] : undefined;
}

/**
 * Candidates for the last word of `words` (the words after the plugin name; the last is the one
 * being typed, possibly empty).
 */
export function complete(
  words: readonly string[],
  spec: CompletionSpec,
  contexts: () => string[],
): Completion {
  const current = words[words.length - 1] ?? "";
  const before = words.slice(0, -1);
  const global = spec.flags;
  let command: CommandSpec | undefined;
  let pending: [string, FlagSpec] | undefined;
  for (const w of before) {
    if (pending) {
      pending = undefined;
      continue;
    }
    const flag = flagOf(w, command?.flags ?? global);
    if (flag) {
      if (flag[1].value && !w.includes("=")) pending = flag;
    } else if (!w.startsWith("-") && !command) command = spec.commands.find((s) => s.name === w);
  }
  const flags = command?.flags ?? global;
  const values = (name: string, flag: FlagSpec, prefix: string): Completion => {
    if (flag.choices)
      return {
        candidates: flag.choices.map((v) => ({ value: prefix + v })),
        directive: Directive.NoFileComp,
      };
    if (name === "context" || name === "leader-context")
      return {
        candidates: contexts().map((v) => ({ value: prefix + v })),
        directive: Directive.NoFileComp,
      };
    if (PATH_FLAGS.has(name)) return { candidates: [], directive: Directive.Default };
    return { candidates: [], directive: Directive.NoFileComp };
  };
  const keep = (c: Completion): Completion => ({
    ...c,
    candidates: c.candidates.filter((x) => x.value.startsWith(current)),
  });

  if (pending) return keep(values(pending[0], pending[1], ""));
  if (current.startsWith("-")) {
    const eq = current.indexOf("=");
    if (eq > 0) {
      const flag = flagOf(current, flags);
      if (flag?.[1].value) return keep(values(flag[0], flag[1], current.slice(0, eq + 1)));
      return { candidates: [], directive: Directive.NoFileComp };
    }
    const names = Object.entries(flags).flatMap(([name, flag]) => [
      dashed(name),
      ...(flag.negatable ? [`--no-${name}`] : []),
    ]);
    return keep({
      candidates: names.sort().map((value) => ({ value })),
      directive: Directive.NoFileComp,
    });
  }
  if (!command)
    return keep({
      candidates: spec.commands.map((s) => ({ value: s.name, description: s.description })),
      directive: Directive.NoFileComp,
    });
  return { candidates: [], directive: Directive.NoFileComp };
}

/** Context names of the kubeconfig files kubectl would read (--kubeconfig among `words` wins). */
export function contextNames(words: readonly string[], env = process.env): string[] {
  const i = words.findIndex((w) => w === "--kubeconfig" || w.startsWith("--kubeconfig="));
  const word = words[i] ?? "";
  // --kubeconfig=PATH keeps everything after the first "=" (a path may hold one too).
  const flag =
    i < 0 ? undefined : word.includes("=") ? word.slice(word.indexOf("=") + 1) : words[i + 1];
  const names: string[] = [];
  try {
    for (const file of kubeconfigFiles(flag, env)) {
      const doc = parse(readFileSync(file, "utf8")) as { contexts?: { name?: unknown }[] } | null;
      for (const c of doc?.contexts ?? [])
        if (typeof c?.name === "string" && !names.includes(c.name)) names.push(c.name);
    }
  } catch {
    // No kubeconfig, or one that does not parse: nothing to offer, and nothing to say mid-completion.
  }
  return names;
}

export function formatCompletion(c: Completion): string {
  const lines = c.candidates.map((x) => (x.description ? `${x.value}\t${x.description}` : x.value));
  return `${[...lines, `:${c.directive}`].join("\n")}\n`;
}
