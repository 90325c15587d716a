import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadKubeconfig } from "../../src/collect/kube/kubeconfig.js";
import { UsageError } from "../../src/errors.js";
import { kubeconfigYaml } from "../support/kubeconfig.js";

const dir = mkdtempSync(join(tmpdir(), "antrea-mc-kc-"));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe("kubeconfig loading", () => {
  const a = file(
    "a",
    kubeconfigYaml(
      [
        { name: "west", server: "https://10.0.0.1", token: "a" },
        { name: "shared", server: "https://first", token: "a" },
      ],
      "west",
    ),
  );
  const b = file(
    "b",
    kubeconfigYaml(
      [
        { name: "east", server: "https://10.0.0.2", token: "b" },
        { name: "shared", server: "https://second", token: "b" },
      ],
      "east",
    ),
  );

  it("merges a KUBECONFIG list as kubectl does: first file wins, missing files skipped", () => {
    const { config, files } = loadKubeconfig(undefined, {
      KUBECONFIG: [a, join(dir, "missing"), b].join(":"),
    });
    assert.deepEqual(files, [a, b]);
    assert.deepEqual(
      config
        .getContexts()
        .map((c) => c.name)
        .sort(),
      ["east", "shared", "west"],
    );
    assert.equal(config.getCurrentContext(), "west");
    assert.equal(config.getCluster("cluster-shared")?.server, "https://first");
  });

  it("uses --kubeconfig over KUBECONFIG", () => {
    const { config } = loadKubeconfig(b, { KUBECONFIG: a });
    assert.deepEqual(
      config.getContexts().map((c) => c.name),
      ["east", "shared"],
    );
  });

  it("says what is wrong with bad input (exit 2)", () => {
    assert.throws(
      () => loadKubeconfig(join(dir, "nope"), {}),
      (e: unknown) => e instanceof UsageError && /no such file/.test(e.message),
    );
    assert.throws(() => loadKubeconfig(undefined, { KUBECONFIG: join(dir, "nope") }), UsageError);
    const bad = file("bad", "clusters: [\n");
    assert.throws(
      () => loadKubeconfig(bad, {}),
      (e: unknown) => e instanceof UsageError && /is malformed/.test(e.message),
    );
  });
});
