/**
 * Layers import only downwards. The order is written once, here: a module may import from its own
 * layer and from the layers listed before it, never from a later one, and never from a sibling
 * (two layers on one line: checks and plan, model and collect, … know nothing of each other).
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, it } from "node:test";

/** Lowest first. `base` is src/*.ts (errors, project, version, reporter) and src/util/. */
export const LAYERS: readonly (readonly string[])[] = [
  ["base"],
  ["aws"], // AWS vocabulary: raw answers, actions, tags
  ["kube"], // Kubernetes vocabulary: raw objects, resources, shapes, where things are
  ["config", "iam"],
  ["model", "collect"],
  ["analysis"],
  ["fixes"],
  ["checks", "plan"],
  ["verify"], // verify's probes: command lines, manifests, logs, verdicts (pure)
  ["apply"],
  ["report"],
  ["app"],
  ["cli"],
  ["main"],
];

/** The layer of a module path relative to src/. */
export function layerOf(path: string): string {
  const [first, ...rest] = path.split("/");
  if (rest.length === 0) return first === "main.ts" ? "main" : "base";
  return first === "util" ? "base" : (first ?? "");
}

export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** "from → to (why)" for every import that breaks the order. */
export function violations(graph: ImportGraph, layers = LAYERS): string[] {
  const rank = new Map<string, number>();
  for (const [i, line] of layers.entries()) for (const l of line) rank.set(l, i);
  const out: string[] = [];
  for (const [from, targets] of graph) {
    const a = layerOf(from);
    for (const to of targets) {
      const b = layerOf(to);
      if (a === b) continue;
      const ra = rank.get(a);
      const rb = rank.get(b);
      if (ra === undefined || rb === undefined) out.push(`${from} → ${to} (layer not listed)`);
      else if (rb > ra) out.push(`${from} → ${to} (${a} imports ${b}, a layer above it)`);
      else if (rb === ra) out.push(`${from} → ${to} (${a} and ${b} are siblings)`);
    }
  }
  return out.sort();
}

const SRC = new URL("../../src/", import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory()
      ? sourceFiles(join(dir, d.name))
      : d.name.endsWith(".ts")
        ? [join(dir, d.name)]
        : [],
  );
}

/** Relative imports of every module under src/ (static, re-exports and dynamic import()). */
export function importGraph(root = SRC): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(root)) {
    const text = readFileSync(file, "utf8");
    const specs = [
      ...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^import\s+)["'](\.{1,2}\/[^"']+)["']/gm),
    ];
    graph.set(
      relative(root, file),
      specs.map((m) => relative(root, resolve(dirname(file), m[1] ?? "")).replace(/\.js$/, ".ts")),
    );
  }
  return graph;
}

describe("layers", () => {
  it("every module of src/ imports only from its own layer or the ones below", () => {
    const graph = importGraph();
    assert.ok(graph.size > 50, "the source tree was read");
    const unlisted = [...new Set([...graph.keys()].map(layerOf))].filter(
      (l) => !LAYERS.some((line) => line.includes(l)),
    );
    assert.deepEqual(unlisted, [], "every folder of src/ is a listed layer");
    assert.deepEqual(violations(graph), []);
  });

  describe("the rule itself, on made-up graphs", () => {
    const graph = (edges: [string, string][]) => {
      const g = new Map<string, string[]>();
      for (const [a, b] of edges) g.set(a, [...(g.get(a) ?? []), b]);
      return g;
    };
    it("downward and same-layer imports pass", () => {
      assert.deepEqual(
        violations(
          graph([
            ["checks/aws-route.ts", "analysis/aws/routes.ts"],
            ["checks/aws-route.ts", "checks/types.ts"],
            ["app/doctor.ts", "report/doctor.ts"],
            ["collect/kube/member.ts", "kube/locate.ts"],
            ["main.ts", "cli/index.ts"],
            ["report/progress.ts", "reporter.ts"],
            ["apply/run.ts", "util/limit.ts"],
          ]),
        ),
        [],
      );
    });
    it("an upward import fails, naming both modules", () => {
      assert.deepEqual(violations(graph([["model/build.ts", "collect/kube/types.ts"]])), [
        "model/build.ts → collect/kube/types.ts (model and collect are siblings)",
      ]);
      assert.deepEqual(violations(graph([["collect/aws/owned-rules.ts", "plan/tags.ts"]])), [
        "collect/aws/owned-rules.ts → plan/tags.ts (collect imports plan, a layer above it)",
      ]);
      assert.deepEqual(violations(graph([["iam/calls.ts", "plan/types.ts"]])), [
        "iam/calls.ts → plan/types.ts (iam imports plan, a layer above it)",
      ]);
      assert.deepEqual(violations(graph([["reporter.ts", "report/style.ts"]])), [
        "reporter.ts → report/style.ts (base imports report, a layer above it)",
      ]);
    });
    it("checks and plan never import each other", () => {
      assert.deepEqual(
        violations(
          graph([
            ["plan/setup.ts", "checks/aws/path.ts"],
            ["checks/aws-route.ts", "plan/route-steps.ts"],
          ]),
        ),
        [
          "checks/aws-route.ts → plan/route-steps.ts (checks and plan are siblings)",
          "plan/setup.ts → checks/aws/path.ts (plan and checks are siblings)",
        ],
      );
    });
    it("a folder missing from the order fails", () => {
      assert.deepEqual(violations(graph([["widgets/x.ts", "model/types.ts"]])), [
        "widgets/x.ts → model/types.ts (layer not listed)",
      ]);
    });
  });
});
