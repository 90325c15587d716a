/** esbuild plugins shared by the dev build (scripts/build.ts) and the release bundle. */
import type { Plugin } from "esbuild";

/**
 * yargs looks for a package.json above the working directory (or the script) at start-up, to guess
 * a version we set ourselves: it reads every directory up to / on each run, and would parse a
 * stranger's package.json. Its directory search (escalade) finds nothing in our builds.
 */
export const noPackageSearch: Plugin = {
  name: "antrea-mc-no-package-search",
  setup(b) {
    b.onResolve({ filter: /^escalade\/sync$/ }, (a) => ({ path: a.path, namespace: "no-find-up" }));
    b.onLoad({ filter: /.*/, namespace: "no-find-up" }, () => ({
      contents: "export default function findUp() { return undefined; }",
      loader: "js",
    }));
  },
};
