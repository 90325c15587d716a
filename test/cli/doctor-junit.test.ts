/**
 * doctor -o junit, the real CLI (dist/: `npm run build` first): the report validates against
 * junit-10.xsd, has one test case per entry of the same run's -o json checks[], fails exactly the
 * findings --fail-on fails on, and the exit code is the table run's.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { CheckResult } from "../../src/checks/types.js";
import type { DoctorDocument } from "../../src/report/doctor.js";
import { cleanEnv, runCli } from "../support/cli.js";
import { type RunningClusterSet, startClusterSet } from "../support/harness.js";
import { junitCases, junitSchemaErrors, suiteAttributes } from "../support/junit-schema.js";
import { healthyScenario } from "../support/scenarios.js";

const example = (name: string) => new URL(`../../examples/${name}`, import.meta.url).pathname;

/** The severities each --fail-on fails on (docs/reference.md "Exit codes"), written out here on purpose. */
const FAILING: Record<string, readonly string[]> = {
  error: ["error"],
  warning: ["error", "warning"],
  info: ["error", "warning", "info"],
};

function shouldFail(r: CheckResult, failOn: string): boolean {
  if (r.status === "fail" && r.id.endsWith(".access")) return true;
  return (
    (r.status === "fail" || r.status === "warn") &&
    (FAILING[failOn] ?? []).includes(r.severity ?? "")
  );
}

/** The -o json checks of a run do not depend on --fail-on: one run per set of flags. */
const jsonRuns = new Map<string, ReturnType<typeof runCli>>();

/**
 * Runs doctor -o junit (and -o json, and the table) with the same flags; checks the report against
 * the JSON's checks and the exit code against the table run's.
 */
async function compare(args: string[], failOn: string, env?: NodeJS.ProcessEnv) {
  const flags = [...args, "--fail-on", failOn];
  const opts = env ? { env } : {};
  const key = JSON.stringify(args);
  if (!jsonRuns.has(key)) jsonRuns.set(key, runCli(["doctor", ...args, "-o", "json"], opts));
  const [table, json, junit] = await Promise.all([
    runCli(["doctor", ...flags], opts),
    jsonRuns.get(key) as ReturnType<typeof runCli>,
    runCli(["doctor", ...flags, "-o", "junit"], opts),
  ]);
  assert.equal(junit.code, table.code, junit.stderr);
  assert.ok(json.stdout.startsWith("{"), json.stderr);
  assert.deepEqual(await junitSchemaErrors(junit.stdout), []);
  const { checks } = JSON.parse(json.stdout) as DoctorDocument;
  const cases = junitCases(junit.stdout);
  assert.equal(cases.length, checks.length);
  for (const [i, c] of cases.entries()) {
    const r = checks[i];
    assert.ok(r);
    assert.equal(c.classname, r.id);
    const way = r.direction ? `${r.direction.from}→${r.direction.to}` : `${r.member}→${r.peer}`;
    assert.ok(c.name.startsWith(r.peer ? way : r.member), c.name);
    const failed = c.children.includes("failure");
    assert.equal(failed, shouldFail(r, failOn), `${r.id} ${c.name}`);
    if (failed) assert.equal(c.message, r.message);
    assert.equal(c.children.includes("skipped"), r.status === "unknown", `${r.id} ${c.name}`);
  }
  const keys = cases.map((c) => `${c.classname} ${c.name}`);
  assert.equal(new Set(keys).size, keys.length, "test cases are unique");
  const suite = suiteAttributes(junit.stdout);
  const failures = checks.filter((r) => shouldFail(r, failOn)).length;
  assert.equal(suite.tests, String(checks.length));
  assert.equal(suite.failures, String(failures));
  assert.equal(suite.skipped, String(checks.filter((r) => r.status === "unknown").length));
  assert.equal(suite.errors, "0");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: no colour code, even when forced
  assert.doesNotMatch(junit.stdout, /\u001b/);
  return { code: junit.code, failures, checks };
}

describe("doctor -o junit", () => {
  const runs: [string, string, number, number][] = [
    // example, --fail-on, exit code, failures
    ["broken", "error", 1, 9],
    ["broken", "warning", 1, 13],
    ["broken", "info", 1, 14],
    ["healthy", "error", 0, 0],
    ["healthy", "info", 0, 0],
  ];
  for (const [name, failOn, code, failures] of runs) {
    it(`examples/${name} --fail-on ${failOn}: exit ${code}, ${failures} failure(s)`, async () => {
      // FORCE_COLOR: a colour code would be forced into the table, and must not reach the XML.
      const got = await compare(
        ["--snapshot", example(name)],
        failOn,
        cleanEnv({ FORCE_COLOR: "1" }),
      );
      assert.equal(got.code, code);
      assert.equal(got.failures, failures);
    });
  }

  describe("against test API servers", () => {
    let down: RunningClusterSet;
    let none: RunningClusterSet;
    before(async () => {
      down = await startClusterSet(healthyScenario(), { unreachable: ["east"] });
      none = await startClusterSet([], {
        extra: [
          { context: "kind-dev", options: { objects: [] } },
          { context: "kind-test", options: { objects: [] } },
        ],
      });
    });
    after(async () => {
      await down.close();
      await none.close();
    });

    it("a member that cannot be read: its access check fails, the rest are skipped; exit 3", async () => {
      const got = await compare(
        [
          "--kubeconfig",
          down.kubeconfig,
          "--context",
          down.contexts.join(","),
          "--no-aws",
          "--request-timeout",
          "5s",
        ],
        "error",
      );
      assert.equal(got.code, 3);
      assert.ok(got.checks.some((r) => r.status === "unknown"));
      assert.ok(got.checks.some((r) => r.id === "kube.access" && r.status === "fail"));
    });

    it("no member found: a valid report with one errored test case that says why; exit 3", async () => {
      const res = await runCli(["doctor", "-o", "junit"], {
        env: cleanEnv({ KUBECONFIG: none.kubeconfig }),
      });
      assert.equal(res.code, 3, res.stderr);
      assert.deepEqual(await junitSchemaErrors(res.stdout), []);
      const cases = junitCases(res.stdout);
      assert.equal(cases.length, 1);
      assert.deepEqual(cases[0]?.children, ["error"]);
      assert.match(cases[0]?.message ?? "", /^No member found \(exit 3\): /);
      assert.ok(cases[0]?.body.includes("  - kind-dev: no member antrea-mc-controller Deployment"));
      assert.equal(suiteAttributes(res.stdout).errors, "1");
      // The contexts left out are said on stderr too, as with -o json.
      assert.match(res.stderr, /context kind-dev: no member antrea-mc-controller Deployment/);
    });
  });

  it("only doctor takes -o junit: other commands say what they expect", async () => {
    for (const [args, expected] of [
      [
        ["show", "--snapshot", example("broken"), "-o", "junit"],
        "table, json, yaml, dot or mermaid",
      ],
      [["collect", "--out", "/nonexistent-dir-for-test", "-o", "junit"], "table, json or yaml"],
      [["version", "-o", "junit"], "table, json or yaml"],
    ] as const) {
      const res = await runCli([...args]);
      assert.equal(res.code, 2, `${args[0]}: ${res.stderr}`);
      assert.equal(res.stdout, "");
      assert.ok(res.stderr.startsWith(`error: -o junit: expected ${expected}\n`), res.stderr);
    }
    const help = await runCli(["doctor", "--help"]);
    assert.match(help.stdout, /output format: table, json, yaml or junit/);
  });
});
