/**
 * Before verify makes anything: may it, and will the cluster admit it? SelfSubjectAccessReview for
 * every verb and resource it uses, then a server-side dry run of each object, so that RBAC, an
 * admission webhook or Pod Security refuses here, with nothing made, not halfway.
 */
import type { KubeClient } from "../../collect/kube/writer.js";
import type { AccessAttributes, ApiFailure } from "../../kube/types.js";
import { accessNeeded } from "../../verify/access.js";

/** One refusal: who refused what, in which namespace, and in its words. */
export interface Refusal {
  readonly member: string;
  readonly verb: string;
  readonly resource: string;
  readonly namespace?: string;
  /** "RBAC (SelfSubjectAccessReview)", "admission (dry run)", "the API server". */
  readonly by: string;
  readonly message: string;
}

export function resourceOf(a: AccessAttributes): string {
  return `${a.resource}${a.subresource ? `/${a.subresource}` : ""}${a.group ? `.${a.group}` : ""}`;
}

/** Every access the member's credentials lack (all of them are asked, in parallel). */
export async function checkAccess(
  member: string,
  client: KubeClient,
  namespace: string | undefined,
  paths: boolean,
): Promise<Refusal[]> {
  const asked = accessNeeded(namespace, paths);
  const answers = await Promise.all(asked.map((a) => client.accessReview(a)));
  const out: Refusal[] = [];
  for (const [i, answer] of answers.entries()) {
    const a = asked[i] as AccessAttributes;
    const where = a.namespace ? { namespace: a.namespace } : {};
    if (!answer.ok) {
      out.push({
        member,
        verb: "create",
        resource: "selfsubjectaccessreviews.authorization.k8s.io",
        by: "the API server",
        message: answer.error.message,
      });
      break; // one is enough: the others fail alike
    }
    if (!answer.value.allowed)
      out.push({
        member,
        verb: a.verb,
        resource: resourceOf(a),
        ...where,
        by: "RBAC (SelfSubjectAccessReview)",
        message: answer.value.reason ?? "not allowed",
      });
  }
  return out;
}

/** A refused create (dry run or not): RBAC at 403 without admission words, else admission. */
export function refusalOf(
  member: string,
  resource: string,
  namespace: string | undefined,
  error: ApiFailure,
  dryRun: boolean,
): Refusal {
  const admission =
    /admission webhook|PodSecurity|violates|denied the request|is forbidden: .*(policy|securitycontext)/i.test(
      error.message,
    );
  const by =
    error.kind === "forbidden" && !admission
      ? "RBAC"
      : admission
        ? `admission${dryRun ? " (server-side dry run)" : ""}`
        : `the API server${error.status ? ` (HTTP ${error.status})` : ""}`;
  return {
    member,
    verb: "create",
    resource,
    ...(namespace ? { namespace } : {}),
    by,
    message: error.message,
  };
}
