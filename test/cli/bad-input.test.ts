/**
 * Bad input: one line saying what was wrong with which input, exit 2, nothing on stdout, nothing
 * read or written. Each case is run through the built CLI.
 */
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { cleanEnv, runCli } from "../support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "antrea-mc-bad-"));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const kubeconfig = (contexts: string) =>
  `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u, user: {token: t}}]
contexts: ${contexts}
`;
const good = file("good", kubeconfig("[{name: west, context: {cluster: c, user: u}}]"));
const EXAMPLE = new URL("../../examples/broken", import.meta.url).pathname;
const snapshot = (change: (index: Record<string, unknown>) => string) => {
  const snap = mkdtempSync(join(tmpdir(), "antrea-mc-bad-snap-"));
  cpSync(EXAMPLE, snap, { recursive: true });
  const index = JSON.parse(readFileSync(join(snap, "snapshot.json"), "utf8"));
  writeFileSync(join(snap, "snapshot.json"), change(index));
  return snap;
};

const CASES: [string, string[], Record<string, string>, RegExp][] = [
  // The command line itself: yargs' complaints, in the house style.
  [
    "an output format it does not have",
    ["-o", "xml"],
    {},
    /^-o xml: expected table, json, yaml or junit$/,
  ],
  [
    "--snapshot without a directory (it used to run live)",
    ["--snapshot"],
    {},
    /^--snapshot needs a value$/,
  ],
  ["a trailing -o without a format", ["--snapshot", EXAMPLE, "-o"], {}, /^-o needs a value$/],
  ["a flag it does not have", ["--frob"], {}, /^unknown flag: --frob$/],
  ["a stray word", ["west"], {}, /^unexpected argument "west"$/],
  [
    "an unknown context",
    ["--kubeconfig", good, "--context", "nope"],
    {},
    /^context "nope" not found in kubeconfig .*good \(contexts: west\)$/,
  ],
  [
    "a missing kubeconfig",
    ["--kubeconfig", join(dir, "none")],
    {},
    /^--kubeconfig .*none: no such file$/,
  ],
  [
    "a kubeconfig that is not YAML",
    ["--kubeconfig", file("notyaml", "clusters: [a\n")],
    {},
    /^kubeconfig .*notyaml is malformed: .+$/,
  ],
  [
    "a context naming a missing cluster",
    [
      "--kubeconfig",
      file("nocluster", kubeconfig("[{name: west, context: {cluster: gone, user: u}}]")),
      "--context",
      "west",
    ],
    {},
    /^context "west" in kubeconfig .*nocluster names cluster "gone", which is not in the kubeconfig$/,
  ],
  [
    "a context naming a missing user",
    [
      "--kubeconfig",
      file("nouser", kubeconfig("[{name: west, context: {cluster: c, user: nobody}}]")),
      "--context",
      "west",
    ],
    {},
    /^context "west" in kubeconfig .*nouser names user "nobody", which is not in the kubeconfig$/,
  ],
  [
    "KUBECONFIG with only empty or missing entries",
    [],
    { KUBECONFIG: `::${join(dir, "none")}` },
    /^KUBECONFIG=.*: none of these files exists$/,
  ],
  [
    "a --config file with an unknown key",
    [
      "--kubeconfig",
      good,
      "--config",
      file("cs.yaml", "members:\n  - context: west\n    awss: {}\n"),
    ],
    {},
    /^--config .*cs\.yaml:3: unknown key "awss" in members\[0\] \(known: context, eksCluster, aws\)$/,
  ],
  [
    "a --config file whose eksCluster is no string",
    [
      "--kubeconfig",
      good,
      "--config",
      file("eks.yaml", "members:\n  - context: west\n    eksCluster: [a]\n"),
    ],
    {},
    /^--config .*eks\.yaml:3: members\[0\]\.eksCluster must be a non-empty string$/,
  ],
  [
    "an empty --aws-profile value",
    ["--kubeconfig", good, "--aws-profile", "west="],
    {},
    /^--aws-profile west=: no value$/,
  ],
  [
    "a bad --request-timeout",
    ["--kubeconfig", good, "--request-timeout", "soon"],
    {},
    /request-timeout.*soon/,
  ],
  ["a directory that is no snapshot", ["--snapshot", dir], {}, /^--snapshot .*: no snapshot\.json/],
  [
    "a truncated snapshot.json",
    ["--snapshot", snapshot((i) => JSON.stringify(i).slice(0, 40))],
    {},
    /^snapshot .*snapshot\.json/,
  ],
  [
    "a snapshot of a newer format",
    [
      "--snapshot",
      snapshot((i) =>
        JSON.stringify({ ...i, version: 2, tool: { name: "kubectl-antrea_mc", version: "9.0.0" } }),
      ),
    ],
    {},
    /^snapshot .* has format version 2 \(written by kubectl-antrea_mc 9\.0\.0\); this kubectl-antrea_mc reads version 1: upgrade it$/,
  ],
];

describe("bad input", () => {
  for (const [what, args, env, reason] of CASES)
    it(`${what}: one line, exit 2`, async () => {
      const res = await runCli(["doctor", ...args], { env: cleanEnv(env) });
      assert.equal(res.code, 2, res.stderr);
      assert.equal(res.stdout, "");
      const [first, ...rest] = res.stderr.trimEnd().split("\n");
      assert.match(first ?? "", /^error: /);
      assert.match((first ?? "").replace(/^error: /, ""), reason);
      assert.deepEqual(rest, ["See 'kubectl antrea-mc doctor --help'."]);
    });
});
