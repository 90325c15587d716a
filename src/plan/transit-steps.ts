/**
 * setup through transit gateways: the path analysis doctor reports from (transit-path.ts) is
 * walked, and each break setup may mend becomes steps and a change of setup's picture of the
 * gateways (transit-change.ts); the walk goes on from there until the tunnel arrives or a break is
 * left to the user with doctor's fix. Changes are made with the credentials of the account that
 * may make them: the VPC's owner attaches and adds subnets, the gateway's owner associates,
 * propagates, routes and accepts. What setup makes is tagged, or recorded as marks where AWS keeps
 * no tags (routes, propagations, associations, a subnet added to an attachment), for teardown.
 */
import { type Endpoint, impactOf, type Pair, type Side } from "../analysis/aws/endpoints.js";
import { nodeGroupsOf } from "../analysis/aws/node-to-gateway.js";
import type { PeeringState } from "../analysis/aws/peerings.js";
import { afterChange, type TransitChange } from "../analysis/aws/transit-change.js";
import {
  endOf,
  type TransitBreak,
  type TransitFix,
  transitPath,
} from "../analysis/aws/transit-path.js";
import { viaOf, vpcAttachments } from "../analysis/aws/via.js";
import type { Wire } from "../analysis/aws/wire.js";
import { ownedTags, transitMarkKey } from "../aws/tags.js";
import { awsFlags, runAs } from "../fixes/aws.js";
import { transitFixCommand, transitFixer } from "../fixes/transit.js";
import type { TransitView } from "../model/aws/transit.js";
import type { Peering, Subnet } from "../model/aws/types.js";
import type { ClusterSetModel, MemberAws, MemberModel } from "../model/types.js";
import type { PlanBuilder } from "./builder.js";
import type { Ref, Step, Unfixable } from "./types.js";

/** How many changes one path may need before setup stops and says so (a path has few hops). */
const MAX_CHANGES = 16;

/** setup's picture of the gateways as its plan leaves them, and the steps that make attachments. */
export class TransitPlanner {
  aws: { readonly peerings: readonly Peering[]; readonly transit: TransitView };
  /** Attachments the plan creates or accepts: the step after which each is usable. */
  private readonly made = new Map<string, Ref>();
  /** The last step that changes each attachment: the next change waits for it (AWS refuses a
   * change while the attachment is modifying). */
  private readonly lastTouch = new Map<string, Ref>();
  private readonly cidrs: Map<string, readonly string[]>;

  constructor(
    private readonly b: PlanBuilder,
    private readonly base: ClusterSetModel,
    private readonly clusterSet: string,
  ) {
    this.aws = base.aws;
    this.cidrs = new Map(
      base.members.flatMap((m) =>
        m.aws.known
          ? [...m.aws.value.inventory.vpcs.values()].map((v) => [v.id, v.cidrs] as const)
          : [],
      ),
    );
  }

  private modelMade?: { readonly aws: TransitPlanner["aws"]; readonly model: ClusterSetModel };

  /** The model with the gateways as the plan leaves them (for the analyses that follow the path). */
  get model(): ClusterSetModel {
    if (this.aws === this.base.aws) return this.base;
    // One model per picture: the analyses cache by it.
    if (this.modelMade?.aws !== this.aws)
      this.modelMade = {
        aws: this.aws,
        model: { ...this.base, aws: { ...this.base.aws, ...this.aws } },
      };
    return this.modelMade.model;
  }

  change(c: TransitChange): void {
    this.aws = {
      ...this.aws,
      transit: afterChange(this.aws.transit, c, (vpc) => this.cidrs.get(vpc) ?? []),
    };
  }

  private readonly routes = new Set<string>();
  /** Network ACL rule numbers the listed fixes hand out, so that two do not collide. */
  private readonly taken = new Map<string, Set<number>>();
  /** While walking: what the walks leave to the user, listed once the last sweep is done. */
  private held?: Unfixable[];

