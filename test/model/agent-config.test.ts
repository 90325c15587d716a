import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseAgentConfig } from "../../src/model/agent-config.js";
import { tunnelOf } from "../../src/model/tunnel.js";
import { AGENT_CONF, editConf } from "../support/fixtures/conf.js";

function parsed(text: string) {
  const r = parseAgentConfig(text);
  assert.ok(r.ok, r.ok ? "" : r.error);
  return r.config;
}

describe("antrea-agent.conf", () => {
  it("reads the antrea-eks.yml file with Antrea's defaults", () => {
    const c = parsed(AGENT_CONF);
    assert.equal(c.trafficEncapMode, "networkPolicyOnly");
    assert.equal(c.multiclusterGate, false);
    assert.equal(c.enableGateway, false);
    assert.equal(c.mcNamespace, "");
    assert.equal(c.enablePodToPodConnectivity, false);
    assert.equal(c.mcWireGuard, false);
    assert.equal(c.mcWireGuardPort, 51821);
    assert.equal(c.tunnelType, "geneve");
    assert.equal(c.tunnelPort, 0);
    assert.deepEqual(c.problems, []);
  });
  it("applies the agent's code defaults to an empty file", () => {
    const c = parsed("");
    assert.equal(c.trafficEncapMode, "encap");
    assert.equal(c.tunnelType, "geneve");
    assert.equal(c.legacyEnable, undefined);
  });
  it("reads the keys an operator sets", () => {
    const c = parsed(
      editConf(AGENT_CONF, {
        "featureGates.Multicluster": true,
        "multicluster.enableGateway": true,
        "multicluster.namespace": "antrea-mc",
        "multicluster.trafficEncryptionMode": "WireGuard",
        "multicluster.wireGuard.port": 51900,
        tunnelType: "vxlan",
        tunnelPort: 8472,
      }),
    );
    assert.deepEqual(
      [
        c.multiclusterGate,
        c.enableGateway,
        c.mcNamespace,
        c.mcWireGuard,
        c.mcWireGuardPort,
        c.tunnelType,
        c.tunnelPort,
      ],
      [true, true, "antrea-mc", true, 51900, "vxlan", 8472],
    );
  });
  it("reports values antrea-agent would refuse", () => {
    const c = parsed(
      "trafficEncapMode: policyOnly\ntunnelType: GRE\ntunnelPort: 70000\nmulticluster:\n  enableGateway: yes please\n",
    );
    assert.deepEqual(c.problems, [
      'multicluster.enableGateway must be true or false, not "yes please"',
      'trafficEncapMode "policyOnly" is not one of encap, noEncap, hybrid, networkPolicyOnly',
      'tunnelType "GRE" is not one of geneve, vxlan, gre, stt',
      "tunnelPort 70000 is not a valid port",
    ]);
  });
  it("decodes like go-yaml v3 into Antrea's struct: YAML 1.1 words for booleans, duplicate keys refused", () => {
    const c = parsed(
      "featureGates:\n  Multicluster: yes\nmulticluster:\n  enableGateway: on\n  enablePodToPodConnectivity: Off\n",
    );
    assert.deepEqual(
      [c.multiclusterGate, c.enableGateway, c.enablePodToPodConnectivity],
      [true, true, false],
    );
    assert.deepEqual(c.problems, []);
    const dup = parseAgentConfig(`${AGENT_CONF}\nmulticluster:\n  enableGateway: true\n`);
    assert.equal(dup.ok, false);
    assert.match(dup.ok ? "" : dup.error, /Map keys must be unique/);
  });

  it("treats empty strings and a zero WireGuard port as antrea-agent does: the defaults", () => {
    const c = parsed(
      'trafficEncapMode: ""\ntrafficEncryptionMode: ""\nmulticluster:\n  trafficEncryptionMode: wireGuard\n  wireGuard:\n    port: 0\n',
    );
    assert.equal(c.trafficEncapMode, "encap");
    assert.equal(c.mcWireGuardPort, 51821);
    assert.deepEqual([c.problems, c.warnings], [[], []]);
  });

  it("warns about a Multi-cluster encryption mode the agent silently treats as none", () => {
    const c = parsed("multicluster:\n  trafficEncryptionMode: wireguard-please\n");
    assert.equal(c.mcWireGuard, false);
    assert.deepEqual(c.problems, []);
    assert.match(c.warnings[0] ?? "", /treats it as none/);
  });

  it("rejects a file that is not a mapping", () => {
    const r = parseAgentConfig("- a\n- b\n");
    assert.equal(r.ok, false);
  });
});

describe("tunnel", () => {
  const tunnel = (edits: Record<string, unknown>) => tunnelOf(parsed(editConf("", edits)));
  it("derives protocol and port from the type, tunnelPort and WireGuard", () => {
    assert.deepEqual(tunnel({}), {
      type: "geneve",
      protocol: "udp",
      ipProtocol: 17,
      port: 6081,
      tunnelPort: 6081,
      encryption: "none",
    });
    assert.equal(tunnel({ tunnelType: "vxlan" })?.port, 4789);
    assert.deepEqual(tunnel({ tunnelType: "stt" })?.protocol, "tcp");
    assert.equal(tunnel({ tunnelType: "stt" })?.port, 7471);
    assert.deepEqual(tunnel({ tunnelType: "gre" }), {
      type: "gre",
      protocol: "gre",
      ipProtocol: 47,
      encryption: "none",
    });
    assert.equal(tunnel({ tunnelPort: 16081 })?.port, 16081);
    assert.deepEqual(tunnel({ "multicluster.trafficEncryptionMode": "wireGuard" }), {
      type: "geneve",
      protocol: "udp",
      ipProtocol: 17,
      port: 51821,
      encryption: "wireGuard",
      tunnelPort: 6081,
    });
    assert.equal(tunnel({ tunnelType: "nope" }), undefined);
  });
});
