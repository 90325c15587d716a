/** A kubeconfig user's impersonation fields, as client-go turns them into header lines. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { impersonationHeaders, impersonationOf } from "../../src/collect/kube/impersonation.js";

const headersOf = (user: Record<string, unknown>) => {
  const imp = impersonationOf(user);
  return imp ? impersonationHeaders("u", imp) : undefined;
};

describe("impersonation", () => {
  const cases: [string, Record<string, unknown>, ReturnType<typeof headersOf>][] = [
    ["no impersonation", { token: "t" }, undefined],
    ["as alone", { as: "jane" }, { lines: [["Impersonate-User", "jane"]] }],
    [
      "every group and every extra value a line of its own",
      {
        as: "jane",
        "as-uid": "7",
        "as-groups": ["a", "b"],
        "as-user-extra": { scopes: ["x", "y"] },
      },
      {
        lines: [
          ["Impersonate-User", "jane"],
          ["Impersonate-Uid", "7"],
          ["Impersonate-Group", "a"],
          ["Impersonate-Group", "b"],
          ["Impersonate-Extra-scopes", "x"],
          ["Impersonate-Extra-scopes", "y"],
        ],
      },
    ],
    [
      "an extra key that is not a header token is escaped",
      { as: "jane", "as-user-extra": { "example.com/team name": ["net"] } },
      {
        lines: [
          ["Impersonate-User", "jane"],
          ["Impersonate-Extra-example.com/team%20name", "net"],
        ],
      },
    ],
    [
      "groups without a user: refused before sending",
      { "as-groups": ["a"], "as-uid": "7" },
      {
        refusal:
          "user u in the kubeconfig sets as-groups, as-uid without as: a uid, groups or extras can only be impersonated with a user; kubectl refuses it too",
      },
    ],
  ];
  for (const [name, user, expected] of cases) {
    it(name, () => assert.deepEqual(headersOf(user), expected));
  }
});
