import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  AcceptTransitGatewayPeeringAttachmentCommand,
  AssociateTransitGatewayRouteTableCommand,
  AssociateVpcCidrBlockCommand,
  CreateSubnetCommand,
  CreateTransitGatewayCommand,
  CreateTransitGatewayPeeringAttachmentCommand,
  CreateTransitGatewayRouteCommand,
  CreateTransitGatewayRouteTableCommand,
  CreateTransitGatewayVpcAttachmentCommand,
  CreateVpcCommand,
  DeleteTransitGatewayVpcAttachmentCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeTransitGatewayPeeringAttachmentsCommand,
  DescribeTransitGatewaysCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  DisassociateTransitGatewayRouteTableCommand,
  EC2Client,
  EC2ServiceException,
  EnableTransitGatewayRouteTablePropagationCommand,
  type Filter,
  GetTransitGatewayRouteTableAssociationsCommand,
  GetTransitGatewayRouteTablePropagationsCommand,
  paginateSearchTransitGatewayRoutes,
  SearchTransitGatewayRoutesCommand,
  type TransitGatewayAttachment,
  type TransitGatewayRoute,
} from "@aws-sdk/client-ec2";
import { DEFAULT_ACCOUNT, type Moto, startMoto } from "../support/moto.js";

/**
 * test/support/moto-server.py's transit gateway patches against the real SDK's parsing: one moto,
 * one small world of two Regions, built once. Every expected value is what EC2 answers.
 *
 * us-east-1: TGW a (no options: associate and propagate by default) with VPCs 1 (10.1/16 and
 * 10.101/16), 2 (10.2/16), 3 (10.1/16 again and 10.103/16) and 4 (attached, then deleted); TGW b
 * with default association and propagation disabled, VPC 5 attached to it. Table rt2 of TGW a.
 * us-west-2: TGW w with VPC w (10.50/16), peered with TGW a and accepted there.
 */

let moto: Moto;
let east: EC2Client;
let west: EC2Client;
const w = {} as Record<string, string>;

function client(region: string): EC2Client {
  return new EC2Client({
    region,
    endpoint: moto.endpoint,
    credentials: {
      accessKeyId: moto.env.AWS_ACCESS_KEY_ID ?? "",
      secretAccessKey: moto.env.AWS_SECRET_ACCESS_KEY ?? "",
    },
    maxAttempts: 1,
  });
}

