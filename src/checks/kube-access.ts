import { parseEksClusterArn } from "../aws/eks-arn.js";
import { TLS_REFUSED } from "../collect/kube/reader.js";
import { shellWord } from "../fixes/shell.js";
import type { ApiFailure, ApiFailureKind, PluginFailure } from "../kube/types.js";
import type { AccessProblem, MemberModel } from "../model/types.js";
import { kubectl, releaseManifest } from "./helpers.js";
import type { Finding, MemberCheck } from "./types.js";

function credentialsFix(member: MemberModel, plugin?: PluginFailure): string {
  const arn = parseEksClusterArn(member.context);
  const whoami = kubectl(member, "auth whoami");
  const updateKubeconfig =
    arn && `aws eks update-kubeconfig --region ${arn.region} --name ${shellWord(arn.clusterName)}`;
  const command = plugin?.command.split("/").pop() ?? "";
  if (plugin?.missing) {
    // aws eks update-kubeconfig writes `aws eks get-token` instead: nothing more to install.
    if (command === "aws-iam-authenticator" && updateKubeconfig) {
      return [`# or install ${command}`, updateKubeconfig, whoami].join("\n");
    }
    const install = plugin.installHint
      ? plugin.installHint.split(/\n+/).map((line) => `# ${line.trim()}`)
      : [`# install ${plugin.command}, or put it on PATH`];
    return [...install, whoami].join("\n");
  }
  // An expired or missing AWS SSO login: `aws eks get-token` says so, mentioning SSO.
  if (command === "aws" && /\bsso\b/i.test(plugin?.said ?? "")) {
    const profile = plugin?.awsProfile ? ` --profile ${shellWord(plugin.awsProfile)}` : "";
    return [`aws sso login${profile}`, whoami].join("\n");
  }
  if (plugin) return whoami;
  return updateKubeconfig ? [updateKubeconfig, whoami].join("\n") : whoami;
}

function clusterFailure(member: MemberModel, failure: ApiFailure): Finding {
  const resource = `context ${member.context}`;
  switch (failure.kind) {
    case "context-missing":
      return {
        status: "fail",
        resource,
        message: failure.message,
        remediation: `kubectl config get-contexts ${shellWord(member.context)}`,
      };
    case "unauthorized":
      // With a status the server refused; without, our client had no credentials to send.
      return {
        status: "fail",
        resource,
        message:
          failure.status === 401
            ? `the API server refused the credentials (401 Unauthorized)${failure.message === "Unauthorized" ? "" : `: ${failure.message}`}`
            : failure.status
              ? `the API server refused the credentials (HTTP ${failure.status}): ${failure.message}`
              : `no request was sent: ${failure.message}`,
        remediation: credentialsFix(member, failure.plugin),
      };
    default:
      if (failure.message.includes(TLS_REFUSED)) {
        return {
          status: "fail",
          resource,
          message: `our client refused the API server's certificate: ${failure.message.replace(`${TLS_REFUSED}: `, "")}`,
          remediation: kubectl(member, "get --raw /version"),
        };
      }
      return {
        status: "fail",
        resource,
        message: `the API server could not be reached: ${failure.message}`,
        remediation: kubectl(member, "get --raw /version"),
      };
  }
}

/**
 * The RBAC rule that would allow a refused read: a Role in its namespace, else a ClusterRole,
 * with the verb of the request on the resource of its API group.
 */
function rbacRule(problem: AccessProblem): string {
  const request = problem.failure.request ?? "";
  const verb = request.startsWith("get ") ? "get" : "list";
  const ns = / in namespace (\S+)/.exec(request)?.[1];
  const [plural, ...group] = problem.resource.split(".");
  const role = ns ? `an RBAC Role in ${ns}` : "an RBAC ClusterRole";
  return `${role} with apiGroups: ["${group.join(".")}"], resources: [${plural}], verbs: [${verb}]`;
}

