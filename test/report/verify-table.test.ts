/**
 * The verify table without a server: the verdict first, a list of directions for small
 * ClusterSets and a matrix (one symbol per direction, ‼ where doctor passes) from four members on,
 * every line within the width but commands.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { summarize } from "../../src/checks/engine.js";
import type { CheckResult } from "../../src/checks/types.js";
import type { MemberView } from "../../src/report/members.js";
import { makeStyle } from "../../src/report/style.js";
import { CAPTURE_LIMIT, renderVerifyTable, type VerifyDocument } from "../../src/report/verify.js";
import type { VerifyResult } from "../../src/verify/tunnel-verdict.js";

function result(
  member: string,
  peer: string,
  status: VerifyResult["status"],
  doctor: VerifyResult["status"],
): VerifyResult {
  return {
    id: "verify.tunnel",
    member,
    peer,
    status,
    severity: "error",
    message: status === "pass" ? "arrived: 3 of 3 packets seen" : `${member} → ${peer} not seen`,
    ...(status === "fail"
      ? {
          remediation: `kubectl --context ${member} debug node/n -it --profile=sysadmin --image=x -- sh -c 'iptables-save'`,
        }
      : {}),
    docs: "https://example.com/docs/verify.md#verify.tunnel",
    direction: { from: member, to: peer },
    doctor: { status: doctor, ids: doctor === "fail" ? ["aws.sg-ingress"] : [] },
  };
}

function doc(names: string[], results: VerifyResult[]): VerifyDocument {
  return {
    members: names.map((name) => ({ name }) as MemberView),
    checks: results,
    summary: summarize(results as unknown as CheckResult[]),
    skippedContexts: [],
    aws: { inspected: true },
    probes: { run: "0a1b2c3d", image: "x", namespace: "ns", leftovers: [], limit: CAPTURE_LIMIT },
  };
}

describe("verify table", () => {
  it("four members: a matrix, ‼ where the packets are lost though doctor passes", () => {
    const names = ["a", "b", "c", "d"];
    const results: VerifyResult[] = [];
    for (const m of names)
      for (const p of names)
        if (m !== p)
          results.push(
            m === "a" && p === "b"
              ? result(m, p, "fail", "fail")
              : m === "c" && p === "d"
                ? result(m, p, "fail", "pass")
                : m === "d"
                  ? result(m, p, "unknown", "unknown")
                  : result(m, p, "pass", "pass"),
          );
    const text = renderVerifyTable(doc(names, results), makeStyle(0), 3, 80);
    const lines = text.split("\n");
    assert.match(lines[0] ?? "", /^\? verify: verify could not probe everything/);
    const row = (i: number) => lines.find((l) => l.startsWith(`${i + 1} ${names[i]}`));
    assert.equal(row(0), "1 a  ·✗✓✓");
    assert.equal(row(2), "3 c  ✓✓·‼");
    assert.equal(row(3), "4 d  ???·");
    for (const l of lines)
      if (!/^\s*(fix:\s+)?kubectl /.test(l.trim() ? l.replace(/^\s*fix:\s*/, "") : "x"))
        assert.ok(l.length <= 80, l);
  });
});