async function vpc(ec2: EC2Client, cidr: string, azs: string[], secondary?: string) {
  const id = (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc?.VpcId ?? "";
  if (secondary)
    await ec2.send(new AssociateVpcCidrBlockCommand({ VpcId: id, CidrBlock: secondary }));
  const base = cidr.split(".").slice(0, 2).join(".");
  const subnets: string[] = [];
  for (const [i, az] of azs.entries()) {
    const s = await ec2.send(
      new CreateSubnetCommand({ VpcId: id, CidrBlock: `${base}.${i}.0/24`, AvailabilityZone: az }),
    );
    subnets.push(s.Subnet?.SubnetId ?? "");
  }
  return { id, subnets };
}

async function tgw(ec2: EC2Client, options?: Record<string, string>) {
  const t = (await ec2.send(new CreateTransitGatewayCommand({ Options: options }))).TransitGateway;
  return { id: t?.TransitGatewayId ?? "", rt: t?.Options?.AssociationDefaultRouteTableId ?? "" };
}

async function attach(ec2: EC2Client, tgwId: string, v: { id: string; subnets: string[] }) {
  const a = await ec2.send(
    new CreateTransitGatewayVpcAttachmentCommand({
      TransitGatewayId: tgwId,
      VpcId: v.id,
      SubnetIds: v.subnets,
    }),
  );
  return a.TransitGatewayVpcAttachment?.TransitGatewayAttachmentId ?? "";
}

async function route(ec2: EC2Client, rt: string, cidr: string, att?: string) {
  await ec2.send(
    new CreateTransitGatewayRouteCommand({
      TransitGatewayRouteTableId: rt,
      DestinationCidrBlock: cidr,
      ...(att ? { TransitGatewayAttachmentId: att } : { Blackhole: true }),
    }),
  );
}

async function search(
  ec2: EC2Client,
  rt: string,
  filters: Record<string, string[]> = { state: ["active", "blackhole"] },
): Promise<TransitGatewayRoute[]> {
  const Filters: Filter[] = Object.entries(filters).map(([Name, Values]) => ({ Name, Values }));
  const out = await ec2.send(
    new SearchTransitGatewayRoutesCommand({ TransitGatewayRouteTableId: rt, Filters }),
  );
  assert.equal(out.AdditionalRoutesAvailable, false);
  return out.Routes ?? [];
}

const cidrs = (routes: TransitGatewayRoute[]) => routes.map((r) => r.DestinationCidrBlock);

/** "cidr type state attachment-id resource-type resource-id" per route, for short asserts. */
const lines = (routes: TransitGatewayRoute[]) =>
  routes.map((r) =>
    [
      r.DestinationCidrBlock,
      r.Type,
      r.State,
      ...(r.TransitGatewayAttachments ?? []).flatMap((a) => [
        a.TransitGatewayAttachmentId,
        a.ResourceType,
        a.ResourceId,
      ]),
    ].join(" "),
  );

async function attachments(ec2: EC2Client, filters: Record<string, string[]>, ids?: string[]) {
  const Filters: Filter[] = Object.entries(filters).map(([Name, Values]) => ({ Name, Values }));
  const out = await ec2.send(
    new DescribeTransitGatewayAttachmentsCommand({ Filters, TransitGatewayAttachmentIds: ids }),
  );
  return out.TransitGatewayAttachments ?? [];
}

const ids = (xs: TransitGatewayAttachment[]) => xs.map((x) => x.TransitGatewayAttachmentId).sort();

async function rejects(p: Promise<unknown>, code: string) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof EC2ServiceException, String(e));
    assert.equal(e.name, code);
    return true;
  });
}