  /**
   * Walks of every path, swept again until a sweep changes nothing (at most `sweeps`): a change
   * made for a later pair (a gateway peering accepted) can make an earlier pair's break mendable.
   * Only what the last sweep leaves is listed.
   */
  sweep(walk: () => void, sweeps = 3): void {
    for (let n = 0; n < sweeps; n++) {
      const before = this.b.steps.length;
      this.held = [];
      this.taken.clear();
      this.unfinished = n === 0 ? undefined : this.leftNow;
      this.leftNow = new Set();
      walk();
      if (this.b.steps.length === before) break;
    }
    const left = this.held ?? [];
    this.held = undefined;
    this.taken.clear();
    for (const u of left) this.listed(u);
  }

  /** Directions whose walk stopped at something left, in this sweep and the one before. */
  private leftNow = new Set<string>();
  private unfinished?: Set<string>;

  unfinishedWalk(key: string): void {
    this.leftNow.add(key);
  }

  /** Whether a direction is walked in this sweep: all at first, then those left unfinished. */
  walks(key: string): boolean {
    return !this.unfinished || this.unfinished.has(key);
  }

  private listed(u: Unfixable): void {
    if (this.held) this.held.push(u);
    else this.b.cannot(u);
  }

  /** False when the plan already routes `destination` in VPC route table `table`. */
  claimRoute(table: string, destination: string): boolean {
    const key = `${table}|${destination}`;
    if (this.routes.has(key)) return false;
    this.routes.add(key);
    return true;
  }

  /** An attachment ID as a step parameter: the step's output for one the plan creates. */
  param(id: string): string | Ref {
    return this.made.get(id) && id.startsWith(NEW) ? (this.made.get(id) as Ref) : id;
  }

  /** The steps a change of attachment `id` waits for, and how. */
  private needs(id: string): Pick<Step, "after" | "waitFor"> {
    const ready = this.lastTouch.get(id);
    return {
      after: ready ? [ready.ref] : [],
      waitFor: { attachment: this.param(id), status: "available" },
    };
  }

  /** The gateway's route to the VPC's attachment: after the step that makes it, if any. */
  attachmentNeeds(tgwId: string, vpcId: string): Pick<Step, "after" | "waitFor"> | undefined {
    const att = (this.aws.transit.byVpc.get(vpcId) ?? []).find((a) => a.tgwId === tgwId);
    return att ? this.needs(att.id) : undefined;
  }

  /**
   * Attaches `vpcId` of `member` to `tgwId` with one subnet per Availability Zone of its Gateway
   * candidates there (their own subnets), and of its other Nodes (their way to a leader behind
   * the gateway); the gateway's default tables take it when its options say so.
   */
  attach(
    member: MemberModel,
    aws: MemberAws,
    endpoints: readonly Endpoint[],
    tgwId: string,
    vpcId: string,
  ): void {
    const zones = new Map<string, string>();
    const add = (subnet: Subnet | undefined, id: string) => {
      const zone = subnet?.zoneId ?? subnet?.zone ?? id;
      if (!zones.has(zone)) zones.set(zone, id);
    };
    for (const e of endpoints)
      if (e.placed.eni.vpcId === vpcId) add(e.placed.subnet, e.placed.eni.subnetId);
    const groups = nodeGroupsOf(member);
    for (const g of groups.ok ? groups.groups : []) {
      const subnet = aws.inventory.subnets.get(g.subnetId);
      if (subnet?.vpcId === vpcId) add(subnet, g.subnetId);
    }
    const subnetIds = [...zones.values()];
    const ref = this.b.add({
      member: member.name,
      action: "CreateTransitGatewayVpcAttachment",
      region: aws.region,
      params: {
        TransitGatewayId: tgwId,
        VpcId: vpcId,
        SubnetIds: subnetIds,
        TagSpecifications: [
          {
            ResourceType: "transit-gateway-attachment",
            Tags: [
              { Key: "Name", Value: `antrea-mc-${this.clusterSet}-${member.name}` },
              ...ownedTags(this.clusterSet),
            ],
          },
        ],
      },
      reason: "aws.transit-gateway",
      why: `${vpcId} (${member.name}) is not attached to ${tgwId}: one subnet per zone of its Gateways and Nodes`,
      resource: vpcId,
      after: [],
    });
    const id = `${NEW}${ref.ref}`;
    this.made.set(id, { ...ref, of: "tgw-attachment" });
    this.lastTouch.set(id, ref);
    const gateway = this.aws.transit.gateways.get(tgwId);
    // Shared from another account, the attachment waits for the owner to accept it, unless the
    // gateway accepts shared attachments on its own: the walk meets it waiting.
    const waits =
      !!gateway?.ownerId &&
      !!aws.account &&
      gateway.ownerId !== aws.account &&
      !gateway.autoAcceptShared;
    this.change({
      kind: "attach",
      attachmentId: id,
      tgwId,
      vpcId,
      subnetIds,
      ...(waits ? { state: "pendingAcceptance" as const } : {}),
    });
  }

