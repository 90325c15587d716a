import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  cidrContains,
  cidrsOverlap,
  isIP,
  isIPv4,
  networkAddress,
  parseCidr,
} from "../../src/model/cidr.js";

const c = (t: string) => {
  const p = parseCidr(t);
  if (!p) throw new Error(`bad ${t}`);
  return p;
};

describe("cidr", () => {
  it("parses and canonicalizes like AWS does", () => {
    assert.equal(c("100.68.0.18/18").canonical, "100.68.0.0/18");
    assert.equal(c("10.96.0.0/12").prefix, 12);
    assert.equal(c("fd00:10::/64").family, "ipv6");
    assert.equal(networkAddress(c("10.96.5.0/16")), "10.96.0.0");
  });
  it("rejects what is not a CIDR", () => {
    for (const bad of ["", "10.0.0.0", "10.0.0.0/33", "10.1/16", "abc/8", "10.0.0.256/24"]) {
      assert.equal(parseCidr(bad), undefined, bad);
    }
  });
  it("tests containment and overlap in both directions", () => {
    assert.ok(cidrContains(c("10.10.0.0/16"), "10.10.255.1"));
    assert.ok(!cidrContains(c("10.10.0.0/16"), "10.11.0.1"));
    assert.ok(!cidrContains(c("10.10.0.0/16"), "fd00::1"));
    assert.ok(cidrsOverlap(c("10.96.0.0/12"), c("10.100.0.0/16")));
    assert.ok(cidrsOverlap(c("10.100.0.0/16"), c("10.96.0.0/12")));
    assert.ok(!cidrsOverlap(c("10.96.0.0/16"), c("10.97.0.0/16")));
    assert.ok(!cidrsOverlap(c("10.0.0.0/8"), c("fd00::/8")));
  });
  it("tells IPv4 from IPv6 and from garbage", () => {
    assert.ok(isIPv4("52.12.34.56"));
    assert.ok(!isIPv4("10.1"));
    assert.ok(isIP("2600:1f14::1"));
    assert.ok(!isIP("eip-gw.example.com"));
  });
});
