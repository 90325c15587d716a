/** The help's wrapping, -o choices per command, and global flags a command does not take. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import yargs from "yargs";
import { helpWidth, reflow, wrap } from "../../src/cli/help.js";
import { globalFlags } from "../../src/cli/options.js";
import { houseStyle } from "../../src/cli/usage-errors.js";
import { runCli } from "../support/cli.js";

describe("wrap", () => {
  const cases: [string, number, number, string[]][] = [
    ["a bb ccc dddd", 6, 0, ["a bb", "ccc", "dddd"]],
    ["a bb ccc", 8, 2, ["  a bb", "  ccc"]],
    // A word longer than the line stands alone, whole.
    ["x comma-separate y", 8, 0, ["x", "comma-separate", "y"]],
    ["  spaced   out  ", 80, 0, ["spaced out"]],
  ];
  for (const [text, width, indent, want] of cases)
    it(`${JSON.stringify(text)} at ${width}`, () =>
      assert.deepEqual(wrap(text, width, indent), want));
});

describe("reflow", () => {
  const cases: [string, string, number, string][] = [
    [
      "a row keeps its description in its column",
      "  -o, --output  output format: table, json or yaml",
      36,
      "  -o, --output  output format:\n                table, json or yaml",
    ],
    ["a line that fits is kept (trailing spaces dropped)", "Flags:   ", 30, "Flags:"],
    [
      "a paragraph wraps at its indent",
      "Plan and apply the AWS peering, routes and rules",
      20,
      "Plan and apply the\nAWS peering, routes\nand rules",
    ],
    [
      "a column wider than half the line: the description starts below",
      "  kubectl antrea-mc completion <shell>  Print a script",
      30,
      "  kubectl antrea-mc completion <shell>\n      Print a script",
    ],
  ];
  for (const [name, text, width, want] of cases)
    it(name, () => assert.equal(reflow(text, width), want));
});

it("helpWidth: the terminal's columns, else 80", () => {
  assert.equal(helpWidth({ isTTY: true, columns: 120 }), 120);
  assert.equal(helpWidth({ isTTY: false, columns: 120 }), 80);
  assert.equal(helpWidth({}), 80);
  assert.equal(helpWidth({ isTTY: true, columns: 0 }), 80);
});

describe("-o choices per command", () => {
  /** The usage error for `args` on a parser declaring the global flags with `formats`. */
  function error(formats: readonly string[] | undefined, args: string[]): string {
    let message = "";
    globalFlags(yargs(args), ["output"], formats ? { formats } : {})
      .strict()
      .exitProcess(false)
      .fail((msg, err) => {
        message = houseStyle(err?.message ?? msg, args, "kubectl antrea-mc doctor");
      })
      .parse();
    return message;
  }

  it("names the command's own formats, the first being the default", () => {
    assert.equal(error(undefined, ["-o", "xml"]), "-o xml: expected table, json or yaml");
    assert.equal(
      error(["table", "json", "yaml", "junit"], ["--output=xml"]),
      "--output xml: expected table, json, yaml or junit",
    );
    const parsed = globalFlags(yargs([]), ["output"], { formats: ["json", "yaml"] }).parseSync();
    assert.equal(parsed.output, "json");
    assert.equal(error(["table", "junit"], ["-o", "junit"]), "");
  });
});

describe("a global flag a command does not use", () => {
  const cases: [string[], string][] = [
    [["version", "--aws-profile", "x"], "unknown flag: --aws-profile"],
    [["version", "--no-color"], "unknown flag: --no-color"],
    [["iam-policy", "doctor", "--context", "west"], "unknown flag: --context"],
    [["completion", "bash", "-o", "json"], "unknown flag: -o"],
  ];
  for (const [args, message] of cases)
    it(`${args.join(" ")}: refused by the name typed (exit 2)`, async () => {
      const res = await runCli(args);
      assert.equal(res.code, 2);
      assert.equal(res.stderr.split("\n")[0], `error: ${message}`);
    });

  it("setup accepts --no-aws only to refuse it with the reason", async () => {
    const res = await runCli(["setup", "--no-aws", "--dry-run"]);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /^error: setup changes AWS: --no-aws cannot be used with it$/m);
  });
});

it("--version under a command prints the version alone", async () => {
  const res = await runCli(["doctor", "--version"]);
  assert.equal(res.code, 0);
  assert.match(res.stdout, /^v\d+\.\d+\.\d+\S*\n$/);
});
