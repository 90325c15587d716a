/** The VPCs of a member's Gateway candidates: where teardown looks for what setup made. */
import type { MemberModel } from "../model/types.js";

export const vpcsOf = (m: MemberModel) =>
  new Set(
    m.gateways.known
      ? m.gateways.value.flatMap((g) =>
          g.aws.known && g.aws.value.mapped ? [g.aws.value.eni.vpcId] : [],
        )
      : [],
  );
