/**
 * The AWS SDK, loaded only when AWS is inspected. One EC2 and one STS client per group of members
 * that share credentials and a Region; AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_EC2 / _STS are honoured
 * by the SDK itself, as by the AWS CLI.
 */
import {
  DescribeInstancesCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type Filter,
  GetManagedPrefixListEntriesCommand,
} from "@aws-sdk/client-ec2";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { InitializeMiddleware, MetadataBearer } from "@smithy/types";
import { VERSION } from "../../version.js";
import type { AwsFailure, AwsSettings } from "./types.js";

// The SDK warns on stderr that it will drop Node 20; that is for us to act on, not for users.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

export type Json = Record<string, unknown>;

/** The reads doctor makes; each returns the AWS CLI's JSON shape with every page merged. */
export interface AwsApi {
  callerIdentity(): Promise<Json>;
  describeInstances(instanceIds: readonly string[]): Promise<Json>;
  describeSubnets(subnetIds: readonly string[]): Promise<Json>;
  describeVpcs(vpcIds: readonly string[]): Promise<Json>;
  describeRouteTables(vpcIds: readonly string[]): Promise<Json>;
  describeNetworkAcls(vpcIds: readonly string[]): Promise<Json>;
  describeSecurityGroups(groupIds: readonly string[]): Promise<Json>;
  describeVpcPeeringConnections(vpcIds: readonly string[]): Promise<Json>;
  prefixListEntries(prefixListId: string): Promise<Json>;
  destroy(): void;
}

const CHUNK = 200; // values per filter accepted by EC2

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Strips the SDK's $metadata and anything undefined, leaving what the AWS CLI prints. */
function plain(value: unknown): Json {
  return JSON.parse(JSON.stringify(value, (k, v) => (k === "$metadata" ? undefined : v))) as Json;
}

type Page = { NextToken?: string | undefined };

/** Calls `send` page after page (NextToken) and merges the list under `key`. */
async function allPages(key: string, send: (token?: string) => Promise<Page>): Promise<Json> {
  const items: unknown[] = [];
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    const page = await send(token);
    const list = (page as Record<string, unknown>)[key];
    if (Array.isArray(list)) items.push(...list);
    token = page.NextToken || undefined;
    // A server that repeats a token would loop forever.
    if (token && seen.has(token)) break;
    if (token) seen.add(token);
  } while (token);
  return plain({ [key]: items });
}

