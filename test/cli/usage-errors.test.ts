/** yargs' validation messages in the house style: a table, no process. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { houseStyle } from "../../src/cli/usage-errors.js";

const USAGE = "kubectl antrea-mc iam-policy <mode>";

const cases: { name: string; message: string; argv: string[]; want: string }[] = [
  {
    name: "a choice through the short alias",
    message: 'Invalid values:\n  Argument: output, Given: "xml", Choices: "table", "json", "yaml"',
    argv: ["doctor", "-o", "xml"],
    want: "-o xml: expected table, json or yaml",
  },
  {
    name: "a choice through the long flag with =",
    message: 'Invalid values:\n  Argument: output, Given: "xml", Choices: "table", "json", "yaml"',
    argv: ["doctor", "--output=xml"],
    want: "--output xml: expected table, json or yaml",
  },
  {
    name: "two choices",
    message: 'Invalid values:\n  Argument: fail-on, Given: "bad", Choices: "error", "warning"',
    argv: ["doctor", "--fail-on", "bad"],
    want: "--fail-on bad: expected error or warning",
  },
  {
    name: "a positional argument",
    message: 'Invalid values:\n  Argument: mode, Given: "admin", Choices: "doctor", "setup"',
    argv: ["iam-policy", "admin"],
    want: 'unknown mode "admin": expected doctor or setup',
  },
  {
    name: "a flag at the end without its value",
    message: "Not enough arguments following: o",
    argv: ["doctor", "--snapshot", "snap", "-o"],
    want: "-o needs a value",
  },
  {
    name: "a long flag without its value",
    message: "Not enough arguments following: snapshot",
    argv: ["doctor", "--snapshot"],
    want: "--snapshot needs a value",
  },
  {
    name: "an unknown flag and a stray word",
    message: "Unknown arguments: frob, extra",
    argv: ["doctor", "--frob", "extra"],
    want: 'unknown flag: --frob; unexpected argument "extra"',
  },
  {
    name: "a missing positional",
    message: "Not enough non-option arguments: got 0, need at least 1",
    argv: ["iam-policy"],
    want: `missing argument: ${USAGE}`,
  },
  {
    name: "one positional too many",
    message: "Too many non-option arguments: got 2, maximum of 1",
    argv: ["iam-policy", "doctor", "setup"],
    want: `too many arguments: ${USAGE}`,
  },
  {
    name: "a message it does not know passes through",
    message: "Arguments a and b are mutually exclusive",
    argv: [],
    want: "Arguments a and b are mutually exclusive",
  },
];

describe("houseStyle", () => {
  for (const c of cases)
    it(c.name, () => assert.equal(houseStyle(c.message, c.argv, USAGE), c.want));
});
