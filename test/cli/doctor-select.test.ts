/** doctor --only / --skip / --fail-on, on the bundled broken example (a snapshot: no servers). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { doctorExitCode } from "../../src/checks/engine.js";
import { CHECKS } from "../../src/checks/registry.js";
import { selectChecks } from "../../src/checks/select.js";
import type { CheckId, CheckResult } from "../../src/checks/types.js";
import type { DoctorDocument } from "../../src/report/doctor.js";
import { runCli } from "../support/cli.js";

const BROKEN = new URL("../../examples/broken", import.meta.url).pathname;
const ids = (sel: { only?: string[]; skip?: string[] }) =>
  selectChecks(CHECKS, { only: sel.only ?? [], skip: sel.skip ?? [] }).map((c) => c.id);

describe("check selection", () => {
  it("keeps the access checks, and takes IDs or families", () => {
    assert.deepEqual(ids({ only: ["aws.route"] }), ["kube.access", "aws.access", "aws.route"]);
    assert.deepEqual(ids({ only: ["cidr.*"] }), [
      "kube.access",
      "cidr.service-overlap",
      "cidr.pod-overlap",
      "cidr.pod-config",
      "aws.access",
    ]);
    assert.equal(
      ids({ skip: ["aws.*"] })
        .filter((id) => id.startsWith("aws."))
        .join(),
      "aws.access",
    );
    assert.equal(ids({}).length, CHECKS.length);
  });

  it("refuses an ID that does not exist, naming the ones that do", () => {
    assert.throws(
      () => ids({ only: ["aws.routes"] }),
      /--only aws\.routes: no such check; the IDs are kube\.access, /,
    );
    assert.throws(() => ids({ skip: ["nope.*"] }), /--skip nope\.\*: no such check/);
  });

  it("--fail-on warning makes warnings fail the run; access failures still mean incomplete", () => {
    const r = (
      id: CheckId,
      status: CheckResult["status"],
      severity?: CheckResult["severity"],
    ): CheckResult => ({
      id,
      member: "west",
      status,
      ...(severity ? { severity } : {}),
      message: "",
      docs: "",
    });
    const warned = [r("aws.mtu", "warn", "warning")];
    assert.equal(doctorExitCode(warned), 0);
    assert.equal(doctorExitCode(warned, "warning"), 1);
    assert.equal(doctorExitCode([r("aws.mtu", "warn", "info")], "warning"), 0);
    assert.equal(doctorExitCode([...warned, r("kube.access", "fail", "error")], "warning"), 3);
  });
});

describe("doctor --only / --skip / --fail-on", () => {
  const doctor = async (args: string[]) => {
    const res = await runCli(["doctor", "--snapshot", BROKEN, "-o", "json", ...args]);
    return {
      code: res.code,
      doc: JSON.parse(res.stdout || "{}") as DoctorDocument,
      stderr: res.stderr,
    };
  };

  it("runs only the selected checks, and the exit code follows them", async () => {
    const only = await doctor(["--only", "aws.route,aws.mtu"]);
    assert.equal(only.code, 1, only.stderr);
    assert.deepEqual(
      [...new Set(only.doc.checks.map((c) => c.id))],
      ["kube.access", "aws.access", "aws.route", "aws.mtu"],
    );
    // Skipping every failing check leaves warnings only: exit 0, or 1 with --fail-on warning.
    const failing = [
      ...new Set((await doctor([])).doc.checks.filter((c) => c.status === "fail").map((c) => c.id)),
    ];
    const rest = await doctor(["--skip", failing.join(",")]);
    assert.equal(rest.code, 0, rest.stderr);
    assert.equal(rest.doc.summary.fail, 0);
    assert.ok(rest.doc.summary.warn > 0);
    assert.equal((await doctor(["--skip", failing.join(","), "--fail-on", "warning"])).code, 1);
  });

  it("--fail-on info fails on any finding; an info finding alone passes error and warning", async () => {
    // West's single candidate is an info finding (no failover); east's candidates warn.
    const info = [
      "--only",
      "mc.gateway-candidates",
      "--context",
      "arn:aws:eks:us-west-2:123456789012:cluster/west",
    ];
    const base = await doctor(info);
    assert.equal(base.code, 0, base.stderr);
    assert.equal(base.doc.summary.info, 1);
    assert.equal(base.doc.summary.warn, 1, "an info finding is still a warn in the summary");
    assert.equal((await doctor([...info, "--fail-on", "warning"])).code, 0);
    assert.equal((await doctor([...info, "--fail-on", "info"])).code, 1);
  });

  it("takes repeatable flags before the command, as kubectl takes its flags", async () => {
    const ctx = "arn:aws:eks:us-west-2:123456789012:cluster/west";
    const before = await runCli(["--context", ctx, "doctor", "--snapshot", BROKEN, "-o", "json"]);
    assert.equal(before.code, 1, before.stderr);
    const doc = JSON.parse(before.stdout) as DoctorDocument;
    assert.deepEqual(
      doc.members.map((m) => m.name),
      ["west"],
    );
    // Each flag takes one value: a second one is an argument doctor does not take.
    const two = await runCli(["doctor", "--snapshot", BROKEN, "--context", "west", "east"]);
    assert.equal(two.code, 2);
  });

  it("rejects an unknown check ID with exit 2 before reading anything", async () => {
    const res = await runCli(["doctor", "--snapshot", "/nonexistent", "--only", "aws.routes"]);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /^error: --only aws\.routes: no such check/);
  });
});