before(async () => {
  moto = await startMoto();
  east = client("us-east-1");
  west = client("us-west-2");
  const azs = ["us-east-1a", "us-east-1b"];
  const v1 = await vpc(east, "10.1.0.0/16", azs, "10.101.0.0/16");
  const v2 = await vpc(east, "10.2.0.0/16", azs);
  const v3 = await vpc(east, "10.1.0.0/16", azs, "10.103.0.0/16");
  const v4 = await vpc(east, "10.4.0.0/16", azs);
  const v5 = await vpc(east, "10.5.0.0/16", azs);
  const vw = await vpc(west, "10.50.0.0/16", ["us-west-2a", "us-west-2b"]);
  Object.assign(w, { vpc1: v1.id, vpc2: v2.id, vpc3: v3.id, vpc5: v5.id, vpcw: vw.id });

  const a = await tgw(east);
  const b = await tgw(east, {
    DefaultRouteTableAssociation: "disable",
    DefaultRouteTablePropagation: "disable",
    SecurityGroupReferencingSupport: "enable",
  });
  const tw = await tgw(west);
  Object.assign(w, { tgwA: a.id, rtA: a.rt, tgwB: b.id, rtB: b.rt, tgwW: tw.id, rtW: tw.rt });
  w.att1 = await attach(east, a.id, v1);
  w.att2 = await attach(east, a.id, v2);
  w.att3 = await attach(east, a.id, v3);
  w.att4 = await attach(east, a.id, v4);
  w.att5 = await attach(east, b.id, v5);
  w.attW = await attach(west, tw.id, vw);
  await east.send(
    new DeleteTransitGatewayVpcAttachmentCommand({ TransitGatewayAttachmentId: w.att4 }),
  );

  const rt2 = await east.send(
    new CreateTransitGatewayRouteTableCommand({ TransitGatewayId: a.id }),
  );
  w.rt2 = rt2.TransitGatewayRouteTable?.TransitGatewayRouteTableId ?? "";
  // att2 leaves the table it was associated with at creation for rt2; att1 also propagates there.
  await east.send(
    new DisassociateTransitGatewayRouteTableCommand({
      TransitGatewayRouteTableId: a.rt,
      TransitGatewayAttachmentId: w.att2,
    }),
  );
  await east.send(
    new AssociateTransitGatewayRouteTableCommand({
      TransitGatewayRouteTableId: w.rt2,
      TransitGatewayAttachmentId: w.att2,
    }),
  );
  await east.send(
    new EnableTransitGatewayRouteTablePropagationCommand({
      TransitGatewayRouteTableId: w.rt2,
      TransitGatewayAttachmentId: w.att1,
    }),
  );

  // Default table of a: 3 propagated routes (10.1/16 and 10.101/16 from att1, 10.103/16 from
  // att3; 10.2/16 from att2 loses to the static one) and 7 static routes.
  await route(east, a.rt, "0.0.0.0/0", w.att1);
  await route(east, a.rt, "10.2.0.0/16", w.att1);
  await route(east, a.rt, "10.1.5.0/24");
  for (const i of [0, 1, 2, 3]) await route(east, a.rt, `172.16.${i}.0/24`, w.att2);

  const peering = await east.send(
    new CreateTransitGatewayPeeringAttachmentCommand({
      TransitGatewayId: a.id,
      PeerTransitGatewayId: tw.id,
      PeerAccountId: DEFAULT_ACCOUNT,
      PeerRegion: "us-west-2",
    }),
  );
  w.peering = peering.TransitGatewayPeeringAttachment?.TransitGatewayAttachmentId ?? "";
  await west.send(
    new AcceptTransitGatewayPeeringAttachmentCommand({ TransitGatewayAttachmentId: w.peering }),
  );
  for (const [ec2, rt] of [
    [east, w.rt2],
    [west, tw.rt],
  ] as const) {
    await ec2.send(
      new AssociateTransitGatewayRouteTableCommand({
        TransitGatewayRouteTableId: rt,
        TransitGatewayAttachmentId: w.peering,
      }),
    );
  }
  await route(east, w.rt2, "10.50.0.0/16", w.peering);
  await route(west, tw.rt, "10.1.0.0/16", w.peering);
});

after(async () => {
  east?.destroy();
  west?.destroy();
  await moto?.stop();
});

test("DescribeTransitGateways: defaults as in EC2, SecurityGroupReferencingSupport included", async () => {
  const out = await east.send(
    new DescribeTransitGatewaysCommand({ TransitGatewayIds: [w.tgwA ?? "", w.tgwB ?? ""] }),
  );
  const byId = new Map(out.TransitGateways?.map((t) => [t.TransitGatewayId, t.Options]));
  const a = byId.get(w.tgwA);
  assert.equal(a?.SecurityGroupReferencingSupport, "disable");
  assert.equal(a?.DefaultRouteTableAssociation, "enable");
  assert.equal(a?.DefaultRouteTablePropagation, "enable");
  assert.equal(a?.AssociationDefaultRouteTableId, w.rtA);
  assert.equal(a?.PropagationDefaultRouteTableId, w.rtA);
  assert.equal(byId.get(w.tgwB)?.SecurityGroupReferencingSupport, "enable");
});

test("VPC attachments follow the TGW's default association and propagation", async () => {
  const assocs = await east.send(
    new GetTransitGatewayRouteTableAssociationsCommand({ TransitGatewayRouteTableId: w.rtA }),
  );
  assert.deepEqual(
    assocs.Associations?.map((x) => x.TransitGatewayAttachmentId).sort(),
    [w.att1, w.att3].sort(),
  );
  const props = await east.send(
    new GetTransitGatewayRouteTablePropagationsCommand({ TransitGatewayRouteTableId: w.rtA }),
  );
  // att4 was deleted: gone from its table's propagations too.
  assert.deepEqual(
    props.TransitGatewayRouteTablePropagations?.map((x) => x.TransitGatewayAttachmentId),
    [w.att1, w.att2, w.att3],
  );
  // TGW b: association and propagation disabled, so att5 is in no table.
  const [att5] = await attachments(east, {}, [w.att5 ?? ""]);
  assert.equal(att5?.TransitGatewayId, w.tgwB);
  assert.equal(att5?.Association, undefined);
  const propsB = await east.send(
    new GetTransitGatewayRouteTablePropagationsCommand({ TransitGatewayRouteTableId: w.rtB }),
  );
  assert.deepEqual(propsB.TransitGatewayRouteTablePropagations, []);
  assert.deepEqual(await search(east, w.rtB ?? ""), []);
});

