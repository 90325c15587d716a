/** Where each member is read: the --config ClusterSet file and the --aws-* flags, against moto. */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { DoctorDocument } from "../../src/report/doctor.js";
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

  it("--config names the EKS cluster of a context that is no EKS ARN, live and in its snapshot", async () => {
    const { world } = await build(healthyMembers());
    const kube = structuredClone(world.kube);
    const [west, east] = kube;
    assert.ok(west && east);
    west.context = "lab";
    const dir = mkdtempSync(join(tmpdir(), "antrea-mc-config-"));
    const file = join(dir, "clusterset.yaml");
    const config = (name: string) =>
      writeFileSync(
        file,
        [
          "members:",
          "  - context: lab",
          `    eksCluster: ${name}`,
          `  - context: ${east.context}`,
          "",
        ].join("\n"),
      );
    const eks = (stdout: string) =>
      result(JSON.parse(stdout) as DoctorDocument, "aws.eks-cluster", "lab").map(
        (r) => `${r.status}: ${r.message}`,
      );
    const onLab = { ...world, kube };

    config("west");
    const live = await runOnWorld(moto(), onLab, ["doctor", "-o", "json", "--config", file]);
    assert.equal(live.code, 0, live.stderr);
    assert.deepEqual(eks(live.stdout), [
      "pass: EKS cluster west (eksCluster in --config): Service CIDR 10.96.0.0/16 as the Gateway publishes; IPV4",
    ]);
    // The snapshot keeps the name: doctor reads it offline without the file.
    const snap = join(dir, "snap");
    const collected = await runOnWorld(moto(), onLab, ["collect", "--config", file, "--out", snap]);
    assert.equal(collected.code, 0, collected.stderr);
    const offline = await runOnWorld(moto(), onLab, ["doctor", "-o", "json", "--snapshot", snap]);
    assert.deepEqual(eks(offline.stdout), eks(live.stdout));

    // A name EKS does not know is said, with where it came from.
    config("nope");
    const wrong = await runOnWorld(moto(), onLab, ["doctor", "-o", "json", "--config", file]);
    assert.deepEqual(eks(wrong.stdout), [
      "unknown: EKS has no cluster nope (eksCluster in --config) where it was asked: No cluster found for name: nope.",
    ]);
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
