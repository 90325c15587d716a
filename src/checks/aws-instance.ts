import { awsFlags, runAs } from "../fixes/aws.js";
import { kubectl } from "./helpers.js";
import type { Finding, MemberCheck } from "./types.js";

export const awsInstance: MemberCheck<"aws.instance"> = {
  id: "aws.instance",
  title: "Gateway Nodes in EC2",
  category: "AWS",
  severity: "error",
  scope: "member",
  docs: {
    summary:
      "a Gateway or Gateway candidate Node cannot be mapped to a running EC2 instance and the network interface that holds its Gateway IP or InternalIP (from `spec.providerID`), or its Gateway IP is a private address no interface of the instance holds",
    why: "Every AWS check of the tunnel path starts at the Gateway Node's network interface: its subnet's route table and network ACL and its security groups. A Node that cannot be found in EC2 (wrong account or Region, a terminated instance, a providerID that is not AWS) leaves the path unchecked.",
    fix: "Check that the member's AWS settings point at the account and Region of its Nodes (`--aws-role-arn`, `--aws-region`), and that the Node's providerID names its instance.",
  },
  run(member) {
    if (!member.aws.known)
      return [
        {
          status: "unknown",
          message: `AWS side of ${member.name} not known: ${member.aws.reason}`,
        },
      ];
    if (!member.gateways.known)
      return [{ status: "unknown", message: `Nodes could not be read: ${member.gateways.reason}` }];
    const aws = member.aws.value;
    const findings: Finding[] = [];
    const mapped: string[] = [];
    for (const g of member.gateways.value) {
      if (!g.aws.known) {
        findings.push({ status: "unknown", message: `${g.node}: ${g.aws.reason}` });
        continue;
      }
      const status = g.active ? ("fail" as const) : ("warn" as const);
      const role = g.active ? "the active Gateway" : "Gateway candidate";
      if (!g.aws.value.mapped) {
        findings.push({
          status,
          resource: g.instanceId ?? `Node ${g.node}`,
          message: `${role} ${g.node}: ${g.aws.value.problem}`,
          remediation: g.instanceId
            ? `${runAs(member.name, aws)}aws ec2 describe-instances --instance-ids ${g.instanceId} ${awsFlags(aws)}\n${kubectl(member, `get node ${g.node} -o jsonpath='{.spec.providerID}'`)}`
            : kubectl(member, `get node ${g.node} -o jsonpath='{.spec.providerID}'`),
        });
        continue;
      }
      const p = g.aws.value;
      if (p.instance.state !== "running") {
        findings.push({
          status,
          resource: p.instance.id,
          message: `${role} ${g.node} runs on ${p.instance.id}, which is ${p.instance.state}`,
          remediation: `${runAs(member.name, aws)}aws ec2 describe-instances --instance-ids ${p.instance.id} ${awsFlags(aws)}`,
        });
        continue;
      }
      mapped.push(`${g.node} → ${p.instance.id} (${p.eni.id}, ${p.eni.subnetId})`);
    }
    if (findings.some((f) => f.status !== "unknown")) return findings;
    if (mapped.length === 0)
      return findings.length
        ? findings
        : [{ status: "unknown", message: "no Gateway Node to map" }];
    return [{ status: "pass", message: `mapped: ${mapped.join("; ")}` }];
  },
};
