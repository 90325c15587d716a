/**
 * The Pod-path probes' verdicts as a table (no server): how far the probe got (echo, export,
 * import, call), merged with verify.tunnel and doctor for the pair. The client's log is read by
 * the parser verify uses, from lines as the client prints them (test/verify/path-packets.test.ts
 * has them real).
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { VerifyId } from "../../src/check-ids.js";
import type { CheckResult } from "../../src/checks/types.js";
import type { ClusterSetModel } from "../../src/model/types.js";
import { readPathClientLog } from "../../src/verify/path-logs.js";
import { planPathProbes } from "../../src/verify/path-plan.js";
import {
  type ExportState,
  type PathObservations,
  pathVerdicts,
} from "../../src/verify/path-verdict.js";
import { LOG_TAG } from "../../src/verify/probe-commands.js";
import { planTunnelProbes } from "../../src/verify/tunnel-plan.js";
import type { VerifyResult } from "../../src/verify/tunnel-verdict.js";
import { modelOf } from "../support/memory-reader.js";
import { healthyScenario } from "../support/scenarios.js";

const RUN = "0a1b2c3d";
const NS = `antrea-mc-verify-${RUN}`;
// west is exporter 0, east exporter 1.
const IMPORTED = { west: "10.96.7.7", east: "10.100.8.8" };

/** A client's log as it prints it: per peer, the TCP call and the two datagrams. */
function clientLog(
  peer: number,
  o: { answered?: boolean; small?: boolean; large?: boolean | "too long"; mtu?: number } = {},
) {
  const { answered = true, small = true, large = true, mtu = 8951 } = o;
  const size = large === "too long" ? 9001 : mtu;
  return readPathClientLog(
    [
      `${LOG_TAG} mtu pod=${mtu}`,
      `${LOG_TAG} tcp to=service peer=${peer} got=${answered ? `AMCS${RUN} 10.10.12.34 hello` : "2026/11/30 01:56:31 socat[17] E connect(5, AF=2 10.96.7.7:8080, 16): Connection timed out"}`,
      `${LOG_TAG} udp to=service peer=${peer} size=100 echoed=${small ? 72 : 0} `,
      `${LOG_TAG} udp to=service peer=${peer} size=${size} echoed=${large === true ? size - 28 : 0} ${large === "too long" ? "2026/11/30 socat[12] E sendto(5, 0x1, 8973, 0, AF=2 10.96.7.7:8080, 16): Message too long" : ""}`,
      `${LOG_TAG} tcp to=pod peer=${peer} got=${answered ? `AMCS${RUN} 10.10.1.5 hello` : ""}`,
      `${LOG_TAG} client done`,
    ].join("\n"),
    RUN,
  );
}

const tunnelResult = (from: string, to: string, status: "pass" | "fail"): VerifyResult => ({
  id: "verify.tunnel",
  member: from,
  peer: to,
  status,
  severity: "error",
  message: status === "pass" ? "arrived" : "Geneve UDP 6081 was sent 3 times and not seen",
  ...(status === "fail" ? { remediation: "kubectl debug node/x" } : {}),
  docs: "",
  direction: { from, to },
});

