/**
 * Which proxy and which CA bundle the AWS CLI would use, with botocore itself as the oracle: one
 * python3 run answers a table of environments (proxy variables in every spelling, NO_PROXY rules,
 * CA bundle order), and ours must answer the same.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { caBundleFor, ProxySettingError, proxyFor } from "../../src/config/aws-network.js";
import { loadAwsProfiles } from "../../src/config/aws-profiles.js";

interface ProxyCase {
  url: string;
  env: Record<string, string>;
}

const P = "http://proxy.corp:3128";
const PROXY_CASES: ProxyCase[] = [
  { url: "https://ec2.us-west-2.amazonaws.com", env: {} },
  { url: "https://ec2.us-west-2.amazonaws.com", env: { HTTPS_PROXY: P } },
  {
    url: "https://ec2.us-west-2.amazonaws.com",
    env: { https_proxy: P, HTTPS_PROXY: "http://x:1" },
  },
  // An empty lowercase variable means none, whatever the uppercase one says.
  { url: "https://ec2.us-west-2.amazonaws.com", env: { https_proxy: "", HTTPS_PROXY: P } },
  // No fallback from one scheme to the other, nor to ALL_PROXY.
  { url: "https://ec2.us-west-2.amazonaws.com", env: { HTTP_PROXY: P, ALL_PROXY: P } },
  { url: "http://moto.local:5000", env: { HTTPS_PROXY: P } },
  { url: "http://moto.local:5000", env: { HTTP_PROXY: P } },
  // Under CGI, HTTP_PROXY may be a request header: only http_proxy counts.
  { url: "http://moto.local:5000", env: { HTTP_PROXY: P, REQUEST_METHOD: "GET" } },
  { url: "http://moto.local:5000", env: { http_proxy: P, REQUEST_METHOD: "GET" } },
  // Values without a scheme are http://.
  { url: "https://sts.amazonaws.com", env: { HTTPS_PROXY: "proxy.corp:3128" } },
  { url: "https://sts.amazonaws.com", env: { HTTPS_PROXY: "//proxy.corp:3128" } },
  { url: "https://sts.amazonaws.com", env: { HTTPS_PROXY: "https://u:p@proxy.corp" } },
  // NO_PROXY: exact names, DNS suffixes, leading dots, any case, ports, "*", spaces.
  ...[
    "amazonaws.com",
    ".amazonaws.com",
    "AMAZONAWS.COM",
    "ec2.us-west-2.amazonaws.com",
    "ec2.us-west-2.amazonaws.com:443",
    "2.amazonaws.com",
    "zonaws.com",
    "*",
    "*,example.com",
    " example.com , amazonaws.com ",
    "example.com,,",
    "us-west-2",
  ].map((no) => ({
    url: "https://ec2.us-west-2.amazonaws.com",
    env: { HTTPS_PROXY: P, NO_PROXY: no },
  })),
  { url: "https://ec2.us-west-2.amazonaws.com", env: { HTTPS_PROXY: P, no_proxy: "" } },
  {
    url: "https://ec2.us-west-2.amazonaws.com",
    env: { HTTPS_PROXY: P, no_proxy: "example.com", NO_PROXY: "amazonaws.com" },
  },
  { url: "http://127.0.0.1:5000", env: { HTTP_PROXY: P, NO_PROXY: "127.0.0.1" } },
  { url: "http://127.0.0.1:5000", env: { HTTP_PROXY: P, NO_PROXY: "127.0.0.1:5000" } },
  { url: "http://127.0.0.1:5000", env: { HTTP_PROXY: P, NO_PROXY: "127.0.0.1:6000" } },
  // An IP range is no suffix: botocore proxies it.
  { url: "http://10.1.2.3:5000", env: { HTTP_PROXY: P, NO_PROXY: "10.0.0.0/8" } },
];

/** What botocore picks for each case: the proxy URL, or null. */
const BOTOCORE_PROXIES = `
import json, os, sys
from botocore.utils import get_environ_proxies
from botocore.httpsession import ProxyConfiguration
out = []
for case in json.load(sys.stdin):
    os.environ.clear()
    os.environ.update(case["env"])
    proxies = get_environ_proxies(case["url"])
    out.append(ProxyConfiguration(proxies=proxies).proxy_url_for(case["url"]))
print(json.dumps(out))
`;

