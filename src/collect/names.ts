/**
 * Member names: short, stable and safe as directory names (snapshot `clusters/<member>/`).
 * `aws eks update-kubeconfig` names contexts by cluster ARN; the cluster name is what people use.
 */
import { parseEksClusterArn } from "../aws/eks-arn.js";

function shortName(context: string): string {
  return sanitize(parseEksClusterArn(context)?.clusterName ?? context);
}

function sanitize(text: string): string {
  const safe = text.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[-.]+|-+$/g, "");
  return safe || "member";
}

/** Maps each context to a unique member name; on a clash the full (sanitized) context is used. */
export function memberNames(contexts: readonly string[]): Map<string, string> {
  const short = contexts.map(shortName);
  const names = contexts.map((ctx, i) => {
    const s = short[i] ?? "";
    return short.filter((x) => x === s).length > 1 ? sanitize(ctx) : s;
  });
  const result = new Map<string, string>();
  const used = new Set<string>();
  contexts.forEach((ctx, i) => {
    let name = names[i] ?? "member";
    for (let n = 2; used.has(name); n++) name = `${names[i]}-${n}`;
    used.add(name);
    result.set(ctx, name);
  });
  return result;
}
