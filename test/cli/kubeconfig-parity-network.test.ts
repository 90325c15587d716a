/**
 * kubectl is the oracle (test/support/parity.ts) for how the API server is reached: a proxy-url
 * in the kubeconfig, HTTPS_PROXY and NO_PROXY in the environment (with Go's rules: proxy-url
 * wins, loopback is never proxied), a CA the system trusts (SSL_CERT_FILE), and the refusals of
 * the network: connection refused, host not found, a proxy that is down or answers 502.
 *
 * NAMED_HOST is a name no resolver knows: only the forward proxy resolves it (to 127.0.0.1), so
 * a server addressed by it is reachable through the proxy alone.
 */
import assert from "node:assert/strict";
import { after, it } from "node:test";
import { type ForwardProxy, startForwardProxy } from "../support/forward-proxy.js";
import { unusedLoopbackUrl } from "../support/kube-api-server.js";
import { paritySuite, type Servers, type Variant } from "../support/parity.js";
import { type SocksProxy, startSocksProxy } from "../support/socks-proxy.js";
import { NAMED_HOST } from "../support/tls.js";

interface Network {
  proxy: ForwardProxy;
  socks: SocksProxy;
  /** http://127.0.0.1:PORT on which nothing listens. */
  deadProxy: string;
  /** https://127.0.0.1:PORT on which nothing listens. */
  deadServer: string;
  /** The HTTPS API server by NAMED_HOST: reachable through the proxy only. */
  named: string;
}
type S = Servers & Network;

const b64 = (text: string) => Buffer.from(text).toString("base64");
const caData = (s: S) => ({ "certificate-authority-data": b64(s.ca.caCert) });
const token = (s: S) => ({ token: s.https.token });
const portOf = (url: string) => new URL(url).port;
/** A name the proxy cannot resolve: it answers CONNECT with 502. */
const UNKNOWN_HOST = "nowhere.antrea-mc.test";

let proxy: ForwardProxy | undefined;
let socks: SocksProxy | undefined;

