/**
 * The AWS SDK, loaded only when AWS is inspected. One EC2, one STS and one EKS client per group of
 * members that share credentials and a Region; AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_EC2 / _STS / _EKS are honoured
 * by the SDK itself, as by the AWS CLI.
 */
import {
  EC2Client,
  type EC2PaginationConfiguration,
  type Filter,
  paginateDescribeInstances,
  paginateDescribeNatGateways,
  paginateDescribeNetworkAcls,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeTransitGatewayAttachments,
  paginateDescribeTransitGatewayPeeringAttachments,
  paginateDescribeTransitGatewayRouteTables,
  paginateDescribeTransitGateways,
  paginateDescribeTransitGatewayVpcAttachments,
  paginateDescribeVpcPeeringConnections,
  paginateDescribeVpcs,
  paginateGetManagedPrefixListEntries,
  paginateGetTransitGatewayRouteTablePropagations,
  paginateSearchTransitGatewayRoutes,
  type SearchTransitGatewayRoutesCommandOutput,
} from "@aws-sdk/client-ec2";
import { DescribeClusterCommand, EKSClient } from "@aws-sdk/client-eks";
import { GetServiceQuotaCommand, ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { InitializeMiddleware, MetadataBearer } from "@smithy/types";
import type { AwsFailure, AwsSettings } from "../../aws/types.js";
import { loadAwsProfiles, ssoProfileOf } from "../../config/aws-profiles.js";
import { READ_CALLS } from "../../iam/calls.js";
import { VERSION } from "../../version.js";
import { AwsNetworkError, awsRequestHandler } from "./http-handler.js";

/** A call outside the command's list: a bug, never sent (doctor cannot change anything). */
export class CallNotAllowed extends Error {
  constructor(readonly call: string) {
    super(
      `kubectl-antrea_mc refused to send ${call}: not a call this command makes (src/iam/calls.ts)`,
    );
    this.name = "CallNotAllowed";
  }
}

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
  describeNatGateways(vpcIds: readonly string[]): Promise<Json>;
  prefixListEntries(prefixListId: string): Promise<Json>;
  describeTransitGatewayVpcAttachments(vpcIds: readonly string[]): Promise<Json>;
  describeTransitGateways(tgwIds: readonly string[]): Promise<Json>;
  describeTransitGatewayAttachments(tgwIds: readonly string[]): Promise<Json>;
  describeTransitGatewayRouteTables(tgwIds: readonly string[]): Promise<Json>;
  describeTransitGatewayPeeringAttachments(tgwIds: readonly string[]): Promise<Json>;
  /**
   * The active and blackhole routes of a transit gateway route table, every page; when the
   * endpoint says more exist but gives no token (as before AWS added one), each of `addresses` is
   * looked up by longest prefix instead ({"Routes", "AdditionalRoutesAvailable", "NarrowedTo"}).
   */
  searchTransitGatewayRoutes(tableId: string, addresses: readonly string[]): Promise<Json>;
  transitGatewayRouteTablePropagations(tableId: string): Promise<Json>;
  /** `aws eks describe-cluster --name NAME`: {"cluster": …}. */
  describeCluster(name: string): Promise<Json>;
  /** `aws service-quotas get-service-quota --service-code S --quota-code Q`: {"Quota": …}. */
  serviceQuota(service: string, code: string): Promise<Json>;
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

/** Reads every page of an SDK paginator and merges the list under `key`. */
async function allPages(key: string, pages: AsyncIterable<object>): Promise<Json> {
  const items: unknown[] = [];
  for await (const page of pages) {
    const list = (page as Record<string, unknown>)[key];
    if (Array.isArray(list)) items.push(...list);
  }
  return plain({ [key]: items });
}

export interface ClientOptions {
  /** How long to wait for each answer. */
  readonly timeoutMs: number;
  /** Told of every request that leaves (pages and retries included), e.g. for -v. */
  readonly onCall?: (operation: string) => void;
  /** The only calls these clients may send (src/iam/calls.ts); anything else throws unsent. */
  readonly allowed?: readonly string[];
  /**
   * Changes (setup): many calls against small token buckets (5 per s refill for peerings and
   * rules), so the SDK paces them itself ("adaptive") and tries longer.
   */
  readonly pace?: boolean;
}

/** The one line said when an IAM Identity Center (SSO) login is missing or has expired. */
export class SsoLoginRequired extends Error {
  constructor(
    readonly profile: string,
    via?: string,
  ) {
    const word = /^[A-Za-z0-9@%+=:,./_-]+$/.test(profile)
      ? profile
      : `'${profile.replaceAll("'", `'\\''`)}'`;
    super(
      `the IAM Identity Center (SSO) login of profile ${profile}${via ? ` (source_profile of ${via})` : ""} is missing or has expired; run: aws sso login --profile ${word}`,
    );
    this.name = "SsoLoginRequired";
  }
}

/**
 * The SDK's own chain, as the AWS CLI resolves a profile: environment, SSO, the shared files
 * (with role_arn + source_profile, credential_process), web identity, container, IMDS. Nothing is
 * built by hand. When it fails for want of an SSO login, the error says which profile to log in.
 */
function chainCredentials(
  profile: string | undefined,
  requestHandler: ReturnType<typeof awsRequestHandler>,
) {
  // The chain's own clients (STS for role_arn and web identity, SSO) go the same way as ours.
  const chain = fromNodeProviderChain({
    ...(profile ? { profile } : {}),
    clientConfig: { requestHandler },
  });
  return (async (...args: Parameters<typeof chain>) => {
    try {
      return await chain(...args);
    } catch (err) {
      const e = err as { name?: string; message?: string } | undefined;
      if (e?.name !== "TokenProviderError" && !/\bSSO\b/.test(e?.message ?? "")) throw err;
      const named = profile ?? process.env.AWS_PROFILE ?? "default";
      const sso = ssoProfileOf(await loadAwsProfiles(), named);
      throw sso ? new SsoLoginRequired(sso, sso === named ? undefined : named) : err;
    }
  }) as typeof chain;
}

/**
 * EC2, STS and EKS clients acting as a member: its profile (or the default chain), its role assumed on
 * top, its Region.
 */
export function sdkClients(
  settings: AwsSettings,
  { timeoutMs, onCall = () => {}, allowed = READ_CALLS, pace = false }: ClientOptions,
): { ec2: EC2Client; sts: STSClient; eks: EKSClient; quotas: ServiceQuotasClient } {
  // Proxies and CA bundle as the AWS CLI reads them (the SDK reads neither), for every client.
  const requestHandler = awsRequestHandler({ timeoutMs, profile: settings.profile });
  const base = chainCredentials(settings.profile, requestHandler);
  const region = settings.region;
  const credentials = settings.roleArn
    ? fromTemporaryCredentials({
        params: { RoleArn: settings.roleArn, RoleSessionName: "kubectl-antrea-mc" },
        masterCredentials: base,
        clientConfig: { ...(region ? { region } : {}), requestHandler },
      })
    : base;
  const common = {
    ...(region ? { region } : {}),
    credentials,
    customUserAgent: `kubectl-antrea_mc/${VERSION}`,
    requestHandler,
  };
  const ec2 = new EC2Client({
    ...common,
    ...(pace ? { retryMode: "adaptive", maxAttempts: 8 } : {}),
  });
  const sts = new STSClient(common);
  const eks = new EKSClient(common);
  const quotas = new ServiceQuotasClient(common);
  // Every request that leaves (pages included), through the SDK's own middleware stack.
  const counter = (service: string) =>
    ((next, context) => (args) => {
      const dry = (args.input as { DryRun?: boolean } | undefined)?.DryRun ? " (DryRun)" : "";
      onCall(`${service}:${String(context.commandName ?? "").replace(/Command$/, "")}${dry}`);
      return next(args);
    }) satisfies InitializeMiddleware<object, MetadataBearer>;
  const guard = (service: string) =>
    ((next, context) => (args) => {
      const call = `${service}:${String(context.commandName ?? "").replace(/Command$/, "")}`;
      if (!allowed.includes(call)) return Promise.reject(new CallNotAllowed(call));
      return next(args);
    }) satisfies InitializeMiddleware<object, MetadataBearer>;
  const first = { step: "initialize", name: "antreaMcAllowOnly", priority: "high" } as const;
  ec2.middlewareStack.add(guard("ec2") as never, first);
  sts.middlewareStack.add(guard("sts") as never, first);
  eks.middlewareStack.add(guard("eks") as never, first);
  quotas.middlewareStack.add(guard("servicequotas") as never, first);
  const step = { step: "initialize", name: "antreaMcCallCounter" } as const;
  ec2.middlewareStack.add(counter("ec2") as never, step);
  sts.middlewareStack.add(counter("sts") as never, step);
  eks.middlewareStack.add(counter("eks") as never, step);
  quotas.middlewareStack.add(counter("servicequotas") as never, step);
  return { ec2, sts, eks, quotas };
}

/** Chunks of one filtered read in flight at once. */
const CHUNKS_AT_ONCE = 4;

export function sdkAwsApi(
  settings: AwsSettings,
  timeoutMs: number,
  /** Told of every request sent (paging included), e.g. to count them. */
  onCall: (operation: string) => void = () => {},
): AwsApi {
  const { ec2, sts, eks, quotas } = sdkClients(settings, { timeoutMs, onCall });
  // A server that repeated a NextToken would otherwise be asked forever.
  const pager: EC2PaginationConfiguration = { client: ec2, stopOnSameToken: true };
  const filter = (name: string, values: readonly string[]): Filter[] => [
    { Name: name, Values: [...values] },
  ];
  /** One filtered query per chunk of values, merged. */
  const filtered = async (
    key: string,
    name: string,
    values: readonly string[],
    pages: (filters: Filter[]) => AsyncIterable<object>,
  ): Promise<Json> => {
    // Chunks side by side (a few at a time: the group's other calls share its bound), so that
    // 1,000 instances cost one round trip, not five; merged in chunk order.
    const parts = chunks(values);
    const answers: unknown[][] = [];
    for (let i = 0; i < parts.length; i += CHUNKS_AT_ONCE) {
      const outs = await Promise.all(
        parts.slice(i, i + CHUNKS_AT_ONCE).map((part) => allPages(key, pages(filter(name, part)))),
      );
      for (const out of outs) answers.push((out[key] as unknown[]) ?? []);
    }
    return { [key]: answers.flat() };
  };
  return {
    callerIdentity: async () => plain(await sts.send(new GetCallerIdentityCommand({}))),
    // A filter, not InstanceIds: an instance that no longer exists must not fail the whole call.
    describeInstances: (ids) =>
      filtered("Reservations", "instance-id", ids, (Filters) =>
        paginateDescribeInstances(pager, { Filters }),
      ),
    // Filters, not IDs, for subnets and groups too: an EKS cluster may name a subnet or a group
    // that is gone (a leader's control plane), which must not fail the members' answers.
    describeSubnets: (ids) =>
      filtered("Subnets", "subnet-id", ids, (Filters) =>
        paginateDescribeSubnets(pager, { Filters }),
      ),
    // VPCs are named by the instances or by an EKS cluster that runs in them: they exist.
    describeVpcs: (ids) => allPages("Vpcs", paginateDescribeVpcs(pager, { VpcIds: [...ids] })),
    describeRouteTables: (vpcIds) =>
      filtered("RouteTables", "vpc-id", vpcIds, (Filters) =>
        paginateDescribeRouteTables(pager, { Filters }),
      ),
    describeNetworkAcls: (vpcIds) =>
      filtered("NetworkAcls", "vpc-id", vpcIds, (Filters) =>
        paginateDescribeNetworkAcls(pager, { Filters }),
      ),
    describeSecurityGroups: (ids) =>
      filtered("SecurityGroups", "group-id", ids, (Filters) =>
        paginateDescribeSecurityGroups(pager, { Filters }),
      ),
    async describeVpcPeeringConnections(vpcIds) {
      // Filters AND together: one query per side. (Answers are filtered again client-side.)
      const byId = new Map<string, unknown>();
      const sides = await Promise.all(
        ["requester-vpc-info.vpc-id", "accepter-vpc-info.vpc-id"].map((side) =>
          filtered("VpcPeeringConnections", side, vpcIds, (Filters) =>
            paginateDescribeVpcPeeringConnections(pager, { Filters }),
          ),
        ),
      );
      for (const out of sides) {
        for (const p of out.VpcPeeringConnections as { VpcPeeringConnectionId?: string }[]) {
          byId.set(p.VpcPeeringConnectionId ?? String(byId.size), p);
        }
      }
      return { VpcPeeringConnections: [...byId.values()] };
    },
    describeNatGateways: (vpcIds) =>
      filtered("NatGateways", "vpc-id", vpcIds, (Filter) =>
        paginateDescribeNatGateways(pager, { Filter }),
      ),
    prefixListEntries: (id) =>
      allPages("Entries", paginateGetManagedPrefixListEntries(pager, { PrefixListId: id })),
    describeTransitGatewayVpcAttachments: (vpcIds) =>
      filtered("TransitGatewayVpcAttachments", "vpc-id", vpcIds, (Filters) =>
        paginateDescribeTransitGatewayVpcAttachments(pager, { Filters }),
      ),
    describeTransitGateways: (ids) =>
      filtered("TransitGateways", "transit-gateway-id", ids, (Filters) =>
        paginateDescribeTransitGateways(pager, { Filters }),
      ),
    describeTransitGatewayAttachments: (ids) =>
      filtered("TransitGatewayAttachments", "transit-gateway-id", ids, (Filters) =>
        paginateDescribeTransitGatewayAttachments(pager, { Filters }),
      ),
    describeTransitGatewayRouteTables: (ids) =>
      filtered("TransitGatewayRouteTables", "transit-gateway-id", ids, (Filters) =>
        paginateDescribeTransitGatewayRouteTables(pager, { Filters }),
      ),
    describeTransitGatewayPeeringAttachments: (ids) =>
      filtered("TransitGatewayPeeringAttachments", "transit-gateway-id", ids, (Filters) =>
        paginateDescribeTransitGatewayPeeringAttachments(pager, { Filters }),
      ),
    async searchTransitGatewayRoutes(tableId, addresses) {
      const search = (Filters: Filter[]) =>
        paginateSearchTransitGatewayRoutes(
          { ...pager, pageSize: 1000 },
          { TransitGatewayRouteTableId: tableId, Filters },
        );
      const states = filter("state", ["active", "blackhole"]);
      const routes: unknown[] = [];
      let more = false;
      for await (const page of search(states)) {
        const p = page as SearchTransitGatewayRoutesCommandOutput;
        routes.push(...(p.Routes ?? []));
        more = p.AdditionalRoutesAvailable === true && !p.NextToken;
      }
      if (!more) return plain({ Routes: routes, AdditionalRoutesAvailable: false });
      // Past 1,000 routes without a token: the route that decides for each address is enough.
      const narrowed = new Map<string, unknown>();
      for (const address of addresses) {
        for await (const page of search([
          ...states,
          ...filter("route-search.longest-prefix-match", [`${address}/32`]),
        ])) {
          for (const r of (page as SearchTransitGatewayRoutesCommandOutput).Routes ?? [])
            narrowed.set(JSON.stringify(r), r);
        }
      }
      return plain({
        Routes: [...narrowed.values()],
        AdditionalRoutesAvailable: true,
        NarrowedTo: [...addresses],
      });
    },
    transitGatewayRouteTablePropagations: (tableId) =>
      allPages(
        "TransitGatewayRouteTablePropagations",
        paginateGetTransitGatewayRouteTablePropagations(pager, {
          TransitGatewayRouteTableId: tableId,
        }),
      ),
    describeCluster: async (name) => plain(await eks.send(new DescribeClusterCommand({ name }))),
    serviceQuota: async (ServiceCode, QuotaCode) =>
      plain(await quotas.send(new GetServiceQuotaCommand({ ServiceCode, QuotaCode }))),
    destroy() {
      ec2.destroy();
      sts.destroy();
      eks.destroy();
      quotas.destroy();
    },
  };
}

const DENIED = ["UnauthorizedOperation", "AccessDenied", "AccessDeniedException", "Forbidden"];
const CREDENTIALS = [
  "CredentialsProviderError",
  "SsoLoginRequired",
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidClientTokenId",
  "AuthFailure",
  "UnrecognizedClientException",
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "TokenRefreshRequired",
  "TokenProviderError",
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
  // A proxy or TLS trust failed: not AWS's answer (checked first: the messages name no action).
  if (err instanceof AwsNetworkError) return { kind: err.kind, code: err.code, action, message };
  // A role that cannot be assumed is a credentials problem, not a refused EC2 read.
  if (/\bAssumeRole\b|sts:AssumeRole/.test(message)) {
    return { kind: "credentials", code, action, message };
  }
  if (DENIED.includes(code)) return { kind: "denied", code, action, message };
  if (CREDENTIALS.includes(code) || /credential/i.test(message)) {
    return { kind: "credentials", code, action, message };
  }
  if (/region is missing/i.test(message)) return { kind: "region", code, action, message };
  const net = [e?.code, e?.cause?.code, code].find((c) => c && NETWORK.includes(c));
  if (net || code === "TimeoutError" || code === "RequestTimeout") {
    return { kind: "unreachable", code: net ?? code, action, message };
  }
  return { kind: "error", code, action, message };
}
