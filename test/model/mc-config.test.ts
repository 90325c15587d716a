import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseMcConfig, usesExternalIP } from "../../src/model/mc-config.js";
import { editConf, MC_CONF } from "../support/fixtures/conf.js";

describe("controller_manager_config.yaml", () => {
  it("reads the member manifest: empty podCIDRs entries are dropped", () => {
    const r = parseMcConfig(MC_CONF);
    assert.ok(r.ok);
    assert.deepEqual(r.config, {
      serviceCIDR: "",
      podCIDRs: [],
      gatewayIPPrecedence: "private",
      endpointIPType: "ClusterIP",
      problems: [],
    });
  });
  it("reports what the controller would refuse", () => {
    const r = parseMcConfig(
      editConf(MC_CONF, {
        serviceCIDR: "10.96.0.0",
        podCIDRs: ["10.10.0.0/16", "bogus"],
        endpointIPType: "NodeIP",
      }),
    );
    assert.ok(r.ok);
    assert.equal(r.config.problems.length, 3);
  });
  it("knows which precedences select the ExternalIP", () => {
    assert.deepEqual(
      ["private", "internal", "public", "external", "", "Public"].map(usesExternalIP),
      [false, false, true, true, false, false],
    );
  });
});
