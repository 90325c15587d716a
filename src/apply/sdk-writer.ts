/** Ec2Writer on the AWS SDK: loaded only when setup or teardown changes something. */
import {
  AcceptVpcPeeringConnectionCommand,
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateRouteCommand,
  CreateTagsCommand,
  CreateVpcPeeringConnectionCommand,
  DeleteRouteCommand,
  DeleteTagsCommand,
  DeleteVpcPeeringConnectionCommand,
  DescribeVpcPeeringConnectionsCommand,
  paginateDescribeVpcPeeringConnections,
  ReplaceRouteCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
} from "@aws-sdk/client-ec2";
import type { Ec2Action } from "../aws/actions.js";
import type { AwsSettings } from "../aws/types.js";
import { sdkClients } from "../collect/aws/client.js";
import { callsFor } from "../iam/calls.js";
import { TERMINAL_PEERING } from "../model/aws/peerings.js";
import { type Ec2Writer, errorCode } from "./writer.js";

// biome-ignore lint/suspicious/noExplicitAny: each command takes its own input shape; params come typed from the plan
type AnyCommand = new (input: any) => any;

const COMMANDS: Record<Ec2Action, AnyCommand> = {
  CreateVpcPeeringConnection: CreateVpcPeeringConnectionCommand,
  AcceptVpcPeeringConnection: AcceptVpcPeeringConnectionCommand,
  DeleteVpcPeeringConnection: DeleteVpcPeeringConnectionCommand,
  CreateRoute: CreateRouteCommand,
  ReplaceRoute: ReplaceRouteCommand,
  DeleteRoute: DeleteRouteCommand,
  AuthorizeSecurityGroupIngress: AuthorizeSecurityGroupIngressCommand,
  AuthorizeSecurityGroupEgress: AuthorizeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngress: RevokeSecurityGroupIngressCommand,
  RevokeSecurityGroupEgress: RevokeSecurityGroupEgressCommand,
  CreateTags: CreateTagsCommand,
  DeleteTags: DeleteTagsCommand,
};

export function sdkWriter(
  settings: AwsSettings,
  timeoutMs: number,
  onCall: (operation: string) => void,
): Ec2Writer {
  const { ec2, sts } = sdkClients(settings, {
    timeoutMs,
    onCall,
    allowed: callsFor("setup"),
    pace: true,
  });
  return {
    async call(action, params, dryRun) {
      const Command = COMMANDS[action];
      const out = await ec2.send(new Command({ ...params, ...(dryRun ? { DryRun: true } : {}) }));
      const { $metadata: _, ...rest } = out as unknown as Record<string, unknown>;
      return rest;
    },
    async peeringStatus(id) {
      try {
        const out = await ec2.send(
          new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [id] }),
        );
        const p = out.VpcPeeringConnections?.find((x) => x.VpcPeeringConnectionId === id);
        return p?.Status?.Code;
      } catch (err) {
        // Right after creation the other Region may not know the ID yet.
        if (/NotFound/.test(errorCode(err))) return undefined;
        throw err;
      }
    },
    async livePeerings(vpcId, peerVpcId) {
      const found = new Map<string, string>();
      for (const [from, to] of [
        [vpcId, peerVpcId],
        [peerVpcId, vpcId],
      ] as const) {
        const Filters = [
          { Name: "requester-vpc-info.vpc-id", Values: [from] },
          { Name: "accepter-vpc-info.vpc-id", Values: [to] },
        ];
        for await (const page of paginateDescribeVpcPeeringConnections(
          { client: ec2, stopOnSameToken: true },
          { Filters },
        )) {
          for (const p of page.VpcPeeringConnections ?? []) {
            const status = p.Status?.Code ?? "";
            // Filters are re-applied: a server may ignore one.
            const ends = [p.RequesterVpcInfo?.VpcId, p.AccepterVpcInfo?.VpcId];
            if (!p.VpcPeeringConnectionId || ends[0] !== from || ends[1] !== to) continue;
            if (!TERMINAL_PEERING.includes(status)) found.set(p.VpcPeeringConnectionId, status);
          }
        }
      }
      return [...found]
        .map(([id, status]) => ({ id, status }))
        .sort((x, y) => (x.id < y.id ? -1 : 1));
    },
    destroy() {
      ec2.destroy();
      sts.destroy();
    },
  };
}
