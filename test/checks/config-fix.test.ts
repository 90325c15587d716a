/**
 * Fixes of settings inside antrea-agent.conf and controller_manager_config.yaml: the edited file
 * must read back (with the project's own parsers) with the setting applied and every other key as
 * it was, touch only the lines the fix shows, and survive the shell as the patch's argument.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";
import { runChecks } from "../../src/checks/engine.js";
import { configFix, setting } from "../../src/checks/helpers.js";
import { readSnapshot } from "../../src/collect/snapshot/read.js";
import { type BlobSetting, editBlob } from "../../src/fixes/config-blob.js";
import { parseAgentConfig } from "../../src/model/agent-config.js";
import { buildModel } from "../../src/model/build.js";
import { parseMcConfig } from "../../src/model/mc-config.js";
import type { MemberModel } from "../../src/model/types.js";
import { parseYamlObject } from "../../src/model/yaml-config.js";
import { AGENT_CONF, MC_CONF } from "../support/fixtures/conf.js";

function parsed(text: string): Record<string, unknown> {
  const p = parseYamlObject(text);
  assert.ok(p.ok, `does not parse: ${p.ok ? "" : p.error}`);
  return p.value;
}

/** `root` with `path` set to `value`, as plain data. */
function withSet(root: Record<string, unknown>, { path, value }: BlobSetting) {
  const out = structuredClone(root);
  let cur: Record<string, unknown> = out;
  for (const k of path.slice(0, -1)) {
    const next = cur[k];
    if (next === null || typeof next !== "object") cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[path[path.length - 1] as string] = value;
  return out;
}

interface Case {
  name: string;
  text: string;
  settings: BlobSetting[];
  /** What the parser of the file must read afterwards. */
  reads: (text: string) => unknown;
  expected: unknown;
  /** The hunks as "-line"/"+line"/"=anchor" lines. */
  diff: string[];
}

const agent = (t: string) => {
  const p = parseAgentConfig(t);
  assert.ok(p.ok);
  return p.config;
};
const mc = (t: string) => {
  const p = parseMcConfig(t);
  assert.ok(p.ok);
  return p.config;
};

const cases: Case[] = [
  {
    name: "a value in place: indentation and the line's neighbours kept",
    text: AGENT_CONF,
    settings: [setting("multicluster.enableGateway", true)],
    reads: (t) => agent(t).enableGateway,
    expected: true,
    diff: ["-  enableGateway: false", "+  enableGateway: true"],
  },
  {
    name: "a string value, quoted",
    text: AGENT_CONF,
    settings: [setting("multicluster.namespace", "kube-system")],
    reads: (t) => agent(t).mcNamespace,
    expected: "kube-system",
    diff: ['-  namespace: ""', '+  namespace: "kube-system"'],
  },
  {
    name: "under `featureGates:` holding only comments (the manifest's): a new line under it",
    text: AGENT_CONF,
    settings: [setting("featureGates.Multicluster", true)],
    reads: (t) => agent(t).multiclusterGate,
    expected: true,
    diff: ["=featureGates:", "+  Multicluster: true"],
  },
  {
    name: "two settings, two hunks",
    text: AGENT_CONF,
    settings: [setting("tunnelType", "vxlan"), setting("tunnelPort", 10000)],
    reads: (t) => [agent(t).tunnelType, agent(t).tunnelPort],
    expected: ["vxlan", 10000],
    diff: ['-tunnelType: "geneve"', '+tunnelType: "vxlan"', "-tunnelPort: 0", "+tunnelPort: 10000"],
  },
  {
    name: "two levels down: multicluster.wireGuard.port, not the top-level wireGuard.port",
    text: AGENT_CONF,
    settings: [setting("multicluster.wireGuard.port", 51900)],
    reads: (t) => agent(t).mcWireGuardPort,
    expected: 51900,
    diff: ["-    port: 51821", "+    port: 51900"],
  },
  {
    name: "a key missing from an existing mapping: after the mapping's key, at its items' indent",
    text: "multicluster:\n  # the namespace\n  namespace: x # why\ntunnelType: geneve\n",
    settings: [setting("multicluster.enablePodToPodConnectivity", true)],
    reads: (t) => [agent(t).enablePodToPodConnectivity, agent(t).mcNamespace],
    expected: [true, "x"],
    diff: ["=multicluster:", "+  enablePodToPodConnectivity: true"],
  },
  {
    name: "a comment after the value stays",
    text: "multicluster:\n  enableGateway: false   # off for now\n",
    settings: [setting("multicluster.enableGateway", true)],
    reads: (t) => agent(t).enableGateway,
    expected: true,
    diff: ["-  enableGateway: false   # off for now", "+  enableGateway: true   # off for now"],
  },
  {
    name: "no `multicluster:` at all: the block goes at the end",
    text: "featureGates:\n  Multicluster: true\ntunnelType: geneve",
    settings: [setting("multicluster.enableGateway", true)],
    reads: (t) => agent(t).enableGateway,
    expected: true,
    diff: ["=tunnelType: geneve", "+multicluster:", "+  enableGateway: true"],
  },
  {
    name: "an empty flow mapping gets the key",
    text: "featureGates: {}\n",
    settings: [setting("featureGates.Multicluster", true)],
    reads: (t) => agent(t).multiclusterGate,
    expected: true,
    diff: ["-featureGates: {}", "+featureGates: {Multicluster: true}"],
  },
  {
    name: "a block list becomes a flow list on the key's line",
    text: MC_CONF,
    settings: [setting("podCIDRs", ["10.10.0.0/16", "10.11.0.0/16"])],
    reads: (t) => mc(t).podCIDRs,
    expected: ["10.10.0.0/16", "10.11.0.0/16"],
    diff: ["-podCIDRs:", '-  - ""', '+podCIDRs: ["10.10.0.0/16", "10.11.0.0/16"]'],
  },
  {
    name: "controller_manager_config.yaml: gatewayIPPrecedence",
    text: MC_CONF.replace('"private"', '"Public"'),
    settings: [setting("gatewayIPPrecedence", "private")],
    reads: (t) => mc(t).gatewayIPPrecedence,
    expected: "private",
    diff: ['-gatewayIPPrecedence: "Public"', '+gatewayIPPrecedence: "private"'],
  },
];

describe("config file fixes", () => {
  for (const c of cases) {
    it(c.name, () => {
      const edit = editBlob(c.text, c.settings);
      assert.ok(edit, "edited");
      assert.deepEqual(c.reads(edit.text), c.expected);
      // Every other key as it was: the old file with the settings applied is the new one.
      const want = c.settings.reduce(withSet, parsed(c.text));
      assert.deepEqual(parsed(edit.text), want);
      const diff = edit.hunks.flatMap((h) => [
        ...(h.before.length === 0 && h.anchor !== undefined ? [`=${h.anchor}`] : []),
        ...h.before.map((l) => `-${l}`),
        ...h.after.map((l) => `+${l}`),
      ]);
      assert.deepEqual(diff, c.diff);
      // Nothing else moved: the texts differ by exactly these lines.
      const removed = diff.filter((l) => l.startsWith("-")).length;
      const added = diff.filter((l) => l.startsWith("+")).length;
      const lines = (t: string) => t.replace(/\n$/, "").split("\n").length;
      assert.equal(lines(edit.text), lines(c.text) - removed + added);
    });
  }

  it("a text that is not a block mapping is not edited (the fix says what to set instead)", () => {
    assert.equal(editBlob("- a\n- b\n", [setting("tunnelType", "vxlan")]), undefined);
    assert.equal(
      editBlob("multicluster: on\n", [setting("multicluster.enableGateway", true)]),
      undefined,
    );
  });

  it("the patch survives the shell: bash hands kubectl the edited file, quotes and all", () => {
    const member = { context: "arn:aws:eks:us-west-2:123456789012:cluster/west" } as MemberModel;
    // The manifest's comments hold apostrophes ("antrea-agent's Namespace").
    assert.match(AGENT_CONF, /'/);
    const file = {
      configMap: { namespace: "kube-system", name: "antrea-config" },
      key: "antrea-agent.conf",
      text: AGENT_CONF,
      restart: "daemonset/antrea-agent",
    };
    const fix = configFix(member, file, [setting("multicluster.enableGateway", true)]);
    const edit = editBlob(AGENT_CONF, [setting("multicluster.enableGateway", true)]);
    // A kubectl that prints what it was given, one argument a line (NUL-separated).
    const script = `kubectl() { printf '%s\\0' "$@"; printf '\\n'; }\n${fix.remediation}`;
    const [patch, restart] = execFileSync("bash", ["-euc", script], { encoding: "utf8" }).split(
      "\0\n",
    );
    const args = (patch ?? "").split("\0");
    assert.deepEqual(args.slice(0, 9), [
      "--context",
      member.context,
      "-n",
      "kube-system",
      "patch",
      "configmap",
      "antrea-config",
      "--type",
      "merge",
    ]);
    assert.equal(args[9], "-p");
    assert.deepEqual(JSON.parse(args[10] ?? ""), { data: { "antrea-agent.conf": edit?.text } });
    assert.match(restart ?? "", /\0rollout\0restart\0daemonset\/antrea-agent$/);
  });

  it("the broken example: every fix runs as printed, config changes show their lines", async () => {
    const dir = new URL("../../examples/broken/", import.meta.url).pathname;
    const results = runChecks(buildModel((await readSnapshot(dir)).raw));
    const fixes = results.filter((r) => r.remediation);
    assert.ok(fixes.length > 5);
    for (const r of fixes) {
      // Nothing for the reader to fill in (`<…>`, `...`): what the tool knows is in the command.
      // (The shown text: a whole-file patch carries the manifest's own comments, `<HOST>` and all.)
      const shown = r.remediationText ?? r.remediation ?? "";
      assert.doesNotMatch(shown, /<[a-z][^>]*>|\.\.\./i, `${r.id} ${r.member}`);
      // A setting inside a config file is never a `#` comment under `kubectl edit`.
      assert.doesNotMatch(r.remediation ?? "", /^# {3}\S+\.(conf|yaml): set /m, r.id);
    }
    const configs = ["antrea.mc-namespace", "antrea.gateway-enabled", "cidr.pod-config"];
    for (const id of [...configs, "mc.tunnel-consistency"]) {
      const r = results.find((x) => x.id === id && x.status === "fail");
      assert.match(r?.remediation ?? "", / patch configmap \S+ --type merge -p '/, id);
      assert.match(r?.remediationText ?? "", /^# ConfigMap kube-system\/\S+, key \S+: /, id);
    }
    const overlap = results.find((x) => x.id === "cidr.service-overlap" && x.status === "fail");
    assert.equal(overlap?.manual, true);
  });
});
