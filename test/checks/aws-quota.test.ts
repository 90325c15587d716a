import { awsQuota } from "../../src/checks/aws-quota.js";
import type { Fault } from "../support/aws-answers.js";
import { memberOf, peering } from "../support/aws-answers.js";
import { denied, noPeering, quota, quotasDenied } from "../support/aws-faults.js";
import { awsPair } from "../support/aws-scenarios.js";
import { checkCases } from "../support/check-cases.js";

/** `n` active peerings of the member's VPC with VPCs outside the ClusterSet. */
const otherPeerings =
  (member: string, n: number): Fault =>
  (w) => {
    const m = memberOf(w, member);
    for (let i = 0; i < n; i++) {
      const other = {
        ...m,
        name: `other${i}`,
        vpcId: `vpc-0other${i}`,
        vpcCidr: `172.${16 + (i % 16)}.${i}.0/24`,
      };
      w.peerings.push(peering(m, other, "active", `pcx-0other${i}`));
    }
  };

checkCases(
  awsQuota,
  {
    valid: [
      {
        name: "the healthy pair, with moto's applied values",
        message:
          "within the quotas: sg-0west inbound 4 of 60 rules, rtb-0west 2 of 50 routes, vpc-0west 1 of 50 active peerings (applied values)",
        count: 1,
      },
      {
        name: "the quota read refused: the documented defaults, said so",
        aws: { faults: [quotasDenied("west")] },
        message:
          /^within the quotas: .*rtb-0west 2 of 500 routes.* \(documented defaults where Service Quotas did not answer \(AccessDeniedException: User: .* is not authorized to perform: servicequotas:GetServiceQuota\)\)$/,
      },
      {
        name: "joined through a transit gateway: its attachments counted against the owner's quota",
        aws: { transit: true },
        message: /tgw-0us-west-2 2 of 5000 attachments/,
      },
    ],
    invalid: [
      {
        name: "routes per table: more in use than the applied quota",
        aws: { faults: [quota("routesPerTable", 1)] },
        status: "fail",
        severity: "error",
        resource: "rtb-0west",
        message:
          "rtb-0west: 2 routes in use, over the quota of 1 (Routes per route table, L-93826ACB; applied)",
        remediation:
          "aws service-quotas request-service-quota-increase --service-code vpc --quota-code L-93826ACB --desired-value 2 --region us-west-2",
      },
      {
        name: "no peering yet and a full table: the route the peering needs is counted",
        aws: { faults: [noPeering("west", "east"), quota("routesPerTable", 1)] },
        status: "fail",
        resource: "rtb-0west",
        message:
          "rtb-0west: 1 routes in use and the ClusterSet needs 1 more, over the quota of 1 (Routes per route table, L-93826ACB; applied)",
      },
      {
        name: "125 peerings of west's VPC elsewhere and east's still to make: past the most AWS grants, a transit gateway instead",
        aws: { faults: [noPeering("west", "east"), otherPeerings("west", 125)] },
        status: "fail",
        resource: "vpc-0west",
        message:
          "vpc-0west: 125 active peerings in use and the ClusterSet needs 1 more, over the quota of 50 (Active VPC peering connections per VPC, L-7E9ECCDB; applied); AWS grants at most 125: join the VPCs through a transit gateway instead of peerings",
        manual: true,
        remediation: null,
      },
      {
        name: "peerings per VPC over the applied quota: raise it",
        aws: { faults: [quota("peeringsPerVpc", 0)] },
        status: "fail",
        resource: "vpc-0west",
        message:
          /^vpc-0west: 1 active peerings in use, over the quota of 0 \(Active VPC peering connections per VPC, L-7E9ECCDB; applied\)$/,
        remediation:
          /request-service-quota-increase --service-code vpc --quota-code L-7E9ECCDB --desired-value 1 --region us-west-2$/,
      },
      {
        name: "the Gateways' instances not read: unknown",
        aws: { faults: [denied("west", "DescribeInstances")] },
        status: "unknown",
        message: /^DescribeInstances failed|no Gateway Node of west is mapped/,
      },
    ],
  },
  { members: awsPair(), aws: {} },
);
