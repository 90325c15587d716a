import type { Argv, CommandModule } from "yargs";
import { BUILD_INFO } from "../version.js";
import type { Finish } from "./finish.js";
import { type CommonArgs, commandFlags } from "./options.js";

/** version: no SDK is loaded; their versions were recorded at build time. */
export function versionCommand(finish: Finish): CommandModule<CommonArgs, CommonArgs> {
  return {
    command: "version",
    describe: "Print the plugin version and the SDK versions it was built with",
    builder: (y: Argv<CommonArgs>) => commandFlags(y, ["output"]),
    handler: async (args) => {
      const doc = {
        version: `v${BUILD_INFO.version}`,
        node: process.version,
        sdks: BUILD_INFO.sdks,
      };
      if (args.output === "table") {
        const width = Math.max(...Object.keys(doc.sdks).map((k) => k.length));
        const lines = [
          `kubectl-antrea_mc ${doc.version} (Node.js ${doc.node})`,
          ...Object.entries(doc.sdks).map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
        ];
        process.stdout.write(`${lines.join("\n")}\n`);
      } else {
        const { renderStructured } = await import("../report/structured.js");
        process.stdout.write(renderStructured(doc, args.output));
      }
      finish(0);
    },
  };
}
