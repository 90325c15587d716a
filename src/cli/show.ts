import type { Argv, CommandModule } from "yargs";
import type { Finish } from "./finish.js";
import type { HelpText } from "./help.js";
import type { SnapshotArgs } from "./load-options.js";
import { CLUSTER_FLAGS, type CommonArgs, commandFlags } from "./options.js";
import { prepare } from "./prepare.js";

export function showCommand(finish: Finish): CommandModule<CommonArgs, SnapshotArgs> & HelpText {
  return {
    command: "show",
    describe: "Show the discovered topology: members, cluster IDs, Gateways, IPs, CIDRs",
    builder: (y: Argv<CommonArgs>) =>
      commandFlags(
        y.option("snapshot", {
          requiresArg: true,
          type: "string",
          describe: "read a snapshot directory instead of live clusters",
        }),
        CLUSTER_FLAGS,
      ),
    examples: [
      { describe: "the topology of two members", command: "$0 show --context west,east" },
      {
        describe: "the members as JSON (the members part of doctor -o json)",
        command: "$0 show -o json",
      },
    ],
    handler: async (args) => {
      const { runShow } = await import("../app/show.js");
      const { io, options } = await prepare(args);
      finish(await runShow({ ...options, output: args.output }, io));
    },
  };
}
