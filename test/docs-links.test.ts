/**
 * Every relative link of the README and docs/ resolves: the file exists and, for a `#fragment`, the
 * target has that anchor — a heading's slug as GitHub makes it, or an explicit <a id="…">.
 */
import assert from "node:assert/strict";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { describe, it } from "node:test";

const ROOT = new URL("../", import.meta.url).pathname;

/** GitHub's heading anchor: the rendered text, lower-cased, punctuation dropped, spaces to '-'. */
export function slug(heading: string): string {
  return heading
    .replace(/<[^>]+>/g, "")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[`*]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** The lines outside fenced code blocks. */
function prose(text: string): string[] {
  let fence: string | undefined;
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const m = /^\s*(`{3,}|~{3,})/.exec(line);
    if (m?.[1]) {
      if (!fence) fence = m[1];
      else if (m[1].startsWith(fence)) fence = undefined;
      continue;
    }
    if (!fence) out.push(line);
  }
  return out;
}

export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of prose(markdown)) {
    const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (h?.[1] !== undefined) {
      const base = slug(h[1]);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      out.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const a of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) if (a[1]) out.add(a[1]);
  }
  return out;
}

/** The targets of the inline links and images outside code. */
export function links(markdown: string): string[] {
  const out: string[] = [];
  for (const line of prose(markdown)) {
    const text = line.replace(/`[^`]*`/g, "``");
    for (const m of text.matchAll(/!?\[(?:[^\]]|\][^(])*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      if (m[1]) out.push(m[1]);
    }
  }
  return out;
}

/** What is wrong with each relative link of `file` (a path relative to `root`). */
export function brokenLinks(root: string, file: string): string[] {
  const text = readFileSync(join(root, file), "utf8");
  const problems: string[] = [];
  for (const target of links(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: …
    const [path = "", fragment] = target.split("#", 2);
    const resolved = path ? join(dirname(join(root, file)), decodeURI(path)) : join(root, file);
    if (!existsSync(resolved)) {
      problems.push(`${file}: ${target}: ${relative(root, resolved)} does not exist`);
      continue;
    }
    if (fragment === undefined) continue;
    if (statSync(resolved).isDirectory() || !resolved.endsWith(".md")) {
      problems.push(`${file}: ${target}: an anchor into something that is not a Markdown file`);
    } else if (!anchors(readFileSync(resolved, "utf8")).has(decodeURIComponent(fragment))) {
      problems.push(`${file}: ${target}: ${relative(root, resolved)} has no anchor #${fragment}`);
    }
  }
  return problems;
}

const DOCS = [
  "README.md",
  "examples/README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

describe("links in the README and docs/", () => {
  it("GitHub's heading anchors", () => {
    const cases: [string, string][] = [
      ["Install", "install"],
      ["`setup` and `teardown`", "setup-and-teardown"],
      ["What doctor checks", "what-doctor-checks"],
      ["Exit codes", "exit-codes"],
      ["A snapshot made by hand", "a-snapshot-made-by-hand"],
      ["Reliability: what kubectl antrea-mc does", "reliability-what-kubectl-antrea-mc-does"],
      ["Bad input (exit 2, one line)", "bad-input-exit-2-one-line"],
      ["setup and teardown — a [link](x.md)", "setup-and-teardown--a-link"],
      ["snake_case and CamelCase", "snake_case-and-camelcase"],
    ];
    for (const [heading, want] of cases) assert.equal(slug(heading), want, heading);
    assert.deepEqual(
      [...anchors('# A\n\n```sh\n# not a heading\n```\n## A\n<a id="aws.route"></a>\n')],
      ["a", "a-1", "aws.route"],
    );
  });

  it("finds broken links, and ignores links in code", () => {
    assert.deepEqual(
      links("[a](b.md) `[c](d.md)` ![e](f.png) [g](https://x/y#z)\n```\n[h](i.md)\n```\n"),
      ["b.md", "f.png", "https://x/y#z"],
    );
    const root = mkdtempSync(join(tmpdir(), "antrea-mc-links-"));
    mkdirSync(join(root, "docs"));
    writeFileSync(join(root, "docs", "ref.md"), "# Reference\n## Exit codes\n");
    writeFileSync(
      join(root, "README.md"),
      [
        "# Top",
        "[ok](docs/ref.md#exit-codes) [ok](#top) [ok](docs/) [ok](https://example.com/x.md#y)",
        "[gone](nowhere.md) [bad anchor](docs/ref.md#exit-code) [bad local](#missing)",
        "",
      ].join("\n"),
    );
    assert.deepEqual(brokenLinks(root, "README.md"), [
      "README.md: nowhere.md: nowhere.md does not exist",
      "README.md: docs/ref.md#exit-code: docs/ref.md has no anchor #exit-code",
      "README.md: #missing: README.md has no anchor #missing",
    ]);
  });

  for (const file of DOCS) {
    it(`${file}: every relative link and anchor resolves`, () => {
      assert.deepEqual(brokenLinks(ROOT, file), []);
    });
  }
});
