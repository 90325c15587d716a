import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseAwsProviderID, regionOfZone } from "../../src/model/provider-id.js";

describe("providerID", () => {
  it("accepts the forms the AWS cloud provider accepts", () => {
    assert.deepEqual(parseAwsProviderID("aws:///us-west-2a/i-0123456789abcdef0"), {
      instanceId: "i-0123456789abcdef0",
      zone: "us-west-2a",
    });
    assert.deepEqual(parseAwsProviderID("aws:////i-0123456789abcdef0"), {
      instanceId: "i-0123456789abcdef0",
    });
    assert.deepEqual(parseAwsProviderID("i-0123456789abcdef0"), {
      instanceId: "i-0123456789abcdef0",
    });
  });
  it("rejects what is not an EC2 instance", () => {
    assert.equal(parseAwsProviderID("gce://project/zone/vm-1"), undefined);
    assert.equal(parseAwsProviderID("kind://docker/kind/kind-control-plane"), undefined);
    assert.equal(parseAwsProviderID(undefined), undefined);
  });
  it("maps zones to Regions, local zones included", () => {
    assert.equal(regionOfZone("us-west-2a"), "us-west-2");
    assert.equal(regionOfZone("us-west-2-lax-1a"), "us-west-2");
    assert.equal(regionOfZone("us-gov-west-1b"), "us-gov-west-1");
  });
});
