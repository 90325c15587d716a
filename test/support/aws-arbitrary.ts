/**
 * fast-check arbitraries over AWS worlds: ClusterSets of 2–4 members (two sharing a Region, each
 * in one of three accounts, so that groups of reads form and split) with random combinations of
 * the named faults of test/support/aws-answers.ts. A fault that names something an earlier one
 * removed (the routes of a peering that is gone) does nothing.
 *
 * Members' Kubernetes objects are built once per ClusterSet size; a case is cheap to model.
 */
import type { NetworkAclEntry, VpcPeeringConnectionStateReasonCode } from "@aws-sdk/client-ec2";
import fc from "fast-check";
import type { AwsOperation } from "../../src/aws/types.js";
import {
  DEFAULT_ACCOUNT,
  type Fault,
  MissingHandle,
  tunnelPermission,
  type WorldOptions,
} from "./aws-answers.js";
import {
  addPeering,
  addRoute,
  blackholeRoute,
  callFails,
  denied,
  extraGroup,
  forgetInstance,
  identityFails,
  instanceState,
  moveRouteToMain,
  naclEntry,
  noPeering,
  ownRouteTable,
  peeringStatus,
  removeRoute,
  restrictEgress,
  retarget,
  routeViaPrefixList,
  tunnelRule,
  vpcCidrs,
} from "./aws-faults.js";
import { cachedScenario } from "./aws-scenarios.js";
import {
  attachmentState,
  attachmentUnassociated,
  attachmentWithoutZone,
  tgwAclEntry,
  tgwAppliance,
  tgwBlackhole,
  tgwPeeringState,
  tgwRouteMissing,
} from "./aws-transit.js";
import type { MemberSpec } from "./fixtures/eks.js";
import type { ScenarioMember } from "./scenarios.js";

const REGIONS = ["us-west-2", "us-east-1", "us-west-2", "eu-west-1"] as const;
const ACCOUNTS = [DEFAULT_ACCOUNT, "444455556666", "777788889999"] as const;

/** Member k (0-based): m1…m4, VPC and Pod CIDR 10.(10k+10).0.0/16, three Nodes, two candidates. */
function spec(k: number): MemberSpec {
  const region = REGIONS[k] ?? "us-west-2";
  const o = 10 * (k + 1);
  return {
    name: `m${k + 1}`,
    region,
    accountId: DEFAULT_ACCOUNT,
    serviceCIDR: `172.${16 + k}.0.0/16`,
    nodes: [
      { ip: `10.${o}.12.34`, zone: `${region}a` },
      { ip: `10.${o}.45.67`, zone: `${region}b` },
      { ip: `10.${o}.78.9`, zone: `${region}c` },
    ],
    candidates: [0, 1],
    active: 0,
    vpcCniMtu: 8500,
    agentConf: { "multicluster.enablePodToPodConnectivity": true },
    mcConf: { podCIDRs: [`10.${o}.0.0/16`] },
    leader: k === 0,
  };
}

const name = (k: number) => `m${k + 1}`;
const vpcOf = (k: number) => `10.${10 * (k + 1)}.0.0/16`;
const peerIp = (k: number, node = 0) => `10.${10 * (k + 1)}.${node ? "45.67" : "12.34"}`;

/** A fault and how it prints in a counterexample. */
export interface NamedFault {
  readonly label: string;
  readonly fault: Fault;
  readonly [fc.toStringMethod]: () => string;
}

const named = (label: string, fault: Fault): NamedFault => ({
  label,
  // Something an earlier fault removed is not there to change: this fault does nothing.
  fault: (w) => {
    try {
      fault(w);
    } catch (e) {
      if (!(e instanceof MissingHandle)) throw e;
    }
  },
  [fc.toStringMethod]: () => label,
});

const READS: readonly AwsOperation[] = [
  "DescribeInstances",
  "DescribeSubnets",
  "DescribeVpcs",
  "DescribeRouteTables",
  "DescribeNetworkAcls",
  "DescribeSecurityGroups",
  "DescribeVpcPeeringConnections",
];
const STATUSES: readonly VpcPeeringConnectionStateReasonCode[] = [
  "pending-acceptance",
  "provisioning",
  "deleted",
  "rejected",
  "expired",
  "failed",
];

