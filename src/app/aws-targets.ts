/**
 * What to read from AWS for each member, and with which credentials and Region: flags and the
 * ClusterSet file first, then what the cluster itself says (Nodes' Region, the EKS context ARN),
 * then the environment and the profile's `region` in the shared config file, in the AWS CLI's
 * order (AWS_REGION, AWS_DEFAULT_REGION, the profile).
 */

import { parseEksClusterArn } from "../aws/eks-arn.js";
import type { AwsSettings } from "../aws/types.js";
import type { AwsTarget } from "../collect/aws/collect.js";
import type { LeaderRef } from "../collect/kube/discover.js";
import { loadAwsProfiles, profileRegion } from "../config/aws-profiles.js";
import { type Keyed, valueFor } from "../config/settings.js";
import { gatewayIPOf } from "../model/aws/member.js";
import { memberInstanceIds } from "../model/member-nodes.js";
import type { ClusterSetModel, MemberModel } from "../model/types.js";

export interface AwsChoices {
  profile: Keyed;
  roleArn: Keyed;
  region: Keyed;
  /** The --config file's EKS cluster names (no flag: a context's ARN or tags name it otherwise). */
  eksCluster?: Keyed;
  /** setup --via: the transit gateway a member's VPC joins, read though no VPC attaches yet. */
  transitGateway?: Keyed;
}

/** A profile's `region` in the shared config file and where it was found (live runs only). */
export type ProfileRegion = (profile: string) => { region: string; source: string } | undefined;

/** Who AWS settings are for: a member, or the leader (keyed by its context or name alike). */
type Owner = Pick<MemberModel, "context" | "name"> & { region?: MemberModel["region"] };

function region(
  m: Owner,
  choices: AwsChoices,
  env: NodeJS.ProcessEnv,
  profile: string | undefined,
  fromProfile: ProfileRegion | undefined,
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
  // The profile the SDK will use: the member's, AWS_PROFILE, else "default" (as the AWS CLI).
  const p = fromProfile?.(profile ?? "default");
  if (p) return { region: p.region, regionSource: p.source };
  return {};
}

/** The member's EKS cluster name from the --config file, if it gives one. */
export function configuredEksCluster(m: Owner, choices: AwsChoices): string | undefined {
  return choices.eksCluster && valueFor(choices.eksCluster, m.context, m.name);
}

export function awsSettings(
  m: Owner,
  choices: AwsChoices,
  env = process.env,
  fromProfile?: ProfileRegion,
): AwsSettings {
  const profile = valueFor(choices.profile, m.context, m.name) ?? env.AWS_PROFILE;
  const roleArn = valueFor(choices.roleArn, m.context, m.name);
  return {
    ...(profile ? { profile } : {}),
    ...(roleArn ? { roleArn } : {}),
    ...region(m, choices, env, profile, fromProfile),
  };
}

/** Every value a keyed setting names. */
const keyedValues = (k: Keyed) => [
  ...new Set([...(k.all ? k.all.split(",") : []), ...Object.values(k.byMember)]),
];

/** A member's Gateway IPs, the active Gateway's and its candidates'. */
function gatewayIPsOf(m: MemberModel): string[] {
  // (Tests hand in members without their Kubernetes side.)
  const crs = m.gatewayCRs?.known ? m.gatewayCRs.value : [];
  const ips = (m.gateways?.known ? m.gateways.value : []).map((g) => gatewayIPOf(g, crs));
  return [...new Set(ips.filter((ip): ip is string => !!ip))];
}

export function awsTargets(
  model: ClusterSetModel,
  choices: AwsChoices,
  env = process.env,
  fromProfile?: ProfileRegion,
  /** Which cluster the leader is, found before it is read (else the model's). */
  found?: LeaderRef,
): AwsTarget[] {
  const leader =
    found ?? (model.leader.known && model.leader.value.reachable ? model.leader.value : undefined);
  const targets: AwsTarget[] = model.members
    .filter((m) => m.reachable)
    .map((m) => {
      const eksCluster = configuredEksCluster(m, choices);
      return {
        member: m.name,
        context: m.context,
        settings: awsSettings(m, choices, env, fromProfile),
        ...(eksCluster ? { eksCluster } : {}),
        instanceIds: memberInstanceIds(
          m.gateways.known ? m.gateways.value : [],
          m.nodes.known ? m.nodes.value : [],
        ),
        gatewayIPs: gatewayIPsOf(m),
        ...(choices.transitGateway
          ? { transitGatewayIds: keyedValues(choices.transitGateway) }
          : {}),
        ...(leader?.member === m.name ? { leader: true } : {}),
      };
    });
  // A leader that is no member: its EKS cluster and control plane, with its own AWS settings.
  if (leader && !leader.member) {
    const eksCluster = configuredEksCluster(leader, choices);
    targets.push({
      member: leader.name,
      context: leader.context,
      settings: awsSettings(leader, choices, env, fromProfile),
      ...(eksCluster ? { eksCluster } : {}),
      instanceIds: [],
      leader: true,
      memberless: true,
    });
  }
  return targets;
}

/** The targets of a live run: with the profiles' Regions, read from the shared config file. */
export async function liveAwsTargets(
  model: ClusterSetModel,
  choices: AwsChoices,
  env = process.env,
  leader?: LeaderRef,
): Promise<AwsTarget[]> {
  const profiles = await loadAwsProfiles(env);
  return awsTargets(model, choices, env, (p) => profileRegion(profiles, p), leader);
}
