import assert from "node:assert/strict";
import { it } from "node:test";
import { cidrServiceOverlap, freeSlash16 } from "../../src/checks/cidr-service-overlap.js";
import { parseCidr } from "../../src/model/cidr.js";
import { checkCases, pair } from "../support/check-cases.js";

checkCases(cidrServiceOverlap, {
  valid: [{ name: "10.96.0.0/16 and 10.97.0.0/16", peer: "east" }],
  invalid: [
    {
      name: "both kept the EKS default 10.100.0.0/16",
      members: pair({ serviceCIDR: "10.100.0.0/16" }, { serviceCIDR: "10.100.0.0/16" }),
      peer: "east",
      status: "fail",
      message:
        /Service CIDRs overlap: west 10\.100\.0\.0\/16 \(Gateway ip-10-10-12-34\.us-west-2\.compute\.internal\) and east 10\.100\.0\.0\/16/,
      // A new cluster is not a fix: manual, with the command as it runs (no "..." to fill in).
      manual: true,
      remediation:
        /^role=\$\(aws eks describe-cluster --name west --query cluster\.roleArn --output text --region us-west-2\)\n.*\naws eks create-cluster --name west-2 --kubernetes-version \d+\.\d+ --role-arn "\$role" --resources-vpc-config subnetIds="\$subnets" --kubernetes-network-config serviceIpv4Cidr=10\.101\.0\.0\/16 --region us-west-2$/m,
    },
    {
      name: "a /12 containing the peer's /16",
      members: pair({ serviceCIDR: "10.96.0.0/12" }, { serviceCIDR: "10.100.0.0/16" }),
      peer: "east",
      status: "fail",
    },
    {
      name: "no source for a Service CIDR (K8s < 1.33, no Gateway, not configured)",
      members: pair({}, { active: null }),
      peer: "east",
      status: "unknown",
      message: /unknown Service CIDR for east: /,
    },
  ],
});

it("freeSlash16 skips taken ranges", () => {
  const taken = ["10.100.0.0/16", "10.101.0.0/16"]
    .map((c) => parseCidr(c))
    .filter((c) => c !== undefined);
  assert.equal(freeSlash16(taken), "10.102.0.0/16");
});
