import type { Argv, CommandModule } from "yargs";
import type { ShowFormat } from "../app/show.js";
import type { Finish } from "./finish.js";
import type { SnapshotArgs } from "./load-options.js";
import type { CommonArgs } from "./options.js";
import { prepare } from "./prepare.js";

type ShowArgs = Omit<SnapshotArgs, "output"> & { output: ShowFormat };

export function showCommand(finish: Finish): CommandModule<CommonArgs, ShowArgs> {
  return {
    command: "show",
    describe: "Show members, Gateways, IPs, CIDRs and each pair's tunnel path, hop by hop",
    builder: (y: Argv<CommonArgs>) =>
      y
        // show alone also draws the ClusterSet: yargs adds these to the common -o choices for this
        // command only, so doctor and the others keep table, json and yaml.
        .choices("output", ["dot", "mermaid"])
        .describe("output", "output format (dot: Graphviz, mermaid: a Mermaid flowchart)")
        .option("snapshot", {
          requiresArg: true,
          type: "string",
          describe: "read a snapshot directory instead of live clusters",
        })
        .example("$0 show --context west,east", "the topology of two members")
        .example("$0 show -o json", "the members as JSON (the members part of doctor -o json)")
        // yargs types a choices() option as a string; ShowArgs names the choices.
        .example(
          "$0 show -o dot | dot -Tsvg > clusterset.svg",
          "a picture of the ClusterSet",
        ) as unknown as Argv<ShowArgs>,
    handler: async (args) => {
      const { runShow } = await import("../app/show.js");
      const { io, options } = await prepare(args);
      finish(await runShow({ ...options, output: args.output }, io));
    },
  };
}
