import type { Argv, CommandModule } from "yargs";
import type { ShowFormat } from "../app/show.js";
import type { Finish } from "./finish.js";
import type { HelpText } from "./help.js";
import type { SnapshotArgs } from "./load-options.js";
import { type CommonArgs, commandFlags, LEADER_FLAGS } from "./options.js";
import { prepare } from "./prepare.js";

type ShowArgs = Omit<SnapshotArgs, "output"> & { output: ShowFormat };

export function showCommand(finish: Finish): CommandModule<CommonArgs, ShowArgs> & HelpText {
  return {
    command: "show",
    describe: "Show members, Gateways, IPs, CIDRs and each pair's tunnel path, hop by hop",
    builder: (y: Argv<CommonArgs>) =>
      commandFlags(
        y.option("snapshot", {
          requiresArg: true,
          type: "string",
          describe: "read a snapshot directory instead of live clusters",
        }),
        LEADER_FLAGS,
        // show alone also draws the ClusterSet.
        {
          formats: ["table", "json", "yaml", "dot", "mermaid"],
          outputDescribe:
            "output format: table, json, yaml, dot (Graphviz) or mermaid (a Mermaid flowchart)",
        },
      ) as unknown as Argv<ShowArgs>,
    examples: [
      { describe: "the topology of two members", command: "$0 show --context west,east" },
      {
        describe: "the members as JSON (the members part of doctor -o json)",
        command: "$0 show -o json",
      },
      {
        describe: "a picture of the ClusterSet",
        command: "$0 show -o dot | dot -Tsvg > clusterset.svg",
      },
    ],
    handler: async (args) => {
      const { runShow } = await import("../app/show.js");
      const { io, options } = await prepare(args);
      finish(await runShow({ ...options, output: args.output }, io));
    },
  };
}
