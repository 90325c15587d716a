/**
 * The Pod-path probes' verdicts per ordered pair (the member's client calls the peer's echo):
 * verify.service says how far the Service got (exported, imported, answered), verify.pod-to-pod
 * whether the echo Pod answers by its IP, verify.mtu whether the largest packet crosses where a
 * small one does. A call that gets no answer is merged with verify.tunnel and doctor for the pair:
 * tunnel seen both ways = dropped at or beyond the receiver's interface (host firewall, OVS, Antrea).
 */
import type { VerifyId } from "../check-ids.js";
import { kubectl } from "../checks/helpers.js";
import { controllerNamespace } from "../checks/inputs.js";
import type { CheckResult } from "../checks/types.js";
import { shellWord } from "../fixes/shell.js";
import type { MemberModel } from "../model/types.js";
import { verifyDocsUrl } from "../project.js";
import { SMALL } from "./path-commands.js";
import type { PathClientLog } from "./path-logs.js";
import type { PathClientPlan, PathPeer, PathProbePlan } from "./path-plan.js";
import {
  doctorOnDirection,
  opinionOf,
  type ProbeOutcome,
  type VerifyResult,
} from "./tunnel-verdict.js";

/** The peer's echo Pod, once it is Ready. */
export interface EchoPod {
  readonly podIP: string;
  readonly node: string;
}

/** What the peer's antrea-mc-controller said of the ServiceExport (its Valid condition). */
export type ExportState =
  | { readonly exported: true }
  | { readonly exported: false; readonly reason?: string; readonly message: string };

export interface PathObservations {
  /** Per exporter (its index): its echo Pod, or why it did not get Ready. */
  readonly echoes: ReadonlyMap<number, ProbeOutcome<EchoPod>>;
  readonly exports: ReadonlyMap<number, ExportState>;
  /** Per importing member: the imported ClusterIP of each peer's echo Service that came in time. */
  readonly imports: ReadonlyMap<string, ReadonlyMap<number, string>>;
  /** How long the run waited for the imports. */
  readonly importWaitSeconds: number;
  /** Why the Pod paths did not run at all (their objects refused, the run ended before them). */
  readonly skipped?: string;
  /** Per member: its client's log and Node, or why it has none. */
  readonly clients: ReadonlyMap<string, ProbeOutcome<PathClientLog> & { readonly node?: string }>;
}

export interface PathVerdictInput {
  readonly members: readonly MemberModel[];
  readonly plan: PathProbePlan;
  readonly observed: PathObservations;
  /** The Pod-path IDs to judge (--only). */
  readonly ids: readonly VerifyId[];
  /** verify.tunnel's results of the same run (none when it did not run). */
  readonly tunnel: readonly VerifyResult[];
  readonly doctor: readonly CheckResult[];
  readonly namespace: string;
  readonly aws: { readonly inspected: boolean };
}

/** Observations of Pod paths that never ran, and why. */
export function notRun(reason: string): PathObservations {
  return {
    skipped: reason,
    echoes: new Map(),
    exports: new Map(),
    imports: new Map(),
    importWaitSeconds: 0,
    clients: new Map(),
  };
}

type Judged = Pick<VerifyResult, "status" | "message"> & {
  /** "info" on an unknown: nothing to probe (Pod-to-Pod not set up), not a verdict left open. */
  severity?: "info";
  remediation?: string;
  remediationText?: string;
};

const SEVERITY = {
  "verify.service": "error",
  "verify.pod-to-pod": "error",
  "verify.mtu": "warning",
} as const;

