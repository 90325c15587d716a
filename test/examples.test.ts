import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import { makeExamples } from "../scripts/make-examples.js";
import type { DoctorDocument } from "../src/report/doctor.js";
import type { PlanDocument } from "../src/report/plan.js";
import { runCli } from "./support/cli.js";

const EXAMPLES = new URL("../examples/", import.meta.url).pathname;
const ROOT = new URL("../", import.meta.url).pathname;

function tree(dir: string): Map<string, string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) =>
    d.isFile(),
  );
  return new Map(
    files.map((d) => {
      const path = join(d.parentPath ?? (d as unknown as { path: string }).path, d.name);
      return [relative(dir, path), readFileSync(path, "utf8")];
    }),
  );
}

describe("bundled examples", () => {
  it("healthy: every check passes, the AWS ones included (exit 0)", async () => {
    const res = await runCli(["doctor", "--snapshot", join(EXAMPLES, "healthy"), "-o", "json"]);
    assert.equal(res.code, 0, res.stderr);
    const doc = JSON.parse(res.stdout) as DoctorDocument;
    assert.deepEqual(
      doc.checks.filter((c) => c.status !== "pass"),
      [],
    );
    assert.ok(doc.checks.some((c) => c.id === "aws.route"));
  });

  it("broken: the expected faults (exit 1)", async () => {
    const res = await runCli(["doctor", "--snapshot", join(EXAMPLES, "broken"), "-o", "json"]);
    assert.equal(res.code, 1, res.stderr);
    const checks = (JSON.parse(res.stdout) as DoctorDocument).checks;
    const ids = (status: string) => [
      ...new Set(checks.filter((c) => c.status === status).map((c) => c.id)),
    ];
    assert.deepEqual(ids("fail").sort(), [
      "antrea.gateway-enabled",
      "antrea.mc-namespace",
      "aws.leader-path",
      "aws.nacl",
      "aws.route",
      "cidr.pod-config",
      "cidr.service-overlap",
      "mc.clusterinfo",
      "mc.tunnel-consistency",
    ]);
    assert.deepEqual(ids("warn").sort(), ["aws.mtu", "mc.gateway-candidates", "mc.leader"]);
    assert.deepEqual(ids("unknown"), []);
  });

  it("setup --dry-run on broken: the route it adds, and the rest left to the user (exit 1)", async () => {
    const res = await runCli([
      "setup",
      "--dry-run",
      "--snapshot",
      join(EXAMPLES, "broken"),
      "-o",
      "json",
    ]);
    assert.equal(res.code, 1, res.stderr);
    const plan = JSON.parse(res.stdout) as PlanDocument;
    assert.deepEqual(
      plan.actions.map((a) => `${a.member} ${a.action} ${a.resource}`),
      ["west CreateRoute rtb-46342f3e09574fa22", "west CreateTags rtb-46342f3e09574fa22"],
    );
    assert.deepEqual(plan.actions[0]?.params, {
      RouteTableId: "rtb-46342f3e09574fa22",
      DestinationCidrBlock: "10.20.0.0/16",
      VpcPeeringConnectionId: "pcx-fb8400bce924961a1",
    });
    assert.deepEqual(
      plan.unfixable
        .filter((u) => u.blocking)
        .map((u) => u.check)
        .sort(),
      [
        "antrea.gateway-enabled",
        "antrea.mc-namespace",
        "aws.nacl",
        "cidr.pod-config",
        "cidr.service-overlap",
        "mc.clusterinfo",
        "mc.tunnel-consistency",
      ],
    );
    const healthy = await runCli(["setup", "--dry-run", "--snapshot", join(EXAMPLES, "healthy")]);
    assert.equal(healthy.code, 0, healthy.stderr);
    assert.match(healthy.stdout, /Nothing to change in AWS\./);
  });

  it("npm run demo shows the broken example's report and exits 0", () => {
    const out = execFileSync("npm", ["run", "--silent", "demo"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    assert.match(out, /✗ cidr\.service-overlap/);
    assert.match(out, /✗ aws\.route/);
    assert.match(out, /fix: +kubectl --context/);
    assert.match(out, /^✗ Problems found \(exit 1\): /m);
  });

  it("are what the current collector writes from the current fixtures (npm run examples)", async () => {
    const fresh = mkdtempSync(join(tmpdir(), "antrea-mc-examples-"));
    await makeExamples(fresh);
    for (const name of ["healthy", "broken"]) {
      const want = tree(join(fresh, name));
      const have = tree(join(EXAMPLES, name));
      assert.deepEqual([...have.keys()].sort(), [...want.keys()].sort(), name);
      for (const [file, text] of want) assert.equal(have.get(file), text, `${name}/${file}`);
    }
  });
});
