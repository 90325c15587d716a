import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { NO_AWS } from "../../src/app/load.js";
import { doctorExitCode, runChecks } from "../../src/checks/engine.js";
import { readSnapshot } from "../../src/collect/snapshot/read.js";
import { writeSnapshot } from "../../src/collect/snapshot/write.js";
import { UsageError } from "../../src/errors.js";
import { RESOURCES } from "../../src/kube/resources.js";
import { buildModel } from "../../src/model/build.js";
import { rawClusterSet } from "../support/memory-reader.js";
import { healthyScenario } from "../support/scenarios.js";

const tmp = () => mkdtempSync(join(tmpdir(), "antrea-mc-snap-"));

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath ?? (d as unknown as { path: string }).path, d.name));
}

describe("snapshots", () => {
  it("round-trips: the model from a snapshot equals the live one", async () => {
    const raw = await rawClusterSet(healthyScenario(), {
      east: { forbidden: [{ resource: "pods" }] },
    });
    raw.aws = { groups: [], skipped: NO_AWS }; // as a live --no-aws run; AWS: test/aws/healthy.test.ts
    const dir = join(tmp(), "snap");
    const index = await writeSnapshot(dir, raw, new Map([["west", { region: "us-west-2" }]]));
    assert.equal(index.members[0]?.region, "us-west-2");
    assert.equal(index.members[1]?.resources.pods?.error?.kind, "forbidden");
    assert.equal(index.members[0]?.resources.nodes?.command, "kubectl get nodes -o json");
    const back = await readSnapshot(dir);
    assert.deepEqual(buildModel(back.raw).members, buildModel(raw).members);
  });

  it("never holds Secrets or tokens", async () => {
    const secret = healthyScenario()[0]?.objects.find((o) => o.kind === "Secret") as
      | { data?: { token?: string } }
      | undefined;
    const TOKEN_DATA = secret?.data?.token ?? "";
    assert.ok(TOKEN_DATA.length > 20, "the fixture has a member token Secret");
    const dir = join(tmp(), "snap");
    await writeSnapshot(dir, await rawClusterSet(healthyScenario()));
    for (const f of allFiles(dir)) {
      const text = readFileSync(f, "utf8");
      assert.ok(!/"kind": "Secret"/.test(text), f);
      assert.ok(!text.includes(TOKEN_DATA), f);
    }
  });

  it("writes kubectl's List format: items keep apiVersion and kind", async () => {
    const dir = join(tmp(), "snap");
    await writeSnapshot(dir, await rawClusterSet(healthyScenario()));
    const nodes = JSON.parse(readFileSync(join(dir, "clusters/west/nodes.json"), "utf8"));
    assert.equal(nodes.kind, "List");
    assert.equal(nodes.items[0].kind, "Node");
    assert.equal(nodes.items[0].apiVersion, "v1");
    assert.equal(nodes.items[0].metadata.name, "ip-10-10-12-34.us-west-2.compute.internal");
    const cs = JSON.parse(readFileSync(join(dir, "clusters/west/clustersets.json"), "utf8"));
    assert.equal(cs.items[0].apiVersion, "multicluster.crd.antrea.io/v1alpha2");
  });

  it("reads a snapshot made by hand with kubectl (single objects, short index)", async () => {
    const dir = tmp();
    const members = healthyScenario();
    mkdirSync(join(dir, "clusters/west"), { recursive: true });
    writeFileSync(
      join(dir, "snapshot.json"),
      JSON.stringify({ members: [{ name: "west", context: "west-ctx" }] }),
    );
    const node = members[0]?.objects.find((o) => o.kind === "Node");
    writeFileSync(join(dir, "clusters/west/nodes.json"), JSON.stringify(node));
    const { raw } = await readSnapshot(dir);
    assert.equal(raw.members[0]?.context, "west-ctx");
    const nodes = raw.members[0]?.resources.nodes;
    assert.ok(nodes?.ok && nodes.value.items.length === 1);
    const pods = raw.members[0]?.resources.pods;
    assert.ok(pods && !pods.ok && pods.error.kind === "not-collected");
    // The gap is an access finding with the commands that fill it, and the verdict is incomplete.
    const results = runChecks(buildModel(raw));
    const access = results.find((r) => r.id === "kube.access");
    assert.equal(access?.status, "fail");
    assert.match(
      access?.message ?? "",
      /^the snapshot lacks clusters\/west\/pods\.json, .*clusters\/west\/configmaps\.json/,
    );
    assert.match(
      access?.remediation ?? "",
      /^kubectl --context west-ctx get pods -A --field-selector=status\.phase=Running -o json > clusters\/west\/pods\.json$/m,
    );
    assert.doesNotMatch(
      access?.message ?? "",
      /servicecidrs/,
      "an API older clusters do not serve is optional",
    );
    assert.equal(doctorExitCode(results), 3);
  });

  it("rejects bad input with a one-line reason", async () => {
    await assert.rejects(
      readSnapshot(tmp()),
      (e: unknown) => e instanceof UsageError && /no snapshot\.json/.test(e.message),
    );
    const dir = tmp();
    writeFileSync(join(dir, "snapshot.json"), "{ nope");
    await assert.rejects(
      readSnapshot(dir),
      (e: unknown) => e instanceof UsageError && /not valid JSON/.test(e.message),
    );
    const full = tmp();
    writeFileSync(join(full, "x"), "");
    await assert.rejects(
      writeSnapshot(full, await rawClusterSet(healthyScenario())),
      /is not empty/,
    );
    const sel = join(tmp(), "s");
    await writeSnapshot(sel, await rawClusterSet(healthyScenario()));
    await assert.rejects(readSnapshot(sel, ["nosuch"]), /context "nosuch" is not in snapshot/);
    assert.equal((await readSnapshot(sel, ["west"])).raw.members.length, 1);
  });
});

it("names the ConfigMaps by namespace in the kubectl command it records", () => {
  assert.equal(
    RESOURCES.configmaps.kubectl("kube-system", [
      { namespace: "kube-system", name: "antrea-config" },
      { namespace: "antrea-mc", name: "antrea-mc-controller-config" },
    ]),
    "kubectl get configmaps -n kube-system antrea-config -o json; kubectl get configmaps -n antrea-mc antrea-mc-controller-config -o json (merge the items into one List)",
  );
});
