/**
 * --help as a person reads it at 80 columns: on a real pseudo-terminal (util-linux script, sized
 * with stty) and through a pipe. No line is wider than the terminal, no word is cut, a command's
 * own flags come before the global ones, only the global flags it uses are listed, example
 * commands are whole lines, and yargs' "[default: []]" tags are gone.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import yargs, { type Argv } from "yargs";
import { cliCommands } from "../../src/cli/index.js";
import { globalFlags, LEADER_FLAGS } from "../../src/cli/options.js";
import { CLI, cleanEnv, runCli } from "../support/cli.js";

const NAME = "kubectl antrea-mc";
const COMMANDS = cliCommands(() => {});
const ALL = [
  "--kubeconfig",
  "--context",
  "--member-namespace",
  "--output",
  "--color",
  "--verbose",
  "--request-timeout",
  "--aws-profile",
  "--aws-role-arn",
  "--aws-region",
  "--aws",
  "--config",
  "--leader-context",
];
/**
 * The global flags each command uses, read from its handler and src/app: setup and teardown
 * change AWS (--no-aws is refused, not offered); verify reads no leader; version and iam-policy
 * only print, in a format.
 */
const GLOBALS_OF: Record<string, string[]> = {
  "": ALL,
  doctor: ALL,
  verify: ALL.filter((f) => f !== "--leader-context"),
  show: ALL,
  collect: ALL,
  setup: ALL.filter((f) => f !== "--aws"),
  teardown: ALL.filter((f) => f !== "--aws"),
  version: ["--output"],
  "iam-policy": ["--output"],
  completion: [],
};

interface Internals {
  getOptions(): {
    key: Record<string, unknown>;
    alias: Record<string, string[]>;
    hiddenOptions: string[];
  };
  getGroups(): Record<string, string[]>;
  getInternalMethods(): { getUsageInstance(): { getDescriptions(): Record<string, string> } };
}

/** A command's yargs declarations, as its builder makes them. */
function declared(name: string): Internals {
  // --version is the top level's, with its description in src/cli/index.ts.
  const y = yargs([]).version(false).help("help", "show this help").alias("help", "h");
  if (!name) return globalFlags(y, LEADER_FLAGS) as unknown as Internals;
  const c = COMMANDS.find((x) => String(x.command).split(" ")[0] === name);
  const builder = c?.builder as unknown as ((y: Argv) => Argv) | undefined;
  assert.ok(builder, name);
  return builder(y) as unknown as Internals;
}

/** Every text of a command that --help shows, as written in the source. */
function sourceTexts(name: string): string[] {
  const y = declared(name);
  const { hiddenOptions } = y.getOptions();
  const descriptions = Object.entries(y.getInternalMethods().getUsageInstance().getDescriptions())
    .filter(([k]) => !hiddenOptions.includes(k))
    .map(([, d]) => d);
  const c = COMMANDS.find((x) => String(x.command).split(" ")[0] === name);
  const own = c
    ? [String(c.describe), c.epilogue ?? "", ...(c.examples ?? []).map((e) => e.describe)]
    : COMMANDS.map((x) => String(x.describe));
  return [...descriptions, ...own];
}

/** The flags of a command that are not global ones (--help, --version and positionals aside). */
function ownFlags(name: string): string[] {
  const y = declared(name);
  const o = y.getOptions();
  const aliases = new Set(Object.values(o.alias).flat());
  const positional = new Set(y.getGroups()["Positionals:"] ?? []);
  return Object.keys(o.key)
    .filter((k) => !aliases.has(k) && !positional.has(k) && !o.hiddenOptions.includes(k))
    .map((k) => `--${k}`)
    .filter((f) => !ALL.includes(f) && f !== "--help" && f !== "--version");
}

/** The flags listed as rows ("  -o, --output  text") between `heading` and the next blank line. */
function rows(help: string, heading: string): string[] {
  const lines = help.split("\n");
  const start = lines.indexOf(heading);
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && l === "");
  return lines
    .slice(start + 1, end < 0 ? undefined : end)
    .map((l) => /^\s+(?:-\w, )?(--[\w-]+)/.exec(l)?.[1])
    .filter((f): f is string => f !== undefined);
}