test("DescribeTransitGatewayAttachments: the real association, and its filters", async () => {
  const all = await attachments(east, {});
  const assoc = new Map(all.map((a) => [a.TransitGatewayAttachmentId, a.Association]));
  assert.deepEqual(assoc.get(w.att1), { TransitGatewayRouteTableId: w.rtA, State: "associated" });
  assert.deepEqual(assoc.get(w.att2), { TransitGatewayRouteTableId: w.rt2, State: "associated" });
  assert.deepEqual(ids(all), ids(await attachments(east, { state: ["available"] })));
  assert.deepEqual(await attachments(east, { state: ["deleted", "pending"] }), []);
  assert.deepEqual(
    ids(await attachments(east, { "association.transit-gateway-route-table-id": [w.rt2 ?? ""] })),
    [w.att2, w.peering].sort(),
  );
  assert.deepEqual(
    ids(await attachments(east, { "resource-id": [w.vpc1 ?? "", w.vpc5 ?? ""] })),
    [w.att1, w.att5].sort(),
  );
  assert.deepEqual(ids(await attachments(east, { "resource-type": ["peering"] })), [w.peering]);
  assert.deepEqual(ids(await attachments(east, { "transit-gateway-id": [w.tgwB ?? ""] })), [
    w.att5,
  ]);
  assert.deepEqual(
    ids(
      await attachments(east, {
        "transit-gateway-id": [w.tgwA ?? ""],
        "resource-type": ["vpc"],
        "association.transit-gateway-route-table-id": [w.rtA ?? ""],
      }),
    ),
    [w.att1, w.att3].sort(),
  );
  // An attachment is in one table at most, as EC2 says.
  await rejects(
    east.send(
      new AssociateTransitGatewayRouteTableCommand({
        TransitGatewayRouteTableId: w.rtA,
        TransitGatewayAttachmentId: w.att2,
      }),
    ),
    "Resource.AlreadyAssociated",
  );
});

test("SearchTransitGatewayRoutes: static and propagated routes with their attachments", async () => {
  assert.deepEqual(lines(await search(east, w.rtA ?? "")), [
    `0.0.0.0/0 static active ${w.att1} vpc ${w.vpc1}`,
    `10.1.0.0/16 propagated active ${w.att1} vpc ${w.vpc1}`,
    "10.1.5.0/24 static blackhole",
    `10.2.0.0/16 static active ${w.att1} vpc ${w.vpc1}`,
    `10.101.0.0/16 propagated active ${w.att1} vpc ${w.vpc1}`,
    `10.103.0.0/16 propagated active ${w.att3} vpc ${w.vpc3}`,
    `172.16.0.0/24 static active ${w.att2} vpc ${w.vpc2}`,
    `172.16.1.0/24 static active ${w.att2} vpc ${w.vpc2}`,
    `172.16.2.0/24 static active ${w.att2} vpc ${w.vpc2}`,
    `172.16.3.0/24 static active ${w.att2} vpc ${w.vpc2}`,
  ]);
  const blackhole = (await search(east, w.rtA ?? "", { state: ["blackhole"] }))[0];
  assert.equal(blackhole?.TransitGatewayAttachments?.length ?? 0, 0);
  // rt2: att1's propagation and the static route to the peering (the other side's TGW).
  assert.deepEqual(lines(await search(east, w.rt2 ?? "")), [
    `10.1.0.0/16 propagated active ${w.att1} vpc ${w.vpc1}`,
    `10.50.0.0/16 static active ${w.peering} peering ${w.tgwW}`,
    `10.101.0.0/16 propagated active ${w.att1} vpc ${w.vpc1}`,
  ]);
  assert.deepEqual(lines(await search(west, w.rtW ?? "")), [
    `10.1.0.0/16 static active ${w.peering} peering ${w.tgwA}`,
    `10.50.0.0/16 propagated active ${w.attW} vpc ${w.vpcw}`,
  ]);
});

