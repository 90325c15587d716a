/** auth-provider: kubectl keeps only oidc; the others are refused before anything is sent or run. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { authProviderRefusal } from "../../src/collect/kube/auth-provider.js";

describe("authProviderRefusal", () => {
  const cases: [
    string,
    { name?: string; config?: Record<string, string> } | undefined,
    RegExp | undefined,
  ][] = [
    ["no auth-provider", undefined, undefined],
    [
      "oidc: its own rules (no idp-issuer-url)",
      { name: "oidc", config: { "client-id": "k" } },
      /auth-provider oidc\) has no idp-issuer-url/,
    ],
    [
      "gcp: removed, with the plugin that replaces it",
      { name: "gcp", config: { "cmd-path": "/bin/gcloud" } },
      /gcp auth plugin was removed .*gke-gcloud-auth-plugin.*kubectl refuses it too$/,
    ],
    [
      "azure: removed, with kubelogin",
      { name: "azure" },
      /azure auth plugin was removed .*kubelogin/,
    ],
    [
      "an unknown name",
      { name: "openstack" },
      /auth-provider openstack\): kubectl has no auth-provider of that name/,
    ],
    ["no name", {}, /auth-provider without a name\)/],
  ];
  for (const [name, provider, expected] of cases) {
    it(name, () => {
      const got = authProviderRefusal("u", provider);
      if (expected) assert.match(got ?? "", expected);
      else assert.equal(got, undefined);
    });
  }
});
