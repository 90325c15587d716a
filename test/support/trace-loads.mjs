// Preloaded with --import: records the URL of every ES module the process loads into the file
// named by ANTREA_MC_TRACE, so tests can see which bundle chunks a command pulled in.
import { register } from "node:module";

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from "node:fs";
export async function load(url, context, next) {
  if (process.env.ANTREA_MC_TRACE) appendFileSync(process.env.ANTREA_MC_TRACE, url + "\\n");
  return next(url, context);
}`)}`,
);
