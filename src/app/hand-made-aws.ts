/**
 * A snapshot made by hand has AWS folders but no AWS index: each member's folder is found from what
 * is known of it — --aws-region, then snapshot.json, then its Nodes or EKS context ARN, as live.
 */

import { parseEksClusterArn } from "../aws/eks-arn.js";
import type { RawAws } from "../aws/types.js";
import { readHandMadeAws } from "../collect/snapshot/aws-by-hand.js";
import type { SnapshotIndex } from "../collect/snapshot/format.js";
import { readJson } from "../collect/snapshot/read.js";
import { valueFor } from "../config/settings.js";
import type { RawClusterSet } from "../kube/types.js";
import { buildModel } from "../model/build.js";
import { type AwsChoices, awsSettings, configuredEksCluster } from "./aws-targets.js";

export async function handMadeAws(
  dir: string,
  index: SnapshotIndex,
  raw: RawClusterSet,
  choices: AwsChoices,
): Promise<RawAws | undefined> {
  const members = buildModel(raw).members.map((m) => {
    const listed = index.members.find((x) => x.name === m.name);
    // No environment: the analyst's AWS_REGION says nothing about the snapshot.
    const region =
      valueFor(choices.region, m.context, m.name) ??
      listed?.region ??
      awsSettings(m, choices, {}).region;
    const account = listed?.account ?? parseEksClusterArn(m.context)?.accountId;
    // A --config file that names the member's EKS cluster names it for its folder's answers too.
    const eksCluster = configuredEksCluster(m, choices);
    return {
      name: m.name,
      region: region ?? null,
      account: account ?? null,
      ...(eksCluster ? { eksCluster } : {}),
    };
  });
  return readHandMadeAws(dir, members, (file) => readJson(dir, file));
}
