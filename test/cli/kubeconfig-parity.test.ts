/**
 * kubectl is the oracle (test/support/parity.ts): kubeconfig variants of TLS, tokens, client
 * certificates, relative paths and namespaces, and the refusals of each, read by the real kubectl
 * and by doctor against the test API servers.
 */

import { paritySuite, READER, type Servers, type Variant } from "../support/parity.js";
import { NAMED_HOST } from "../support/tls.js";

const b64 = (text: string) => Buffer.from(text).toString("base64");
const caData = (s: Servers) => ({ "certificate-authority-data": b64(s.ca.caCert) });
const token = (s: Servers) => ({ token: s.https.token });

const VARIANTS: Variant[] = [
  {
    name: "plain HTTP without credentials (kubectl proxy)",
    cluster: (s) => ({ server: s.http.url }),
    user: () => ({}),
    expect: { works: true },
  },
  {
    name: "certificate-authority file",
    cluster: (s) => ({ server: s.https.url, "certificate-authority": s.ca.caFile }),
    user: token,
    expect: { works: true },
  },
  {
    name: "certificate-authority-data",
    cluster: (s) => ({ server: s.https.url, ...caData(s) }),
    user: token,
    expect: { works: true },
  },
  {
    name: "insecure-skip-tls-verify",
    cluster: (s) => ({ server: s.https.url, "insecure-skip-tls-verify": true }),
    user: token,
    expect: { works: true },
  },
  {
    name: "tls-server-name: addressed by IP, certificate for a name",
    cluster: (s) => ({ server: s.https.url, ...caData(s), "tls-server-name": NAMED_HOST }),
    user: token,
    expect: { works: true },
  },
  {
    name: "client certificate and key files",
    files: (s) => ({ "client.crt": s.ca.clientCert, "client.key": s.ca.clientKey }),
    cluster: (s) => ({ server: s.https.url, ...caData(s) }),
    user: () => ({ "client-certificate": "client.crt", "client-key": "client.key" }),
    expect: { works: true },
  },
  {
    name: "client-certificate-data and client-key-data",
    cluster: (s) => ({ server: s.https.url, ...caData(s) }),
    user: (s) => ({
      "client-certificate-data": b64(s.ca.clientCert),
      "client-key-data": b64(s.ca.clientKey),
    }),
    expect: { works: true },
  },
  {
    name: "tokenFile (with the newline an editor leaves)",
    files: (s) => ({ token: `${s.https.token}\n` }),
    cluster: (s) => ({ server: s.https.url, ...caData(s) }),
    user: () => ({ tokenFile: "token" }),
    expect: { works: true },
  },
  {
    name: "relative paths resolved against the kubeconfig's own directory",
    files: (s) => ({ "pki/ca.crt": s.ca.caCert, "pki/token": s.https.token }),
    cluster: (s) => ({ server: s.https.url, "certificate-authority": "pki/ca.crt" }),
    user: () => ({ tokenFile: "pki/token" }),
    expect: { works: true },
  },
  {
    name: "a context with a namespace",
    namespace: "antrea-multicluster",
    cluster: (s) => ({ server: s.https.url, ...caData(s) }),
    user: token,
    expect: { works: true },
  },
  {
    name: "insecure-skip-tls-verify with a certificate-authority: refused before sending",
    cluster: (s) => ({ server: s.https.url, ...caData(s), "insecure-skip-tls-verify": true }),
    user: token,
    expect: {
      kubectlFails: "both",
      kubectl: /specifying a root certificates file with the insecure flag is not allowed/,
      doctor:
        /^no request was sent: context v\d+ of the kubeconfig: cluster c\d+ sets both insecure-skip-tls-verify and a certificate-authority/,
    },
  },
  {
    name: "wrong CA: TLS verification refuses the server",
    cluster: (s) => ({ server: s.https.url, "certificate-authority-data": b64(s.otherCa) }),
    user: token,
    expect: {
      kubectlFails: "both",
      kubectl: /certificate signed by unknown authority/,
      doctor:
        /^our client refused the API server's certificate: https:\/\/127\.0\.0\.1:\d+: it is not signed by the certificate-authority of the kubeconfig/,
    },
  },
  {
    name: "tls-server-name the certificate is not for",
    cluster: (s) => ({ server: s.https.url, ...caData(s), "tls-server-name": "elsewhere.test" }),
    user: token,
    expect: {
      kubectlFails: "both",
      kubectl: /certificate is valid for .*not elsewhere\.test/,
      doctor:
        /^our client refused the API server's certificate: https:\/\/127\.0\.0\.1:\d+: it is not for elsewhere\.test/,
    },
  },
  {
    name: "wrong token: 401",
    cluster: (s) => ({ server: s.https.url, ...caData(s) }),
    user: () => ({ token: "not-a-token-the-server-knows" }),
    expect: {
      kubectlFails: "both",
      kubectl: /You must be logged in to the server \(Unauthorized\)/,
      doctor: /^the API server refused the credentials \(401 Unauthorized\)/,
    },
  },
  {
    name: "a token without RBAC for ConfigMaps: 403",
    cluster: (s) => ({ server: s.https.url, ...caData(s) }),
    user: () => ({ token: READER }),
    expect: {
      kubectlFails: "configmaps",
      kubectl: /configmaps is forbidden: User "reader" cannot list resource "configmaps"/,
      doctor:
        /^the API server refused \(403\) user reader: get configmaps antrea-\S+ in namespace kube-system; allowed by an RBAC Role in kube-system with apiGroups: \[""\], resources: \[configmaps\], verbs: \[get\]/,
      remediation: /auth can-i get configmaps -n kube-system/,
    },
  },
  {
    name: "a certificate-authority file that does not exist: refused before sending",
    cluster: (s) => ({ server: s.https.url, "certificate-authority": "missing-ca.crt" }),
    user: token,
    expect: {
      kubectlFails: "both",
      kubectl: /unable to read certificate-authority .*missing-ca\.crt/,
      doctor:
        /^no request was sent: .*certificate-authority .*missing-ca\.crt.*cannot be read \(ENOENT\); kubectl refuses it too/,
    },
  },
  {
    name: "a tokenFile that does not exist: refused before sending",
    cluster: (s) => ({ server: s.https.url, ...caData(s) }),
    user: () => ({ tokenFile: "missing-token" }),
    expect: {
      kubectlFails: "both",
      kubectl: /missing-token: no such file or directory/,
      doctor:
        /^no request was sent: .*tokenFile .*missing-token of user u\d+ in the kubeconfig cannot be read \(ENOENT\); kubectl refuses it too/,
    },
  },
];

paritySuite("kubeconfig variants: kubectl and doctor agree", { variants: VARIANTS });
