import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { runCli } from "../support/cli.js";

const installed = (name: string) =>
  (
    JSON.parse(
      readFileSync(new URL(`../../node_modules/${name}/package.json`, import.meta.url), "utf8"),
    ) as { version: string }
  ).version;

describe("help, version and commands not built yet", () => {
  it("prints help with kubectl's usage line, with no arguments too", async () => {
    for (const args of [["--help"], ["-h"], []]) {
      const res = await runCli(args);
      assert.equal(res.code, 0, args.join(" "));
      assert.match(res.stdout, /^Usage: kubectl antrea-mc <command> \[flags\]/);
      for (const cmd of ["doctor", "verify", "show", "collect", "setup", "teardown", "version"])
        assert.match(res.stdout, new RegExp(`kubectl antrea-mc ${cmd} `));
      for (const flag of [
        "--kubeconfig",
        "--context",
        "--member-namespace",
        "--output",
        "--no-color|--color",
        "--verbose",
      ])
        assert.match(res.stdout, new RegExp(flag));
    }
  });

  it("documents the exit codes in doctor --help", async () => {
    const res = await runCli(["doctor", "--help"]);
    // Wrapped at 80 columns: read it as one paragraph.
    assert.match(
      res.stdout.replace(/\s+/g, " "),
      /Exit codes: 0 no error found .* 3 a cluster or its AWS side could not be read/,
    );
  });

  it("reports the versions it was built with", async () => {
    const res = await runCli(["version", "-o", "json"]);
    assert.equal(res.code, 0);
    const doc = JSON.parse(res.stdout);
    const project = JSON.parse(
      readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
    ) as { version: string };
    assert.equal(doc.version, `v${project.version}`);
    assert.equal(doc.sdks["@kubernetes/client-node"], installed("@kubernetes/client-node"));
    assert.equal(doc.sdks["@aws-sdk/client-ec2"], installed("@aws-sdk/client-ec2"));
    assert.equal((await runCli(["--version"])).stdout.trim(), doc.version);
  });

  it("setup and teardown refuse what cannot work, before reading anything (exit 2)", async () => {
    const snap = new URL("../../examples/healthy", import.meta.url).pathname;
    const cases: [string[], RegExp][] = [
      [["setup", "--snapshot", snap, "--yes"], /--snapshot can only be planned: add --dry-run/],
      // teardown has no --snapshot (its help used to offer one it then refused).
      [["teardown", "--snapshot", snap], /^error: unknown flag: --snapshot$/m],
      [["setup", "--no-aws", "--dry-run", "--snapshot", snap], /--no-aws cannot be used/],
      [
        ["setup", "--security-group", "west=sg-nothex!", "--dry-run"],
        /--security-group west=sg-nothex!: "sg-nothex!" is not valid/,
      ],
      [["setup", "--wait-timeout", "soon", "--dry-run"], /--wait-timeout soon: not a duration/],
    ];
    for (const [args, message] of cases) {
      const res = await runCli(args);
      assert.equal(res.code, 2, args.join(" "));
      assert.match(res.stderr, message, args.join(" "));
    }
    const teardownHelp = await runCli(["teardown", "--help"]);
    assert.doesNotMatch(teardownHelp.stdout, /--snapshot/);
    assert.match((await runCli(["setup", "--help"])).stdout, /--snapshot/);
  });

  it("rejects an unknown command (exit 2)", async () => {
    const res = await runCli(["doctr"]);
    assert.equal(res.code, 2);
    assert.match(
      res.stderr,
      /^error: unknown command "doctr" for "kubectl antrea-mc" \(did you mean "doctor"\?\)$/m,
    );
  });
});
