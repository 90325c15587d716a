/**
 * The baseline the benchmark compares with: what a per-pair checker does — for every pair, read
 * both Gateways' instances, then each side's subnets, route tables, security groups and network
 * ACLs, and the peering between them: 12 EC2 requests per pair. Same SDK, same endpoint, same
 * bound on requests in flight per account and Region as kubectl antrea-mc.
 */
import {
  DescribeInstancesCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcPeeringConnectionsCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { Limiter } from "../../src/util/limit.js";

export interface NaiveMember {
  region: string;
  instanceIds: string[];
}

export async function naivePairReads(
  members: readonly NaiveMember[],
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  maxInFlight: number,
): Promise<void> {
  const clients = new Map<string, EC2Client>();
  const client = (region: string) => {
    let c = clients.get(region);
    if (!c) {
      c = new EC2Client({ region, endpoint, credentials, maxAttempts: 1 });
      clients.set(region, c);
    }
    return c;
  };
  const limiter = new Limiter(maxInFlight);
  const send = <T>(region: string, run: (c: EC2Client) => Promise<T>) =>
    limiter.run(region, () => run(client(region)));
  const side = async (m: NaiveMember) => {
    const out = await send(m.region, (c) =>
      c.send(new DescribeInstancesCommand({ InstanceIds: m.instanceIds })),
    );
    const inst = (out.Reservations ?? []).flatMap((r) => r.Instances ?? []);
    const vpcId = inst[0]?.VpcId ?? "";
    const subnetIds = [...new Set(inst.map((i) => i.SubnetId ?? ""))];
    const groupIds = [
      ...new Set(inst.flatMap((i) => (i.SecurityGroups ?? []).map((g) => g.GroupId ?? ""))),
    ];
    const vpc = [{ Name: "vpc-id", Values: [vpcId] }];
    await Promise.all([
      send(m.region, (c) => c.send(new DescribeSubnetsCommand({ SubnetIds: subnetIds }))),
      send(m.region, (c) => c.send(new DescribeRouteTablesCommand({ Filters: vpc }))),
      send(m.region, (c) => c.send(new DescribeSecurityGroupsCommand({ GroupIds: groupIds }))),
      send(m.region, (c) => c.send(new DescribeNetworkAclsCommand({ Filters: vpc }))),
    ]);
    return vpcId;
  };
  const pairs: [NaiveMember, NaiveMember][] = [];
  for (const [i, a] of members.entries()) for (const b of members.slice(i + 1)) pairs.push([a, b]);
  await Promise.all(
    pairs.map(async ([a, b]) => {
      const [va, vb] = await Promise.all([side(a), side(b)]);
      await Promise.all(
        [
          [a, va, vb],
          [b, vb, va],
        ].map(([m, from, to]) =>
          send((m as NaiveMember).region, (c) =>
            c.send(
              new DescribeVpcPeeringConnectionsCommand({
                Filters: [
                  { Name: "requester-vpc-info.vpc-id", Values: [from as string] },
                  { Name: "accepter-vpc-info.vpc-id", Values: [to as string] },
                ],
              }),
            ),
          ),
        ),
      );
    }),
  );
  for (const c of clients.values()) c.destroy();
}
