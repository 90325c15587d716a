import type { Argv, CommandModule } from "yargs";
import type { Finish } from "./finish.js";
import { processIO } from "./io.js";
import { type CommonArgs, contextList, parseDuration } from "./options.js";

export interface SnapshotArgs extends CommonArgs {
  snapshot?: string;
}

export const EXIT_CODES =
  "Exit codes: 0 no error found (warnings allowed), 1 at least one error, 2 bad usage or input, 3 a cluster could not be inspected (the verdict is incomplete; 3 wins over 1).";

/** The collect-step options shared by doctor, show and collect. */
export function loadOptions(
  args: SnapshotArgs,
  reporter: ReturnType<typeof processIO>["reporter"],
) {
  return {
    contexts: contextList(args.context),
    timeoutMs: parseDuration(args.requestTimeout, "request-timeout"),
    reporter,
    ...(args.snapshot ? { snapshot: args.snapshot } : {}),
    ...(args.kubeconfig ? { kubeconfig: args.kubeconfig } : {}),
    ...(args.memberNamespace ? { memberNamespace: args.memberNamespace } : {}),
  };
}

export function doctorCommand(finish: Finish): CommandModule<CommonArgs, SnapshotArgs> {
  return {
    command: "doctor",
    describe: "Diagnose every member and pair, read-only, with a fix for each problem",
    builder: (y: Argv<CommonArgs>) =>
      y
        .option("snapshot", {
          type: "string",
          describe: "analyse a snapshot directory instead of live clusters",
        })
        .example("$0 doctor", "probe every kubeconfig context and check the members found")
        .example(
          "$0 doctor --context west --context east -o json",
          "check two members, JSON on stdout",
        )
        .example("$0 doctor --snapshot ./snap", "check a snapshot written by collect")
        .epilogue(EXIT_CODES),
    handler: async (args) => {
      const { runDoctor } = await import("../app/doctor.js");
      const io = processIO(args);
      finish(await runDoctor({ ...loadOptions(args, io.reporter), output: args.output }, io));
    },
  };
}