  /**
   * Walks the path from `a` to `b` through `tgwId`, mending what setup may. False when the walk
   * stops at something setup leaves to the user (listed) or does not know (doctor says why).
   */
  mendPath(
    d: TransitDirection,
    a: Endpoint,
    bEnd: Endpoint,
    tgwId: string,
  ): "reached" | "left" | "unknown" {
    const mended = new Set<string>();
    for (let n = 0; n < MAX_CHANGES; n++) {
      const path = transitPath(
        { a: endOf(a), b: endOf(bEnd), aws: d.mine, peerAws: d.theirs, wire: d.wire },
        tgwId,
        this.aws.transit,
      );
      if (path.status !== "broken") return path.status;
      const blocking = impactOf(a, bEnd) === "active";
      // A break its own change did not close (the picture and AWS disagree): listed, not looped.
      const again = path.breaks.find((k) => mended.has(`${k.resource}|${k.message}`));
      if (again) {
        this.leave(d, again, blocking, "setup's change for it would not close it");
        return "left";
      }
      for (const k of path.breaks)
        if (k.fix && k.fix.kind !== "nacl") mended.add(`${k.resource}|${k.message}`);
      if (!this.mendFirst(d, path.breaks, blocking)) return "left";
    }
    return "unknown";
  }

  /**
   * Mends the first break setup may mend, leaving the others with their fixes. False when none
   * was mended (what stops the path is listed).
   */
  mendFirst(d: TransitDirection, breaks: readonly TransitBreak[], blocking: boolean): boolean {
    const mendable = breaks.find((k) => k.fix && k.fix.kind !== "nacl");
    for (const k of breaks) if (k !== mendable) this.leave(d, k, blocking);
    if (!mendable?.fix || mendable.fix.kind === "nacl") return false;
    return this.mend(d, mendable, mendable.fix, blocking);
  }

  /** Mends one break if a member may, else leaves nothing listed (the caller lists it). */
  tryMend(d: TransitDirection, k: TransitBreak): boolean {
    if (!k.fix || k.fix.kind === "nacl" || k.fix.kind === "attach-vpc") return false;
    if (!this.runner(d, k.by)) return false;
    return this.mend(d, k, k.fix, true);
  }

  /** Who runs a break's fix: a member read in that account and Region, else nobody here. */
  private runner(
    d: TransitDirection,
    by: TransitBreak["by"],
  ): { member: MemberModel; aws: MemberAws } | undefined {
    if (by === "sender") return { member: d.member, aws: d.mine };
    if (by === "receiver") return { member: d.peer, aws: d.theirs };
    const fits = (aws: MemberAws) =>
      (!by.owner || aws.account === by.owner) && aws.region === by.region;
    const candidates = [d.member, d.peer, ...this.base.members];
    const m = candidates.find((x) => x.aws.known && fits(x.aws.value));
    return m?.aws.known ? { member: m, aws: m.aws.value } : undefined;
  }

