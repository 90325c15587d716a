import type { Argv, CommandModule } from "yargs";
import type { Finish } from "./finish.js";
import type { HelpText } from "./help.js";
import { type CommonArgs, commandFlags, LEADER_FLAGS } from "./options.js";
import { prepare } from "./prepare.js";

interface CollectArgs extends CommonArgs {
  out: string;
}

export function collectCommand(finish: Finish): CommandModule<CommonArgs, CollectArgs> & HelpText {
  return {
    command: "collect",
    describe: "Write a snapshot of everything doctor reads, for offline analysis (no Secrets)",
    builder: (y: Argv<CommonArgs>) =>
      commandFlags(
        y.option("out", {
          requiresArg: true,
          type: "string",
          demandOption: true,
          // yargs' "[required]" tag is hidden with the others: say it.
          describe: "new or empty directory to write (required)",
        }),
        LEADER_FLAGS,
      ),
    examples: [
      { describe: "snapshot every member found", command: "$0 collect --out ./snap" },
      { describe: "analyse it later, anywhere", command: "$0 doctor --snapshot ./snap" },
    ],
    handler: async (args) => {
      const { runCollect } = await import("../app/collect.js");
      const { io, options } = await prepare(args);
      const { snapshot: _none, ...opts } = options;
      finish(await runCollect({ ...opts, out: args.out, output: args.output }, io));
    },
  };
}
