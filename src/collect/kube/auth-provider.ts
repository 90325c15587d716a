/**
 * A kubeconfig user's `auth-provider`, as kubectl treats it: only `oidc` is still built in; the
 * `gcp` and `azure` providers were removed from client-go (1.26), and kubectl refuses them — and
 * any other name — before sending. client-node would still run gcp's and azure's `cmd-path`
 * (synchronously, without a bound) or send the request without credentials.
 */
import { oidcRefusal } from "./oidc.js";

const REMOVED: Readonly<Record<string, string>> = {
  gcp: 'the gcp auth plugin was removed from kubectl (1.26): use the "gke-gcloud-auth-plugin" credential plugin instead (gcloud components install gke-gcloud-auth-plugin; gcloud container clusters get-credentials writes it into the kubeconfig)',
  azure:
    "the azure auth plugin was removed from kubectl (1.26): use the kubelogin credential plugin instead (https://github.com/Azure/kubelogin; kubelogin convert-kubeconfig rewrites the kubeconfig for it)",
};

/** Why kubectl would send nothing for this user's auth-provider, or undefined. */
export function authProviderRefusal(
  userName: string,
  provider: { name?: string; config?: Readonly<Record<string, string | undefined>> } | undefined,
  nowMs = Date.now(),
): string | undefined {
  if (!provider) return undefined;
  const name = provider.name ?? "";
  if (name === "oidc") return oidcRefusal(userName, provider.config ?? {}, nowMs);
  const removed = REMOVED[name];
  const who = `user ${userName} in the kubeconfig (auth-provider ${name || "without a name"})`;
  if (removed) return `${who}: ${removed}; kubectl refuses it too`;
  return `${who}: kubectl has no auth-provider of that name (only oidc) and refuses it too; use an exec credential plugin`;
}
