/** Entry point of kubectl-antrea_mc (the dev build's ES module and the release's CommonJS bundle). */
import "./heap.js";
import { run } from "./cli/index.js";

run(process.argv.slice(2)).then((code) => {
  // Exit once stdout has drained (pipes are asynchronous on some platforms), without waiting for
  // what may linger: keep-alive sockets, or a credential plugin that timed out and still runs.
  process.stderr.write("", () => process.stdout.write("", () => process.exit(code)));
});
