/**
 * verify.tunnel's verdicts as a table (no server): what the probes saw, and doctor's results on
 * the same direction, decide each ordered pair. The logs are read by the same parser verify uses,
 * from lines as the probe commands print them (test/verify/tunnel-packets.test.ts has them real).
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { CheckResult } from "../../src/checks/types.js";
import type { ClusterSetModel } from "../../src/model/types.js";
import { ROUNDS } from "../../src/verify/probe-commands.js";
import type { ObserverLog, SenderLog } from "../../src/verify/probe-logs.js";
import { planTunnelProbes } from "../../src/verify/tunnel-plan.js";
import {
  doctorOnDirection,
  type ProbeOutcome,
  tunnelVerdicts,
} from "../../src/verify/tunnel-verdict.js";
import { modelOf } from "../support/memory-reader.js";
import { healthyScenario } from "../support/scenarios.js";

const RUN = "0a1b2c3d";
const listening = (arrivals: ObserverLog["arrivals"]): ProbeOutcome<ObserverLog> => ({
  log: { listening: true, arrivals },
});
const sent = (to: number, rc = 0, error?: string): ProbeOutcome<SenderLog> => ({
  log: {
    done: true,
    sends: Array.from({ length: ROUNDS }, (_, i) => ({
      to,
      ip: "x",
      seq: i + 1,
      rc,
      ...(error ? { error } : {}),
    })),
  },
});
const seen = (from: number, to: number) => ({ from, to, packets: ROUNDS, source: "10.0.0.9" });

const doctorFail = (over: Partial<CheckResult>): CheckResult => ({
  id: "aws.sg-ingress",
  member: "east",
  peer: "west",
  status: "fail",
  severity: "error",
  message: "sg-0east admits no UDP 6081 from west's Gateway 10.10.12.34",
  remediation: "aws ec2 authorize-security-group-ingress …",
  docs: "",
  direction: { from: "west", to: "east" },
  ...over,
});

describe("verify.tunnel verdicts", () => {
  let model: ClusterSetModel;
  before(async () => {
    model = await modelOf(healthyScenario());
  });
  const judge = (
    observers: [number, ProbeOutcome<ObserverLog>][],
    senders: [number, ProbeOutcome<SenderLog>][],
    doctor: CheckResult[] = [],
    aws = { inspected: true },
  ) => {
    const plan = planTunnelProbes(model.members, RUN, { candidates: false });
    return tunnelVerdicts({
      members: model.members,
      plan,
      observed: { observers: new Map(observers), senders: new Map(senders) },
      doctor,
      image: "antrea/toolbox:1.7-0",
      aws,
    });
  };
  const one = (rs: ReturnType<typeof judge>, from: string) => {
    const r = rs.find((x) => x.member === from);
    assert.ok(r);
    return r;
  };

  it("plans one observer and one sender per active Gateway, never per pair", () => {
    const plan = planTunnelProbes(model.members, RUN, { candidates: false });
    assert.deepEqual(
      plan.ends.map((e) => `${e.index} ${e.member} ${e.gatewayIP} ${e.wireLabel}`),
      ["0 west 10.10.12.34 geneve (UDP 6081)", "1 east 10.20.8.15 geneve (UDP 6081)"],
    );
    const all = planTunnelProbes(model.members, RUN, { candidates: true });
    assert.equal(all.ends.length, 4);
  });

  const table: {
    name: string;
    observers: [number, ProbeOutcome<ObserverLog>][];
    senders: [number, ProbeOutcome<SenderLog>][];
    doctor?: CheckResult[];
    aws?: { inspected: boolean; skipped?: string };
    west: { status: string; message: RegExp; remediation?: RegExp; doctor?: string };
  }[] = [
    {
      name: "seen: pass, with what arrived and from where",
      observers: [[1, listening([seen(0, 1)])]],
      senders: [[0, sent(1)]],
      west: { status: "pass", message: /arrived at east's .*3 of 3 packets seen from 10\.0\.0\.9/ },
    },
    {
      name: "not seen, doctor names the cause: its finding and fix",
      observers: [[1, listening([])]],
      senders: [[0, sent(1)]],
      doctor: [doctorFail({})],
      west: {
        status: "fail",
        message: /not seen at east's Gateway .* doctor finds the cause: aws\.sg-ingress: sg-0east/,
        remediation: /^aws ec2 authorize-security-group-ingress/,
        doctor: "fail aws.sg-ingress",
      },
    },
    {
      name: "not seen, doctor passes: dropped where doctor cannot see",
      observers: [[1, listening([])]],
      senders: [[0, sent(1)]],
      west: {
        status: "fail",
        message:
          /doctor passes every check of this direction, so it was dropped where doctor cannot see/,
        remediation: /debug node\/.*iptables-save; nft list ruleset/,
        doctor: "pass",
      },
    },
    {
      name: "doctor's finding on the other direction is not this one's cause",
      observers: [[1, listening([])]],
      senders: [[0, sent(1)]],
      doctor: [
        doctorFail({ member: "west", peer: "east", direction: { from: "east", to: "west" } }),
      ],
      west: { status: "fail", message: /doctor passes every check/, doctor: "pass" },
    },
    {
      name: "not seen, AWS not inspected: said so, not blamed on doctor's silence",
      observers: [[1, listening([])]],
      senders: [[0, sent(1)]],
      aws: { inspected: false, skipped: "AWS was not inspected (--no-aws)" },
      west: { status: "fail", message: /AWS was not inspected \(--no-aws\)/, doctor: "unknown" },
    },
    {
      name: "every send refused by the sending Node: its firewall",
      observers: [[1, listening([])]],
      senders: [[0, sent(1, 1, "sendto: Operation not permitted")]],
      west: {
        status: "fail",
        message: /could not send .*Operation not permitted — the Node's own firewall/,
      },
    },
    {
      name: "the sender could not run socat (another --image): unknown, not the firewall",
      observers: [[1, listening([])]],
      senders: [[0, sent(1, 127, "sh: 1: socat: not found")]],
      west: {
        status: "unknown",
        message: /could not send to 10\.20\.8\.15: sh: 1: socat: not found/,
      },
    },
    {
      name: "a raw socket without NET_RAW: unknown, not the firewall",
      observers: [[1, listening([])]],
      senders: [[0, sent(1, 1, "socket: Operation not permitted")]],
      west: { status: "unknown", message: /could not send .*socket: Operation not permitted/ },
    },
    {
      name: "the capture ended before anything arrived: unknown",
      observers: [[1, { log: { listening: true, arrivals: [], exit: 1 } }]],
      senders: [[0, sent(1)]],
      west: { status: "unknown", message: /the capture on east's .* ended \(exit 1\)/ },
    },
    {
      name: "the observer never ran: unknown, with why",
      observers: [[1, { problem: "ErrImagePull on Node x: not found" }]],
      senders: [[0, sent(1)]],
      west: { status: "unknown", message: /nothing was captured on east's .*ErrImagePull/ },
    },
    {
      name: "tcpdump did not start: unknown, in its words",
      observers: [
        [
          1,
          {
            log: { listening: false, arrivals: [], error: "tcpdump: Couldn't change to 'tcpdump'" },
          },
        ],
      ],
      senders: [[0, sent(1)]],
      west: {
        status: "unknown",
        message: /the capture on east's .* did not start: tcpdump: Couldn't change/,
      },
    },
    {
      name: "the sender never ran: unknown",
      observers: [[1, listening([])]],
      senders: [[0, { problem: "not running within --timeout (Pending)" }]],
      west: { status: "unknown", message: /nothing was sent from west's Gateway .*--timeout/ },
    },
    {
      name: "a packet of another pair does not count",
      observers: [[1, listening([seen(2, 1)])]],
      senders: [[0, sent(1)]],
      west: { status: "fail", message: /not seen/ },
    },
  ];
  for (const c of table) {
    it(c.name, () => {
      const r = one(judge(c.observers, c.senders, c.doctor, c.aws), "west");
      assert.equal(r.status, c.west.status, r.message);
      assert.match(r.message, c.west.message);
      if (c.west.remediation) assert.match(r.remediation ?? "", c.west.remediation);
      if (c.west.doctor)
        assert.equal(
          `${r.doctor?.status}${r.doctor?.ids.length ? ` ${r.doctor.ids.join(",")}` : ""}`,
          c.west.doctor,
        );
      assert.deepEqual(r.direction, { from: "west", to: "east" });
    });
  }

  it("doctor's member checks that stop a Gateway count for both directions", () => {
    const gw = doctorFail({
      id: "mc.gateway",
      member: "east",
      peer: undefined,
      direction: undefined,
    });
    const { peer: _p, direction: _d, ...member } = gw;
    assert.equal(doctorOnDirection([member], "west", "east").length, 1);
    assert.equal(doctorOnDirection([member], "east", "west").length, 1);
    assert.equal(
      doctorOnDirection([{ ...member, id: "cidr.service-overlap" }], "west", "east").length,
      0,
    );
  });

  it("a member without a Gateway: both directions unknown, with why", () => {
    const noGateway = {
      ...model,
      members: model.members.map((m) =>
        m.name === "east" ? { ...m, gateways: { known: true as const, value: [] } } : m,
      ),
    };
    const plan = planTunnelProbes(noGateway.members, RUN, { candidates: false });
    const rs = tunnelVerdicts({
      members: noGateway.members,
      plan,
      observed: { observers: new Map(), senders: new Map() },
      doctor: [],
      image: "x",
      aws: { inspected: true },
    });
    assert.deepEqual(
      rs.map((r) => `${r.member}→${r.peer} ${r.status}`),
      ["west→east unknown", "east→west unknown"],
    );
    assert.match(rs[0]?.message ?? "", /no probe on east: it has no active Gateway/);
  });
});
