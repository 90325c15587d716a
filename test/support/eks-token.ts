/**
 * What an EKS API server's authenticator (aws-iam-authenticator) checks of a bearer token from
 * `aws eks get-token`: "k8s-aws-v1." and a presigned STS GetCallerIdentity URL that signs the
 * header `x-k8s-aws-id: <cluster>`. EKS sends the URL to STS; the test server verifies its SigV4
 * signature itself, with the secret keys it is given, so that a token is accepted only when it was
 * made with that key (the exec plugin's AWS profile) for that cluster.
 */
import { createHash, createHmac } from "node:crypto";

const PREFIX = "k8s-aws-v1.";

/** RFC 3986 encoding, as SigV4's canonical query string wants it. */
const encode = (s: string) =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

const hmac = (key: Buffer | string, text: string) =>
  createHmac("sha256", key).update(text).digest();
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * The access key ID that signed a valid token for `cluster`, among `secrets` (key ID → secret), or
 * undefined when the token is not one, is for another cluster or is not signed by a known key.
 */
export function eksTokenSigner(
  token: string,
  cluster: string,
  secrets: Readonly<Record<string, string>>,
): string | undefined {
  if (!token.startsWith(PREFIX)) return undefined;
  let url: URL;
  try {
    url = new URL(Buffer.from(token.slice(PREFIX.length), "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  const q = url.searchParams;
  const [keyId, ...scope] = (q.get("X-Amz-Credential") ?? "").split("/");
  const secret = secrets[keyId ?? ""];
  if (
    !secret ||
    q.get("Action") !== "GetCallerIdentity" ||
    q.get("X-Amz-SignedHeaders") !== "host;x-k8s-aws-id"
  ) {
    return undefined;
  }
  const query = [...q]
    .filter(([k]) => k !== "X-Amz-Signature")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${encode(k)}=${encode(v)}`)
    .join("&");
  const canonical = [
    "GET",
    url.pathname || "/",
    query,
    `host:${url.host}`,
    `x-k8s-aws-id:${cluster}`,
    "",
    "host;x-k8s-aws-id",
    sha256(""),
  ].join("\n");
  const toSign = [
    "AWS4-HMAC-SHA256",
    q.get("X-Amz-Date") ?? "",
    scope.join("/"),
    sha256(canonical),
  ].join("\n");
  let key: Buffer = hmac(`AWS4${secret}`, scope[0] ?? "");
  for (const part of scope.slice(1)) key = hmac(key, part);
  return hmac(key, toSign).toString("hex") === q.get("X-Amz-Signature") ? keyId : undefined;
}
