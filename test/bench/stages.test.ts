/** The benchmark's stage count: requests in flight together count once, a chain counts each. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { longestChain } from "../../scripts/bench/stages.js";

describe("longestChain", () => {
  it("counts parallel requests once and sequential ones each", () => {
    assert.equal(longestChain([]), 0);
    assert.equal(
      longestChain([
        [0, 10],
        [1, 11],
        [2, 12],
      ]),
      1,
    );
    assert.equal(
      longestChain([
        [0, 10],
        [10, 20],
        [20, 30],
      ]),
      3,
    );
    // Two independent chains of 2 and 3 stages, interleaved: 3.
    assert.equal(
      longestChain([
        [0, 5],
        [6, 9],
        [1, 3],
        [4, 7],
        [8, 12],
      ]),
      3,
    );
    // An overlapping request does not extend a chain.
    assert.equal(
      longestChain([
        [0, 10],
        [5, 15],
        [11, 20],
      ]),
      2,
    );
  });
});
