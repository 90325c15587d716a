import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { placeGateway } from "../../../src/model/aws/place.js";
import type { AwsInventory, Eni } from "../../../src/model/aws/types.js";
import type { GatewayNode } from "../../../src/model/types.js";

const primary: Eni = {
  id: "eni-primary",
  subnetId: "subnet-a",
  vpcId: "vpc-1",
  privateIps: ["10.10.12.34"],
  publicIps: ["54.1.2.3"],
  groupIds: ["sg-cluster"],
  deviceIndex: 0,
};
const secondary: Eni = {
  id: "eni-secondary",
  subnetId: "subnet-b",
  vpcId: "vpc-1",
  privateIps: ["10.10.99.5"],
  publicIps: [],
  groupIds: ["sg-gateway"],
  deviceIndex: 1,
};

const inv: AwsInventory = {
  region: "us-west-2",
  instances: new Map([
    ["i-1", { id: "i-1", state: "running", enis: [primary, secondary], tags: {} }],
  ]),
  subnets: new Map(),
  // A VPC may use a non-RFC 1918 block privately.
  vpcs: new Map([["vpc-1", { id: "vpc-1", cidrs: ["10.10.0.0/16", "150.0.0.0/16"] }]]),
  routeTables: [],
  networkAcls: [],
  securityGroups: new Map(),
  peerings: [],
  natGateways: [],
  prefixLists: new Map(),
  transitGateways: new Map(),
  tgwAttachments: [],
  tgwRouteTables: new Map(),
  quotas: new Map(),
  unread: new Map(),
};

const node: GatewayNode = {
  node: "ip-10-10-12-34.us-west-2.compute.internal",
  candidate: true,
  exists: true,
  ready: true,
  readyMessage: "",
  lifecycleLabels: {},
  internalIP: "10.10.12.34",
  expected: { ok: true, gatewayIP: "10.10.12.34", internalIP: "10.10.12.34" },
  instanceId: "i-1",
  active: true,
  aws: { known: false, reason: "not placed yet" },
};

const eniOf = (gatewayIP?: string) => {
  const p = placeGateway(node, inv, gatewayIP);
  return p.mapped ? p.eni.id : p.problem;
};

describe("placing a Gateway on its network interface", () => {
  it("uses the interface that holds the Gateway IP, else the one with the InternalIP", () => {
    assert.equal(eniOf("10.10.12.34"), "eni-primary");
    assert.equal(eniOf("10.10.99.5"), "eni-secondary", "a gateway-ip annotation on a second ENI");
    assert.equal(eniOf(undefined), "eni-primary");
    assert.equal(eniOf("54.1.2.3"), "eni-primary", "its public IP: the tunnel enters there");
    assert.equal(
      eniOf("203.0.113.9"),
      "eni-primary",
      "a public IP it does not hold: aws.public-path",
    );
  });

  it("refuses a private Gateway IP that no interface holds (a stale or mistyped IP)", () => {
    for (const ip of ["10.10.200.1", "172.16.0.1", "100.64.1.1", "150.0.3.4"]) {
      assert.match(
        eniOf(ip),
        /^its Gateway IP .* is a private address that no network interface of i-1 holds/,
        ip,
      );
    }
  });
});