describe("Pod-path verdicts", () => {
  let model: ClusterSetModel;
  before(async () => {
    model = await modelOf(healthyScenario());
  });

  /** west's probes towards east, with one part of the world changed. */
  function judge(
    over: {
      ids?: VerifyId[];
      echo?: PathObservations["echoes"];
      exported?: ExportState;
      imported?: boolean;
      client?: ReturnType<typeof clientLog> | { problem: string };
      tunnel?: VerifyResult[];
      doctor?: CheckResult[];
      p2pOff?: string;
    } = {},
  ): VerifyResult[] {
    const tunnelPlan = planTunnelProbes(model.members, RUN, { candidates: false });
    const plan = planPathProbes(model.members, tunnelPlan);
    const p2pPlan = over.p2pOff
      ? {
          ...plan,
          clients: plan.clients.map((c) => ({
            ...c,
            peers: c.peers.map((p) => ({ ...p, podToPodOff: over.p2pOff })),
          })),
        }
      : plan;
    const client = over.client ?? clientLog(1);
    const rs = pathVerdicts({
      members: model.members,
      plan: p2pPlan,
      observed: {
        echoes:
          over.echo ??
          new Map([
            [0, { log: { podIP: "10.10.1.5", node: "ip-10-10-1-5" } }],
            [1, { log: { podIP: "10.20.1.5", node: "ip-10-20-1-5" } }],
          ]),
        exports: new Map([
          [0, { exported: true }],
          [1, over.exported ?? { exported: true }],
        ]),
        imports: new Map([
          ["west", new Map(over.imported === false ? [] : [[1, IMPORTED.west]])],
          ["east", new Map([[0, IMPORTED.east]])],
        ]),
        importWaitSeconds: 60,
        clients: new Map<
          string,
          PathObservations["clients"] extends ReadonlyMap<string, infer V> ? V : never
        >([
          ["west", "problem" in client ? client : { log: client, node: "ip-10-10-1-5" }],
          ["east", { log: clientLog(0) }],
        ]),
      },
      ids: over.ids ?? ["verify.service"],
      tunnel: over.tunnel ?? [],
      doctor: over.doctor ?? [],
      namespace: NS,
      aws: { inspected: true },
    });
    return rs.filter((r) => r.member === "west");
  }
  const only = (rs: VerifyResult[]) => {
    assert.equal(rs.length, 1, JSON.stringify(rs));
    return rs[0] as VerifyResult;
  };

  it("answered through the import: pass, with who the echo saw calling", () => {
    const r = only(judge());
    assert.equal(r.status, "pass");
    assert.match(
      r.message,
      /west's probe Pod on Node ip-10-10-1-5 reached east's echo Pod through the imported Service antrea-mc-echo-0a1b2c3d-east \(10\.96\.7\.7\)/,
    );
    assert.match(r.message, /saw it come from 10\.10\.12\.34/);
  });

  it("the peer's echo Pod never got Ready: unknown, with why", () => {
    const r = only(judge({ echo: new Map([[1, { problem: "ErrImagePull on Node n" }]]) }));
    assert.equal(r.status, "unknown");
    assert.match(r.message, /east's echo Pod did not get Ready: ErrImagePull/);
  });

  it("not exported: the ServiceExport's reason, and the command that shows it", () => {
    const r = only(
      judge({
        exported: {
          exported: false,
          reason: "ServiceWithoutEndpoints",
          message: "Service has no Endpoints",
        },
      }),
    );
    assert.equal(r.status, "fail");
    assert.match(
      r.message,
      /east did not export .*echo-0a1b2c3d-east is not valid: ServiceWithoutEndpoints: Service has no Endpoints/,
    );
    assert.match(
      r.remediation ?? "",
      /^kubectl --context \S+ -n kube-system logs deployment\/antrea-mc-controller --tail=300$/,
    );
  });

  it("no answer to the ServiceExport at all: the member controller", () => {
    const r = only(judge({ exported: { exported: false, message: "no condition" } }));
    assert.equal(r.status, "fail");
    assert.match(r.message, /antrea-mc-controller did not answer .*mc\.controller/);
  });

  it("exported but never imported: the leader's side", () => {
    const r = only(judge({ imported: false }));
    assert.equal(r.status, "fail");
    assert.match(r.message, /west had not imported it .*after 60 s: the leader .*mc\.leader/);
    assert.match(
      r.remediationText ?? "",
      /doctor --pair west,east --only mc\.leader,mc\.clusterset/,
    );
  });

  it("the client never ran: unknown, with why", () => {
    const r = only(judge({ client: { problem: "it was not scheduled within --timeout" } }));
    assert.equal(r.status, "unknown");
    assert.match(r.message, /west's probe Pod did not run: it was not scheduled within --timeout/);
  });

  it("a member without a probe: unknown, with the reason its plan gives", () => {
    const tunnelPlan = planTunnelProbes(model.members, RUN, { candidates: false });
    const plan = planPathProbes(model.members, {
      ...tunnelPlan,
      without: new Map([["east", "its tunnel is not known: no antrea-config"]]),
    });
    const rs = pathVerdicts({
      members: model.members,
      plan,
      observed: {
        echoes: new Map(),
        exports: new Map(),
        imports: new Map(),
        importWaitSeconds: 0,
        clients: new Map(),
      },
      ids: ["verify.service"],
      tunnel: [],
      doctor: [],
      namespace: NS,
      aws: { inspected: true },
    });
    assert.deepEqual(
      rs.map((r) => `${r.member}→${r.peer} ${r.status} ${r.message}`),
      [
        "west→east unknown no probe between west and east: east its tunnel is not known: no antrea-config",
        "east→west unknown no probe between east and west: east its tunnel is not known: no antrea-config",
      ],
    );
  });

  it("no answer while the tunnel is seen both ways: at or beyond the receiver's interface, with the agents' logs", () => {
    const r = only(
      judge({
        client: clientLog(1, { answered: false }),
        tunnel: [tunnelResult("west", "east", "pass"), tunnelResult("east", "west", "pass")],
      }),
    );
    assert.equal(r.status, "fail");
    assert.match(
      r.message,
      /dropped at or beyond the receiver's interface: the Gateway's host firewall, OVS or Antrea/,
    );
    // socat's words, without its time and process prefix.
    assert.match(
      r.message,
      /got no answer from the imported Service \S+ \(10\.96\.7\.7\) \(connect\(5, AF=2 10\.96\.7\.7:8080, 16\): Connection timed out\) — /,
    );
    const lines = (r.remediation ?? "").split("\n");
    assert.match(
      lines[1] ?? "",
      /^kubectl --context \S+ -n kube-system logs "\$\(kubectl --context \S+ -n kube-system get pod -l component=antrea-agent --field-selector spec\.nodeName=\S+ -o name\)" -c antrea-agent --tail=300$/,
    );
  });

  it("no answer, the tunnel lost on the way there: verify.tunnel's finding", () => {
    const r = only(
      judge({
        client: clientLog(1, { answered: false }),
        tunnel: [tunnelResult("west", "east", "fail"), tunnelResult("east", "west", "pass")],
      }),
    );
    assert.match(r.message, /the tunnel west → east does not arrive \(verify\.tunnel\)/);
    assert.equal(r.remediation, "kubectl debug node/x");
  });

  it("no answer, the answer's tunnel lost: named as the way back", () => {
    const r = only(
      judge({
        client: clientLog(1, { answered: false }),
        tunnel: [tunnelResult("west", "east", "pass"), tunnelResult("east", "west", "fail")],
      }),
    );
    assert.match(r.message, /the answer's tunnel east → west does not arrive/);
  });

  it("no answer without verify.tunnel: doctor's finding for the pair, or the advice to run it", () => {
    const sg: CheckResult = {
      id: "aws.sg-ingress",
      member: "east",
      peer: "west",
      status: "fail",
      severity: "error",
      message: "sg-0east admits no UDP 6081",
      remediation: "aws ec2 authorize-security-group-ingress …",
      docs: "",
      direction: { from: "west", to: "east" },
    };
    const named = only(judge({ client: clientLog(1, { answered: false }), doctor: [sg] }));
    assert.match(named.message, /doctor finds the cause: aws\.sg-ingress/);
    assert.equal(named.remediation, sg.remediation);
    assert.equal(named.doctor?.status, "fail");
    const unnamed = only(judge({ client: clientLog(1, { answered: false }) }));
    assert.match(unnamed.message, /verify\.tunnel did not run and doctor finds no cause/);
  });

  it("Pod-to-Pod: unknown with the reason when it is off, answered by Pod IP when on", () => {
    const off = only(
      judge({ ids: ["verify.pod-to-pod"], p2pOff: "Pod-to-Pod connectivity is off in west" }),
    );
    assert.equal(off.status, "unknown");
    assert.match(off.message, /not probed: Pod-to-Pod connectivity is off in west/);
    const on = only(judge({ ids: ["verify.pod-to-pod"] }));
    assert.equal(on.status, "pass", on.message);
    assert.match(on.message, /east's echo Pod 10\.20\.1\.5 over TCP/);
  });

  it("MTU: the large datagram crosses; lost alone (doctor's aws.mtu names the hop, or cannot see it); too long for the Pod; nothing crosses", () => {
    const pass = only(judge({ ids: ["verify.mtu"] }));
    assert.equal(pass.status, "pass");
    assert.equal(pass.severity, "warning");
    assert.match(
      pass.message,
      /8951-byte datagram with Don't Fragment crossed between west and east/,
    );
    const hop: CheckResult = {
      id: "aws.mtu",
      member: "west",
      peer: "east",
      status: "warn",
      severity: "warning",
      message: "tunnel packets of up to 9001 bytes do not fit transit gateway tgw-1 (8500)",
      remediation: "kubectl set env daemonset/aws-node AWS_VPC_ENI_MTU=8500",
      docs: "",
    };
    const named = only(
      judge({ ids: ["verify.mtu"], client: clientLog(1, { large: false }), doctor: [hop] }),
    );
    assert.equal(named.status, "fail");
    assert.match(
      named.message,
      /lost .* while a 100-byte one came back.*aws\.mtu names the hop: .*tgw-1/,
    );
    assert.equal(named.remediation, hop.remediation);
    const unseen = only(judge({ ids: ["verify.mtu"], client: clientLog(1, { large: false }) }));
    assert.match(unseen.message, /aws\.mtu sees no smaller hop, so it is one doctor cannot see/);
    const tooLong = only(
      judge({ ids: ["verify.mtu"], client: clientLog(1, { large: "too long", mtu: 1450 }) }),
    );
    assert.equal(tooLong.status, "unknown");
    assert.match(tooLong.message, /did not leave west's probe Pod: its own MTU is 1450/);
    const nothing = only(
      judge({ ids: ["verify.mtu"], client: clientLog(1, { small: false, large: false }) }),
    );
    assert.equal(nothing.status, "unknown");
    assert.match(nothing.message, /see verify\.service/);
    const unimported = only(judge({ ids: ["verify.mtu"], imported: false }));
    assert.equal(unimported.status, "unknown");
  });
});
