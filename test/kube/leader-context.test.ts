import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findLeaderContext } from "../../src/kube/leader-context.js";

const LEADER = "https://ABC.gr7.us-west-2.eks.amazonaws.com";
const contexts = [
  { context: "west", server: "https://west.example" },
  { context: "leader-admin", server: "https://abc.gr7.us-west-2.eks.amazonaws.com:443/" },
  { context: "leader-ro", server: "https://abc.gr7.us-west-2.eks.amazonaws.com" },
];

describe("findLeaderContext", () => {
  it("--leader-context wins, if the kubeconfig has it", () => {
    assert.deepEqual(findLeaderContext("west", contexts, [LEADER]), {
      found: true,
      context: "west",
      source: "--leader-context",
      alternatives: [],
    });
    assert.deepEqual(findLeaderContext("nope", contexts, [LEADER]), {
      found: false,
      reason: "--leader-context nope: no such context in the kubeconfig",
    });
  });

  it("else the context whose server is the members' leader server, however written", () => {
    const got = findLeaderContext(undefined, contexts, [LEADER, `${LEADER}/`]);
    assert.deepEqual(got, {
      found: true,
      context: "leader-admin",
      source:
        "its server https://abc.gr7.us-west-2.eks.amazonaws.com:443 is the members' leader server",
      alternatives: ["leader-ro"],
    });
  });

  it("a leader that is also a member is read through the member's context", () => {
    const got = findLeaderContext(undefined, contexts, [LEADER], ["leader-ro"]);
    assert.ok(got.found && got.context === "leader-ro");
  });

  it("says why there is none", () => {
    const reason = (servers: string[]) => {
      const got = findLeaderContext(undefined, contexts, servers);
      assert.ok(!got.found);
      return got.reason;
    };
    assert.equal(reason([]), "no member's ClusterSet names a leader server");
    assert.match(
      reason(["https://other.example"]),
      /^no kubeconfig context's cluster server is https:\/\/other\.example:443.*--leader-context$/,
    );
    assert.match(
      reason([LEADER, "https://other.example"]),
      /different leader servers .*: pass --leader-context$/,
    );
  });
});
