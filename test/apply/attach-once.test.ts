/**
 * A VPC attached once (src/apply/attach-once.ts): another setup's attachment made since the plan
 * was read is used, and a create refused as a duplicate uses the one that won.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { attachOnce } from "../../src/apply/attach-once.js";
import type { Ec2Writer, LiveAttachment } from "../../src/apply/writer.js";

const PARAMS = { TransitGatewayId: "tgw-01", VpcId: "vpc-01", SubnetIds: ["subnet-0a"] };

function writer(
  live: LiveAttachment[][],
  create: () => Record<string, unknown>,
): Ec2Writer & {
  calls: string[];
} {
  const calls: string[] = [];
  return {
    calls,
    call: async (action) => {
      calls.push(action);
      return create();
    },
    peeringStatus: async () => undefined,
    livePeerings: async () => [],
    attachmentState: async () => "available",
    vpcAttachments: async (tgw, vpc) => {
      calls.push(`look ${tgw} ${vpc}`);
      return live.shift() ?? [];
    },
    destroy: () => {},
  };
}

describe("attaching a VPC once", () => {
  it("none yet: creates it and gives its ID", async () => {
    const w = writer([[]], () => ({
      TransitGatewayVpcAttachment: { TransitGatewayAttachmentId: "tgw-attach-01" },
    }));
    assert.deepEqual(await attachOnce(w, PARAMS), { status: "applied", id: "tgw-attach-01" });
    assert.deepEqual(w.calls, ["look tgw-01 vpc-01", "CreateTransitGatewayVpcAttachment"]);
  });

  it("another setup attached it since the plan was read: that one, nothing created", async () => {
    const w = writer([[{ id: "tgw-attach-02", state: "pending" }]], () => ({}));
    const out = await attachOnce(w, PARAMS);
    assert.equal(out.status, "done-already");
    assert.equal(out.id, "tgw-attach-02");
    assert.deepEqual(w.calls, ["look tgw-01 vpc-01"]);
  });

  it("refused as a duplicate (attached between the look and the create): the one that won", async () => {
    const w = writer([[], [{ id: "tgw-attach-03", state: "pending" }]], () => {
      throw Object.assign(
        new Error("tgw-01 has non-deleted Transit Gateway Attachments with same VPC ID."),
        {
          name: "DuplicateTransitGatewayAttachment",
        },
      );
    });
    const out = await attachOnce(w, PARAMS);
    assert.equal(out.status, "done-already");
    assert.equal(out.id, "tgw-attach-03");
  });

  it("another error: thrown", async () => {
    const w = writer([[]], () => {
      throw Object.assign(new Error("denied"), { name: "UnauthorizedOperation" });
    });
    await assert.rejects(attachOnce(w, PARAMS), /denied/);
  });
});
