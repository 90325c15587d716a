import type { Argv, CommandModule } from "yargs";
import type { Finish } from "./finish.js";
import type { SnapshotArgs } from "./load-options.js";
import type { CommonArgs } from "./options.js";
import { prepare } from "./prepare.js";

export function showCommand(finish: Finish): CommandModule<CommonArgs, SnapshotArgs> {
  return {
    command: "show",
    describe: "Show the discovered topology: members, cluster IDs, Gateways, IPs, CIDRs",
    builder: (y: Argv<CommonArgs>) =>
      y
        .option("snapshot", {
          requiresArg: true,
          type: "string",
          describe: "read a snapshot directory instead of live clusters",
        })
        .example("$0 show --context west,east", "the topology of two members")
        .example("$0 show -o json", "the members as JSON (the members part of doctor -o json)"),
    handler: async (args) => {
      const { runShow } = await import("../app/show.js");
      const { io, options } = await prepare(args);
      finish(await runShow({ ...options, output: args.output }, io));
    },
  };
}
