/**
 * AWS attaches a VPC to a transit gateway once (DuplicateTransitGatewayAttachment), and
 * CreateTransitGatewayVpcAttachment takes no client token: a run looks right before creating
 * (another setup may have attached the VPC since the plan was read) and, refused as a duplicate,
 * uses the attachment that won.
 */
import { type Ec2Writer, errorCode } from "./writer.js";

export interface AttachOutcome {
  readonly status: "applied" | "done-already";
  /** The attachment the following steps use. */
  readonly id: string;
  readonly message?: string;
}

export async function attachOnce(
  writer: Ec2Writer,
  params: Readonly<Record<string, unknown>>,
): Promise<AttachOutcome> {
  const tgw = String(params.TransitGatewayId);
  const vpc = String(params.VpcId);
  const existing = async (): Promise<AttachOutcome | undefined> => {
    const [first] = await writer.vpcAttachments(tgw, vpc);
    return first
      ? {
          status: "done-already",
          id: first.id,
          message: `${vpc} was attached to ${tgw} as ${first.id} since the plan was read (another setup?): using it`,
        }
      : undefined;
  };
  const before = await existing();
  if (before) return before;
  try {
    const out = await writer.call("CreateTransitGatewayVpcAttachment", params);
    const id = (
      out.TransitGatewayVpcAttachment as { TransitGatewayAttachmentId?: string } | undefined
    )?.TransitGatewayAttachmentId;
    if (!id) throw new Error("CreateTransitGatewayVpcAttachment answered without an attachment ID");
    return { status: "applied", id };
  } catch (err) {
    const other =
      errorCode(err) === "DuplicateTransitGatewayAttachment" ? await existing() : undefined;
    if (other) return other;
    throw err;
  }
}