/** The help of every command (and the top level, ""), as a terminal `cols` wide showed it. */
async function onTerminal(cols: number): Promise<Map<string, string>> {
  const names = ["", ...COMMANDS.map((c) => String(c.command).split(" ")[0])];
  const script = [
    `stty cols ${cols} rows 40`,
    ...names.map((n) => `echo '@@@ ${n}'; ${CLI} ${n} --help`),
  ].join("; ");
  const shown = await runCli(["-qec", script, "/dev/null"], {
    env: cleanEnv({ TERM: "xterm" }),
    command: ["script"],
  });
  assert.equal(shown.code, 0, shown.stdout);
  const screen = shown.stdout.replaceAll("\r", "");
  const helps = new Map<string, string>();
  for (const part of screen.split("@@@ ").slice(1)) {
    const nl = part.indexOf("\n");
    helps.set(part.slice(0, nl), part.slice(nl + 1));
  }
  assert.deepEqual([...helps.keys()], names);
  return helps;
}

const width = (line: string) => [...line].length;

function checkHelp(name: string, help: string, cols: number) {
  const what = `${name || "top level"} --help`;
  for (const line of help.split("\n"))
    assert.ok(width(line) <= cols, `${what}: ${width(line)} columns: ${line}`);

  // A word cut by the wrapping is no longer a word of the help.
  const words = new Set(help.split(/\s+/));
  for (const text of sourceTexts(name))
    for (const word of text.split(/\s+/).filter(Boolean))
      assert.ok(words.has(word), `${what}: "${word}" is cut (from "${text}")`);

  assert.doesNotMatch(help, /\[default: \[\]\]|\[array\]|\[string\]|\[boolean\]/, what);

  const globals = rows(help, "Global flags:");
  assert.deepEqual(globals, GLOBALS_OF[name], `${what}: the global flags`);
  for (const f of ALL.filter((g) => !GLOBALS_OF[name]?.includes(g)))
    assert.doesNotMatch(help, new RegExp(`^\\s+(-\\w, )?${f}\\s`, "m"), `${what} lists ${f}`);

  const own = rows(help, "Flags:");
  assert.deepEqual(
    own.filter((f) => f !== "--help" && f !== "--version").sort(),
    ownFlags(name).sort(),
    what,
  );
  const lines = help.split("\n");
  const global = lines.indexOf("Global flags:");
  if (global >= 0) assert.ok(lines.indexOf("Flags:") < global, `${what}: own flags first`);

  const c = COMMANDS.find((x) => String(x.command).split(" ")[0] === name);
  for (const e of c?.examples ?? []) {
    const commands = (typeof e.command === "string" ? [e.command] : e.command).map(
      (l) => `    ${l.replaceAll("$0", NAME)}`,
    );
    const at = lines.indexOf(commands[0] ?? "");
    assert.deepEqual(
      lines.slice(at, at + commands.length),
      commands,
      `${what}: an example command is not whole lines: ${commands.join("\n")}`,
    );
    // Right above it, its description (wrapped, two spaces in).
    let top = at;
    while (top > 0 && /^ {2}\S/.test(lines[top - 1] ?? "")) top--;
    assert.equal(lines.slice(top, at).join(" ").replace(/\s+/g, " ").trim(), e.describe, what);
  }
}

describe("--help at 80 columns", () => {
  it("fits an 80-column terminal: no cut word, own flags first, only the global flags used", async () => {
    for (const [name, help] of await onTerminal(80)) checkHelp(name, help, 80);
  });

  it("a pipe gets the same help, at 80 columns whatever COLUMNS says", async () => {
    const terminal = await onTerminal(80);
    for (const [name, help] of terminal) {
      const piped = await runCli([...(name ? [name] : []), "--help"], {
        env: cleanEnv({ COLUMNS: "200" }),
      });
      assert.equal(piped.code, 0);
      assert.equal(piped.stdout, help, `${name} --help through a pipe`);
    }
  });

  it("follows a wider terminal", async () => {
    const helps = await onTerminal(100);
    const doctor = helps.get("doctor") ?? "";
    checkHelp("doctor", doctor, 100);
    assert.ok(
      doctor.split("\n").some((l) => width(l) > 80),
      "at 100 columns, some description uses the room",
    );
  });
});
