/**
 * Nothing secret leaves the clusters or the AWS accounts: a collected snapshot and the -v logs of
 * collect, doctor and setup --dry-run hold none of the kubeconfig bearer tokens, the ClusterSet's
 * member token Secret, other Secrets, the AWS keys, the session tokens of assumed roles, or EC2
 * user data — all planted with distinctive values.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ModifyInstanceAttributeCommand } from "@aws-sdk/client-ec2";
import { healthyMembers } from "../support/aws-harness.js";
import { cleanEnv, runCli } from "../support/cli.js";
import { startClusterSet } from "../support/harness.js";
import { motoWorlds } from "../support/moto-worlds.js";

const CLUSTERSET_TOKEN = "antrea-mc-clusterset-token-7f3a9c";
const OTHER_SECRET = "antrea-mc-other-secret-value-51d2";
const USER_DATA = "antrea-mc-user-data-marker-c0ffee";
const AWS_KEY = "AKIAANTREAMCTEST7777";
const AWS_SECRET = "antrea-mc-aws-secret-access-key-9b8e";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const secret = (name: string, data: Record<string, string>) => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name, namespace: "kube-system" },
  type: "Opaque",
  data: Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString("base64")]),
  ),
});

describe("secrets against moto", () => {
  const { build, moto } = motoWorlds();

  it("are in no file of a snapshot and in no -v log", async () => {
    const { world, west } = await build(healthyMembers());
    for (const m of world.kube)
      m.objects.push(
        secret("member-token", { token: CLUSTERSET_TOKEN, "ca.crt": "not a cert" }),
        secret("other", { password: OTHER_SECRET }),
      );
    await west.ec2.send(
      new ModifyInstanceAttributeCommand({
        InstanceId: west.instanceIds[0],
        UserData: { Value: new TextEncoder().encode(Buffer.from(USER_DATA).toString("base64")) },
      }),
    );
    const cs = await startClusterSet(world.kube);
    try {
      const tokens = [...cs.servers.values()].map((s) => s.token);
      const planted = [CLUSTERSET_TOKEN, OTHER_SECRET, USER_DATA, AWS_KEY, AWS_SECRET, ...tokens];
      const encoded = planted.map((p) => Buffer.from(p).toString("base64"));
      const env = cleanEnv({
        ...moto().env,
        AWS_ACCESS_KEY_ID: AWS_KEY,
        AWS_SECRET_ACCESS_KEY: AWS_SECRET,
      });
      const run = (args: string[]) =>
        runCli([...args, "--kubeconfig", cs.kubeconfig, ...world.awsArgs, "-v"], { env });

      const snap = join(mkdtempSync(join(tmpdir(), "antrea-mc-secrets-")), "snap");
      const collect = await run(["collect", "--out", snap]);
      assert.equal(collect.code, 0, collect.stderr);
      const doctor = await run(["doctor"]);
      const setup = await run(["setup", "--dry-run"]);
      const written = files(snap);
      assert.ok(
        written.some((f) => f.includes("/aws/")),
        "the snapshot has the AWS side",
      );
      const texts: [string, string][] = [
        ...written.map((f) => [f, readFileSync(f, "utf8")] as [string, string]),
        ["collect -v", collect.stderr + collect.stdout],
        ["doctor -v", doctor.stderr + doctor.stdout],
        ["setup --dry-run -v", setup.stderr + setup.stdout],
      ];
      assert.ok(
        texts.some(([, t]) => t.includes("GET ")),
        "the -v logs show requests",
      );
      for (const [where, text] of texts) {
        for (const p of [...planted, ...encoded])
          assert.ok(!text.includes(p), `${where} holds ${p}`);
        // Assumed roles' session tokens and keys are never printed either.
        assert.doesNotMatch(text, /\b(AKIA|ASIA)[A-Z0-9]{16}\b/, where);
        assert.doesNotMatch(text, /authorization:|bearer /i, where);
      }
    } finally {
      await cs.close();
    }
  });
});