  /** A break setup does not mend (a network ACL, a fix in an account no member is read in). */
  private leave(d: TransitDirection, k: TransitBreak, blocking: boolean, why?: string): void {
    const receiver = k.by === "receiver";
    const { who, line } = transitFixer(
      receiver ? { ...k, by: "sender" } : k,
      receiver ? d.peer : d.member,
      receiver ? d.theirs : d.mine,
      receiver ? d.member : d.peer,
      receiver ? d.mine : d.theirs,
      this.base.members,
    );
    this.listed({
      member: receiver ? d.peer.name : d.member.name,
      peer: receiver ? d.member.name : d.peer.name,
      check: d.check ?? "aws.transit-gateway",
      resource: said(k.resource),
      message: said(why ? `${k.message}: ${why}` : k.message),
      ...(k.fix ? { remediation: line + transitFixCommand(k.fix, who, d.wire, this.taken) } : {}),
      blocking,
      direction: { from: d.member.name, to: d.peer.name },
    });
  }

  private mend(
    d: TransitDirection,
    k: TransitBreak,
    fix: Exclude<TransitFix, { kind: "nacl" }>,
    blocking: boolean,
  ): boolean {
    const run = this.runner(d, k.by);
    if (!run) {
      const owner = typeof k.by === "object" ? k.by.owner : undefined;
      this.leave(
        d,
        k,
        blocking,
        `no member is read in account ${owner ?? "?"} to make the change there`,
      );
      return false;
    }
    // A step names the member it acts for as its peer when another's credentials act (the
    // gateway's owner); for the Gateways' tunnel, the pair's other member otherwise.
    const acting = run.member !== d.member;
    const at = {
      member: run.member.name,
      ...(acting
        ? { peer: d.member.name }
        : d.check === "aws.leader-path"
          ? {}
          : { peer: d.peer.name }),
      region: typeof k.by === "object" ? k.by.region : run.aws.region,
      reason: d.check ?? ("aws.transit-gateway" as const),
    };
    const mark = (resource: string, key: string, value: string | Ref, after: Ref) =>
      this.b.add({
        ...at,
        action: "CreateTags",
        params: { Resources: [resource], Tags: [{ Key: key, Value: value }] },
        why: "AWS keeps no tags on it: this records it for teardown",
        resource,
        after: [after.ref],
      });
    switch (fix.kind) {
      case "attach-vpc": {
        // Only to a gateway read in the VPC's Region: a route to one not read names no layout.
        const gateway = this.aws.transit.gateways.get(fix.tgwId);
        if (gateway?.region !== d.mine.region) {
          this.leave(
            d,
            k,
            blocking,
            `setup attaches a VPC only to a transit gateway it has read in the VPC's Region (${d.mine.region})`,
          );
          return false;
        }
        this.attach(d.member, d.mine, d.mineEndpoints, fix.tgwId, fix.vpcId);
        return true;
      }
      case "accept-vpc-attachment":
      case "accept-peering": {
        const ref = this.b.add({
          ...at,
          ...(fix.kind === "accept-peering" && fix.region ? { region: fix.region } : {}),
          action:
            fix.kind === "accept-peering"
              ? "AcceptTransitGatewayPeeringAttachment"
              : "AcceptTransitGatewayVpcAttachment",
          params: { TransitGatewayAttachmentId: this.param(fix.attachmentId) },
          why: said(k.message),
          resource: fix.attachmentId,
          after: this.needs(fix.attachmentId).after,
          // One the plan creates shows up waiting in the owner's account after a moment.
          ...(fix.kind === "accept-vpc-attachment" && fix.attachmentId.startsWith(NEW)
            ? {
                waitFor: {
                  attachment: this.param(fix.attachmentId),
                  status: "pendingAcceptance" as const,
                },
              }
            : {}),
        });
        this.lastTouch.set(fix.attachmentId, ref);
        this.change({ kind: "accept", attachmentId: fix.attachmentId });
        return true;
      }
      case "add-subnet": {
        const step = this.b.add({
          ...at,
          action: "ModifyTransitGatewayVpcAttachment",
          params: {
            TransitGatewayAttachmentId: this.param(fix.attachmentId),
            AddSubnetIds: [fix.subnetId],
          },
          why: said(k.message),
          resource: fix.attachmentId,
          ...this.needs(fix.attachmentId),
        });
        this.lastTouch.set(fix.attachmentId, step);
        if (!fix.attachmentId.startsWith(NEW))
          mark(
            fix.attachmentId,
            transitMarkKey(this.clusterSet, "subnet", fix.subnetId),
            "added",
            step,
          );
        this.change(fix);
        return true;
      }
      case "associate": {
        const step = this.b.add({
          ...at,
          action: "AssociateTransitGatewayRouteTable",
          params: {
            TransitGatewayRouteTableId: fix.tableId,
            TransitGatewayAttachmentId: this.param(fix.attachmentId),
          },
          why: said(k.message),
          resource: fix.attachmentId,
          ...this.needs(fix.attachmentId),
        });
        this.lastTouch.set(fix.attachmentId, step);
        if (!fix.attachmentId.startsWith(NEW))
          mark(fix.attachmentId, transitMarkKey(this.clusterSet, "association"), fix.tableId, step);
        this.change(fix);
        return true;
      }
      case "propagate":
      case "static-route": {
        // A change of the gateway's route table towards the attachment, recorded on the table.
        const att = this.aws.transit.attachments.find((x) => x.id === fix.attachmentId);
        const route = fix.kind === "static-route";
        const step = this.b.add({
          ...at,
          action: route
            ? fix.replace
              ? "ReplaceTransitGatewayRoute"
              : "CreateTransitGatewayRoute"
            : "EnableTransitGatewayRouteTablePropagation",
          params: {
            TransitGatewayRouteTableId: fix.tableId,
            ...(route ? { DestinationCidrBlock: fix.destination } : {}),
            TransitGatewayAttachmentId: this.param(fix.attachmentId),
          },
          why: said(k.message),
          resource: fix.tableId,
          ...this.needs(fix.attachmentId),
        });
        mark(
          fix.tableId,
          route
            ? transitMarkKey(this.clusterSet, "route", fix.destination)
            : transitMarkKey(this.clusterSet, "propagation", att?.resourceId ?? fix.attachmentId),
          this.param(fix.attachmentId),
          step,
        );
        this.change(fix);
        return true;
      }
    }
  }
}