/** The ordered pairs' results of the Pod-path probes asked for, member by member. */
export function pathVerdicts(input: PathVerdictInput): VerifyResult[] {
  const out: VerifyResult[] = [];
  const byName = new Map(input.members.map((m) => [m.name, m]));
  const planned = new Map(input.plan.clients.map((c) => [c.member, c]));
  for (const m of input.members)
    for (const p of input.members) {
      if (m === p) continue;
      const client = planned.get(m.name);
      const peer = client?.peers.find((x) => x.member === p.name);
      const related = [
        ...doctorOnDirection(input.doctor, m.name, p.name),
        ...doctorOnDirection(input.doctor, p.name, m.name),
      ];
      for (const id of input.ids) {
        if (id === "verify.tunnel") continue;
        const base = {
          id,
          member: m.name,
          peer: p.name,
          severity: SEVERITY[id],
          docs: verifyDocsUrl(id),
          direction: { from: m.name, to: p.name },
        };
        const missing = !client ? m.name : !peer ? p.name : undefined;
        if (input.observed.skipped !== undefined) {
          out.push({
            ...base,
            status: "unknown",
            message: `not probed: ${input.observed.skipped}`,
            doctor: opinionOf(related, input.aws.inspected),
          });
          continue;
        }
        const judged =
          missing !== undefined || !client || !peer
            ? {
                status: "unknown" as const,
                message: `no probe between ${m.name} and ${p.name}: ${missing ?? m.name} ${input.plan.without.get(missing ?? m.name) ?? "was not probed"}`,
              }
            : judge(id, client, peer, input, byName);
        out.push({ ...base, ...judged, doctor: opinionOf(related, input.aws.inspected) });
      }
    }
  return out;
}

function judge(
  id: Exclude<VerifyId, "verify.tunnel">,
  client: PathClientPlan,
  peer: PathPeer,
  input: PathVerdictInput,
  byName: ReadonlyMap<string, MemberModel>,
): Judged {
  const member = byName.get(client.member) as MemberModel;
  const them = byName.get(peer.member) as MemberModel;
  if (id === "verify.pod-to-pod" && peer.podToPodOff)
    return { status: "unknown", severity: "info", message: `not probed: ${peer.podToPodOff}` };
  const reach = reachOf(id === "verify.pod-to-pod" ? "pod" : "service", client, peer, input, them);
  if ("stop" in reach) {
    if (id === "verify.mtu")
      return {
        status: "unknown",
        message: `not probed: the Service path did not get as far as a call (verify.service): ${reach.stop.message}`,
      };
    return reach.stop;
  }
  const { log, node, target } = reach;
  if (id === "verify.mtu") return mtuOf(client, peer, log, input, them);
  const call = log.calls.find((c) => c.to === reach.kind && c.peer === peer.index);
  const from = `${client.member}'s probe Pod${node ? ` on Node ${node}` : ""}`;
  if (!call)
    return {
      status: "unknown",
      message: `${from} ended before it called ${target}${log.done ? "" : " (it did not finish)"}`,
    };
  if (call.answered)
    return {
      status: "pass",
      message: `${from} reached ${peer.member}'s echo Pod through ${target} over TCP${call.seenFrom ? `; the echo saw it come from ${call.seenFrom}` : ""}`,
    };
  return noAnswer(`${from} got no answer from ${target}${call.said ? ` (${call.said})` : ""}`, {
    member,
    them,
    input,
  });
}

type Reach =
  | { readonly stop: Judged }
  | {
      readonly kind: "service" | "pod";
      readonly log: PathClientLog;
      readonly node?: string;
      readonly target: string;
    };

/** How far the probe got before the client's call: the echo, the export, the import, the client. */
function reachOf(
  kind: "service" | "pod",
  client: PathClientPlan,
  peer: PathPeer,
  input: PathVerdictInput,
  them: MemberModel,
): Reach {
  const { observed, namespace } = input;
  const echo = observed.echoes.get(peer.index);
  if (!echo || "problem" in echo)
    return {
      stop: {
        status: "unknown",
        message: `${peer.member}'s echo Pod did not get Ready: ${echo?.problem ?? "it was not made"}`,
      },
    };
  let target = `${peer.member}'s echo Pod ${echo.log.podIP}`;
  if (kind === "service") {
    const service = input.plan.exporters.find((e) => e.index === peer.index)?.service ?? "";
    const exported = observed.exports.get(peer.index);
    if (!exported?.exported)
      return {
        stop: {
          status: "fail",
          message: exported?.reason
            ? `${peer.member} did not export its echo Service: ServiceExport ${namespace}/${service} is not valid: ${exported.reason}: ${exported.message}`
            : `${peer.member}'s antrea-mc-controller did not answer the ServiceExport ${namespace}/${service} (no Valid condition within ${observed.importWaitSeconds} s): is it running as a member (mc.controller)?`,
          // The ServiceExport is gone with the run: the controller's log says what it did.
          remediation: controllerLogs(them),
        },
      };
    const ip = observed.imports.get(client.member)?.get(peer.index);
    if (!ip)
      return {
        stop: {
          status: "fail",
          message: `${peer.member} exported its echo Service, but ${client.member} had not imported it (Service ${namespace}/${peer.imported}) after ${observed.importWaitSeconds} s: the leader passes exports on to the members — see mc.leader and mc.clusterset for both`,
          remediationText: `# the leader's side and both ClusterSets (add this run's --kubeconfig and --context flags):\nkubectl antrea-mc doctor --pair ${shellWord(`${client.member},${peer.member}`)} --only mc.leader,mc.clusterset`,
        },
      };
    target = `the imported Service ${peer.imported} (${ip})`;
  }
  const outcome = observed.clients.get(client.member);
  if (!outcome || "problem" in outcome)
    return {
      stop: {
        status: "unknown",
        message: `${client.member}'s probe Pod did not run: ${outcome?.problem ?? "it was not made"}`,
      },
    };
  return {
    kind,
    log: outcome.log,
    ...(outcome.node ? { node: outcome.node } : {}),
    target,
  };
}

