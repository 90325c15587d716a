import type { Argv, CommandModule } from "yargs";
import type { Finish } from "./finish.js";
import { processIO } from "./io.js";
import { loadOptions, type SnapshotArgs } from "./load-options.js";
import type { CommonArgs } from "./options.js";

export function showCommand(finish: Finish): CommandModule<CommonArgs, SnapshotArgs> {
  return {
    command: "show",
    describe: "Show the discovered topology: members, cluster IDs, Gateways, IPs, CIDRs",
    builder: (y: Argv<CommonArgs>) =>
      y
        .option("snapshot", {
          type: "string",
          describe: "read a snapshot directory instead of live clusters",
        })
        .example("$0 show --context west,east", "the topology of two members")
        .example("$0 show -o json", "the members as JSON (the members part of doctor -o json)"),
    handler: async (args) => {
      const { runShow } = await import("../app/show.js");
      const io = processIO(args);
      finish(await runShow({ ...loadOptions(args, io.reporter), output: args.output }, io));
    },
  };
}
