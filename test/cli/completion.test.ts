/**
 * Shell completion: the __complete engine (commands, flags, flag values, kubeconfig contexts), the
 * bash script driving it, and kubectl's own plugin completion through kubectl_complete-antrea_mc.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { complete, completionSpec, contextNames, Directive } from "../../src/cli/complete.js";
import { cliCommands } from "../../src/cli/index.js";
import { CLI, cleanEnv, runCli, which } from "../support/cli.js";

const spec = completionSpec(cliCommands(() => {}));
const contexts = () => ["arn:aws:eks:us-west-2:123456789012:cluster/west", "east"];

function kubeconfig(names: string[], prefix = "antrea-mc-kc-"): string {
  const file = join(mkdtempSync(join(tmpdir(), prefix)), "config");
  writeFileSync(
    file,
    `apiVersion: v1\nkind: Config\ncontexts:\n${names.map((n) => `- name: "${n}"\n  context: {cluster: c, user: u}`).join("\n")}\n`,
  );
  return file;
}

describe("completion engine", () => {
  const table: [string[], string[], number][] = [
    [
      [""],
      [
        "doctor",
        "verify",
        "show",
        "collect",
        "setup",
        "teardown",
        "version",
        "iam-policy",
        "completion",
      ],
      Directive.NoFileComp,
    ],
    [["se"], ["setup"], Directive.NoFileComp],
    [["doctor", "--sn"], ["--snapshot"], Directive.NoFileComp],
    [["setup", "--dry"], ["--dry-run"], Directive.NoFileComp],
    [["doctor", "--dry"], [], Directive.NoFileComp],
    [["doctor", "--no-"], ["--no-aws", "--no-color"], Directive.NoFileComp],
    [["doctor", "--context", ""], contexts(), Directive.NoFileComp],
    [["doctor", "--context", "e"], ["east"], Directive.NoFileComp],
    [["doctor", "--context=e"], ["--context=east"], Directive.NoFileComp],
    [["-o", ""], ["table", "json", "yaml"], Directive.NoFileComp],
    [["doctor", "-o", "j"], ["json", "junit"], Directive.NoFileComp],
    // -o junit is doctor's alone.
    [["show", "-o", "j"], ["json"], Directive.NoFileComp],
    [["doctor", "--snapshot", ""], [], Directive.Default],
    [["collect", "--out", ""], [], Directive.Default],
    [["doctor", "--request-timeout", ""], [], Directive.NoFileComp],
    // A flag's value is not the command: "east" here does not end the search for one.
    [["--context", "east", "do"], ["doctor"], Directive.NoFileComp],
    [["doctor", "-v", "--color", "sh"], [], Directive.NoFileComp],
  ];
  for (const [words, want, directive] of table)
    it(`${JSON.stringify(words)} → ${want.join(" ") || "nothing"}`, () => {
      const got = complete(words, spec, contexts);
      assert.deepEqual(
        got.candidates.map((c) => c.value),
        want,
      );
      assert.equal(got.directive, directive);
    });

  it("reads context names from --kubeconfig, else the KUBECONFIG list, skipping what is missing", () => {
    const a = kubeconfig(["a", "shared"]);
    const b = kubeconfig(["shared", "b"]);
    assert.deepEqual(contextNames(["doctor", "--kubeconfig", a, "--context", ""], {}), [
      "a",
      "shared",
    ]);
    assert.deepEqual(contextNames(["doctor", `--kubeconfig=${b}`], {}), ["shared", "b"]);
    const withEquals = kubeconfig(["eq"], "antrea-mc-kc=x-");
    assert.deepEqual(contextNames([`--kubeconfig=${withEquals}`], {}), ["eq"]);
    assert.deepEqual(contextNames([], { KUBECONFIG: `${a}:/nonexistent:${b}` }), [
      "a",
      "shared",
      "b",
    ]);
    assert.deepEqual(contextNames([], { KUBECONFIG: "/nonexistent" }), []);
  });
});

describe("completion through the CLI", () => {
  it("__complete prints candidates with descriptions, then the directive", async () => {
    const res = await runCli(["__complete", "doc"]);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(
      res.stdout,
      "doctor\tDiagnose every member and pair, read-only, with a fix for each problem\n:4\n",
    );
    const ctx = await runCli(["__complete", "show", "--context", ""], {
      env: cleanEnv({ KUBECONFIG: kubeconfig(["west", "east"]) }),
    });
    assert.equal(ctx.stdout, "west\neast\n:4\n");
  });

  it("the bash script completes commands, flags and contexts with colons", async () => {
    const bin = mkdtempSync(join(tmpdir(), "antrea-mc-bin-"));
    symlinkSync(CLI, join(bin, "kubectl-antrea_mc"));
    const script = (await runCli(["completion", "bash"])).stdout;
    const env = cleanEnv({
      PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`,
      KUBECONFIG: kubeconfig(contexts()),
    });
    const bash = (words: string[]) =>
      execFileSync(
        "bash",
        [
          "-c",
          `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _kubectl_antrea_mc; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        { env, encoding: "utf8" },
      ).trim();
    assert.equal(bash(["kubectl-antrea_mc", "tear"]), "teardown");
    assert.equal(bash(["kubectl-antrea_mc", "setup", "--print"]), "--print-commands");
    assert.equal(bash(["kubectl-antrea_mc", "doctor", "--context", "arn"]), contexts()[0]);
  });

  const kubectl = which("kubectl") ?? "";
  it("kubectl antrea-mc <TAB> works through kubectl_complete-antrea_mc (kubectl 1.26+)", async () => {
    assert.ok(kubectl, "kubectl is not on PATH: this test runs the real kubectl");
    const bin = mkdtempSync(join(tmpdir(), "antrea-mc-bin-"));
    symlinkSync(CLI, join(bin, "kubectl-antrea_mc"));
    // The helper the README tells users to create.
    writeFileSync(
      join(bin, "kubectl_complete-antrea_mc"),
      '#!/bin/sh\nexec kubectl antrea-mc __complete "$@"\n',
    );
    chmodSync(join(bin, "kubectl_complete-antrea_mc"), 0o755);
    const env = cleanEnv({
      PATH: `${bin}:${dirname(process.execPath)}:${dirname(kubectl)}:/usr/bin:/bin`,
      KUBECONFIG: kubeconfig(["west", "east"]),
    });
    const k = (args: string[]) =>
      runCli(["__complete", "antrea-mc", ...args], { env, command: [kubectl] });
    const commands = await k([""]);
    assert.equal(commands.code, 0, commands.stderr);
    assert.match(commands.stdout, /^doctor\tDiagnose/m);
    assert.match(commands.stdout, /^setup\tPlan and apply/m);
    assert.match((await k(["doctor", "--context", ""])).stdout, /^west\neast\n:4$/m);
  });
});