export function sdkAwsApi(
  settings: AwsSettings,
  timeoutMs: number,
  /** Told of every request sent (paging included), e.g. to count them. */
  onCall: (operation: string) => void = () => {},
): AwsApi {
  const base = fromNodeProviderChain(settings.profile ? { profile: settings.profile } : {});
  const region = settings.region;
  const credentials = settings.roleArn
    ? fromTemporaryCredentials({
        params: { RoleArn: settings.roleArn, RoleSessionName: "kubectl-antrea-mc" },
        masterCredentials: base,
        ...(region ? { clientConfig: { region } } : {}),
      })
    : base;
  const common = {
    ...(region ? { region } : {}),
    credentials,
    customUserAgent: `kubectl-antrea_mc/${VERSION}`,
    requestHandler: { connectionTimeout: Math.min(timeoutMs, 10_000), requestTimeout: timeoutMs },
  };
  const ec2 = new EC2Client(common);
  const sts = new STSClient(common);
  // Every request that leaves (pages included), through the SDK's own middleware stack.
  const counter = (service: string) =>
    ((next, context) => (args) => {
      onCall(`${service}:${String(context.commandName ?? "").replace(/Command$/, "")}`);
      return next(args);
    }) satisfies InitializeMiddleware<object, MetadataBearer>;
  const step = { step: "initialize", name: "antreaMcCallCounter" } as const;
  ec2.middlewareStack.add(counter("ec2") as never, step);
  sts.middlewareStack.add(counter("sts") as never, step);
  const filter = (name: string, values: readonly string[]): Filter[] => [
    { Name: name, Values: [...values] },
  ];
  const byVpc = async (
    key: string,
    vpcIds: readonly string[],
    send: (f: Filter[], t?: string) => Promise<Page>,
  ) => {
    const merged: unknown[] = [];
    for (const part of chunks(vpcIds)) {
      const out = await allPages(key, (t) => send(filter("vpc-id", part), t));
      merged.push(...((out[key] as unknown[]) ?? []));
    }
    return { [key]: merged };
  };
  return {
    callerIdentity: async () => plain(await sts.send(new GetCallerIdentityCommand({}))),
    async describeInstances(ids) {
      // A filter, not InstanceIds: an instance that no longer exists must not fail the whole call.
      const reservations: unknown[] = [];
      for (const part of chunks(ids)) {
        const out = await allPages("Reservations", (NextToken) =>
          ec2.send(
            new DescribeInstancesCommand({ Filters: filter("instance-id", part), NextToken }),
          ),
        );
        reservations.push(...((out.Reservations as unknown[]) ?? []));
      }
      return { Reservations: reservations };
    },
    // Subnets, VPCs and security groups are named by the instances just read, so they exist.
    describeSubnets: (ids) =>
      allPages("Subnets", (NextToken) =>
        ec2.send(new DescribeSubnetsCommand({ SubnetIds: [...ids], NextToken })),
      ),
    describeVpcs: (ids) =>
      allPages("Vpcs", (NextToken) =>
        ec2.send(new DescribeVpcsCommand({ VpcIds: [...ids], NextToken })),
      ),
    describeRouteTables: (vpcIds) =>
      byVpc("RouteTables", vpcIds, (Filters, NextToken) =>
        ec2.send(new DescribeRouteTablesCommand({ Filters, NextToken })),
      ),
    describeNetworkAcls: (vpcIds) =>
      byVpc("NetworkAcls", vpcIds, (Filters, NextToken) =>
        ec2.send(new DescribeNetworkAclsCommand({ Filters, NextToken })),
      ),
    describeSecurityGroups: (ids) =>
      allPages("SecurityGroups", (NextToken) =>
        ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [...ids], NextToken })),
      ),
    async describeVpcPeeringConnections(vpcIds) {
      // Filters AND together: one query per side. (Answers are filtered again client-side.)
      const byId = new Map<string, unknown>();
      for (const side of ["requester-vpc-info.vpc-id", "accepter-vpc-info.vpc-id"]) {
        for (const part of chunks(vpcIds)) {
          const out = await allPages("VpcPeeringConnections", (NextToken) =>
            ec2.send(
              new DescribeVpcPeeringConnectionsCommand({ Filters: filter(side, part), NextToken }),
            ),
          );
          for (const p of (out.VpcPeeringConnections as { VpcPeeringConnectionId?: string }[]) ??
            []) {
            byId.set(p.VpcPeeringConnectionId ?? String(byId.size), p);
          }
        }
      }
      return { VpcPeeringConnections: [...byId.values()] };
    },
    prefixListEntries: (id) =>
      allPages("Entries", (NextToken) =>
        ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: id, NextToken })),
      ),
    destroy() {
      ec2.destroy();
      sts.destroy();
    },
  };
}

const DENIED = ["UnauthorizedOperation", "AccessDenied", "AccessDeniedException", "Forbidden"];
const CREDENTIALS = [
  "CredentialsProviderError",
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidClientTokenId",
  "AuthFailure",
  "UnrecognizedClientException",
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "TokenRefreshRequired",
];
const NETWORK = [
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "ECONNRESET",
  "EHOSTUNREACH",
];

/** Classifies an SDK error for aws.access: what was wrong, for which action. */
export function awsFailure(err: unknown, action: string): AwsFailure {
  const e = err as {
    name?: string;
    message?: string;
    code?: string;
    Code?: string;
    cause?: { code?: string };
  };
  const code = e?.Code ?? e?.name ?? "Error";
  const message = (e?.message ?? String(err)).split("\n")[0] ?? "";
  if (DENIED.includes(code)) return { kind: "denied", code, action, message };
  if (CREDENTIALS.includes(code) || /credential/i.test(message)) {
    return { kind: "credentials", code, action, message };
  }
  if (/region is missing/i.test(message)) return { kind: "region", code, action, message };
  const net = e?.code ?? e?.cause?.code;
  if ((net && NETWORK.includes(net)) || code === "TimeoutError" || code === "RequestTimeout") {
    return { kind: "unreachable", code: net ?? code, action, message };
  }
  return { kind: "error", code, action, message };
}