/** Every fault the arbitrary draws from, for a ClusterSet of n members. */
export function faultArb(n: number): fc.Arbitrary<NamedFault> {
  const member = fc.integer({ min: 0, max: n - 1 });
  /** An ordered pair of distinct members. */
  const pair = fc
    .tuple(member, fc.integer({ min: 1, max: n - 1 }))
    .map(([a, d]) => [a, (a + d) % n] as const);
  const node = fc.integer({ min: 0, max: 1 });
  const route = <T>(f: (a: string, cidr: string, b: number) => T) =>
    pair.map(([a, b]) => f(name(a), vpcOf(b), b));
  const deny = (egress: boolean) =>
    fc
      .tuple(
        pair,
        fc.integer({ min: 1, max: 12 }).map((r) => r * 10),
      )
      .map(([[a, b], rule]) => {
        const entry: NetworkAclEntry = {
          RuleNumber: rule,
          Protocol: "-1",
          RuleAction: "deny",
          Egress: egress,
          CidrBlock: vpcOf(b),
        };
        return named(
          `${name(a)}: NACL deny ${egress ? "out to" : "in from"} ${name(b)} at ${rule}`,
          naclEntry(name(a), entry),
        );
      });
  return fc.oneof(
    route((a, cidr) => named(`${a}: no route to ${cidr}`, removeRoute(a, cidr))),
    route((a, cidr) => named(`${a}: blackhole route to ${cidr}`, blackholeRoute(a, cidr))),
    route((a, cidr) => named(`${a}: route to ${cidr} in the main table`, moveRouteToMain(a, cidr))),
    route((a, cidr) =>
      named(
        `${a}: route to ${cidr} via a transit gateway`,
        retarget(a, cidr, { TransitGatewayId: "tgw-0shared" }),
      ),
    ),
    route((a, _cidr, b) =>
      named(
        `${a}: ${peerIp(b).replace(/\.\d+$/, ".0/24")} shadowed to the IGW`,
        addRoute(a, {
          DestinationCidrBlock: `${peerIp(b).replace(/\.\d+$/, ".0")}/24`,
          GatewayId: `igw-0${a}`,
        }),
      ),
    ),
    route((a, cidr) =>
      named(`${a}: route to ${cidr} via a prefix list`, routeViaPrefixList(a, cidr, `pl-0${a}`)),
    ),
    member.map((a) =>
      named(
        `${name(a)}: candidate subnet with its own table`,
        ownRouteTable(name(a), `${REGIONS[a]}b`),
      ),
    ),
    fc
      .tuple(pair, fc.constantFrom(...STATUSES))
      .map(([[a, b], s]) =>
        named(`peering ${name(a)}–${name(b)} ${s}`, peeringStatus(name(a), name(b), s)),
      ),
    pair.map(([a, b]) => named(`no peering ${name(a)}–${name(b)}`, noPeering(name(a), name(b)))),
    fc
      .tuple(
        pair,
        fc.constantFrom<VpcPeeringConnectionStateReasonCode>(
          "active",
          "pending-acceptance",
          "deleted",
        ),
      )
      .map(([[a, b], s]) =>
        named(`another peering ${name(a)}→${name(b)} ${s}`, addPeering(name(a), name(b), s)),
      ),
    member.map((a) => named(`${name(a)}: no tunnel rule`, tunnelRule(name(a)))),
    pair.map(([a, b]) =>
      named(
        `${name(a)}: tunnel rule for ${name(b)}'s active Gateway only`,
        tunnelRule(name(a), tunnelPermission(6081, [peerIp(b)])),
      ),
    ),
    member.map((a) =>
      named(
        `${name(a)}: tunnel rule on the wrong port`,
        tunnelRule(name(a), tunnelPermission(6082, ["10.0.0.0/8"])),
      ),
    ),
    member.map((a) => named(`${name(a)}: no egress`, restrictEgress(name(a)))),
    member.map((a) =>
      named(
        `${name(a)}: an unread security group`,
        extraGroup(name(a), { GroupId: `sg-0x${name(a)}`, GroupName: "x" }, { read: false }),
      ),
    ),
    deny(false),
    deny(true),
    fc
      .tuple(member, node)
      .map(([a, k]) => named(`${name(a)}: instance ${k} not found`, forgetInstance(name(a), k))),
    fc
      .tuple(member, node)
      .map(([a, k]) =>
        named(`${name(a)}: instance ${k} stopped`, instanceState(name(a), k, "stopped")),
      ),
    pair.map(([a, b]) =>
      named(`${name(a)}: VPC also holds ${name(b)}'s block`, vpcCidrs(name(a), vpcOf(a), vpcOf(b))),
    ),
    fc
      .tuple(member, fc.constantFrom(...READS))
      .map(([a, op]) => named(`${name(a)}: ${op} denied`, denied(name(a), op))),
    fc.tuple(member, fc.constantFrom(...READS)).map(([a, op]) =>
      named(
        `${name(a)}: ${op} throttled`,
        callFails(name(a), op, {
          kind: "error",
          code: "RequestLimitExceeded",
          message: "Request limit exceeded.",
        }),
      ),
    ),
    member.map((a) =>
      named(
        `${name(a)}: no credentials`,
        identityFails(name(a), {
          kind: "credentials",
          code: "ExpiredToken",
          action: "sts:GetCallerIdentity",
          message: "expired",
        }),
      ),
    ),
  );
}

