import type { Argv, CommandModule } from "yargs";
import { EXIT } from "../exit-codes.js";
import type { DoctorOutputFormat } from "../report/structured.js";
import type { Finish } from "./finish.js";
import type { HelpText } from "./help.js";
import type { SnapshotArgs } from "./load-options.js";
import { type CommonArgs, commandFlags, flag, LEADER_FLAGS, parseDuration } from "./options.js";
import { prepare } from "./prepare.js";

export const EXIT_CODES = `Exit codes: ${EXIT.ok} no error found (warnings allowed), ${EXIT.findings} at least one error (with --fail-on warning or info: a finding of that severity or worse), ${EXIT.usage} bad usage or input, ${EXIT.incomplete} a cluster or its AWS side could not be read (the verdict is incomplete; ${EXIT.incomplete} wins over ${EXIT.findings}).`;

interface DoctorArgs extends Omit<SnapshotArgs, "output"> {
  output: DoctorOutputFormat;
  wait: boolean;
  timeout: string;
  interval: string;
  only: string[];
  skip: string[];
  failOn: "error" | "warning" | "info";
  pair?: string;
  all: boolean;
}

export function doctorCommand(finish: Finish): CommandModule<CommonArgs, DoctorArgs> & HelpText {
  return {
    command: "doctor",
    describe: "Diagnose every member and pair, read-only, with a fix for each problem",
    builder: (y: Argv<CommonArgs>) =>
      commandFlags(
        y
          .option("snapshot", {
            requiresArg: true,
            type: "string",
            describe: "analyse a snapshot directory instead of live clusters",
          })
          .option("only", {
            requiresArg: true,
            type: "string",
            array: true,
            default: [] as string[],
            describe:
              "run only these checks (IDs or families like aws.*; repeat or comma-separate)",
          })
          .option("skip", {
            requiresArg: true,
            type: "string",
            array: true,
            default: [] as string[],
            describe: "do not run these checks (the *.access checks always run)",
          })
          .option("wait", {
            type: "boolean",
            default: false,
            describe: "read and check again until doctor passes (e.g. right after setup)",
          })
          .option(
            "timeout",
            flag({
              requiresArg: true,
              type: "string",
              default: "5m",
              describe: "with --wait: when to give up (e.g. 90s, 10m)",
            }),
          )
          .option(
            "interval",
            flag({
              requiresArg: true,
              type: "string",
              default: "10s",
              describe: "with --wait: time between two rounds",
            }),
          )
          .option("pair", {
            requiresArg: true,
            type: "string",
            describe:
              "only two members and the pair between them: A,B (member names or contexts), with every fix",
          })
          .option("all", {
            type: "boolean",
            default: false,
            describe: "list every passing check, not one count per member and pair (so does -v)",
          })
          .option(
            "fail-on",
            flag({
              requiresArg: true,
              choices: ["error", "warning", "info"] as const,
              default: "error" as const,
              describe:
                "exit 1 on findings of this severity or worse: error, warning (warnings too) or info (any finding)",
            }),
          ),
        LEADER_FLAGS,
        // doctor alone adds JUnit XML, for CI.
        { formats: ["table", "json", "yaml", "junit"] },
      ) as unknown as Argv<DoctorArgs>,
    examples: [
      {
        describe: "probe every kubeconfig context and check the members found",
        command: "$0 doctor",
      },
      {
        describe: "check two members, JSON on stdout",
        command: "$0 doctor --context west --context east -o json",
      },
      { describe: "check a snapshot written by collect", command: "$0 doctor --snapshot ./snap" },
      {
        describe: "after setup: wait until every check passes",
        command: "$0 doctor --wait --timeout 10m",
      },
      {
        describe: "one pair of a large ClusterSet, with its fixes",
        command: "$0 doctor --pair west,east",
      },
      { describe: "a JUnit XML report for CI", command: "$0 doctor -o junit > doctor.xml" },
    ],
    epilogue: EXIT_CODES,
    handler: async (args) => {
      const { runDoctor } = await import("../app/doctor.js");
      const [{ io, options }, { targetFlags }] = await Promise.all([
        prepare(args),
        import("./load-options.js"),
      ]);
      const list = (v: string[]) => v.flatMap((s) => s.split(",")).filter((s) => s !== "");
      finish(
        await runDoctor(
          {
            ...options,
            output: args.output,
            select: { only: list(args.only), skip: list(args.skip) },
            failOn: args.failOn,
            all: args.all || args.verbose > 0,
            target: targetFlags(args),
            ...(args.pair ? { pair: args.pair } : {}),
            ...(args.wait
              ? {
                  wait: {
                    timeoutMs: parseDuration(args.timeout, "timeout"),
                    intervalMs: parseDuration(args.interval, "interval"),
                  },
                }
              : {}),
          },
          io,
        ),
      );
    },
  };
}
