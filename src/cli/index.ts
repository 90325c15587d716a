/**
 * The command line. Only yargs and our own light modules load here: each command imports what it
 * needs (the Kubernetes and AWS SDKs included) when it runs, so --help and version stay fast.
 */
import yargs, { type Argv, type CommandModule } from "yargs";
import { errorMessage, UsageError } from "../errors.js";
import { EXIT } from "../exit-codes.js";
import { VERSION } from "../version.js";
import { collectCommand } from "./collect.js";
import { completionCommand } from "./completion.js";
import { doctorCommand } from "./doctor.js";
import type { Finish } from "./finish.js";
import { type HelpText, helpWidth, reflow, renderHelpText } from "./help.js";
import { iamPolicyCommand } from "./iam-policy.js";
import {
  type CommonArgs,
  FLAGS_GROUP,
  globalFlags,
  LEADER_FLAGS,
  splitGluedShortFlags,
} from "./options.js";
import { setupCommand } from "./setup.js";
import { showCommand } from "./show.js";
import { teardownCommand } from "./teardown.js";
import { houseStyle } from "./usage-errors.js";
import { verifyCommand } from "./verify.js";
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
export function cliCommands(finish: Finish): (CommandModule<CommonArgs, CommonArgs> & HelpText)[] {
  const commands = [
    doctorCommand(finish),
    verifyCommand(finish),
    showCommand(finish),
    collectCommand(finish),
    setupCommand(finish),
    teardownCommand(finish),
    versionCommand(finish),
    iamPolicyCommand(finish),
    completionCommand(finish),
  ] as unknown as (CommandModule<CommonArgs, CommonArgs> & HelpText)[];
  // kubectl's usage line on each command's help, then what the command does.
  return commands.map((c) => ({
    ...c,
    builder: (y: Argv<CommonArgs>) => {
      const own = c.builder as ((y: Argv<CommonArgs>) => Argv<CommonArgs>) | undefined;
      const withUsage = y.usage(`Usage: $0 ${c.command} [flags]\n\n${c.describe}`);
      return own ? own(withUsage) : withUsage;
    },
  }));
}

/** The top level's closing note: the global flags are not all every command's. */
const TOP_HELP: HelpText = {
  epilogue: "Each command takes only the global flags it uses: its --help lists them.",
};

/** "iam-policy <mode>" → "iam-policy". */
const name = (c: CommandModule<CommonArgs, CommonArgs>) => String(c.command).split(" ")[0] ?? "";

/** Runs the CLI and returns the exit code (docs/reference.md "Exit codes"). */
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
  const names = commands.map(name);
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
  const current = commands.find((c) => name(c) === argv[0]);
  const usage = `${NAME} ${current ? String(current.command) : "<command>"}`;
  const helpHint = `See '${NAME}${current ? ` ${argv[0]}` : ""} --help'.`;
  const width = helpWidth();
  // yargs' help, then the examples and notes it cannot lay out at this width.
  const help = (yargsHelp: string, command: string | undefined): string => {
    const extra = commands.find((c) => name(c) === command) ?? TOP_HELP;
    const text = renderHelpText(extra, NAME, width);
    return `${reflow(yargsHelp, width)}${text ? `\n\n${text}` : ""}\n`;
  };
  const parser = globalFlags(yargs([...argv]), LEADER_FLAGS)
    .scriptName(NAME)
    .usage(
      `Usage: ${NAME} <command> [flags]\n\nSet up and diagnose Antrea Multi-cluster on AWS EKS.`,
    )
    .command(commands as CommandModule<object, CommonArgs>[])
    // No command: the help. The global flags are accepted there too, as before a command.
    .command(
      "$0",
      false,
      (y) => globalFlags(y, LEADER_FLAGS),
      () => {
        parser.showHelp((s: string) => streams.stdout(help(s, undefined)));
      },
    )
    .version("version", "print the plugin version", `v${VERSION}`)
    .help("help", "show this help")
    .alias("help", "h")
    .group(["help", "version"], FLAGS_GROUP)
    .strict()
    .exitProcess(false)
    // reflow() wraps it, on word boundaries.
    .wrap(null)
    .fail((msg, err) => {
      // yargs' and yargs-parser's own complaints are usage errors; anything else is ours.
      const fromYargs = !err || err.name === "YError" || /^Not enough arguments/.test(err.message);
      if (!fromYargs) throw err;
      const text = err?.message ?? msg;
      throw new UsageError(unknownCommand(argv, names) ?? houseStyle(text, argv, usage));
    });
  // Types, choices and defaults ("[array] [default: []]") are hidden: each description says
  // what matters. usageConfiguration is in yargs 17.7 but not yet in its types.
  (parser as unknown as { usageConfiguration(c: object): void }).usageConfiguration({
    "hide-types": true,
  });
  try {
    let helpShown = false;
    await parser.parseAsync([...argv], {}, (err, parsed, output) => {
      if (output && !err) {
        helpShown = true;
        const command = parsed._[0];
        // --version prints the same way as --help does; only the help gets examples.
        if (parsed.version) streams.stdout(`${output}\n`);
        else streams.stdout(help(output, typeof command === "string" ? command : undefined));
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
