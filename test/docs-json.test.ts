/**
 * The samples in the README and docs/ are what the real CLI prints for examples/broken, and every
 * flag of every command's --help is documented.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { runCli } from "./support/cli.js";

const ROOT = new URL("../", import.meta.url).pathname;
const BROKEN = join(ROOT, "examples", "broken");
const read = (file: string) => readFileSync(join(ROOT, file), "utf8");

/** The text between `<!-- BEGIN name…-->` and `<!-- END name -->`, without its code fence. */
function marked(text: string, name: string): string {
  const m = new RegExp(`<!-- BEGIN ${name}\\b[^>]*-->\\n([\\s\\S]*?)<!-- END ${name} -->`).exec(
    text,
  );
  assert.ok(m?.[1] !== undefined, `no ${name} block`);
  return m[1].replace(/^```\w*\n/, "").replace(/\n```\n?$/, "");
}

/**
 * Why `sample` is not a part of `real`, or undefined when it is: objects have the same keys, a
 * sample array's elements each match some element of the real one, a string with "…" stands for
 * any string, other values are equal.
 */
export function mismatch(sample: unknown, real: unknown, path = "$"): string | undefined {
  if (typeof sample === "string" && sample.includes("…")) {
    return typeof real === "string" ? undefined : `${path}: a string in the sample, ${typeof real}`;
  }
  if (Array.isArray(sample)) {
    if (!Array.isArray(real)) return `${path}: an array in the sample, not in the output`;
    if (sample.length === 0 && real.length > 0) return `${path}: empty in the sample only`;
    for (const [i, s] of sample.entries()) {
      const why = real.map((r) => mismatch(s, r, `${path}[${i}]`));
      if (!why.includes(undefined)) return why[0] ?? `${path}[${i}]: nothing to match`;
    }
    return undefined;
  }
  if (sample && typeof sample === "object") {
    if (!real || typeof real !== "object" || Array.isArray(real)) {
      return `${path}: an object in the sample, not in the output`;
    }
    const keys = (o: object) => Object.keys(o).sort().join(", ");
    if (keys(sample) !== keys(real)) {
      return `${path}: keys ${keys(sample)} in the sample, ${keys(real)} in the output`;
    }
    for (const [k, v] of Object.entries(sample)) {
      const why = mismatch(v, (real as Record<string, unknown>)[k], `${path}.${k}`);
      if (why) return why;
    }
    return undefined;
  }
  return sample === real
    ? undefined
    : `${path}: ${JSON.stringify(sample)} in the sample, ${JSON.stringify(real)} in the output`;
}

describe("samples and flags in the docs", () => {
  it("mismatch: keys, values, elided strings and array elements", () => {
    const real = {
      a: [
        { id: "x", n: 1 },
        { id: "y", n: 2 },
      ],
      s: "long text",
      z: null,
    };
    assert.equal(mismatch({ a: [{ id: "y", n: 2 }], s: "long …", z: null }, real), undefined);
    assert.match(mismatch({ a: [{ id: "y", n: 3 }], s: "…", z: null }, real) ?? "", /\$\.a\[0\]/);
    assert.match(mismatch({ a: [], s: "…" }, real) ?? "", /keys a, s in the sample/);
    assert.match(mismatch({ a: [], s: "…", z: null }, real) ?? "", /empty in the sample/);
    assert.match(mismatch({ a: real.a, s: "long", z: null }, real) ?? "", /\$\.s: "long"/);
  });

  it("docs/reference.md's JSON sample is part of `doctor --snapshot examples/broken -o json`", async () => {
    const res = await runCli(["doctor", "--snapshot", BROKEN, "-o", "json"]);
    assert.equal(res.code, 1, res.stderr);
    const sample = JSON.parse(marked(read("docs/reference.md"), "doctor-json")) as unknown;
    assert.equal(mismatch(sample, JSON.parse(res.stdout)), undefined);
  });

  it("the README's doctor excerpt is lines of the real report", async () => {
    const res = await runCli(["doctor", "--snapshot", "examples/broken"], { cwd: ROOT });
    assert.equal(res.code, 1, res.stderr);
    const real = new Set(res.stdout.split("\n"));
    const excerpt = marked(read("README.md"), "doctor-excerpt").split("\n");
    assert.ok(excerpt.length > 3);
    for (const line of excerpt) if (line !== "…") assert.ok(real.has(line), line);
  });

  it("docs/setup.md's aws commands are those `setup --print-commands` prints", async () => {
    const res = await runCli(
      ["setup", "--dry-run", "--snapshot", "examples/broken", "--print-commands"],
      { cwd: ROOT },
    );
    const real = new Set(res.stdout.split("\n").map((l) => l.trim()));
    const doc = read("docs/setup.md");
    const commands = [...doc.matchAll(/^ *(aws ec2 .*)$/gm)].map((m) => m[1] ?? "");
    assert.ok(commands.length >= 3);
    for (const c of commands) assert.ok(real.has(c), c);
  });

  it("every flag of every command's --help is in docs/reference.md or docs/setup.md", async () => {
    const docs = read("docs/reference.md") + read("docs/setup.md");
    const commands = [
      "doctor",
      "verify",
      "show",
      "collect",
      "setup",
      "teardown",
      "version",
      "iam-policy",
    ];
    for (const command of commands) {
      const res = await runCli([command, "--help"]);
      assert.equal(res.code, 0, res.stderr);
      const flags = [
        ...(res.stdout.split("\nExamples:")[0] ?? "").matchAll(/^ {2}(?:-\w, | {4})(--[\w-]+)/gm),
      ].map((m) => m[1]);
      assert.ok(flags.length > 1, command); // version has only -o and --help
      for (const flag of flags) {
        const documented = flag === "--color" ? "--no-color" : flag === "--aws" ? "--no-aws" : flag;
        const mentioned = new RegExp(`(^|[^\\w-])${documented}(?![\\w-])`, "m");
        assert.match(docs, mentioned, `${command} ${flag}`);
      }
    }
  });
});
