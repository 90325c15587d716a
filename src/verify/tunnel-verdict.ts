/**
 * verify.tunnel's verdict per ordered pair, from what the probes saw and what doctor says about the
 * same direction: seen = the underlay and the sending host carry the tunnel; refused by the sender
 * = its host firewall; not seen = doctor's finding when it has one, else a drop outside what doctor
 * reads. A capture precedes the receiver's own firewall, so "seen" is not delivery to Antrea.
 */
import type { ResultId, VerifyId } from "../check-ids.js";
import { kubectl } from "../checks/helpers.js";
import { CHECKS } from "../checks/registry.js";
import type { CheckResult, Status } from "../checks/types.js";
import { shellWord } from "../fixes/shell.js";
import type { MemberModel } from "../model/types.js";
import { verifyDocsUrl } from "../project.js";
import { ROUNDS } from "./probe-commands.js";
import type { ObserverLog, SenderLog } from "./probe-logs.js";
import type { ProbeEnd, TunnelProbePlan } from "./tunnel-plan.js";

/** What doctor says about the same direction, beside a probe's result (JSON: `doctor`). */
export interface DoctorOpinion {
  readonly status: Status;
  /** doctor's findings on this direction: "aws.sg-ingress", … */
  readonly ids: readonly ResultId[];
}

export interface VerifyResult extends CheckResult<VerifyId> {
  readonly doctor?: DoctorOpinion;
}

/** A probe's outcome: its log, or why it has none (never scheduled, image not pulled, …). */
export type ProbeOutcome<L> = { readonly log: L } | { readonly problem: string };

export interface TunnelObservations {
  readonly observers: ReadonlyMap<number, ProbeOutcome<ObserverLog>>;
  readonly senders: ReadonlyMap<number, ProbeOutcome<SenderLog>>;
}

const ORDERED_PAIR: ReadonlySet<string> = new Set(
  CHECKS.filter((c) => c.scope === "pair" && c.ordered).map((c) => c.id),
);
/** Member checks whose failure stops a Gateway's tunnel as a whole. */
const GATEWAY_CHECKS: ReadonlySet<string> = new Set([
  "antrea.multicluster-gate",
  "antrea.gateway-enabled",
  "mc.gateway",
  "aws.instance",
]);

/** doctor's results that are about traffic from `from` to `to` between the Gateways. */
export function doctorOnDirection(
  doctor: readonly CheckResult[],
  from: string,
  to: string,
): CheckResult[] {
  return doctor.filter((r) => {
    if (!r.peer) return (r.member === from || r.member === to) && GATEWAY_CHECKS.has(r.id);
    const between = (r.member === from && r.peer === to) || (r.member === to && r.peer === from);
    if (!between || r.id === "aws.node-to-gateway") return false;
    if (!ORDERED_PAIR.has(r.id)) return true;
    const way = r.direction ?? { from: r.member, to: r.peer };
    return way.from === from && way.to === to;
  });
}

/** doctor's verdict on a direction: failing when a related check fails, unknown without AWS. */
export function opinionOf(related: readonly CheckResult[], awsInspected: boolean): DoctorOpinion {
  const failing = related.filter((r) => r.status === "fail" || r.status === "warn");
  const unknown = related.filter((r) => r.status === "unknown");
  const pick = failing.length ? failing : unknown;
  return {
    status: failing.length ? "fail" : unknown.length || !awsInspected ? "unknown" : "pass",
    ids: [...new Set(pick.map((r) => r.id))],
  };
}

export interface VerdictInput {
  readonly members: readonly MemberModel[];
  readonly plan: TunnelProbePlan;
  readonly observed: TunnelObservations;
  readonly doctor: readonly CheckResult[];
  /** The probe image, for the debugging commands of the fixes. */
  readonly image: string;
  /** Whether doctor read AWS: without it, doctor has no opinion on the underlay. */
  readonly aws: { readonly inspected: boolean; readonly skipped?: string };
}

/** One verify.tunnel result per ordered pair of members (and per pair of Gateways with candidates). */
export function tunnelVerdicts(input: VerdictInput): VerifyResult[] {
  const { members, plan } = input;
  const out: VerifyResult[] = [];
  const byName = new Map(members.map((m) => [m.name, m]));
  for (const m of members) {
    for (const p of members) {
      if (m === p) continue;
      const base = {
        id: "verify.tunnel" as const,
        member: m.name,
        peer: p.name,
        severity: "error" as const,
        docs: verifyDocsUrl("verify.tunnel"),
        direction: { from: m.name, to: p.name },
      };
      const missing = plan.without.get(m.name) ?? plan.without.get(p.name);
      if (missing !== undefined) {
        const who = plan.without.has(m.name) ? m.name : p.name;
        out.push({ ...base, status: "unknown", message: `no probe on ${who}: ${missing}` });
        continue;
      }
      const senders = plan.ends.filter((e) => e.member === m.name);
      const observers = plan.ends.filter((e) => e.member === p.name);
      const several = senders.length > 1 || observers.length > 1;
      const related = doctorOnDirection(input.doctor, m.name, p.name);
      for (const s of senders)
        for (const o of observers) {
          const r = judge(s, o, input, related, byName.get(m.name) ?? m);
          out.push({
            ...base,
            ...r,
            ...(several ? { resource: `Node ${s.node} → Node ${o.node}` } : {}),
            doctor: opinionOf(related, input.aws.inspected),
          });
        }
    }
  }
  return out;
}

