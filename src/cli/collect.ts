import type { Argv, CommandModule } from "yargs";
import type { Finish } from "./finish.js";
import type { CommonArgs } from "./options.js";
import { prepare } from "./prepare.js";

interface CollectArgs extends CommonArgs {
  out: string;
}

export function collectCommand(finish: Finish): CommandModule<CommonArgs, CollectArgs> {
  return {
    command: "collect",
    describe: "Write a snapshot of everything doctor reads, for offline analysis (no Secrets)",
    builder: (y: Argv<CommonArgs>) =>
      y
        .option("out", {
          requiresArg: true,
          type: "string",
          demandOption: true,
          describe: "new or empty directory to write",
        })
        .example("$0 collect --out ./snap", "snapshot every member found")
        .example("$0 doctor --snapshot ./snap", "analyse it later, anywhere"),
    handler: async (args) => {
      const { runCollect } = await import("../app/collect.js");
      const { io, options } = await prepare(args);
      const { snapshot: _none, ...opts } = options;
      finish(await runCollect({ ...opts, out: args.out, output: args.output }, io));
    },
  };
}
