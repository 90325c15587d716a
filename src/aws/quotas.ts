/**
 * The AWS quotas a ClusterSet runs into (Amazon VPC and Transit Gateway quotas, as Service Quotas
 * names them): the code to read the applied value with, and the documented default used when it
 * cannot be read. Shared by the collector, the snapshot, doctor's aws.quota and setup's plan.
 */

export type QuotaKey =
  | "peeringsPerVpc"
  | "routesPerTable"
  | "rulesPerGroup"
  | "attachmentsPerGateway";

export interface QuotaSpec {
  readonly service: "vpc" | "ec2";
  readonly code: string;
  /** As Service Quotas names it. */
  readonly name: string;
  /** The documented default (VPC User Guide, Transit Gateway Guide, 2026). */
  readonly default: number;
  /** The most AWS grants on request, where documented. */
  readonly max?: number;
}

export const QUOTAS: Readonly<Record<QuotaKey, QuotaSpec>> = {
  peeringsPerVpc: {
    service: "vpc",
    code: "L-7E9ECCDB",
    name: "Active VPC peering connections per VPC",
    default: 50,
    max: 125,
  },
  routesPerTable: {
    service: "vpc",
    code: "L-93826ACB",
    name: "Routes per route table",
    default: 500,
    max: 1000,
  },
  rulesPerGroup: {
    service: "vpc",
    code: "L-0EA8095F",
    name: "Inbound or outbound rules per security group",
    default: 60,
  },
  attachmentsPerGateway: {
    service: "ec2",
    code: "L-E0233F82",
    name: "Attachments per transit gateway",
    default: 5000,
  },
};

/** The VPC quotas every group reads; the transit gateway one only where a gateway is used. */
export const VPC_QUOTAS: readonly QuotaKey[] = [
  "peeringsPerVpc",
  "routesPerTable",
  "rulesPerGroup",
];

/** The key of a quota's answer in RawAwsGroup.quotas and its snapshot file's name part. */
export const quotaId = (q: QuotaSpec) => `${q.service}.${q.code}`;
