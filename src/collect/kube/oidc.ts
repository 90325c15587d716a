/**
 * The `oidc` auth-provider's rules as client-go applies them before a request
 * (plugin/pkg/client/auth/oidc): client-node sends no credentials at all where kubectl refuses,
 * and the API server's 401 would then blame the server.
 */

/** client-go treats an id-token as expired this long before its `exp`. */
const EXPIRY_DELTA_S = 10;

/** The JWT's `exp` (seconds), or undefined when it is not a JWT with one. */
function expiryOf(idToken: string): number | undefined {
  const payload = idToken.split(".")[1];
  if (!payload) return undefined;
  try {
    const exp = (
      JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { exp?: unknown }
    ).exp;
    return typeof exp === "number" ? exp : undefined;
  } catch {
    return undefined;
  }
}

/** Why kubectl would send nothing for this oidc auth-provider config, or undefined. */
export function oidcRefusal(
  userName: string,
  config: Readonly<Record<string, string | undefined>>,
  nowMs = Date.now(),
): string | undefined {
  const who = `user ${userName} in the kubeconfig (auth-provider oidc)`;
  if (!config["idp-issuer-url"]) return `${who} has no idp-issuer-url; kubectl refuses it too`;
  if (!config["client-id"]) return `${who} has no client-id; kubectl refuses it too`;
  const idToken = config["id-token"];
  if (idToken) {
    const exp = expiryOf(idToken);
    if (exp === undefined)
      return `${who}: its id-token is not a JWT with an exp claim; kubectl refuses it too`;
    if (nowMs / 1000 + EXPIRY_DELTA_S < exp) return undefined;
  }
  const state = idToken ? "its id-token has expired" : "it has no id-token";
  // kubectl would refresh and write the new tokens into the kubeconfig; this tool reads the
  // kubeconfig and never writes it, and refreshing without writing would spend a refresh-token
  // that identity providers rotate, leaving kubectl with a used one.
  if (config["refresh-token"]) {
    return `${who}: ${state}; kubectl gets a new one with the refresh-token and writes it into the kubeconfig, which this tool does not change: run any kubectl command with this context once, then again`;
  }
  return `${who}: ${state} and there is no refresh-token to get a new one; kubectl refuses it too ("No valid id-token, and cannot refresh without refresh-token"): get new tokens from your identity provider`;
}
