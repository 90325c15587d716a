/**
 * Known problems of Antrea releases for Multi-cluster Gateways on networkPolicyOnly members, each
 * with the release that fixed it and where that is written (Antrea's CHANGELOG entries, PRs and
 * docs). antrea.version reports them; antrea.gateway-enabled asks `legacyEnableKey` what the
 * member's agent makes of `multicluster.enable`, so that the version decision is made here only.
 */
import type { AgentConfig } from "../model/agent-config.js";
import { inRange, minorOf, type Version } from "../model/antrea-version.js";
import type { McConfig } from "../model/mc-config.js";

const PR = (n: number) => `https://github.com/antrea-io/antrea/pull/${n}`;
const DOC = (path: string) => `https://github.com/antrea-io/antrea/blob/main/${path}`;
const CHANGELOG = (line: string) => DOC(`CHANGELOG/CHANGELOG-${line}.md`);

/**
 * What an antrea-agent of this version makes of `multicluster.enable`:
 * - "sole-key": v1.7–v1.10 know only this key (and refuse `enableGateway`: they decode strictly);
 * - "alias": v1.11–v1.15 read it as `enableGateway` (renamed in v1.11.0, #4533);
 * - "ignored": v2.0.0 removed it (#5158) and decodes leniently (#6156), so it is silently ignored;
 * - "unknown": the version is not known.
 */
export type LegacyEnableKey = "sole-key" | "alias" | "ignored" | "unknown";

export function legacyEnableKey(agent: Version | undefined): LegacyEnableKey {
  if (!agent) return "unknown";
  if (inRange(agent, "0.0.0", "1.11.0")) return "sole-key";
  if (inRange(agent, "1.11.0", "2.0.0")) return "alias";
  return "ignored";
}

export const LEGACY_ENABLE_SOURCES = [
  `${CHANGELOG("1.11")} (1.11.0: "Rename the multicluster.enable configuration parameter to multicluster.enableGateway", ${PR(4533)})`,
  `${CHANGELOG("2.0")} (2.0.0: "Remove deprecated options … multicluster.enable", ${PR(5158)}; lenient decoding of unknown keys, ${PR(6156)})`,
];

/** What a known problem is judged on. */
export interface VersionFacts {
  readonly agent?: Version;
  readonly controller?: Version;
  readonly kubernetes?: Version;
  readonly agentConfig?: AgentConfig;
  readonly mcConfig?: McConfig;
}

/** A known problem's verdict for one member: it has it, it cannot be told, or (undefined) not. */
export type Verdict =
  | {
      readonly status: "fail";
      readonly severity: "error" | "warning" | "info";
      readonly detail: string;
    }
  | { readonly status: "unknown"; readonly detail: string };

/** What fixes it: upgrading a component, or a setting (the check builds the exact edit). */
export type Remedy =
  | "upgrade-agent"
  | "upgrade-controller"
  | "upgrade-both"
  | "enable-gateway"
  | "service-cidr";

export interface KnownProblem {
  readonly title: string;
  readonly remedy: Remedy;
  /** The releases that have it, for the docs. */
  readonly affected: string;
  /** The first release(s) without it; "" for a problem of configuration, no release's. */
  readonly fixedIn: string;
  /** The fix's PR (or the doc) for a finding's message; `sources` are the whole references. */
  readonly cite: string;
  readonly sources: readonly string[];
  judge(f: VersionFacts): Verdict | undefined;
}

const nonEncap = (c: AgentConfig | undefined) =>
  c !== undefined && c.trafficEncapMode !== undefined && c.trafficEncapMode !== "encap";

