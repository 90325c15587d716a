/** Entry point of kubectl-antrea_mc. */
import { run } from "./cli/index.js";

const code = await run(process.argv.slice(2));
// Let stdout drain (pipes are asynchronous on some platforms) before the process ends.
process.stdout.write("", () => {
  process.exitCode = code;
});
