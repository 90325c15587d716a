/** The AWS CLI command that keeps instances through an Auto Scaling group's scale-in. */
import type { MemberAws } from "../model/types.js";
import { awsFlags } from "./aws.js";
import { shellWord } from "./shell.js";

export function protectFromScaleIn(
  aws: Pick<MemberAws, "region" | "settings">,
  group: string,
  instanceIds: readonly string[],
): string {
  return `aws autoscaling set-instance-protection --auto-scaling-group-name ${shellWord(group)} --instance-ids ${instanceIds.join(" ")} --protected-from-scale-in ${awsFlags(aws)}`;
}