/** Faults of a ClusterSet joined through transit gateways (a gateway per Region, peered). */
export function transitFaultArb(n: number): fc.Arbitrary<NamedFault> {
  const member = fc.integer({ min: 0, max: n - 1 });
  const pair = fc
    .tuple(member, member)
    .filter(([a, b]) => a !== b && REGIONS[a] !== undefined && REGIONS[b] !== undefined);
  const region = (k: number) => REGIONS[k] ?? "us-west-2";
  return fc.oneof(
    member.map((a) =>
      named(
        `${name(a)}: attachment without zone b`,
        attachmentWithoutZone(name(a), `${region(a)}b`),
      ),
    ),
    member.map((a) =>
      named(`${name(a)}: attachment unassociated`, attachmentUnassociated(name(a))),
    ),
    member.map((a) =>
      named(
        `${name(a)}: attachment pending acceptance`,
        attachmentState(name(a), "pendingAcceptance"),
      ),
    ),
    pair.map(([a, b]) =>
      named(
        `${region(a)} gateway table: no route to ${name(b)}`,
        tgwRouteMissing(region(a), vpcOf(b), name(b)),
      ),
    ),
    pair.map(([a, b]) =>
      named(`${region(a)} gateway table: ${name(b)} blackholed`, tgwBlackhole(region(a), vpcOf(b))),
    ),
    pair.map(([a, b]) =>
      named(
        `${region(a)} gateway table: ${name(b)} to an appliance`,
        tgwAppliance(region(a), vpcOf(b)),
      ),
    ),
    member.map((a) =>
      named(
        `${name(a)}: attachment subnets deny in`,
        tgwAclEntry(name(a), {
          RuleNumber: 50,
          Protocol: "-1",
          RuleAction: "deny",
          Egress: false,
          CidrBlock: "0.0.0.0/0",
        }),
      ),
    ),
    fc.constant(named("gateway peerings pending acceptance", tgwPeeringState("pendingAcceptance"))),
  );
}

/** A ClusterSet and its AWS world, for awsModelOf(members(), options). */
export interface WorldCase {
  readonly members: () => ScenarioMember[];
  readonly options: WorldOptions;
  readonly [fc.toStringMethod]: () => string;
}

/** ClusterSets of 2–4 members, each in one of three accounts, with up to `maxFaults` faults. */
export function awsWorlds(maxFaults = 4): fc.Arbitrary<WorldCase> {
  return fc.integer({ min: 2, max: 4 }).chain((n) =>
    fc
      .record({
        accounts: fc.array(fc.constantFrom(...ACCOUNTS), { minLength: n, maxLength: n }),
        // One world in three joined through transit gateways, with their own faults too.
        transit: fc.constantFrom(false, false, true),
        faults: fc.array(faultArb(n), { maxLength: maxFaults }),
        transitFaults: fc.array(transitFaultArb(n), { maxLength: 2 }),
      })
      .map(({ accounts, transit, faults, transitFaults }): WorldCase => {
        const specs = Array.from({ length: n }, (_, k) => spec(k));
        const all = transit ? [...transitFaults, ...faults] : faults;
        return {
          members: () => cachedScenario(specs),
          options: {
            members: Object.fromEntries(accounts.map((account, k) => [name(k), { account }])),
            ...(transit ? { transit: true } : {}),
            faults: all.map((f) => f.fault),
          },
          [fc.toStringMethod]: () =>
            `${specs.map((s, k) => `${s.name} (${s.region}, ${accounts[k]})`).join(", ")}${transit ? " through transit gateways" : ""}: ${all.map((f) => f.label).join("; ") || "healthy"}`,
        };
      }),
  );
}