const VARIANTS: Variant<Network>[] = [
  {
    name: "proxy-url in the kubeconfig: reached through the proxy",
    cluster: (s) => ({ server: s.named, ...caData(s), "proxy-url": s.proxy.url }),
    user: token,
    expect: { works: true },
  },
  {
    name: "a socks5 proxy-url: reached through the SOCKS proxy",
    cluster: (s) => ({ server: s.named, ...caData(s), "proxy-url": s.socks.url }),
    user: token,
    expect: { works: true },
  },
  {
    name: "HTTPS_PROXY in the environment: reached through the proxy",
    cluster: (s) => ({ server: s.named, ...caData(s) }),
    user: token,
    env: (s) => ({ HTTPS_PROXY: s.proxy.url }),
    expect: { works: true },
  },
  {
    name: "https_proxy (lower case) in the environment, without a scheme",
    cluster: (s) => ({ server: s.named, ...caData(s) }),
    user: token,
    env: (s) => ({ https_proxy: s.proxy.url.replace("http://", "") }),
    expect: { works: true },
  },
  {
    name: "proxy-url wins over a dead HTTPS_PROXY",
    cluster: (s) => ({ server: s.named, ...caData(s), "proxy-url": s.proxy.url }),
    user: token,
    env: (s) => ({ HTTPS_PROXY: s.deadProxy }),
    expect: { works: true },
  },
  {
    name: "a dead HTTPS_PROXY, server on 127.0.0.1: loopback is never proxied",
    cluster: (s) => ({ server: s.https.url, ...caData(s) }),
    user: token,
    env: (s) => ({ HTTPS_PROXY: s.deadProxy }),
    expect: { works: true },
  },
  {
    name: "HTTP_PROXY for a plain-HTTP server: requests in absolute form, as Go sends them",
    cluster: (s) => ({ server: `http://${NAMED_HOST}:${portOf(s.http.url)}` }),
    user: () => ({}),
    env: (s) => ({ HTTP_PROXY: s.proxy.url }),
    expect: { works: true },
  },
  {
    name: "HTTP_PROXY alone is not for an https server",
    cluster: (s) => ({ server: s.named, ...caData(s) }),
    user: token,
    env: (s) => ({ HTTP_PROXY: s.proxy.url }),
    expect: {
      kubectlFails: "both",
      kubectl: /lookup kube-apiserver\.antrea-mc\.test.*no such host/,
      doctor:
        /^the API server could not be reached: https:\/\/kube-apiserver\.antrea-mc\.test:\d+: host not found \(ENOTFOUND\); is the server's name right\?/,
    },
  },
  {
    name: "NO_PROXY names the server: not proxied, and its name is not found",
    cluster: (s) => ({ server: s.named, ...caData(s) }),
    user: token,
    env: (s) => ({ HTTPS_PROXY: s.proxy.url, NO_PROXY: `example.com, ${NAMED_HOST}` }),
    expect: {
      kubectlFails: "both",
      kubectl: /lookup kube-apiserver\.antrea-mc\.test.*no such host/,
      doctor:
        /^the API server could not be reached: https:\/\/kube-apiserver\.antrea-mc\.test:\d+: host not found \(ENOTFOUND\); not through the proxy of HTTPS_PROXY, as NO_PROXY names the server/,
    },
  },
  {
    name: "no_proxy with a parent domain and the port",
    cluster: (s) => ({ server: s.named, ...caData(s) }),
    user: token,
    env: (s) => ({ https_proxy: s.proxy.url, no_proxy: `antrea-mc.test:${portOf(s.named)}` }),
    expect: {
      kubectlFails: "both",
      kubectl: /lookup kube-apiserver\.antrea-mc\.test.*no such host/,
      doctor: /host not found \(ENOTFOUND\); not through the proxy of https_proxy, as NO_PROXY/,
    },
  },
  {
    name: "NO_PROXY for another port of the server's domain: proxied",
    cluster: (s) => ({ server: s.named, ...caData(s) }),
    user: token,
    env: (s) => ({ HTTPS_PROXY: s.proxy.url, NO_PROXY: ".antrea-mc.test:1" }),
    expect: { works: true },
  },
  {
    name: "the cluster CA only in SSL_CERT_FILE, none in the kubeconfig",
    cluster: (s) => ({ server: s.https.url }),
    user: token,
    env: (s) => ({ SSL_CERT_FILE: s.ca.caFile }),
    expect: { works: true },
  },
  {
    name: "the cluster CA only in SSL_CERT_DIR, none in the kubeconfig",
    files: (s) => ({ "certs/cluster-ca.pem": s.ca.caCert }),
    cluster: (s) => ({ server: s.https.url }),
    user: token,
    env: (s) => ({ SSL_CERT_DIR: `${s.root}/nothing-here:${s.root}/certs` }),
    expect: { works: true },
  },
  {
    name: "no CA in the kubeconfig and none the system trusts: the certificate is refused",
    cluster: (s) => ({ server: s.https.url }),
    user: token,
    expect: {
      kubectlFails: "both",
      kubectl: /certificate signed by unknown authority/,
      doctor:
        /^our client refused the API server's certificate: https:\/\/127\.0\.0\.1:\d+: it is not signed by a CA the system trusts \(.*\d+ certificates\); certificate-authority-data in the kubeconfig/,
    },
  },
  {
    name: "SSL_CERT_FILE with another CA: the kubeconfig's CA is what is trusted",
    cluster: (s) => ({ server: s.https.url, ...caData(s) }),
    user: token,
    env: (s) => ({ SSL_CERT_FILE: `${s.root}/other-ca.crt` }),
    expect: { works: true },
  },
  {
    name: "connection refused: nothing listens on the server's port",
    cluster: (s) => ({ server: s.deadServer, ...caData(s) }),
    user: token,
    expect: {
      kubectlFails: "both",
      kubectl: /The connection to the server 127\.0\.0\.1:\d+ was refused/,
      doctor:
        /^the API server could not be reached: https:\/\/127\.0\.0\.1:\d+: connection refused \(ECONNREFUSED\); is the API server up/,
    },
  },
  {
    name: "a proxy-url on which nothing listens",
    cluster: (s) => ({ server: s.named, ...caData(s), "proxy-url": s.deadProxy }),
    user: token,
    expect: {
      kubectlFails: "both",
      // kubectl blames the server: "The connection to the server … was refused".
      kubectl: /The connection to the server kube-apiserver\.antrea-mc\.test:\d+ was refused/,
      doctor:
        /^the API server could not be reached: https:\/\/kube-apiserver\.antrea-mc\.test:\d+: the proxy http:\/\/127\.0\.0\.1:\d+ \(proxy-url of cluster c\d+\) could not be reached: connection refused \(ECONNREFUSED\); is it running, and is proxy-url of cluster c\d+ right\?/,
    },
  },
  {
    name: "a dead HTTPS_PROXY: the proxy is named, and where it came from",
    cluster: (s) => ({ server: s.named, ...caData(s) }),
    user: token,
    env: (s) => ({ HTTPS_PROXY: s.deadProxy }),
    expect: {
      kubectlFails: "both",
      kubectl: /The connection to the server kube-apiserver\.antrea-mc\.test:\d+ was refused/,
      doctor:
        /^the API server could not be reached: https:\/\/kube-apiserver\.antrea-mc\.test:\d+: the proxy http:\/\/127\.0\.0\.1:\d+ \(HTTPS_PROXY\) could not be reached: connection refused \(ECONNREFUSED\); is it running, and is HTTPS_PROXY \(NO_PROXY lists the servers reached directly\) right\?/,
    },
  },
  {
    name: "a proxy that cannot reach the server answers 502",
    cluster: (s) => ({
      server: `https://${UNKNOWN_HOST}:${portOf(s.https.url)}`,
      ...caData(s),
      "proxy-url": s.proxy.url.replace("http://", "http://someone:secret@"),
    }),
    user: token,
    expect: {
      kubectlFails: "both",
      kubectl: /Bad Gateway/,
      doctor: new RegExp(
        `^the API server could not be reached: https://${UNKNOWN_HOST.replace(/\./g, "\\.")}:\\d+: the proxy http://127\\.0\\.0\\.1:\\d+ \\(proxy-url of cluster c\\d+\\) answered 502 to CONNECT ${UNKNOWN_HOST.replace(/\./g, "\\.")}:\\d+: it could not reach the API server`,
      ),
    },
  },
];