/** The ID prefix of an attachment the plan creates (`new:s3`), until AWS names it. */
const NEW = "new:";

/** A message of the walk, with an attachment the plan creates named by its step. */
const said = (text: string) => text.replace(/new:(s\d+)/g, "the attachment $1 makes");

export interface TransitDirection {
  /** The check the path is for (default aws.transit-gateway: the Gateways' tunnel). */
  readonly check?: "aws.transit-gateway" | "aws.leader-path";
  readonly member: MemberModel;
  readonly peer: MemberModel;
  readonly mine: MemberAws;
  readonly theirs: MemberAws;
  readonly mineEndpoints: readonly Endpoint[];
  readonly wire: Wire;
}

/**
 * Mends every transit gateway path from the member's Gateway candidates to the peer's; true when
 * setup followed each to its end (what it leaves is listed; doctor's finding is then superseded),
 * false when one was not known (doctor's finding says why).
 */
export function planTransitDirection(
  planner: TransitPlanner,
  d: TransitDirection,
  pair: Pair,
): boolean {
  const key = `${d.member.name}|${d.peer.name}`;
  if (!planner.walks(key)) return true;
  let known = true;
  for (const a of pair.mine.endpoints)
    for (const bEnd of pair.theirs.endpoints) {
      const via = viaOf(a, bEnd, d.mine, planner.aws.peerings, planner.aws.transit);
      if (via.kind !== "transit-gateway") continue;
      const end = planner.mendPath(d, a, bEnd, via.tgwId);
      if (end === "unknown") known = false;
      if (end !== "reached") planner.unfinishedWalk(key);
    }
  return known;
}