/** What verify.tunnel said about one direction: seen, not seen (with its result), or not run. */
function tunnelWay(
  tunnel: readonly VerifyResult[],
  from: string,
  to: string,
): { seen: boolean; result?: VerifyResult } | undefined {
  const ways = tunnel.filter((r) => r.member === from && r.peer === to);
  if (ways.length === 0) return undefined;
  const seen = ways.find((r) => r.status === "pass");
  if (seen) return { seen: true, result: seen };
  const lost = ways.find((r) => r.status === "fail");
  return lost ? { seen: false, result: lost } : undefined;
}

/**
 * A call without an answer, told apart with verify.tunnel and doctor: the tunnel lost one way,
 * doctor's finding, or — the tunnel seen both ways — the receiving end: host firewall, OVS, Antrea.
 */
function noAnswer(
  what: string,
  ctx: { member: MemberModel; them: MemberModel; input: PathVerdictInput },
): Judged {
  const { member, them, input } = ctx;
  const there = tunnelWay(input.tunnel, member.name, them.name);
  const back = tunnelWay(input.tunnel, them.name, member.name);
  if (there && !there.seen)
    return {
      status: "fail",
      message: `${what} — the tunnel ${member.name} → ${them.name} does not arrive (verify.tunnel): ${there.result?.message ?? ""}`,
      ...(there.result?.remediation ? { remediation: there.result.remediation } : {}),
    };
  if (back && !back.seen)
    return {
      status: "fail",
      message: `${what} — the answer's tunnel ${them.name} → ${member.name} does not arrive (verify.tunnel): ${back.result?.message ?? ""}`,
      ...(back.result?.remediation ? { remediation: back.result.remediation } : {}),
    };
  const causes = [
    ...doctorOnDirection(input.doctor, member.name, them.name),
    ...doctorOnDirection(input.doctor, them.name, member.name),
    ...input.doctor.filter(
      (r) => r.id === "aws.node-to-gateway" && (r.member === member.name || r.member === them.name),
    ),
  ].filter((r) => r.status === "fail" || r.status === "warn");
  if (there?.seen && back?.seen)
    return {
      status: "fail",
      message: `${what} — the tunnel carries ${member.name} → ${them.name} and back (verify.tunnel), so it was dropped at or beyond the receiver's interface: the Gateway's host firewall, OVS or Antrea (or on a Node-to-Gateway leg inside a member, which the tunnel probe does not cover)${causes.length ? `; doctor also finds ${causes.map((r) => r.id).join(", ")}` : ""}`,
      remediation: [
        `# antrea-agent's log on ${them.name}'s Gateway, then on ${member.name}'s`,
        ...agentLogs(them),
        ...agentLogs(member),
      ].join("\n"),
    };
  if (causes.length) {
    const first = causes[0] as CheckResult;
    return {
      status: "fail",
      message: `${what} — doctor finds the cause: ${causes.map((r) => `${r.id}: ${r.message}`).join("; ")}`,
      ...(first.remediation ? { remediation: first.remediation } : {}),
    };
  }
  return {
    status: "fail",
    message: `${what} — ${there || back ? "verify.tunnel could not tell both directions" : "verify.tunnel did not run"} and doctor finds no cause: run verify with verify.tunnel to tell the underlay from the Gateways' own firewall, OVS and Antrea`,
    remediation: [`# antrea-agent's log on ${them.name}'s Gateway`, ...agentLogs(them)].join("\n"),
  };
}

