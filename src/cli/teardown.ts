import type { Argv, CommandModule } from "yargs";
import { EXIT } from "../exit-codes.js";
import type { Finish } from "./finish.js";
import type { HelpText } from "./help.js";
import { type CommonArgs, commandFlags, LEADER_FLAGS } from "./options.js";
import { prepare } from "./prepare.js";
import { CHANGE_GLOBALS, type ChangeArgs, changeFlags } from "./setup.js";

export function teardownCommand(finish: Finish): CommandModule<CommonArgs, ChangeArgs> & HelpText {
  return {
    command: "teardown",
    describe:
      "Remove exactly what setup created for this ClusterSet (found by its tags), nothing else",
    builder: (y: Argv<CommonArgs>) =>
      commandFlags(changeFlags(y), LEADER_FLAGS, CHANGE_GLOBALS) as unknown as Argv<ChangeArgs>,
    examples: [{ describe: "show what teardown would remove", command: "$0 teardown --dry-run" }],
    epilogue: `Exit codes: ${EXIT.ok} done, or nothing to remove; ${EXIT.findings} a removal failed or was denied; ${EXIT.usage} bad usage, or --yes missing without a terminal; ${EXIT.incomplete} a member could not be read.`,
    handler: async (args) => {
      const { runTeardown } = await import("../app/teardown.js");
      const { io, options } = await prepare(args);
      finish(
        await runTeardown(
          {
            ...options,
            output: args.output,
            dryRun: args.dryRun,
            yes: args.yes,
            // Teardown only deletes: none of its steps waits for a peering.
            waitTimeoutMs: 0,
          },
          io,
        ),
      );
    },
  };
}
