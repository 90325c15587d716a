/**
 * The proxy of the environment, decided as Go's net/http (golang.org/x/net/http/httpproxy) decides
 * it for kubectl: the cases of httpproxy's own tests, and the parity suite
 * (test/cli/kubeconfig-parity-network.test.ts) runs the real kubectl over a few of them.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  bypass,
  parseIp,
  proxyFromEnvironment,
  splitHostPort,
  withoutCredentials,
} from "../../src/collect/kube/proxy-env.js";

/** httpproxy's TestUseProxy list: names, IPs, IPs with a port, CIDRs, wildcards. */
const NO_PROXY =
  "foobar.com, .barbaz.net, *.wildcard.io, 192.168.1.1, 192.168.1.2:81, 192.168.1.3:80, 10.0.0.0/30, 2001:db8::52:0:1, [2001:db8::52:0:2]:443, [2001:db8::52:0:3]:80, 2002:db8:a::45/64";

/** Host (on port 80) → proxied. */
const USE_PROXY: [string, boolean][] = [
  ["localhost", false],
  ["127.0.0.1", false],
  ["127.0.0.2", false],
  ["[::1]", false],
  ["[::2]", true],
  ["192.168.1.1", false],
  ["192.168.1.2", true],
  ["192.168.1.3", false],
  ["192.168.1.4", true],
  ["10.0.0.2", false],
  ["10.0.0.4", true],
  ["[2001:db8::52:0:1]", false],
  ["[2001:db8::52:0:2]", true],
  ["[2001:db8::52:0:3]", false],
  ["[2002:db8:a::123]", false],
  ["[fe80::424b:c8be:1643:a1b6]", true],
  ["barbaz.net", true],
  ["www.barbaz.net", false],
  ["foobar.com", false],
  ["www.foobar.com", false],
  ["FOOBAR.com", false],
  ["foofoobar.com", true],
  ["baz.com", true],
  ["localhost.net", true],
  ["local.localhost", true],
  ["barbarbaz.net", true],
  ["wildcard.io", true],
  ["nested.wildcard.io", false],
  ["awildcard.io", true],
];

const proxied = (host: string, noProxy: string) => !bypass(new URL(`http://${host}:80`), noProxy);

describe("NO_PROXY, as Go's httpproxy matches it", () => {
  for (const [host, want] of USE_PROXY) {
    it(`${host}: ${want ? "proxied" : "direct"}`, () => {
      assert.equal(proxied(host, NO_PROXY), want);
    });
  }

  it('"*" sends everything directly; malformed entries are ignored', () => {
    for (const [host] of USE_PROXY) assert.equal(proxied(host, "*"), false, host);
    assert.equal(proxied("example.com", ":1"), true);
    assert.equal(proxied("example.com", " , ,"), true);
  });

  it("a port in an entry must be the server's (the scheme's default when it names none)", () => {
    const server = (url: string, noProxy: string) => bypass(new URL(url), noProxy);
    assert.equal(server("https://api.example.com", "example.com:443"), "NO_PROXY");
    assert.equal(server("https://api.example.com:6443", "example.com:443"), undefined);
    assert.equal(server("https://api.example.com:6443", ".example.com:6443"), "NO_PROXY");
    assert.equal(server("https://10.1.2.3:6443", "10.0.0.0/8"), "NO_PROXY");
    assert.equal(server("https://[::1]:6443", ""), "loopback");
    assert.equal(server("https://localhost:6443", ""), "loopback");
  });

  it("IPv4-mapped IPv6 addresses are their IPv4 address; CIDRs of either family", () => {
    assert.equal(proxied("[::ffff:10.0.0.1]", "10.0.0.0/8"), false);
    assert.equal(proxied("[::ffff:127.0.0.1]", ""), false);
    assert.equal(proxied("10.0.0.1", "::ffff:10.0.0.0/104"), false);
    assert.equal(proxied("10.0.0.1", "fd00::/8"), true);
    assert.equal(proxied("[fd00::1]", "fd00::/8"), false);
    assert.equal(proxied("10.0.0.1", "10.0.0.0/33"), true);
  });
});