test("SearchTransitGatewayRoutes: filters (values OR, filters AND)", async () => {
  const rt = w.rtA ?? "";
  const f = async (filters: Record<string, string[]>) => cidrs(await search(east, rt, filters));
  assert.deepEqual(await f({ type: ["propagated"] }), [
    "10.1.0.0/16",
    "10.101.0.0/16",
    "10.103.0.0/16",
  ]);
  assert.deepEqual(await f({ type: ["static"], state: ["blackhole"] }), ["10.1.5.0/24"]);
  assert.deepEqual(await f({ type: ["static", "propagated"], state: ["blackhole"] }), [
    "10.1.5.0/24",
  ]);
  assert.deepEqual(await f({ "route-search.exact-match": ["10.2.0.0/16", "10.9.0.0/16"] }), [
    "10.2.0.0/16",
  ]);
  assert.deepEqual(await f({ "route-search.longest-prefix-match": ["10.1.5.7/32"] }), [
    "10.1.5.0/24",
  ]);
  assert.deepEqual(await f({ "route-search.longest-prefix-match": ["10.1.6.7/32"] }), [
    "10.1.0.0/16",
  ]);
  assert.deepEqual(
    await f({ "route-search.longest-prefix-match": ["192.168.0.1/32", "172.16.2.9/32"] }),
    ["0.0.0.0/0", "172.16.2.0/24"],
  );
  assert.deepEqual(await f({ "route-search.subnet-of-match": ["10.1.0.0/16"] }), [
    "10.1.0.0/16",
    "10.1.5.0/24",
  ]);
  assert.deepEqual(await f({ "route-search.supernet-of-match": ["10.1.5.0/28"] }), [
    "0.0.0.0/0",
    "10.1.0.0/16",
    "10.1.5.0/24",
  ]);
  assert.deepEqual(await f({ "attachment.transit-gateway-attachment-id": [w.att3 ?? ""] }), [
    "10.103.0.0/16",
  ]);
  assert.deepEqual(await f({ "attachment.resource-id": [w.vpc1 ?? ""], type: ["static"] }), [
    "0.0.0.0/0",
    "10.2.0.0/16",
  ]);
  assert.deepEqual(
    await f({
      "attachment.resource-type": ["vpc"],
      "route-search.subnet-of-match": ["10.0.0.0/8"],
    }),
    ["10.1.0.0/16", "10.2.0.0/16", "10.101.0.0/16", "10.103.0.0/16"],
  );
  assert.deepEqual(
    cidrs(await search(east, w.rt2 ?? "", { "attachment.resource-type": ["peering"] })),
    ["10.50.0.0/16"],
  );
});

test("SearchTransitGatewayRoutes: MaxResults, NextToken and the SDK's paginator", async () => {
  const rt = w.rtA ?? "";
  const Filters = [{ Name: "state", Values: ["active", "blackhole"] }];
  const all = await search(east, rt);
  const first = await east.send(
    new SearchTransitGatewayRoutesCommand({
      TransitGatewayRouteTableId: rt,
      Filters,
      MaxResults: 5,
    }),
  );
  assert.equal(first.Routes?.length, 5);
  assert.equal(first.AdditionalRoutesAvailable, true);
  assert.ok(first.NextToken);
  const pages: TransitGatewayRoute[][] = [];
  for await (const page of paginateSearchTransitGatewayRoutes(
    { client: east, pageSize: 5 },
    { TransitGatewayRouteTableId: rt, Filters },
  )) {
    pages.push(page.Routes ?? []);
  }
  assert.deepEqual(
    pages.map((p) => p.length),
    [5, 5],
  );
  assert.deepEqual(pages.flat(), all);
  const full = await east.send(
    new SearchTransitGatewayRoutesCommand({
      TransitGatewayRouteTableId: rt,
      Filters,
      MaxResults: 1000,
    }),
  );
  assert.equal(full.Routes?.length, 10);
  assert.equal(full.NextToken, undefined);
  await rejects(
    east.send(
      new SearchTransitGatewayRoutesCommand({
        TransitGatewayRouteTableId: rt,
        Filters,
        MaxResults: 4,
      }),
    ),
    "InvalidParameterValue",
  );
});