paritySuite<Network>("network: kubectl and doctor reach the API server alike", {
  variants: VARIANTS,
  start: async (s) => {
    [proxy, socks] = await Promise.all([
      startForwardProxy({ [NAMED_HOST]: "127.0.0.1" }),
      startSocksProxy({ [NAMED_HOST]: "127.0.0.1" }),
    ]);
    const [deadServer, deadProxy] = await Promise.all([unusedLoopbackUrl(), unusedLoopbackUrl()]);
    return {
      proxy,
      socks,
      deadProxy: deadProxy.replace("https://", "http://"),
      deadServer,
      named: `https://${NAMED_HOST}:${portOf(s.https.url)}`,
      close: async () => {
        await Promise.all([proxy?.close(), socks?.close()]);
      },
    };
  },
});

// After the suite's runs (node:test runs a file's top-level tests in order). NAMED_HOST resolves
// nowhere but in the proxy, so a variant that works by that name went through it; the proxy saw
// those tunnels, and the one it refused (502).
it("the proxy carried the tunnels to the named server, and refused the unknown one", () => {
  const seen = proxy?.seen ?? [];
  assert.ok(
    seen.some((line) => line.startsWith(`CONNECT ${NAMED_HOST}:`)),
    seen.join("\n"),
  );
  assert.ok(
    seen.some((line) => line.startsWith(`CONNECT ${UNKNOWN_HOST}:`)),
    seen.join("\n"),
  );
  // The plain-HTTP server: kubectl's reads of Nodes and doctor's of DaemonSets (which kubectl does
  // not read), sent to the proxy in absolute form, not in a tunnel.
  const plain = seen.filter((line) => line.startsWith(`GET http://${NAMED_HOST}:`));
  assert.ok(
    plain.some((line) => line.includes("/api/v1/nodes?")),
    seen.join("\n"),
  );
  assert.ok(
    plain.some((line) => line.includes("/apis/apps/v1/daemonsets?")),
    seen.join("\n"),
  );
  const httpPort = new URL(plain[0]?.slice("GET ".length) ?? "http://x:1").port;
  assert.ok(!seen.includes(`CONNECT ${NAMED_HOST}:${httpPort}`), seen.join("\n"));
  assert.ok(!seen.some((line) => line.includes("127.0.0.1")), "loopback went through the proxy");
  assert.ok(
    socks?.seen.some((line) => line.startsWith(`CONNECT ${NAMED_HOST}:`)),
    "no SOCKS tunnel",
  );
});
after(() => Promise.all([proxy?.close(), socks?.close()]));
