/**
 * What to read from AWS for each member, and with which credentials and Region: flags and the
 * ClusterSet file first, then what the cluster itself says (Nodes' Region, the EKS context ARN),
 * then the environment, as the AWS CLI would.
 */

import { parseEksClusterArn } from "../aws/eks-arn.js";
import type { AwsSettings } from "../aws/types.js";
import type { AwsTarget } from "../collect/aws/collect.js";
import { type Keyed, valueFor } from "../config/settings.js";
import type { ClusterSetModel, MemberModel } from "../model/types.js";

export interface AwsChoices {
  profile: Keyed;
  roleArn: Keyed;
  region: Keyed;
}

function region(
  m: MemberModel,
  choices: AwsChoices,
  env: NodeJS.ProcessEnv,
): Pick<AwsSettings, "region" | "regionSource"> {
  const flag = valueFor(choices.region, m.context, m.name);
  if (flag) return { region: flag, regionSource: "--aws-region" };
  if (m.region) return { region: m.region.value, regionSource: m.region.source };
  const arn = parseEksClusterArn(m.context);
  if (arn) return { region: arn.region, regionSource: "the EKS context ARN" };
  for (const name of ["AWS_REGION", "AWS_DEFAULT_REGION"]) {
    const v = env[name];
    if (v) return { region: v, regionSource: name };
  }
  return {};
}

export function awsSettings(m: MemberModel, choices: AwsChoices, env = process.env): AwsSettings {
  const profile = valueFor(choices.profile, m.context, m.name) ?? env.AWS_PROFILE;
  const roleArn = valueFor(choices.roleArn, m.context, m.name);
  return {
    ...(profile ? { profile } : {}),
    ...(roleArn ? { roleArn } : {}),
    ...region(m, choices, env),
  };
}

export function awsTargets(
  model: ClusterSetModel,
  choices: AwsChoices,
  env = process.env,
): AwsTarget[] {
  return model.members
    .filter((m) => m.reachable)
    .map((m) => ({
      member: m.name,
      settings: awsSettings(m, choices, env),
      instanceIds: m.gateways.known
        ? [...new Set(m.gateways.value.map((g) => g.instanceId).filter((id): id is string => !!id))]
        : [],
    }));
}
