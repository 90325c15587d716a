/**
 * kubectl is the oracle (test/support/parity.ts) for the ways a kubeconfig user authenticates
 * besides tokens and client certificates: username and password, impersonation, the oidc
 * auth-provider, and exec plugins as `aws eks update-kubeconfig` and aws-iam-authenticator
 * configure them (the real `aws eks get-token`, verified by the test server as EKS would).
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { paritySuite, type Servers, type Variant } from "../support/parity.js";

const b64 = (text: string) => Buffer.from(text).toString("base64");
const caData = (s: Servers) => ({ "certificate-authority-data": b64(s.ca.caCert) });
const https = (s: Servers) => ({ server: s.https.url, ...caData(s) });
const admin = (s: Servers) => ({ token: s.https.token });

/** An OIDC id-token (the API server verifies it; kubectl and client-node only read its exp). */
function idToken(expiresInSeconds: number): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  return [
    part({ alg: "RS256", typ: "JWT" }),
    part({
      iss: "https://idp.antrea-mc.test",
      sub: "jane",
      aud: "kubernetes",
      exp: now + expiresInSeconds,
    }),
    "c2lnbmF0dXJl",
  ].join(".");
}
/** Both kubectl and doctor impersonated the same way (the server records each by User-Agent). */
function impersonatedBoth(s: Servers, as: string): void {
  const seen = s.https.impersonations;
  for (const tool of ["kubectl", "kubectl-antrea_mc"]) {
    assert.ok(seen.includes(`${tool}: ${as}`), `${tool} did not send ${as}:\n${seen.join("\n")}`);
  }
}

const VALID_ID_TOKEN = idToken(3600);
const EKS_KEY = "AKIAEKSADMIN00000000";
const EKS_SECRET = "eks-admin-secret";

/** What `aws eks update-kubeconfig --name west --profile eks-admin` writes (v1beta1, no interactiveMode). */
const eksExec = (s: Servers) => ({
  exec: {
    apiVersion: "client.authentication.k8s.io/v1beta1",
    command: "aws",
    args: [
      "--region",
      "us-west-2",
      "eks",
      "get-token",
      "--cluster-name",
      "west",
      "--output",
      "json",
    ],
    env: [
      { name: "AWS_PROFILE", value: "eks-admin" },
      { name: "AWS_SHARED_CREDENTIALS_FILE", value: join(s.root, "aws/credentials") },
      { name: "AWS_CONFIG_FILE", value: join(s.root, "aws/config") },
    ],
  },
});

/**
 * A v1 plugin that answers only when it gets its own args and env, none of another context's
 * (doctor reads every context at once), and KUBERNETES_EXEC_INFO with this cluster.
 */
const V1_PLUGIN = `#!/bin/sh
[ "$*" = "token --cluster west" ] || { echo "unexpected args: $*" >&2; exit 2; }
[ "$PLUGIN_MARK" = "v1-plugin" ] || { echo "PLUGIN_MARK is not set" >&2; exit 2; }
[ -z "$AWS_PROFILE" ] || { echo "another context's env: AWS_PROFILE=$AWS_PROFILE" >&2; exit 2; }
case "$KUBERNETES_EXEC_INFO" in
  *'"server":"'"$SERVER"'"'*) ;;
  *) echo "KUBERNETES_EXEC_INFO without this cluster: $KUBERNETES_EXEC_INFO" >&2; exit 2 ;;
esac
case "$KUBERNETES_EXEC_INFO" in
  *'"interactive":false'*) ;;
  *) echo "KUBERNETES_EXEC_INFO not interactive:false: $KUBERNETES_EXEC_INFO" >&2; exit 2 ;;
esac
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$TOKEN"
`;

/** V1_PLUGIN as the kubeconfig runs it: v1, its args and env, provideClusterInfo, Never. */
const v1Exec = (s: Servers, command: string) => ({
  exec: {
    apiVersion: "client.authentication.k8s.io/v1",
    command,
    args: ["token", "--cluster", "west"],
    env: [
      { name: "PLUGIN_MARK", value: "v1-plugin" },
      { name: "TOKEN", value: s.https.token },
      { name: "SERVER", value: s.https.url },
    ],
    provideClusterInfo: true,
    interactiveMode: "Never",
  },
});