/** What botocore verifies with for each case (AWS_CA_BUNDLE, ca_bundle, REQUESTS_CA_BUNDLE). */
const BOTOCORE_CA = `
import json, os, sys
import botocore.session
out = []
for case in json.load(sys.stdin):
    os.environ.clear()
    os.environ.update(case["env"])
    session = botocore.session.Session(profile=case["profile"])
    verify = session.get_config_variable("ca_bundle")
    out.append(verify if verify is not None else os.environ.get("REQUESTS_CA_BUNDLE"))
print(json.dumps(out))
`;

const python = (script: string, input: unknown): unknown[] =>
  JSON.parse(execFileSync("python3", ["-c", script], { input: JSON.stringify(input) }).toString());

describe("the proxy of an AWS endpoint, as botocore picks it", () => {
  it("agrees with botocore on every case", () => {
    const want = python(BOTOCORE_PROXIES, PROXY_CASES) as (string | null)[];
    for (const [i, c] of PROXY_CASES.entries()) {
      const ours = proxyFor(new URL(c.url), c.env);
      const theirs = want[i];
      assert.equal(
        ours?.url.href ?? null,
        theirs ? new URL(theirs).href : null,
        `${c.url} with ${JSON.stringify(c.env)}`,
      );
    }
  });

  it("says which variable, and shows the proxy without its credentials", () => {
    const p = proxyFor(new URL("https://sts.amazonaws.com"), {
      https_proxy: "http://me:s3cret@proxy.corp:3128",
    });
    assert.equal(p?.variable, "https_proxy");
    assert.equal(p?.shown, "http://proxy.corp:3128");
    assert.equal(p?.url.password, "s3cret");
  });

  it("refuses what is no http(s) proxy, naming the variable and hiding credentials", () => {
    assert.throws(
      () => proxyFor(new URL("https://sts.amazonaws.com"), { HTTPS_PROXY: "socks5://u:pw@p:1080" }),
      (err: Error) =>
        err instanceof ProxySettingError &&
        err.message.startsWith("HTTPS_PROXY=socks5://***@p:1080 is not the URL of an http://") &&
        !err.message.includes("pw"),
    );
  });
});

describe("the CA bundle, in botocore's order", () => {
  const dir = mkdtempSync(join(tmpdir(), "antrea-mc-ca-order-"));
  const config = join(dir, "config");
  writeFileSync(config, "[default]\nca_bundle = /from/default.pem\n[profile ops]\nregion = x\n");
  const cases = [
    { profile: "default", env: {} },
    { profile: "default", env: { AWS_CA_BUNDLE: "/from/env.pem" } },
    { profile: "default", env: { REQUESTS_CA_BUNDLE: "/from/requests.pem" } },
    { profile: "ops", env: { REQUESTS_CA_BUNDLE: "/from/requests.pem" } },
    { profile: "ops", env: {} },
  ].map((c) => ({ ...c, env: { ...c.env, AWS_CONFIG_FILE: config, HOME: dir } }));

  it("AWS_CA_BUNDLE, then the profile's ca_bundle, then REQUESTS_CA_BUNDLE", async () => {
    const want = python(BOTOCORE_CA, cases);
    for (const [i, c] of cases.entries()) {
      const profiles = await loadAwsProfiles(c.env);
      assert.equal(caBundleFor(c.env, profiles, c.profile)?.file ?? null, want[i], c.profile);
    }
    const profiles = await loadAwsProfiles(cases[0]?.env);
    assert.equal(
      caBundleFor(cases[0]?.env ?? {}, profiles, "default")?.source,
      "ca_bundle of profile default in ~/config",
    );
    // ~ is the home directory, as urllib3 expands it.
    assert.equal(
      caBundleFor({ AWS_CA_BUNDLE: "~/ca.pem", HOME: dir }, profiles, "default")?.file,
      join(dir, "ca.pem"),
    );
  });
});
