import type { CommandModule } from "yargs";
import { UsageError } from "../errors.js";
import type { CommonArgs } from "./options.js";

/** setup and teardown are part of the interface but not built yet: say so, exit 2. */
export function notYetCommand(
  name: string,
  describe: string,
): CommandModule<CommonArgs, CommonArgs> {
  return {
    command: name,
    describe: `${describe} (not available yet)`,
    builder: (y) => y.strict(false),
    handler: () => {
      throw new UsageError(
        `"${name}" is not available in this version yet; run "kubectl antrea-mc doctor" for the diagnosis and the fix commands`,
      );
    },
  };
}
