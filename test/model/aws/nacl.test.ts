import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { freeRuleNumbers, naclDecision, naclRangeDecision } from "../../../src/model/aws/nacl.js";
import type { NaclEntry, NetworkAcl } from "../../../src/model/aws/types.js";

const entry = (ruleNumber: number, allow: boolean, more: Partial<NaclEntry> = {}): NaclEntry => ({
  ruleNumber,
  protocol: "6",
  allow,
  egress: false,
  cidr: "10.20.0.0/16",
  ...more,
});
const acl = (...entries: NaclEntry[]): NetworkAcl => ({
  id: "acl-1",
  vpcId: "vpc-1",
  isDefault: true,
  subnetIds: [],
  // EC2 returns entries in rule order; evaluation relies on it.
  entries: [...entries].sort((a, b) => a.ruleNumber - b.ruleNumber),
});
const peer = { protocol: "6", remoteIp: "10.20.8.15" };

describe("network ACL evaluation", () => {
  it("the lowest matching rule decides; nothing matched is the implicit deny", () => {
    const a = acl(
      entry(90, false, { portRange: { from: 7471, to: 7471 } }),
      entry(100, true, { protocol: "-1" }),
    );
    assert.equal(naclDecision(a, false, { ...peer, port: 7471 }).entry?.ruleNumber, 90);
    assert.equal(naclDecision(a, false, { ...peer, port: 7472 }).allow, true);
    assert.deepEqual(naclDecision(a, true, { ...peer, port: 7471 }), { allow: false });
  });

  it("a port range passes only if every port in it does (a deny in the middle is found)", () => {
    const a = acl(
      entry(50, false, { portRange: { from: 40000, to: 50000 } }),
      entry(100, true, { protocol: "-1" }),
    );
    const d = naclRangeDecision(a, false, peer, 32768, 60999);
    assert.equal(d.allow, false);
    assert.equal(d.entry?.ruleNumber, 50);
    assert.equal(d.port, 40000);
    assert.equal(naclRangeDecision(a, false, peer, 50001, 60999).allow, true);
    // An allow that covers only part of the range leaves the rest to the implicit deny.
    const partial = acl(entry(100, true, { portRange: { from: 32768, to: 49999 } }));
    assert.equal(naclRangeDecision(partial, false, peer, 32768, 60999).port, 50000);
  });
});

describe("rule numbers for the fix", () => {
  it("are free, before the deny, distinct across findings, and run out honestly", () => {
    const a = acl(entry(50, false), entry(30, true), entry(100, true, { protocol: "-1" }));
    const taken = new Set<number>();
    const first = freeRuleNumbers(a, false, 50, 2, taken);
    const second = freeRuleNumbers(a, false, 50, 2, taken);
    assert.deepEqual(first, [40, 20]);
    assert.ok(
      second.every((n) => n < 50 && n !== 30 && !first.includes(n)),
      String(second),
    );
    assert.equal(new Set([...first, ...second]).size, 4);
    assert.deepEqual(freeRuleNumbers(acl(entry(1, false)), false, 1, 1, new Set()), []);
    assert.deepEqual(freeRuleNumbers(acl(entry(2, false)), false, 2, 2, new Set()), [1]);
  });
});