/** Problems of one kind are reported together, naming every resource. */
function groupFailure(
  member: MemberModel,
  kind: ApiFailureKind,
  problems: AccessProblem[],
): Finding {
  const names = problems.map((p) => p.resource);
  const first = problems[0]?.failure;
  const ns = member.namespace.value;
  if (kind === "forbidden") {
    const user = /User "([^"]+)"/.exec(first?.message ?? "")?.[1];
    return {
      status: "fail",
      resource: names.join(", "),
      message: `the API server refused (403)${user ? ` user ${user}` : ""}: ${problems.map((p) => `${p.failure.request ?? p.resource}; allowed by ${rbacRule(p)}`).join("; ")}`,
      remediation: problems
        .map((p) => {
          const inNs = p.failure.request?.includes(" in namespace ") ? ` -n ${ns}` : " -A";
          const verb = p.failure.request?.startsWith("get ") ? "get" : "list";
          return kubectl(member, `auth can-i ${verb} ${p.resource}${inNs}`);
        })
        .join("\n"),
    };
  }
  if (kind === "not-collected") {
    const file = (p: AccessProblem) => `clusters/${member.name}/${p.key}.json`;
    return {
      status: "fail",
      resource: names.join(", "),
      message: `the snapshot lacks ${problems.map(file).join(", ")}: the verdict is incomplete`,
      remediation: problems
        .map((p) => {
          const context = `kubectl --context ${shellWord(member.context)} `;
          return `${(p.failure.request ?? "").replace(/(^|; )kubectl /g, `$1${context}`)} > ${file(p)}`;
        })
        .join("\n"),
    };
  }
  if (kind === "not-served") {
    const mc = names.filter((n) => n.endsWith(".multicluster.crd.antrea.io"));
    return {
      status: "fail",
      resource: names.join(", "),
      message:
        mc.length > 0
          ? `the API server does not serve ${names.join(", ")}: the Antrea Multi-cluster CRDs (ClusterSet v1alpha2) are not installed`
          : `the API server does not serve ${names.join(", ")}`,
      remediation:
        mc.length > 0
          ? kubectl(
              member,
              `apply -f ${releaseManifest(member.antreaVersion, "antrea-multicluster-member.yml")}`,
            )
          : kubectl(member, "api-resources"),
    };
  }
  return {
    status: "fail",
    resource: names.join(", "),
    message: `reads failed: ${problems.map((p) => `${p.failure.request ?? p.resource}: ${p.failure.message}`).join("; ")}${first?.status ? ` (HTTP ${first.status})` : ""}`,
    remediation: kubectl(member, "get --raw /readyz?verbose"),
  };
}

export const kubeAccess: MemberCheck<"kube.access"> = {
  id: "kube.access",
  gate: "access",
  runsWhenUnreachable: true,
  title: "Kubernetes API access",
  category: "Kubernetes",
  severity: "error",
  scope: "member",
  docs: {
    summary:
      "the context is missing from the kubeconfig, its API server is unreachable, credentials are refused (or an exec credential plugin fails or hangs), a read is forbidden, the Antrea Multi-cluster CRDs are not served, or a hand-made snapshot lacks a file",
    why: "Every other check of the member reads the cluster. When a read fails the verdict is incomplete, so doctor exits 3 and the checks that needed the data are `unknown` instead of guessing.",
    fix: "Check the context with `kubectl --context <ctx> get --raw /version`; refresh EKS credentials with `aws eks update-kubeconfig`; grant the reading user `get`/`list` on Nodes, Pods, DaemonSets, Deployments, ConfigMaps (kube-system) and the multicluster.crd.antrea.io resources; install the member manifest when the CRDs are missing.",
  },
  run(member) {
    const cluster = member.access.find((p) => p.resource === "cluster");
    if (cluster) return [clusterFailure(member, cluster.failure)];
    if (member.access.length === 0) {
      return [
        {
          status: "pass",
          message: `read everything needed from context ${member.context}${member.kubernetesVersion ? ` (Kubernetes ${member.kubernetesVersion})` : ""}`,
        },
      ];
    }
    const byKind = new Map<ApiFailureKind, AccessProblem[]>();
    for (const p of member.access) {
      byKind.set(p.failure.kind, [...(byKind.get(p.failure.kind) ?? []), p]);
    }
    return [...byKind].map(([kind, problems]) => groupFailure(member, kind, problems));
  },
};
