/**
 * The command line. Only yargs and our own light modules load here: each command imports what it
 * needs (the Kubernetes and AWS SDKs included) when it runs, so --help and version stay fast.
 */
import yargs, { type CommandModule } from "yargs";
import { errorMessage, UsageError } from "../errors.js";
import { EXIT } from "../exit-codes.js";
import { VERSION } from "../version.js";
import { collectCommand } from "./collect.js";
import { completionCommand } from "./completion.js";
import { doctorCommand } from "./doctor.js";
import type { Finish } from "./finish.js";
import { iamPolicyCommand } from "./iam-policy.js";
import { type CommonArgs, commonOptions, splitGluedShortFlags } from "./options.js";
import { setupCommand } from "./setup.js";
import { showCommand } from "./show.js";
import { teardownCommand } from "./teardown.js";
import { houseStyle } from "./usage-errors.js";
import { versionCommand } from "./version.js";

const NAME = "kubectl antrea-mc";

export interface Streams {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processStreams: Streams = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

/** Every command, in the order --help lists them. */
export function cliCommands(finish: Finish) {
  return [
    doctorCommand(finish),
    showCommand(finish),
    collectCommand(finish),
    setupCommand(finish),
    teardownCommand(finish),
    versionCommand(finish),
    iamPolicyCommand(finish),
    completionCommand(finish),
  ];
}

/** Runs the CLI and returns the exit code (README "Exit codes"). */
export async function run(
  rawArgv: readonly string[],
  streams: Streams = processStreams,
): Promise<number> {
  let code = 0;
  const finish: Finish = (c) => {
    code = c;
  };
  const commands = cliCommands(finish);
  // "iam-policy <mode>" → "iam-policy": the names a mistyped command is compared with.
  const names = commands.map((c) => String(c.command).split(" ")[0] ?? "");
  if (rawArgv[0] === "__complete") {
    // Hidden: shell completion (cobra's protocol, as kubectl calls plugins' completion helpers).
    const { complete, completionSpec, contextNames, formatCompletion } = await import(
      "./complete.js"
    );
    const words = rawArgv.slice(1);
    streams.stdout(
      formatCompletion(complete(words, completionSpec(commands), () => contextNames(words))),
    );
    return EXIT.ok;
  }
  const argv = splitGluedShortFlags(rawArgv);
  // The command being run, if any: errors point at its own --help.
  const current = commands.find((c) => String(c.command).split(" ")[0] === argv[0]);
  const usage = `${NAME} ${current ? String(current.command) : "<command>"}`;
  const helpHint = `See '${NAME}${current ? ` ${argv[0]}` : ""} --help'.`;
  const parser = commonOptions(yargs([...argv]))
    .scriptName(NAME)
    .usage(
      `Usage: ${NAME} <command> [flags]\n\nSet up and diagnose Antrea Multi-cluster on AWS EKS.`,
    )
    .command(commands as CommandModule<object, CommonArgs>[])
    .command("$0", false, {}, () => {
      parser.showHelp((s: string) => streams.stdout(`${s}\n`));
    })
    .version(`v${VERSION}`)
    .help("help")
    .alias("help", "h")
    .strict()
    .exitProcess(false)
    .wrap(Math.min(110, yargs().terminalWidth()))
    .fail((msg, err) => {
      // yargs' and yargs-parser's own complaints are usage errors; anything else is ours.
      const fromYargs = !err || err.name === "YError" || /^Not enough arguments/.test(err.message);
      if (!fromYargs) throw err;
      const text = err?.message ?? msg;
      throw new UsageError(unknownCommand(argv, names) ?? houseStyle(text, argv, usage));
    });
  try {
    let helpShown = false;
    await parser.parseAsync([...argv], {}, (err, _argv, output) => {
      if (output && !err) {
        helpShown = true;
        streams.stdout(`${output}\n`);
      }
    });
    return helpShown ? 0 : code;
  } catch (err) {
    if (err instanceof UsageError) {
      streams.stderr(`error: ${err.message}\n${helpHint}\n`);
      return EXIT.usage;
    }
    // Not a finding (1) nor bad usage (2): the inspection did not complete (3).
    streams.stderr(
      `error: internal error, the inspection did not complete: ${errorMessage(err)}\n`,
    );
    const verbose = argv.some((a) => a === "--verbose" || /^-v+$/.test(a));
    if (verbose && err instanceof Error && err.stack) streams.stderr(`${err.stack}\n`);
    else streams.stderr("Run again with -v for the stack trace, and please report it.\n");
    return EXIT.incomplete;
  }
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] ?? 0;
      row[j] = Math.min(cur + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] ?? 0;
}

/** kubectl's wording for a mistyped command, with a suggestion when one is close. */
function unknownCommand(argv: readonly string[], names: readonly string[]): string | undefined {
  const first = argv.find((a) => !a.startsWith("-"));
  if (!first || names.includes(first) || argv.indexOf(first) !== 0) return undefined;
  const near = names.find((c) => distance(c, first) <= 2);
  return `unknown command "${first}" for "${NAME}"${near ? ` (did you mean "${near}"?)` : ""}`;
}
