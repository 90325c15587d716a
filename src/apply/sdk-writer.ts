/** Ec2Writer on the AWS SDK: loaded only when setup or teardown changes something. */
import {
  AcceptTransitGatewayPeeringAttachmentCommand,
  AcceptTransitGatewayVpcAttachmentCommand,
  AcceptVpcPeeringConnectionCommand,
  AssociateTransitGatewayRouteTableCommand,
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateRouteCommand,
  CreateTagsCommand,
  CreateTransitGatewayRouteCommand,
  CreateTransitGatewayVpcAttachmentCommand,
  CreateVpcPeeringConnectionCommand,
  DeleteRouteCommand,
  DeleteTagsCommand,
  DeleteTransitGatewayRouteCommand,
  DeleteTransitGatewayVpcAttachmentCommand,
  DeleteVpcPeeringConnectionCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DisableTransitGatewayRouteTablePropagationCommand,
  DisassociateTransitGatewayRouteTableCommand,
  EnableTransitGatewayRouteTablePropagationCommand,
  ModifyTransitGatewayVpcAttachmentCommand,
  paginateDescribeTransitGatewayVpcAttachments,
  paginateDescribeVpcPeeringConnections,
  ReplaceRouteCommand,
  ReplaceTransitGatewayRouteCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
} from "@aws-sdk/client-ec2";
import type { Ec2Action } from "../aws/actions.js";
import type { AwsSettings } from "../aws/types.js";
import { sdkClients } from "../collect/aws/client.js";
import { callsFor } from "../iam/calls.js";
import { TERMINAL_PEERING } from "../model/aws/peerings.js";
import { GONE_ATTACHMENT } from "../model/aws/transit.js";
import { type Ec2Writer, errorCode, type LiveAttachment } from "./writer.js";

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
  CreateTransitGatewayVpcAttachment: CreateTransitGatewayVpcAttachmentCommand,
  ModifyTransitGatewayVpcAttachment: ModifyTransitGatewayVpcAttachmentCommand,
  DeleteTransitGatewayVpcAttachment: DeleteTransitGatewayVpcAttachmentCommand,
  AcceptTransitGatewayVpcAttachment: AcceptTransitGatewayVpcAttachmentCommand,
  AcceptTransitGatewayPeeringAttachment: AcceptTransitGatewayPeeringAttachmentCommand,
  AssociateTransitGatewayRouteTable: AssociateTransitGatewayRouteTableCommand,
  DisassociateTransitGatewayRouteTable: DisassociateTransitGatewayRouteTableCommand,
  EnableTransitGatewayRouteTablePropagation: EnableTransitGatewayRouteTablePropagationCommand,
  DisableTransitGatewayRouteTablePropagation: DisableTransitGatewayRouteTablePropagationCommand,
  CreateTransitGatewayRoute: CreateTransitGatewayRouteCommand,
  ReplaceTransitGatewayRoute: ReplaceTransitGatewayRouteCommand,
  DeleteTransitGatewayRoute: DeleteTransitGatewayRouteCommand,
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
    async attachmentState(id) {
      try {
        const out = await ec2.send(
          new DescribeTransitGatewayAttachmentsCommand({ TransitGatewayAttachmentIds: [id] }),
        );
        return out.TransitGatewayAttachments?.find((a) => a.TransitGatewayAttachmentId === id)
          ?.State;
      } catch (err) {
        if (/NotFound/.test(errorCode(err))) return undefined;
        throw err;
      }
    },
    async vpcAttachments(tgwId, vpcId) {
      const found: LiveAttachment[] = [];
      const Filters = [
        { Name: "transit-gateway-id", Values: [tgwId] },
        { Name: "vpc-id", Values: [vpcId] },
      ];
      for await (const page of paginateDescribeTransitGatewayVpcAttachments(
        { client: ec2, stopOnSameToken: true },
        { Filters },
      )) {
        for (const a of page.TransitGatewayVpcAttachments ?? []) {
          const state = a.State ?? "";
          // Filters are re-applied: a server may ignore one.
          if (!a.TransitGatewayAttachmentId || a.TransitGatewayId !== tgwId || a.VpcId !== vpcId)
            continue;
          if (!GONE_ATTACHMENT.includes(state))
            found.push({ id: a.TransitGatewayAttachmentId, state });
        }
      }
      return found.sort((x, y) => (x.id < y.id ? -1 : 1));
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
