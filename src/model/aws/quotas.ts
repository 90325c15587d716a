/**
 * The quotas of one account and Region: the applied value Service Quotas gave, else the
 * documented default with why (refused, not read, no applied value). An answer without a number
 * (`ErrorReason` set, `Value` missing) is no applied value, as Terraform reads it.
 */
import { QUOTAS, type QuotaKey, quotaId } from "../../aws/quotas.js";
import type { RawAwsGroup } from "../../aws/types.js";
import { num, object as obj } from "../../util/json.js";

export interface Quota {
  readonly value: number;
  /** Read from Service Quotas; false: the documented default. */
  readonly applied: boolean;
  /** Why the default is used. */
  readonly note?: string;
}

export function quotas(group: RawAwsGroup): Map<QuotaKey, Quota> {
  const out = new Map<QuotaKey, Quota>();
  for (const key of Object.keys(QUOTAS) as QuotaKey[]) {
    const spec = QUOTAS[key];
    const f = group.quotas?.[quotaId(spec)];
    const quota = f?.ok ? obj(f.value.Quota) : {};
    const value = quota.ErrorReason === undefined ? num(quota.Value) : undefined;
    if (value !== undefined) {
      out.set(key, { value, applied: true });
      continue;
    }
    const note = !f
      ? "Service Quotas was not read"
      : f.ok
        ? "Service Quotas gives no applied value"
        : f.error.code === "NoSuchResourceException"
          ? "Service Quotas gives no applied value"
          : `Service Quotas did not answer (${f.error.code ?? f.error.kind}: ${f.error.message})`;
    out.set(key, { value: spec.default, applied: false, note });
  }
  return out;
}
