import { awsVpcOverlap } from "../../src/checks/aws-vpc-overlap.js";
import { homeOf } from "../support/aws-answers.js";
import { denied, forgetInstance, vpcCidrs } from "../support/aws-faults.js";
import {
  awsPair,
  awsSpecs,
  cachedScenario,
  privateCandidate,
  publicPair,
  SHARED_VPC,
  SHARED_VPC_EAST,
} from "../support/aws-scenarios.js";
import { checkCases } from "../support/check-cases.js";

/** east in a VPC with west's CIDR (the moto members test): no peering was possible. */
const OVERLAPPING_EAST = {
  nodes: [
    { ip: "10.10.140.15", zone: "us-east-1a" },
    { ip: "10.10.170.22", zone: "us-east-1b" },
  ],
  mcConf: { podCIDRs: ["10.10.0.0/16"] },
};
const overlapping = { peer: false, members: { east: { vpcCidr: "10.10.0.0/16" } } };
const AS_EAST =
  "# in east's account 444455556666 (doctor read it by assuming arn:aws:iam::444455556666:role/antrea-mc-doctor), with credentials that may change it:\n";

checkCases(
  awsVpcOverlap,
  {
    valid: [
      {
        name: "the same secondary CIDR in both VPCs, joined through a transit gateway: no peering, no overlap to care about",
        aws: {
          transit: true,
          faults: [
            vpcCidrs("west", "10.10.0.0/16", "100.64.0.0/16"),
            vpcCidrs("east", "10.20.0.0/16", "100.64.0.0/16"),
          ],
        },
        peer: "east",
        message:
          "vpc-0west and vpc-0east are joined through transit gateway tgw-0us-west-2 and tgw-0us-east-1: no peering needed (aws.transit-gateway checks that path)",
      },
      {
        name: "disjoint VPCs",
        peer: "east",
        message: "vpc-0west (10.10.0.0/16) and vpc-0east (10.20.0.0/16) do not overlap",
        count: 1,
      },
      {
        name: "disjoint secondary CIDR blocks",
        aws: { faults: [vpcCidrs("west", "10.10.0.0/16", "10.30.0.0/16")] },
        message:
          "vpc-0west (10.10.0.0/16, 10.30.0.0/16) and vpc-0east (10.20.0.0/16) do not overlap",
      },
      {
        name: "public Gateway IPs: no peering, so overlap does not matter",
        ...publicPair({}, OVERLAPPING_EAST),
        message: "public Gateway IPs: the tunnel crosses the internet, no peering needed",
      },
      {
        name: "only failover candidates need a peering (the moto members test): disjoint VPCs",
        ...publicPair(
          {
            nodes: [
              { ip: "10.10.12.34", zone: "us-west-2a" },
              privateCandidate("10.10.45.67", "us-west-2b"),
            ],
          },
          {
            nodes: [
              { ip: "10.20.8.15", zone: "us-east-1a" },
              privateCandidate("10.20.40.22", "us-east-1b"),
            ],
          },
        ),
        message: "vpc-0west (10.10.0.0/16) and vpc-0east (10.20.0.0/16) do not overlap",
      },
      {
        name: "the Gateways share a VPC",
        members: awsPair({}, SHARED_VPC_EAST),
        aws: SHARED_VPC,
        message: "the Gateways share vpc-0west where they use private IPs: no peering needed",
      },
    ],
    invalid: [
      {
        name: "overlapping VPCs cannot be peered (the moto members test)",
        members: awsPair({}, OVERLAPPING_EAST),
        aws: overlapping,
        peer: "east",
        status: "fail",
        severity: "error",
        resource: "vpc-0west, vpc-0east",
        message:
          "VPCs overlap (10.10.0.0/16 and 10.10.0.0/16): vpc-0west (10.10.0.0/16) and vpc-0east (10.10.0.0/16) cannot be peered",
        remediation:
          "# A VPC's CIDR blocks cannot be changed: move west to a VPC with a disjoint block, e.g.\naws ec2 create-vpc --cidr-block 10.0.0.0/16 --region us-west-2",
        count: 1,
      },
      {
        name: "a secondary CIDR block overlaps the peer's VPC",
        aws: { faults: [vpcCidrs("west", "10.10.0.0/16", "10.20.128.0/17")] },
        status: "fail",
        message:
          "VPCs overlap (10.20.128.0/17 and 10.20.0.0/16): vpc-0west (10.10.0.0/16, 10.20.128.0/17) and vpc-0east (10.20.0.0/16) cannot be peered",
        remediation: /create-vpc --cidr-block 10\.0\.0\.0\/16 --region us-west-2$/,
        manual: true,
      },
      {
        name: "the first member is read through a role: the fix names its account",
        members: () => cachedScenario(awsSpecs({}, OVERLAPPING_EAST).reverse()),
        aws: overlapping,
        member: "east",
        peer: "west",
        status: "fail",
        remediation: `${AS_EAST}# A VPC's CIDR blocks cannot be changed: move east to a VPC with a disjoint block, e.g.\naws ec2 create-vpc --cidr-block 10.0.0.0/16 --region us-east-1`,
      },
      {
        name: "a VPC spanning 10.0.0.0/8: the new block comes from 172.16.0.0/12",
        aws: { faults: [vpcCidrs("west", "10.0.0.0/8")] },
        status: "fail",
        message: /^VPCs overlap \(10\.0\.0\.0\/8 and 10\.20\.0\.0\/16\)/,
        remediation: /create-vpc --cidr-block 172\.16\.0\.0\/16 --region us-west-2$/,
      },
      {
        name: "10.0.0.0/8 and 172.16.0.0/12 both taken: 192.168.0.0/16",
        aws: { faults: [vpcCidrs("west", "10.0.0.0/8", "172.16.0.0/12")] },
        status: "fail",
        remediation: /create-vpc --cidr-block 192\.168\.0\.0\/16 --region us-west-2$/,
      },
      {
        name: "only failover candidates need the peering (active Gateways on public IPs): a warning",
        ...publicPair(
          {
            nodes: [
              { ip: "10.10.12.34", zone: "us-west-2a" },
              privateCandidate("10.10.45.67", "us-west-2b"),
            ],
          },
          {
            nodes: [
              { ip: "10.10.140.15", zone: "us-east-1a" },
              privateCandidate("10.10.170.22", "us-east-1b"),
            ],
            mcConf: { podCIDRs: ["10.10.0.0/16"] },
          },
        ),
        status: "warn",
        severity: "warning",
        message: /^VPCs overlap \(10\.10\.0\.0\/16 and 10\.10\.0\.0\/16\)/,
      },
      {
        name: "west's VPCs were not read",
        aws: { faults: [denied("west", "DescribeVpcs")] },
        status: "unknown",
        message: /^DescribeVpcs was not read for west \(see aws\.access\): You are not authorized/,
      },
      {
        name: "east's VPCs were not read",
        aws: { faults: [denied("east", "DescribeVpcs")] },
        status: "unknown",
        message: /^DescribeVpcs was not read for east \(see aws\.access\)/,
      },
      {
        name: "the VPC is missing from the answer",
        aws: {
          faults: [
            (w) => {
              homeOf(w, "west").vpcs = [];
            },
          ],
        },
        status: "unknown",
        message: "the VPC CIDR blocks were not read (DescribeVpcs)",
      },
      {
        name: "no Gateway of east is mapped to EC2",
        aws: { faults: [forgetInstance("east", 0), forgetInstance("east", 1)] },
        status: "unknown",
        message: "no Gateway Node of east is mapped to EC2 with a Gateway IP (see aws.instance)",
      },
    ],
  },
  { members: awsPair(), aws: {} },
);