const SSO_EXPIRED = `#!/bin/sh
echo "Error when retrieving token from sso: Token has expired and refresh failed" >&2
echo "a second line nobody needs" >&2
exit 255
`;

const VARIANTS: Variant[] = [
  {
    name: "username and password (basic authentication)",
    cluster: https,
    user: () => ({ username: "basic-user", password: "s3cret" }),
    expect: { works: true },
  },
  {
    name: "impersonation: as a user without RBAC for ConfigMaps (403 as that user)",
    cluster: https,
    user: (s) => ({ ...admin(s), as: "reader" }),
    expect: {
      kubectlFails: "configmaps",
      kubectl: /configmaps is forbidden: User "reader" cannot list resource "configmaps"/,
      doctor:
        /^the API server refused \(403\) user reader: get configmaps antrea-\S+ in namespace kube-system/,
    },
  },
  {
    name: "impersonation: as-groups grant what the user alone may not",
    cluster: https,
    user: (s) => ({
      ...admin(s),
      as: "reader",
      "as-groups": ["system:authenticated", "configmap-readers"],
    }),
    expect: { works: true },
    check: (s) => impersonatedBoth(s, "reader group=system:authenticated group=configmap-readers"),
  },
  {
    name: "impersonation: as-uid and as-user-extra",
    cluster: https,
    user: (s) => ({
      ...admin(s),
      as: "jane",
      "as-uid": "1234",
      "as-user-extra": { scopes: ["view", "audit"] },
    }),
    expect: { works: true },
    check: (s) => impersonatedBoth(s, "jane uid=1234 scopes=view+audit"),
  },
  {
    name: "impersonation: as-groups without as, refused before sending",
    cluster: https,
    user: (s) => ({ ...admin(s), "as-groups": ["configmap-readers"] }),
    expect: {
      kubectlFails: "both",
      kubectl: /without impersonating a user/,
      doctor:
        /^no request was sent: context v\d+ of the kubeconfig: user u\d+ .*as-groups .*without as/,
    },
  },
  {
    name: "auth-provider oidc with a valid id-token",
    cluster: https,
    user: () => ({
      "auth-provider": {
        name: "oidc",
        config: {
          "client-id": "kubernetes",
          "idp-issuer-url": "https://idp.antrea-mc.test",
          "id-token": VALID_ID_TOKEN,
        },
      },
    }),
    expect: { works: true },
  },
  {
    name: "auth-provider oidc with an expired id-token and no refresh-token: refused before sending",
    cluster: https,
    user: () => ({
      "auth-provider": {
        name: "oidc",
        config: {
          "client-id": "kubernetes",
          "idp-issuer-url": "https://idp.antrea-mc.test",
          "id-token": idToken(-60),
        },
      },
    }),
    expect: {
      kubectlFails: "both",
      kubectl: /No valid id-token, and cannot refresh without refresh-token/,
      doctor: /^no request was sent: .*oidc.*id-token .*expired.*no refresh-token/,
    },
  },
  {
    name: "auth-provider gcp (removed from kubectl): refused before sending, its cmd-path never run",
    files: () => ({ "plugins/gcloud": `#!/bin/sh\ntouch "$(dirname "$0")/gcloud-ran"\n` }),
    cluster: https,
    user: (s) => ({
      "auth-provider": {
        name: "gcp",
        config: { "cmd-path": join(s.root, "plugins/gcloud"), "cmd-args": "config config-helper" },
      },
    }),
    expect: {
      kubectlFails: "both",
      kubectl: /The gcp auth plugin has been removed/,
      doctor: /^no request was sent: .*auth-provider gcp.*gke-gcloud-auth-plugin/,
    },
    check: (s) => assert.ok(!existsSync(join(s.root, "plugins/gcloud-ran")), "cmd-path was run"),
  },
  {
    name: "auth-provider azure (removed from kubectl): refused before sending",
    cluster: https,
    user: () => ({ "auth-provider": { name: "azure", config: { "tenant-id": "t" } } }),
    expect: {
      kubectlFails: "both",
      kubectl: /The azure auth plugin has been removed/,
      doctor: /^no request was sent: .*auth-provider azure.*kubelogin/,
    },
  },
  {
    name: "an auth-provider kubectl does not know: refused before sending",
    cluster: https,
    user: () => ({ "auth-provider": { name: "openstack", config: {} } }),
    expect: {
      kubectlFails: "both",
      kubectl: /no Auth Provider found for name "openstack"/,
      doctor: /^no request was sent: .*auth-provider openstack.*only oidc/,
    },
  },
  {
    name: "exec: aws eks get-token as aws eks update-kubeconfig writes it (v1beta1, env)",
    files: () => ({
      "aws/credentials": `[eks-admin]\naws_access_key_id = ${EKS_KEY}\naws_secret_access_key = ${EKS_SECRET}\n`,
      "aws/config": "",
    }),
    cluster: https,
    user: eksExec,
    expect: { works: true },
  },
  {
    name: "exec: v1, args, env, provideClusterInfo, interactiveMode Never",
    files: () => ({ "plugins/v1-plugin": V1_PLUGIN }),
    cluster: https,
    user: (s) => v1Exec(s, join(s.root, "plugins/v1-plugin")),
    expect: { works: true },
  },
  {
    name: "exec: a relative command path, resolved against the kubeconfig's own directory",
    files: () => ({ "plugins/v1-plugin": V1_PLUGIN }),
    cluster: https,
    user: (s) => v1Exec(s, "./plugins/v1-plugin"),
    expect: { works: true },
  },
  {
    name: "exec: aws-iam-authenticator not installed, with installHint",
    cluster: https,
    user: () => ({
      exec: {
        apiVersion: "client.authentication.k8s.io/v1beta1",
        command: "aws-iam-authenticator",
        args: ["token", "-i", "west"],
        installHint:
          "Install aws-iam-authenticator: https://github.com/kubernetes-sigs/aws-iam-authenticator#4-set-up-kubectl-to-use-authentication-tokens-provided-by-aws-iam-authenticator-for-kubernetes",
      },
    }),
    expect: {
      kubectlFails: "both",
      kubectl: /executable aws-iam-authenticator not found[\s\S]*Install aws-iam-authenticator/,
      doctor: /aws-iam-authenticator.*not found[\s\S]*Install aws-iam-authenticator/,
      remediation:
        /^# Install aws-iam-authenticator: https:\S+\nkubectl --kubeconfig \S+ --context v\d+ auth whoami$/,
    },
  },
  {
    name: "exec: aws eks get-token after the SSO login expired",
    // An `aws` that fails as the AWS CLI v2 does when the SSO session has expired.
    files: () => ({ "plugins/aws": SSO_EXPIRED }),
    cluster: https,
    user: (s) => ({
      exec: {
        ...eksExec(s).exec,
        command: join(s.root, "plugins/aws"),
        env: [{ name: "AWS_PROFILE", value: "sso-admin" }],
      },
    }),
    expect: {
      kubectlFails: "both",
      kubectl: /Token has expired and refresh failed/,
      doctor: /exit code 255: Error when retrieving token from sso: Token has expired/,
      remediation:
        /^aws sso login --profile sso-admin\nkubectl --kubeconfig \S+ --context v\d+ auth whoami$/,
    },
  },
];

paritySuite("kubeconfig authentication: kubectl and doctor agree", {
  variants: VARIANTS,
  https: {
    users: [
      { user: "basic-user", basic: { username: "basic-user", password: "s3cret" }, forbidden: [] },
      { user: "oidc:jane", token: VALID_ID_TOKEN, forbidden: [] },
    ],
    eks: { cluster: "west", secrets: { [EKS_KEY]: EKS_SECRET } },
    impersonation: true,
  },
});