describe("proxyFromEnvironment", () => {
  const https = "https://api.example.com:6443";
  it("HTTPS_PROXY for https, HTTP_PROXY for http, no fallback from one to the other", () => {
    const env = { HTTP_PROXY: "http://plain:3128", HTTPS_PROXY: "http://secure:3128" };
    assert.deepEqual(proxyFromEnvironment(https, env), {
      proxy: { url: "http://secure:3128", variable: "HTTPS_PROXY" },
    });
    assert.deepEqual(proxyFromEnvironment("http://api.example.com", env), {
      proxy: { url: "http://plain:3128", variable: "HTTP_PROXY" },
    });
    assert.deepEqual(proxyFromEnvironment(https, { HTTP_PROXY: "http://plain:3128" }), {
      none: true,
    });
  });

  it("upper case wins, lower case when it is unset or empty", () => {
    const env = { HTTPS_PROXY: "", https_proxy: "http://lower:1", NO_PROXY: "", no_proxy: "*" };
    assert.deepEqual(proxyFromEnvironment(https, env), {
      direct: "NO_PROXY",
      variable: "https_proxy",
    });
    assert.deepEqual(proxyFromEnvironment(https, { ...env, HTTPS_PROXY: "http://upper:1" }), {
      direct: "NO_PROXY",
      variable: "HTTPS_PROXY",
    });
  });

  it("a value without a scheme is http://value; https and socks5 proxies are kept", () => {
    const of = (value: string) => {
      const d = proxyFromEnvironment(https, { HTTPS_PROXY: value });
      return "proxy" in d ? d.proxy.url : d;
    };
    assert.equal(of("127.0.0.1:8080"), "http://127.0.0.1:8080");
    assert.equal(of("cache.corp.example.com:1234"), "http://cache.corp.example.com:1234");
    assert.equal(of("cache.corp.example.com"), "http://cache.corp.example.com");
    assert.equal(of("localhost"), "http://localhost");
    assert.equal(of("https://cache.corp.example.com"), "https://cache.corp.example.com");
    assert.equal(of("socks5://127.0.0.1"), "socks5://127.0.0.1");
    assert.equal(of("http://user:pa%40ss@proxy:3128"), "http://user:pa%40ss@proxy:3128");
  });

  it("loopback servers are never proxied, whatever NO_PROXY says", () => {
    const env = { HTTPS_PROXY: "http://proxy:3128" };
    for (const server of ["https://127.0.0.1:6443", "https://127.9.9.9", "https://[::1]:1"]) {
      assert.deepEqual(proxyFromEnvironment(server, env), {
        direct: "loopback",
        variable: "HTTPS_PROXY",
      });
    }
    assert.ok("proxy" in proxyFromEnvironment("https://128.0.0.1", env));
  });
});

describe("Go's address parsing, as NO_PROXY needs it", () => {
  it("splitHostPort", () => {
    assert.deepEqual(splitHostPort("example.com:80"), ["example.com", "80"]);
    assert.deepEqual(splitHostPort("[::1]:443"), ["::1", "443"]);
    assert.deepEqual(splitHostPort("example.com:"), ["example.com", ""]);
    assert.equal(splitHostPort("example.com"), undefined);
    assert.equal(splitHostPort("::1"), undefined);
    assert.equal(splitHostPort("[::1]"), undefined);
  });

  it("parseIp", () => {
    assert.deepEqual(parseIp("10.1.2.3"), [10, 1, 2, 3]);
    assert.deepEqual(parseIp("::ffff:10.1.2.3"), [10, 1, 2, 3]);
    assert.deepEqual(parseIp("::1"), [...Array(15).fill(0), 1]);
    assert.deepEqual(parseIp("2001:db8::1")?.slice(0, 4), [0x20, 0x01, 0x0d, 0xb8]);
    for (const bad of ["010.1.2.3", "1.2.3", "256.1.1.1", "1::2::3", "fe80::1%eth0", "x.com"]) {
      assert.equal(parseIp(bad), undefined, bad);
    }
  });

  it("a proxy's URL in messages has no credentials", () => {
    assert.equal(withoutCredentials("http://user:secret@proxy:3128"), "http://proxy:3128");
    assert.equal(withoutCredentials("http://proxy:3128/"), "http://proxy:3128");
  });
});
