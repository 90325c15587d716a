import { GATEWAY_ANNOTATION } from "../kube/locate.js";
import { isIPv4 } from "../model/cidr.js";
import type { GatewayNode, MemberModel } from "../model/types.js";
import { lifecycleFindings } from "./gateway-lifecycle.js";
import { kubectl, plural } from "./helpers.js";
import type { Finding, MemberCheck } from "./types.js";

/** Why a candidate cannot become the Gateway, if it cannot. */
function unusable(g: GatewayNode): string | undefined {
  if (!g.ready) return `is not Ready (${g.readyMessage})`;
  if (g.os && g.os !== "linux") return `runs ${g.os}: the Multicluster feature is Linux-only`;
  if (!g.expected.ok) return `has no usable IP: ${g.expected.problem}`;
  if (!isIPv4(g.expected.gatewayIP))
    return `would get Gateway IP ${g.expected.gatewayIP}, but Antrea supports only IPv4 Gateway IPs`;
  return undefined;
}

/** Annotate a Ready Linux Node; with none Ready, list the Linux Nodes to see why. */
function annotateOrList(member: MemberModel): string {
  const node = member.readyLinuxNodes[0];
  return node
    ? kubectl(member, `annotate node ${node} ${GATEWAY_ANNOTATION}=true`)
    : kubectl(member, "get nodes -l kubernetes.io/os=linux -o wide");
}

export const mcGatewayCandidates: MemberCheck<"mc.gateway-candidates"> = {
  id: "mc.gateway-candidates",
  title: "Gateway candidate Nodes",
  category: "Multi-cluster",
  severity: "error",
  scope: "member",
  docs: {
    summary:
      "no Node carries the `multicluster.antrea.io/gateway` annotation (error); a candidate is NotReady, not Linux or has no usable IP (warning); a candidate will lose the annotation when its Node is replaced — it comes from a Karpenter NodePool whose template does not set it, or from an EKS managed node group or an Auto Scaling group, told by its labels (`karpenter.sh/nodepool`, `eks.amazonaws.com/nodegroup`) and its instance's tags (`aws:autoscaling:groupName`, `eks:nodegroup-name`, `karpenter.sh/nodepool`) (warning; `unknown` when the NodePool cannot be read; a self-managed Auto Scaling group shows only in its instances' tags, so only when AWS is read); only one candidate is usable (info: no failover)",
    why: "The member controller elects the active Gateway among annotated, Ready Nodes with a valid IPv4 Gateway IP, and fails over to another candidate when the active one goes away. The annotation is matched by key only, so `=false` still makes a candidate. It lives on the Node object, so a Node that is replaced — a node group update, scale-in, node repair, an instance refresh, Karpenter's consolidation, drift or expiry — comes back without it, and when the last candidate goes the member has no Gateway. Of the ways Nodes are made on EKS only Karpenter can set annotations at creation (a NodePool's `spec.template.metadata.annotations`, which it applies to every Node it creates: Karpenter's NodePools documentation); managed node groups and launch templates set labels and taints, kubelet's `--node-labels` labels only. EKS Auto Mode's built-in NodePools (`general-purpose`, `system`) cannot be edited.",
    fix: "Annotate one or more Ready Linux Nodes (in different availability zones for failover) with `multicluster.antrea.io/gateway=true`; remove the annotation from Nodes that should not be candidates. To keep candidates through replacement, run the Gateways from a Karpenter NodePool that sets the annotation in its template (the patch doctor prints is marked manual: Karpenter hashes the template for drift, so it replaces that NodePool's Nodes, the Gateways too, and every Node of the NodePool becomes a candidate — give the Gateways their own); in a managed node group, annotate the new Nodes after each update; in an Auto Scaling group, protect the instances from the group's scale-in (`aws autoscaling set-instance-protection`), keep Cluster Autoscaler off them (`cluster-autoscaler.kubernetes.io/scale-down-disabled`), and annotate new Nodes after a replacement.",
  },
  run(member) {
    if (!member.gateways.known)
      return [{ status: "unknown", message: `Nodes could not be read: ${member.gateways.reason}` }];
    const candidates = member.gateways.value.filter((g) => g.candidate);
    if (candidates.length === 0) {
      return [
        {
          status: "fail",
          resource: "Nodes",
          message: `no Node is annotated ${GATEWAY_ANNOTATION}: the member controller has no Gateway to elect`,
          remediation: annotateOrList(member),
        },
      ];
    }
    const findings: Finding[] = [];
    for (const g of candidates) {
      if (g.annotationValue !== undefined && g.annotationValue !== "true") {
        findings.push({
          status: "warn",
          resource: `Node ${g.node}`,
          message: `Node ${g.node} is annotated ${GATEWAY_ANNOTATION}="${g.annotationValue}": the controller checks only the key, so it is still a candidate`,
          remediation: kubectl(member, `annotate node ${g.node} ${GATEWAY_ANNOTATION}-`),
        });
      }
      const why = unusable(g);
      if (why) {
        findings.push({
          status: "warn",
          resource: `Node ${g.node}`,
          message: `Gateway candidate ${g.node} ${why}`,
          remediation: !g.ready
            ? kubectl(member, `describe node ${g.node}`)
            : kubectl(member, `get node ${g.node} -o jsonpath='{.status.addresses}'`),
        });
      }
    }
    findings.push(...lifecycleFindings(member, candidates));
    const usable = candidates.filter((g) => !unusable(g));
    if (usable.length === 0) {
      findings.push({
        status: "fail",
        resource: "Nodes",
        message: `none of the ${plural(candidates.length, "Gateway candidate")} can be elected (see the warnings above)`,
        remediation: annotateOrList(member),
      });
    } else if (usable.length === 1) {
      const other = member.readyLinuxNodes.find((n) => !candidates.some((c) => c.node === n));
      findings.push({
        status: "warn",
        severity: "info",
        resource: `Node ${usable[0]?.node}`,
        message: `only one usable Gateway candidate (${usable[0]?.node}): no failover if it goes down`,
        ...(other
          ? { remediation: kubectl(member, `annotate node ${other} ${GATEWAY_ANNOTATION}=true`) }
          : {}),
      });
    }
    if (findings.length > 0) return findings;
    return [
      {
        status: "pass",
        message: `${plural(usable.length, "usable Gateway candidate")}: ${usable.map((g) => g.node).join(", ")}`,
      },
    ];
  },
};
