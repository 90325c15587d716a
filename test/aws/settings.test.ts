/** Where each member is read: the --config ClusterSet file and the --aws-* flags, against moto. */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { healthyMembers, problems, result, runOnWorld } from "../support/aws-harness.js";
import { motoWorlds } from "../support/moto-worlds.js";

describe("AWS settings against moto", () => {
  const { moto, build } = motoWorlds();

  it("--config names the members and their AWS settings; a context missing from the kubeconfig is a finding", async () => {
    const { world } = await build(healthyMembers());
    const [west, east] = world.kube;
    const file = join(mkdtempSync(join(tmpdir(), "antrea-mc-config-")), "clusterset.yaml");
    writeFileSync(
      file,
      [
        "members:",
        `  - context: ${west?.context}`,
        `  - context: ${east?.context}`,
        "    aws:",
        "      roleArn: arn:aws:iam::444455556666:role/antrea-mc-doctor",
        "      region: us-east-1",
        "  - context: arn:aws:eks:eu-west-1:123456789012:cluster/gone",
        "",
      ].join("\n"),
    );
    // No --aws-role-arn on the command line: it comes from the file.
    const noRoles = { ...world, awsArgs: [] };
    const run = await runOnWorld(moto(), noRoles, ["doctor", "-o", "json", "--config", file]);
    assert.equal(run.code, 3, run.stderr);
    const doc = JSON.parse(run.stdout) as import("../../src/report/doctor.js").DoctorDocument;
    assert.deepEqual(
      doc.members.map((m) => m.name),
      ["west", "east", "gone"],
    );
    assert.equal(doc.members[1]?.account, "444455556666");
    assert.match(
      result(doc, "kube.access", "gone")[0]?.message ?? "",
      /context arn:aws:eks:eu-west-1:123456789012:cluster\/gone has no cluster/,
    );
    // Everything about the two reachable members passes; the missing one is unknown, never guessed.
    assert.deepEqual(
      problems(doc).filter((p) => !p.includes("gone")),
      [],
    );
    assert.ok(problems(doc).every((p) => !p.includes("gone") || p.endsWith("unknown")));
  });

  it("rejects bad AWS flags with exit 2", async () => {
    const { world } = await build(healthyMembers());
    const bad = await runOnWorld(moto(), world, ["doctor", "--aws-role-arn", "east=not-an-arn"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--aws-role-arn east=not-an-arn: "not-an-arn" is not valid/);
    // A profile that exists, for a member that does not.
    const home = mkdtempSync(join(tmpdir(), "antrea-mc-aws-"));
    writeFileSync(
      join(home, "config"),
      "[default]\nregion = us-west-2\n[profile ops]\nregion = us-east-1\n",
    );
    const profiles = {
      AWS_CONFIG_FILE: join(home, "config"),
      AWS_SHARED_CREDENTIALS_FILE: join(home, "none"),
    };
    const unknown = await runOnWorld(
      moto(),
      world,
      ["doctor", "--aws-profile", "north=ops"],
      profiles,
    );
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--aws-profile: north is not a member \(members: west, east\)/);
    // A profile that does not exist: refused before anything is read.
    const missing = await runOnWorld(
      moto(),
      world,
      ["doctor", "--aws-profile", "west=opps"],
      profiles,
    );
    assert.equal(missing.code, 2);
    assert.equal(
      missing.stderr.split("\n")[0],
      `error: --aws-profile west=opps: no profile "opps" in ${join(home, "config")} or ${join(home, "none")} (profiles: default, ops)`,
    );
  });
});
