import { imageTag, minorOf, parseVersion, type Version } from "../model/antrea-version.js";
import type { MemberModel } from "../model/types.js";
import {
  KNOWN_PROBLEMS,
  type KnownProblem,
  knownProblemsMarkdown,
  type VersionFacts,
} from "./antrea-known-problems.js";
import {
  agentConfigFile,
  configFix,
  kubectl,
  mcConfigFile,
  releaseManifest,
  setting,
} from "./helpers.js";
import { type AgentInput, agentConfigOf, type McConfigInput, mcConfigOf } from "./inputs.js";
import type { Finding, MemberCheck } from "./types.js";

/** The antrea-agent and member antrea-mc-controller release of a member, or why not known. */
function versions(member: MemberModel): {
  agent: Version | undefined;
  controller: Version | undefined;
  unknown: string[];
} {
  const unknown: string[] = [];
  const agent = parseVersion(member.antreaVersion);
  if (!agent) {
    const a = member.agent;
    unknown.push(
      !a.known
        ? `the antrea-agent DaemonSet could not be read: ${a.reason}`
        : a.value.status !== "ok"
          ? `antrea-agent: ${a.value.message}`
          : `the antrea-agent image ${a.value.image ?? "(none)"} has no release tag`,
    );
  }
  const c = member.controller;
  const image = c.known && c.value.status === "ok" ? c.value.image : undefined;
  const controller = parseVersion(imageTag(image));
  if (!controller) {
    unknown.push(
      !c.known
        ? `the antrea-mc-controller Deployment could not be read: ${c.reason}`
        : c.value.status !== "ok"
          ? `${c.value.message} (see mc.controller)`
          : `the antrea-mc-controller image ${image ?? "(none)"} has no release tag`,
    );
  }
  return { agent, controller, unknown };
}

/** Other members whose agent or controller is of another release line than this member's. */
function skew(member: MemberModel, members: readonly MemberModel[]): string[] {
  const mine = versions(member);
  const out: string[] = [];
  for (const peer of members) {
    if (peer.name === member.name) continue;
    const theirs = versions(peer);
    for (const [what, a, b] of [
      ["antrea-agent", mine.agent, theirs.agent],
      ["antrea-mc-controller", mine.controller, theirs.controller],
    ] as const) {
      if (a && b && minorOf(a) !== minorOf(b))
        out.push(`${what} ${a.text} here, ${b.text} in ${peer.name}`);
    }
  }
  return out;
}

type Fix = Pick<Finding, "remediation" | "remediationText" | "manual">;

/**
 * An upgrade to the latest release: by hand, since it restarts every agent and the release
 * manifest replaces antrea-config (its multicluster settings must be carried over).
 */
function upgrade(member: MemberModel, parts: readonly ("agent" | "controller")[]): Fix {
  return {
    manual: true,
    remediation: [
      "# Upgrade as docs/multicluster/upgrade.md says; antrea-eks.yml replaces ConfigMap antrea-config, so carry its multicluster settings over",
      ...(parts.includes("agent")
        ? [kubectl(member, `apply -f ${releaseManifest(undefined, "antrea-eks.yml")}`)]
        : []),
      ...(parts.includes("controller")
        ? [
            kubectl(
              member,
              `apply -f ${releaseManifest(undefined, "antrea-multicluster-member.yml")}`,
            ),
          ]
        : []),
    ].join("\n"),
  };
}

function fixOf(
  member: MemberModel,
  p: KnownProblem,
  agent: AgentInput | undefined,
  mc: McConfigInput | undefined,
): Fix {
  switch (p.remedy) {
    case "enable-gateway":
      return agent
        ? configFix(member, agentConfigFile(agent), [setting("multicluster.enableGateway", true)])
        : {};
    case "service-cidr": {
      // Setting the Service CIDR by hand is the documented workaround, and no upgrade.
      const cidr = member.serviceCIDR.known ? member.serviceCIDR.value : undefined;
      return mc && cidr
        ? configFix(member, mcConfigFile(mc), [setting("serviceCIDR", cidr.value)], cidr.source)
        : upgrade(member, ["controller"]);
    }
    case "upgrade-agent":
      return upgrade(member, ["agent"]);
    case "upgrade-controller":
      return upgrade(member, ["controller"]);
    case "upgrade-both":
      return upgrade(member, ["agent", "controller"]);
  }
}

export const antreaVersion: MemberCheck<"antrea.version"> = {
  id: "antrea.version",
  title: "Antrea versions",
  category: "Antrea",
  severity: "error",
  scope: "member",
  docs: {
    summary:
      "the member's antrea-agent or antrea-mc-controller release (image tag) has a known problem for this setup, named with the release that fixes it; the two differ in release line, or differ from another member's (warning); a version that cannot be read is `unknown`",
    why: `Some Multi-cluster failures come from the release itself, not from the configuration: every other check can pass while traffic still fails. Antrea's upgrade guide asks for the same version of Antrea and Antrea Multi-cluster, and of all members of a ClusterSet (${"https://github.com/antrea-io/antrea/blob/main/docs/multicluster/upgrade.md"}). The known problems, from Antrea's CHANGELOGs:\n\n${knownProblemsMarkdown()}\n- Members of different release lines (antrea-agent or antrea-mc-controller): upgrade.md recommends the same version in all members (skew with the leader is \`mc.leader\`'s).`,
    fix: "Upgrade to the release the finding names (Antrea and Antrea Multi-cluster together, every member), or apply the finding's workaround.",
  },
  run(member, ctx) {
    const { agent, controller, unknown } = versions(member);
    const agentConf = agentConfigOf(member);
    const mcConf = mcConfigOf(member);
    const kubernetes = parseVersion(member.kubernetesVersion);
    const facts: VersionFacts = {
      ...(agent ? { agent } : {}),
      ...(controller ? { controller } : {}),
      ...(kubernetes ? { kubernetes } : {}),
      ...(agentConf.ok ? { agentConfig: agentConf.value.config } : {}),
      ...(mcConf.ok ? { mcConfig: mcConf.value.config } : {}),
    };
    const findings: Finding[] = [];
    for (const p of KNOWN_PROBLEMS) {
      const v = p.judge(facts);
      if (!v) continue;
      const fixed = p.fixedIn ? `fixed in ${p.fixedIn}: ${p.cite}` : p.cite;
      findings.push(
        v.status === "unknown"
          ? { status: "unknown", message: `${p.title}: ${v.detail}` }
          : {
              status: v.severity === "error" ? "fail" : "warn",
              severity: v.severity,
              message: `${v.detail} (${fixed})`,
              ...fixOf(
                member,
                p,
                agentConf.ok ? agentConf.value : undefined,
                mcConf.ok ? mcConf.value : undefined,
              ),
            },
      );
    }
    const skewed = skew(member, ctx.model.members);
    if (skewed.length > 0) {
      findings.push({
        status: "warn",
        severity: "warning",
        message: `members run different Antrea releases: ${skewed.join("; ")} (docs/multicluster/upgrade.md: keep all members on the same version)`,
        ...upgrade(member, ["agent", "controller"]),
      });
    }
    for (const reason of unknown) {
      findings.push({
        status: "unknown",
        message: `the release is not known, so its known problems cannot be ruled out: ${reason}`,
      });
    }
    if (findings.length > 0) return findings;
    return [
      {
        status: "pass",
        message: `antrea-agent ${agent?.text}, antrea-mc-controller ${controller?.text}: no known problem for this setup`,
      },
    ];
  },
};