/** The member's antrea-mc-controller log: what it did with the ServiceExport. */
function controllerLogs(m: MemberModel): string {
  const ns = controllerNamespace(m);
  return kubectl(
    m,
    `-n ${shellWord(ns.ok ? ns.value : "kube-system")} logs deployment/antrea-mc-controller --tail=300`,
  );
}

/** antrea-agent's log on each of the member's active Gateway Nodes. */
function agentLogs(m: MemberModel): string[] {
  const ns =
    m.agent.known && m.agent.value.daemonSet ? m.agent.value.daemonSet.namespace : "kube-system";
  const nodes = m.gateways.known ? m.gateways.value.filter((g) => g.active).map((g) => g.node) : [];
  return nodes.map((node) =>
    kubectl(
      m,
      `-n ${shellWord(ns)} logs "$(${kubectl(m, `-n ${shellWord(ns)} get pod -l component=antrea-agent --field-selector spec.nodeName=${shellWord(node)} -o name`)})" -c antrea-agent --tail=300`,
    ),
  );
}

/** verify.mtu: the small and the large datagram to the peer's imported Service, with DF. */
function mtuOf(
  client: PathClientPlan,
  peer: PathPeer,
  log: PathClientLog,
  input: PathVerdictInput,
  them: MemberModel,
): Judged {
  const sent = log.datagrams.filter((d) => d.to === "service" && d.peer === peer.index);
  const small = sent.find((d) => d.size === SMALL);
  const large = sent.find((d) => d.size !== SMALL);
  const way = `between ${client.member} and ${peer.member} (the echo comes back as large)`;
  if (!small || !large)
    return {
      status: "unknown",
      message: `${client.member}'s probe Pod did not send both datagrams`,
    };
  const expected = client.large.known
    ? `the Pod MTU ${client.large.mtu} (${client.large.how})`
    : `the probe Pod's own MTU (${client.large.reason})`;
  if (large.error && /too long/i.test(large.error))
    return {
      status: "unknown",
      message: `a ${large.size}-byte datagram did not leave ${client.member}'s probe Pod: its own MTU is ${log.podMtu ?? "smaller"}, below ${expected} — Antrea gave the Pod a smaller MTU than doctor's model expects, so this size is not what its Pods send`,
    };
  if (!small.echoed)
    return {
      status: "unknown",
      message: `not even a ${SMALL}-byte datagram came back ${way}, so the size tells nothing: see verify.service`,
    };
  if (large.echoed)
    return {
      status: "pass",
      message: `a ${large.size}-byte datagram with Don't Fragment crossed ${way}: ${expected}`,
    };
  const mtu = input.doctor.find(
    (r) =>
      r.id === "aws.mtu" &&
      ((r.member === client.member && r.peer === peer.member) ||
        (r.member === peer.member && r.peer === client.member)) &&
      r.status === "warn",
  );
  return {
    status: "fail",
    message: `a ${large.size}-byte datagram with Don't Fragment was lost ${way} while a ${SMALL}-byte one came back: ${expected} does not fit the path — ${
      mtu
        ? `doctor's aws.mtu names the hop: ${mtu.message}`
        : `doctor's aws.mtu sees no smaller hop${input.aws.inspected ? "" : " (AWS was not inspected)"}, so it is one doctor cannot see (an appliance, a VPN, a tunnel inside the path)`
    }`,
    ...(mtu?.remediation ? { remediation: mtu.remediation } : {}),
    ...(!mtu?.remediation
      ? {
          remediationText: `# lower the VPC CNI MTU (aws-node AWS_VPC_ENI_MTU) of ${client.member} and ${them.name} to what the path carries, then recreate the Pods (docs: aws.mtu)`,
        }
      : {}),
  };
}