test("Peering: each side sees its own TGW and association; the lists keep to their kind", async () => {
  const [mine] = await attachments(east, {}, [w.peering ?? ""]);
  assert.equal(mine?.TransitGatewayId, w.tgwA);
  assert.equal(mine?.ResourceId, w.tgwW);
  assert.equal(mine?.ResourceType, "peering");
  assert.deepEqual(mine?.Association, { TransitGatewayRouteTableId: w.rt2, State: "associated" });
  const [theirs] = await attachments(west, { "resource-type": ["peering"] });
  assert.equal(theirs?.TransitGatewayAttachmentId, w.peering);
  assert.equal(theirs?.TransitGatewayId, w.tgwW);
  assert.equal(theirs?.ResourceId, w.tgwA);
  assert.equal(theirs?.State, "available");
  assert.deepEqual(theirs?.Association, { TransitGatewayRouteTableId: w.rtW, State: "associated" });

  const vpcAtts = await east.send(new DescribeTransitGatewayVpcAttachmentsCommand({}));
  assert.deepEqual(
    vpcAtts.TransitGatewayVpcAttachments?.map((x) => x.TransitGatewayAttachmentId).sort(),
    [w.att1, w.att2, w.att3, w.att5].sort(),
  );
  const westVpc = await west.send(new DescribeTransitGatewayVpcAttachmentsCommand({}));
  assert.deepEqual(
    westVpc.TransitGatewayVpcAttachments?.map((x) => x.TransitGatewayAttachmentId),
    [w.attW],
  );
  for (const [ec2, tgwId] of [
    [east, w.tgwA],
    [east, w.tgwW],
    [west, w.tgwA],
    [west, w.tgwW],
  ] as const) {
    const out = await ec2.send(
      new DescribeTransitGatewayPeeringAttachmentsCommand({
        Filters: [{ Name: "transit-gateway-id", Values: [tgwId ?? ""] }],
      }),
    );
    const p = out.TransitGatewayPeeringAttachments ?? [];
    assert.deepEqual(
      p.map((x) => x.TransitGatewayAttachmentId),
      [w.peering],
    );
    assert.equal(p[0]?.RequesterTgwInfo?.TransitGatewayId, w.tgwA);
    assert.equal(p[0]?.AccepterTgwInfo?.TransitGatewayId, w.tgwW);
    assert.equal(p[0]?.State, "available");
  }
  const none = await east.send(
    new DescribeTransitGatewayPeeringAttachmentsCommand({
      Filters: [{ Name: "transit-gateway-id", Values: [w.tgwB ?? ""] }],
    }),
  );
  assert.deepEqual(none.TransitGatewayPeeringAttachments, []);
  const allPeerings = await east.send(new DescribeTransitGatewayPeeringAttachmentsCommand({}));
  assert.deepEqual(
    allPeerings.TransitGatewayPeeringAttachments?.map((x) => x.TransitGatewayAttachmentId),
    [w.peering],
  );
});

test("CreateTransitGatewayRoute to an unknown attachment is refused", async () => {
  await rejects(
    east.send(
      new CreateTransitGatewayRouteCommand({
        TransitGatewayRouteTableId: w.rt2,
        DestinationCidrBlock: "10.77.0.0/16",
        TransitGatewayAttachmentId: "tgw-attach-0123456789abcdef0",
      }),
    ),
    "InvalidTransitGatewayAttachmentID.NotFound",
  );
});