export const KNOWN_PROBLEMS: readonly KnownProblem[] = [
  {
    title: "Multi-cluster Gateway in networkPolicyOnly (and noEncap, hybrid) mode",
    affected: "antrea-agent before v1.11.0",
    fixedIn: "v1.11.0",
    cite: PR(4407),
    remedy: "upgrade-both",
    sources: [
      `${CHANGELOG("1.11")} (1.11.0: "Support noEncap, hybrid, and networkPolicyOnly in-cluster traffic encapsulation modes with Multi-cluster Gateway", ${PR(4407)})`,
      DOC("docs/multicluster/user-guide.md"),
    ],
    judge({ agent, agentConfig }) {
      if (!agent || !nonEncap(agentConfig) || !inRange(agent, "0.0.0", "1.11.0")) return undefined;
      return {
        status: "fail",
        severity: "error",
        detail: `antrea-agent ${agent.text} supports Multi-cluster Gateways only in encap mode, and this member runs ${agentConfig?.trafficEncapModeRaw}`,
      };
    },
  },
  {
    title: "The legacy `multicluster.enable` key",
    affected:
      "the key of v1.7–v1.10; a deprecated alias of `multicluster.enableGateway` in v1.11–v1.15; ignored from v2.0.0",
    fixedIn: "v1.11.0 (renamed)",
    cite: `${PR(4533)}, ${PR(5158)}`,
    remedy: "enable-gateway",
    sources: LEGACY_ENABLE_SOURCES,
    judge({ agent, agentConfig }) {
      if (agentConfig?.legacyEnable !== true) return undefined;
      const meaning = legacyEnableKey(agent);
      if (meaning === "alias" && agent) {
        return {
          status: "fail",
          severity: "warning",
          detail: `antrea-agent ${agent.text} still reads the deprecated multicluster.enable as enableGateway, but v2.0.0 removed it: upgrading as configured turns the Gateway off`,
        };
      }
      // From v2.0 the key is ignored: antrea.gateway-enabled reports the error when enableGateway
      // is not set; left over next to it, it is only clutter.
      if (meaning === "ignored" && agent && agentConfig.enableGateway) {
        return {
          status: "fail",
          severity: "info",
          detail: `antrea-agent ${agent.text} ignores multicluster.enable (removed in v2.0.0); enableGateway is set, so only the stale key is left to remove`,
        };
      }
      return undefined;
    },
  },
  {
    title: "Service CIDR discovery of the member controller on Kubernetes 1.33 and newer",
    affected: "antrea-mc-controller before v2.5.0 on Kubernetes v1.33.0 or later",
    fixedIn: "v2.5.0",
    cite: PR(7291),
    remedy: "service-cidr",
    sources: [
      `${CHANGELOG("2.5")} (2.5.0: "Fix ServiceCIDR discovery in the Multi-cluster member controller for Kubernetes versions 1.33 and newer", ${PR(7291)})`,
      `${DOC("docs/multicluster/user-guide.md")}#member-cluster-service-cidr-discovery`,
    ],
    judge({ controller, kubernetes, mcConfig }) {
      if (!controller || !inRange(controller, "0.0.0", "2.5.0")) return undefined;
      if (!mcConfig)
        return { status: "unknown", detail: "the member controller's config is not known" };
      if (mcConfig.serviceCIDR !== "") return undefined;
      if (!kubernetes) {
        return {
          status: "unknown",
          detail: `antrea-mc-controller ${controller.text} discovers the Service CIDR in a way Kubernetes 1.33 breaks, and the Kubernetes version is not known`,
        };
      }
      if (kubernetes.major === 1 && kubernetes.minor < 33) return undefined;
      return {
        status: "fail",
        severity: "error",
        detail: `antrea-mc-controller ${controller.text} cannot discover the Service CIDR on Kubernetes ${kubernetes.text} (serviceCIDR is not set): it does not start its Gateway controller, so the member gets no Gateway`,
      };
    },
  },
  {
    title: "MTU of the Multi-cluster WireGuard interface",
    affected:
      "antrea-agent v1.12.0–v1.13.3 and v1.14.0–v1.14.1 with `multicluster.trafficEncryptionMode: wireGuard`",
    fixedIn: "v1.13.4, v1.14.2, v1.15.0",
    cite: `${PR(5880)}, ${PR(5926)}`,
    remedy: "upgrade-agent",
    sources: [
      `${CHANGELOG("1.13")} (1.13.4), ${CHANGELOG("1.14")} (1.14.2), ${CHANGELOG("1.15")} (1.15.0): "Fix incorrect MTU configurations for the WireGuard encryption mode and GRE tunnel mode" (${PR(5880)}, ${PR(5926)})`,
    ],
    judge({ agent, agentConfig }) {
      if (!agent || agentConfig?.mcWireGuard !== true) return undefined;
      if (!inRange(agent, "1.12.0", "1.13.4") && !inRange(agent, "1.14.0", "1.14.2"))
        return undefined;
      return {
        status: "fail",
        severity: "error",
        detail: `antrea-agent ${agent.text} gives antrea-mc-wg0 the Pods' MTU, so full-size cross-cluster packets, encapsulated on the Gateway, do not fit it and are dropped`,
      };
    },
  },
  {
    title: "antrea-agent and the member antrea-mc-controller of different releases",
    affected: "any release line pair",
    fixedIn: "",
    cite: DOC("docs/multicluster/upgrade.md"),
    remedy: "upgrade-both",
    sources: [
      `${DOC("docs/multicluster/upgrade.md")} ("we suggest to keep Antrea and Antrea Multi-cluster in the same version")`,
    ],
    judge({ agent, controller }) {
      if (!agent || !controller || minorOf(agent) === minorOf(controller)) return undefined;
      return {
        status: "fail",
        severity: "warning",
        detail: `antrea-agent is ${agent.text} but antrea-mc-controller is ${controller.text}`,
      };
    },
  },
];

/** The problems as a Markdown list for docs/checks.md: title, who has it, the fix, the sources. */
export function knownProblemsMarkdown(): string {
  return KNOWN_PROBLEMS.map(
    (p) =>
      `- ${p.title}: ${p.affected}${p.fixedIn ? `; fixed in ${p.fixedIn}` : ""}. Sources: ${p.sources.join("; ")}.`,
  ).join("\n");
}
