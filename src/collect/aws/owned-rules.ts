/**
 * The security group rules setup made for a ClusterSet (found by their tags), read for teardown
 * only: doctor never needs them. Raw DescribeSecurityGroupRules items, all pages.
 */
import { paginateDescribeSecurityGroupRules } from "@aws-sdk/client-ec2";
import { CLUSTERSET_TAG, MANAGED_BY, MANAGED_BY_TAG } from "../../aws/tags.js";
import type { AwsSettings } from "../../aws/types.js";
import { callsFor } from "../../iam/calls.js";
import { sdkClients } from "./client.js";

export async function ownedRules(
  settings: AwsSettings,
  clusterSet: string,
  timeoutMs: number,
  onCall: (operation: string) => void,
): Promise<Record<string, unknown>[]> {
  const { ec2, sts } = sdkClients(settings, {
    timeoutMs,
    onCall,
    allowed: callsFor("setup"),
  });
  try {
    const rules: Record<string, unknown>[] = [];
    const pages = paginateDescribeSecurityGroupRules(
      { client: ec2, stopOnSameToken: true },
      {
        Filters: [
          { Name: `tag:${CLUSTERSET_TAG}`, Values: [clusterSet] },
          { Name: `tag:${MANAGED_BY_TAG}`, Values: [MANAGED_BY] },
        ],
      },
    );
    for await (const page of pages) {
      for (const r of page.SecurityGroupRules ?? []) rules.push({ ...r });
    }
    return rules;
  } finally {
    ec2.destroy();
    sts.destroy();
  }
}