/**
 * --via: attaches the side's VPCs to the gateway named for the member (unless attached). False
 * when --via names none for it.
 */
export function joinVia(
  planner: TransitPlanner,
  member: MemberModel,
  side: Side,
  via: ReadonlyMap<string, string>,
): boolean {
  const tgwId = via.get(member.name);
  if (!tgwId) return false;
  for (const vpcId of new Set(side.endpoints.map((e) => e.placed.eni.vpcId))) {
    if (vpcAttachments(planner.aws.transit, vpcId).some((x) => x.tgwId === tgwId)) continue;
    planner.attach(member, side.aws, side.endpoints, tgwId, vpcId);
  }
  return true;
}

/**
 * Why --via leaves a pair unjoined, with what a person does: name a gateway for the member, or
 * peer the two gateways (a gateway peering, like a gateway itself, is made by hand).
 */
export function notJoined(
  state: Extract<PeeringState, { kind: "none" }>,
  via: ReadonlyMap<string, string>,
  planner: TransitPlanner,
): Unfixable {
  const { a, z } = state;
  const at = {
    member: a.member.name,
    peer: z.member.name,
    check: "aws.peering" as const,
    resource: `${a.vpcId}, ${z.vpcId}`,
    blocking: state.impact === "active",
    manual: true as const,
  };
  const [ta, tz] = [via.get(a.member.name), via.get(z.member.name)];
  if (!ta || !tz) {
    const without = !ta ? a.member.name : z.member.name;
    return {
      ...at,
      message: `--via names no transit gateway for ${without}, so ${a.vpcId} and ${z.vpcId} would not be joined: name one in ${!ta ? a.aws.region : z.aws.region}, or leave --via out to peer the VPCs`,
      remediation: `# name ${without}'s gateway: --via ${without}=tgw-… (or transitGateway: in --config)`,
    };
  }
  const ga = planner.aws.transit.gateways.get(ta);
  const gz = planner.aws.transit.gateways.get(tz);
  const accountZ = gz?.ownerId ?? z.aws.account;
  const regionZ = gz?.region ?? z.aws.region;
  return {
    ...at,
    message: `${ta} (${a.member.name}) and ${tz} (${z.member.name}) are not peered, so ${a.vpcId} and ${z.vpcId} would not be joined: peer the gateways (by hand, as a gateway is made), then run setup again for the routes`,
    remediation: [
      runAs(a.member.name, a.aws).trimEnd(),
      `tgw_peering=$(aws ec2 create-transit-gateway-peering-attachment --transit-gateway-id ${ta} --peer-transit-gateway-id ${tz}${accountZ ? ` --peer-account-id ${accountZ}` : ""} --peer-region ${regionZ} --query TransitGatewayPeeringAttachment.TransitGatewayAttachmentId --output text ${awsFlags(a.aws, ga?.region ?? a.aws.region)})`,
      runAs(z.member.name, z.aws, true).trimEnd(),
      `until [ "$(aws ec2 describe-transit-gateway-peering-attachments --transit-gateway-attachment-ids "$tgw_peering" --query 'TransitGatewayPeeringAttachments[0].State' --output text ${awsFlags(z.aws, regionZ)})" = pendingAcceptance ]; do sleep 15; done`,
      `aws ec2 accept-transit-gateway-peering-attachment --transit-gateway-attachment-id "$tgw_peering" ${awsFlags(z.aws, regionZ)}`,
    ]
      .filter((l) => l)
      .join("\n"),
  };
}
