/**
 * The doctor table as people read it, on four worlds (broken, healthy, a member that cannot be
 * read, 60 members) at 80 and 160 columns, with and without colour: compared with the stored
 * rendering (UPDATE_SNAPSHOTS=1 rewrites it), and held to the rules a stored copy cannot show — the
 * verdict in the first lines, no line wider than the terminal except a command or a URL, no fix
 * with a placeholder for a value the tool knows, colour that changes nothing but colour.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setupWouldFix } from "../../src/app/doctor.js";
import { doctorExitCode, runChecks, summarize } from "../../src/checks/engine.js";
import type { CheckResult } from "../../src/checks/types.js";
import { readSnapshot } from "../../src/collect/snapshot/read.js";
import type { RawClusterSet } from "../../src/kube/types.js";
import { buildModel } from "../../src/model/build.js";
import type { ClusterSetModel } from "../../src/model/types.js";
import { doctorDocument, renderDoctorTable } from "../../src/report/doctor.js";
import { makeStyle } from "../../src/report/style.js";
import { visibleWidth } from "../../src/report/wrap.js";
import { rawClusterSet } from "../support/memory-reader.js";
import { healthyScenario, manySpecs, scenario } from "../support/scenarios.js";

const STORED = join(import.meta.dirname, "__snapshots__");
const ESC = String.fromCharCode(27);
const ANSI = new RegExp(`${ESC}\\[[0-9;]*m`, "g");

interface World {
  readonly raw: () => Promise<RawClusterSet>;
  readonly origin: string;
  readonly target: string;
}

const WORLDS: Record<string, World> = {
  broken: {
    raw: async () => (await readSnapshot("examples/broken")).raw,
    origin: "snapshot examples/broken, taken 2026-11-25T12:00:00.000Z",
    target: " --snapshot examples/broken",
  },
  healthy: {
    raw: async () => (await readSnapshot("examples/healthy")).raw,
    origin: "snapshot examples/healthy",
    target: " --snapshot examples/healthy",
  },
  unreachable: {
    raw: () =>
      rawClusterSet(healthyScenario(), {
        east: {
          failure: {
            kind: "unreachable",
            message: "dial tcp 127.0.0.1:6443: connect: connection refused",
          },
        },
      }),
    origin: "live",
    target: " --context west,east",
  },
  sixty: {
    raw: () => {
      const specs = manySpecs(60);
      const [three, five, last] = [specs[2], specs[4], specs[59]];
      if (three && five) five.serviceCIDR = three.serviceCIDR;
      if (last) last.agentConf = { ...last.agentConf, tunnelType: "vxlan" };
      return rawClusterSet(scenario(specs));
    },
    origin: "live",
    target: "",
  },
};

/** Each world's model and results are built once; only the rendering varies. */
const built = new Map<World, Promise<{ model: ClusterSetModel; checks: CheckResult[] }>>();
function analysed(world: World) {
  let found = built.get(world);
  if (!found) {
    found = world.raw().then((raw) => {
      const model = buildModel(raw);
      return { model, checks: runChecks(model) };
    });
    built.set(world, found);
  }
  return found;
}

async function render(world: World, width: number, color: 0 | 1) {
  const { model, checks } = await analysed(world);
  const code = doctorExitCode(checks);
  const doc = doctorDocument(model, checks, summarize(checks));
  const text = renderDoctorTable(doc, model, makeStyle(color), code, world.origin, {
    width,
    all: false,
    bySetup: setupWouldFix(model, checks),
    target: world.target,
    snapshot: world.target.startsWith(" --snapshot"),
  });
  return { text, code };
}

/** Lines that may be wider than the terminal: a command to paste, a URL to click. */
const COMMAND =
  /^\s*(?:(?:fix|manual):\s+)?(?:(?:kubectl|aws|antctl)\s|[a-z_]+=\$\()|https:\/\/\S+$/;
/** A fix that asks the reader for a value: `<…>`, `...`, `…`, or an upper-case stand-in. */
const PLACEHOLDER = /<[^>]*>|\.\.\.|…|\b(?:CIDR|NODE|CONTEXT|ACCOUNT|REGION)\b/;

function fixCommands(text: string): string[] {
  return text
    .split("\n")
    .filter((l) => COMMAND.test(l) && !l.includes("https://"))
    .map((l) => l.replace(/^\s*(?:(?:fix|manual):\s+)?/, ""));
}

describe("doctor table", () => {
  for (const [name, world] of Object.entries(WORLDS)) {
    for (const width of [80, 160]) {
      it(`${name} at ${width} columns`, async () => {
        const { text, code } = await render(world, width, 0);
        const lines = text.split("\n");
        // The verdict with the exit code comes first: within the first four lines.
        const verdict = lines.findIndex((l) =>
          /^[✓✗?] (Problems found|No problems|No errors|Incomplete)\b.*\(exit \d\)/.test(l),
        );
        assert.ok(verdict >= 0 && verdict < 4, `verdict at line ${verdict}:\n${text}`);
        assert.match(lines[verdict] ?? "", new RegExp(`\\(exit ${code}\\)`));
        for (const line of lines) {
          if (visibleWidth(line) > width)
            assert.match(line, COMMAND, `wider than ${width} and not a command:\n${line}`);
        }
        for (const command of fixCommands(text))
          assert.doesNotMatch(command, PLACEHOLDER, `a fix with a placeholder: ${command}`);

        const file = join(STORED, `${name}-${width}.txt`);
        if (process.env.UPDATE_SNAPSHOTS === "1") writeFileSync(file, text);
        assert.ok(existsSync(file), `${file} is missing: UPDATE_SNAPSHOTS=1 writes it`);
        assert.equal(text, readFileSync(file, "utf8"), `differs from ${file} (UPDATE_SNAPSHOTS=1)`);

        const colored = (await render(world, width, 1)).text;
        assert.ok(colored.includes(ESC), "colour codes expected");
        assert.equal(colored.replace(ANSI, ""), text, "colour changed more than colour");
      });
    }
  }

  it("collapses passes, and the unknowns of an unreadable member, to one line each", async () => {
    const { text } = await render(WORLDS.unreachable as World, 80, 0);
    assert.equal(text.match(/not evaluated: east could not be inspected/g)?.length, 2, text);
    assert.match(text, /^ {2}✓ \d+ passed$/m);
    assert.doesNotMatch(text, /^ {2}✓ kube\.access/m);
  });

  it("--all lists every passing check", async () => {
    const world = WORLDS.healthy as World;
    const { model, checks } = await analysed(world);
    const doc = doctorDocument(model, checks, summarize(checks));
    const text = renderDoctorTable(doc, model, makeStyle(0), 0, world.origin, { all: true });
    assert.equal(text.match(/^ {2}✓ [a-z]+\.[a-z-]+ /gm)?.length, checks.length);
    assert.doesNotMatch(text, /--all lists/);
  });
});
