import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { normalizeServer, sameServer } from "../../src/util/server-url.js";

describe("normalizeServer", () => {
  const cases: [string, string | undefined][] = [
    [
      "https://ABC.gr7.us-west-2.eks.amazonaws.com",
      "https://abc.gr7.us-west-2.eks.amazonaws.com:443",
    ],
    ["HTTPS://abc.example:443/", "https://abc.example:443"],
    ["https://10.0.0.1:6443//", "https://10.0.0.1:6443"],
    ["http://leader.local", "http://leader.local:80"],
    ["https://[fd00::1]:6443", "https://[fd00::1]:6443"],
    [
      "https://rancher.example/k8s/clusters/c-abc/",
      "https://rancher.example:443/k8s/clusters/c-abc",
    ],
    [" https://x.example ", "https://x.example:443"],
    ["x.example:6443", undefined],
    ["unix:///var/run/k8s.sock", undefined],
    ["", undefined],
  ];
  for (const [url, want] of cases)
    it(JSON.stringify(url), () => assert.equal(normalizeServer(url), want));
});

describe("sameServer", () => {
  it("a default port, case and trailing slashes do not count", () =>
    assert.ok(sameServer("https://Leader.Example/", "https://leader.example:443")));
  it("another port, path or scheme does", () => {
    assert.ok(!sameServer("https://leader.example:6443", "https://leader.example"));
    assert.ok(!sameServer("https://r.example/k8s/clusters/a", "https://r.example/k8s/clusters/b"));
    assert.ok(!sameServer("http://leader.example", "https://leader.example"));
  });
  it("nothing is the same as what is no URL", () => assert.ok(!sameServer("", "")));
});
