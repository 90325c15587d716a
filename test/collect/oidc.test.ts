/** The oidc auth-provider: when kubectl sends nothing, we send nothing either. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { oidcRefusal } from "../../src/collect/kube/oidc.js";

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);
const jwt = (exp?: number) =>
  [
    Buffer.from('{"alg":"RS256"}').toString("base64url"),
    Buffer.from(
      JSON.stringify(exp === undefined ? { sub: "jane" } : { sub: "jane", exp }),
    ).toString("base64url"),
    "c2ln",
  ].join(".");
const inSeconds = (s: number) => NOW / 1000 + s;
const base = { "client-id": "k8s", "idp-issuer-url": "https://idp.test" };

describe("oidcRefusal", () => {
  const cases: [string, Record<string, string>, RegExp | undefined][] = [
    ["a valid id-token", { ...base, "id-token": jwt(inSeconds(3600)) }, undefined],
    [
      "an expired id-token with a refresh-token: kubectl refreshes (and writes the kubeconfig) first",
      { ...base, "id-token": jwt(inSeconds(-5)), "refresh-token": "r" },
      /its id-token has expired; kubectl gets a new one with the refresh-token and writes it into the kubeconfig.*run any kubectl command/,
    ],
    [
      "no id-token but a refresh-token: kubectl first",
      { ...base, "refresh-token": "r" },
      /it has no id-token; kubectl gets a new one/,
    ],
    [
      "an expired id-token and no refresh-token",
      { ...base, "id-token": jwt(inSeconds(-5)) },
      /its id-token has expired and there is no refresh-token/,
    ],
    [
      "expiring within client-go's 10 s margin counts as expired",
      { ...base, "id-token": jwt(inSeconds(5)) },
      /has expired/,
    ],
    [
      "neither id-token nor refresh-token",
      { ...base },
      /it has no id-token and there is no refresh-token/,
    ],
    ["an id-token without exp", { ...base, "id-token": jwt() }, /not a JWT with an exp claim/],
    [
      "no idp-issuer-url",
      { "client-id": "k8s", "id-token": jwt(inSeconds(3600)) },
      /has no idp-issuer-url/,
    ],
    [
      "no client-id",
      { "idp-issuer-url": "https://idp.test", "id-token": jwt(inSeconds(3600)) },
      /has no client-id/,
    ],
  ];
  for (const [name, config, expected] of cases) {
    it(name, () => {
      const got = oidcRefusal("u", config, NOW);
      if (expected) assert.match(got ?? "", expected);
      else assert.equal(got, undefined);
    });
  }
});