type Judged = Pick<VerifyResult, "status" | "message"> & { remediation?: string };

function judge(
  s: ProbeEnd,
  o: ProbeEnd,
  input: VerdictInput,
  related: readonly CheckResult[],
  sender: MemberModel,
): Judged {
  const where = `${o.member}'s Gateway ${o.node} (${o.gatewayIP})`;
  const what = `${s.wireLabel} from ${s.member}'s Gateway ${s.node}`;
  const observer = input.observed.observers.get(o.index);
  if (!observer || "problem" in observer)
    return {
      status: "unknown",
      message: `nothing was captured on ${where}: ${observer?.problem ?? "its observer did not run"}`,
    };
  if (!observer.log.listening)
    return {
      status: "unknown",
      message: `the capture on ${where} did not start: ${observer.log.error ?? "tcpdump never said it was listening"}`,
    };
  const sent = input.observed.senders.get(s.index);
  if (!sent || "problem" in sent)
    return {
      status: "unknown",
      message: `nothing was sent from ${s.member}'s Gateway ${s.node}: ${sent?.problem ?? "its sender did not run"}`,
    };
  const arrival = observer.log.arrivals.find((a) => a.from === s.index && a.to === o.index);
  if (!arrival && observer.log.exit !== undefined)
    return {
      status: "unknown",
      message: `the capture on ${where} ended (exit ${observer.log.exit}) before the packets could arrive${observer.log.error ? `: ${observer.log.error}` : ""}`,
    };
  if (arrival && arrival.packets > 0)
    return {
      status: "pass",
      message: `${what} arrived at ${where}: ${arrival.packets} of ${ROUNDS} packets seen${arrival.source ? ` from ${arrival.source}` : ""} (the receiver's own firewall comes after the capture)`,
    };
  const sends = sent.log.sends.filter((x) => x.to === o.index);
  if (sends.length === 0)
    return {
      status: "unknown",
      message: `${s.member}'s sender on ${s.node} ended before it sent to ${where}`,
    };
  const firewallCmd = hostFirewall(sender, s.node, input.image);
  const refused = sends.filter((x) => x.rc !== 0);
  // Only a send the kernel refused with EPERM is the Node's firewall (an OUTPUT rule); a missing
  // tool, a raw socket without NET_RAW or an unreachable network say nothing of the path.
  const firewall = refused.every((x) => /^sendto: Operation not permitted$/.test(x.error ?? ""));
  if (refused.length === sends.length && !firewall)
    return {
      status: "unknown",
      message: `${s.member}'s sender on ${s.node} could not send to ${o.gatewayIP}: ${refused[0]?.error ?? `socat exited ${refused[0]?.rc}`}`,
    };
  if (refused.length === sends.length)
    return {
      status: "fail",
      message: `${s.member}'s Gateway ${s.node} could not send ${s.wireLabel} to ${o.gatewayIP}: ${refused[0]?.error ?? `socat exited ${refused[0]?.rc}`} — the Node's own firewall (iptables/nftables OUTPUT) refuses it`,
      remediation: firewallCmd,
    };
  const causes = related.filter((r) => r.status === "fail" || r.status === "warn");
  const unknowns = related.filter((r) => r.status === "unknown");
  const seenNone = `${what} to ${o.gatewayIP} was sent ${sends.length} times and not seen at ${where}`;
  if (causes.length) {
    const first = causes[0] as CheckResult;
    return {
      status: "fail",
      message: `${seenNone} — doctor finds the cause: ${causes.map((r) => `${r.id}: ${r.message}`).join("; ")}`,
      ...(first.remediation ? { remediation: first.remediation } : {}),
    };
  }
  if (!input.aws.inspected)
    return {
      status: "fail",
      message: `${seenNone} — ${input.aws.skipped ?? "AWS was not inspected"}, so doctor cannot say whether a route, security group or network ACL drops it; doctor with AWS names it if one does`,
      remediation: firewallCmd,
    };
  if (unknowns.length)
    return {
      status: "fail",
      message: `${seenNone} — doctor could not evaluate this direction (${unknowns.map((r) => `${r.id}: ${r.message}`).join("; ")}), so the cause is not named`,
      remediation: firewallCmd,
    };
  return {
    status: "fail",
    message: `${seenNone} — doctor passes every check of this direction, so it was dropped where doctor cannot see: on the sending Node after the socket (its host firewall), by an appliance on the path, or the Gateway IP does not reach this Node`,
    remediation: firewallCmd,
  };
}

/** Shows the sending Node's host firewall: a debug Pod in its network namespace. */
function hostFirewall(member: MemberModel, node: string, image: string): string {
  return kubectl(
    member,
    `debug node/${shellWord(node)} -it --profile=sysadmin --image=${shellWord(image)} -- sh -c 'iptables-save; nft list ruleset'`,
  );
}
