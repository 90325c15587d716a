/**
 * A plan as the AWS CLI commands that make the same calls, runnable as pasted into a POSIX shell:
 * parameters in the CLI's shorthand syntax, a new peering's ID carried in a shell variable, and a
 * comment where the commands switch to another member's account.
 */
import { runAs } from "../fixes/aws.js";
import type { MemberAws } from "../model/types.js";
import { isRef, type ParamValue, type Plan, type Step } from "../plan/types.js";

const kebab = (s: string) => s.replace(/(?<=[a-z0-9])([A-Z])/g, "-$1").toLowerCase();
const variable = (ref: string, of?: string) =>
  `${of === "tgw-attachment" ? "attach" : "pcx"}_${ref}`;

/** A value in the CLI's shorthand syntax (`Key=Value,List=[{...}]`). */
function shorthand(v: ParamValue): string {
  if (isRef(v)) return `$${variable(v.ref, v.of)}`;
  if (Array.isArray(v)) return `[${v.map(shorthand).join(",")}]`;
  if (v && typeof v === "object") {
    const inner = Object.entries(v)
      .map(([k, x]) => `${k}=${shorthand(x as ParamValue)}`)
      .join(",");
    return `{${inner}}`;
  }
  const text = String(v);
  return /[\s,=[\]{}"]/.test(text) ? `"${text.replace(/"/g, '\\"')}"` : text;
}

/** One CLI argument: single-quoted for the shell unless it is plain (or a variable). */
function arg(v: ParamValue): string {
  if (isRef(v)) return `"$${variable(v.ref, v.of)}"`;
  const text =
    v && typeof v === "object" && !Array.isArray(v) ? shorthand(v).slice(1, -1) : shorthand(v);
  if (/^[\w./:@+-]+$/.test(text)) return text;
  // A peering ID from an earlier command must expand: double quotes, everything else escaped.
  if (/\$(pcx|attach)_/.test(text)) return `"${text.replace(/["\\`]/g, "\\$&")}"`;
  return `'${text}'`;
}

function flags(step: Step): string[] {
  return Object.entries(step.params).flatMap(([k, v]) => {
    const values = Array.isArray(v) ? (v as readonly ParamValue[]) : [v];
    return [`--${kebab(k)}`, ...values.map(arg)];
  });
}

export function planCommands(plan: Plan, awsOf: (member: string) => MemberAws | undefined): string {
  const lines: string[] = [];
  let account: string | undefined;
  for (const step of plan.steps) {
    const aws = awsOf(step.member);
    const profile = aws?.settings.profile ? ` --profile ${aws.settings.profile}` : "";
    const tail = `--region ${step.region}${profile}`;
    const who = `${step.member}|${aws?.settings.roleArn ?? ""}|${aws?.account ?? ""}`;
    if (aws && who !== account && plan.steps.some((s) => awsOf(s.member)?.settings.roleArn)) {
      lines.push(runAs(step.member, aws, true).trimEnd());
    }
    account = who;
    lines.push(`# ${step.id}: ${step.why}`);
    const call = `aws ec2 ${kebab(step.action)} ${flags(step).join(" ")}`;
    if (step.action === "CreateVpcPeeringConnection") {
      lines.push(
        `${variable(step.id)}=$(${call} --query VpcPeeringConnection.VpcPeeringConnectionId --output text ${tail})`,
      );
    } else if (step.action === "CreateTransitGatewayVpcAttachment") {
      const id = variable(step.id, "tgw-attachment");
      lines.push(
        `${id}=$(${call} --query TransitGatewayVpcAttachment.TransitGatewayAttachmentId --output text ${tail})`,
        // The AWS CLI has no waiter for attachments: poll until AWS has made it.
        `until [ "$(aws ec2 describe-transit-gateway-vpc-attachments --transit-gateway-attachment-ids "$${id}" --query 'TransitGatewayVpcAttachments[0].State' --output text ${tail})" = available ]; do sleep 15; done`,
      );
    } else if (
      step.action === "ModifyTransitGatewayVpcAttachment" ||
      step.action === "AcceptTransitGatewayVpcAttachment"
    ) {
      // The next change of the attachment waits until AWS is done with this one.
      const id = step.params.TransitGatewayAttachmentId;
      lines.push(
        `${call} ${tail}`,
        `until [ "$(aws ec2 describe-transit-gateway-vpc-attachments --transit-gateway-attachment-ids ${arg(id ?? "")} --query 'TransitGatewayVpcAttachments[0].State' --output text ${tail})" = available ]; do sleep 15; done`,
      );
    } else if (
      step.action === "AcceptVpcPeeringConnection" &&
      isRef(step.params.VpcPeeringConnectionId)
    ) {
      // In the accepter's Region the new peering shows up after a moment.
      lines.push(
        `aws ec2 wait vpc-peering-connection-exists --vpc-peering-connection-ids ${arg(step.params.VpcPeeringConnectionId)} ${tail}`,
        `${call} ${tail}`,
      );
    } else {
      lines.push(`${call} ${tail}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
