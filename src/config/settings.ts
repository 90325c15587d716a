/**
 * Per-member settings from flags (`--aws-profile CONTEXT=PROFILE`, or a bare value for every
 * member) and from the ClusterSet file; flags win over the file.
 */
import { UsageError } from "../errors.js";

/** A value for every member and/or values per member (keyed by context or member name). */
export interface Keyed {
  readonly all?: string;
  readonly byMember: Readonly<Record<string, string>>;
}

export const EMPTY_KEYED: Keyed = { byMember: {} };

/** Parses repeated `KEY=VALUE` / `VALUE` flags. Values never contain "=", contexts might. */
export function parseKeyed(
  values: readonly string[],
  flag: string,
  valid?: (v: string) => boolean,
): Keyed {
  let all: string | undefined;
  const byMember: Record<string, string> = {};
  for (const raw of values) {
    const at = raw.lastIndexOf("=");
    const [key, value] = at >= 0 ? [raw.slice(0, at), raw.slice(at + 1)] : [undefined, raw];
    if (!value) throw new UsageError(`--${flag} ${raw}: no value`);
    if (valid && !valid(value)) throw new UsageError(`--${flag} ${raw}: "${value}" is not valid`);
    if (key === undefined) {
      if (all !== undefined && all !== value) {
        throw new UsageError(`--${flag} given twice without CONTEXT= (${all}, ${value})`);
      }
      all = value;
    } else {
      if (!key) throw new UsageError(`--${flag} ${raw}: empty CONTEXT before "="`);
      byMember[key] = value;
    }
  }
  return { ...(all === undefined ? {} : { all }), byMember };
}

/** The value for a member: by context, then by member name, then the value for all. */
export function valueFor(k: Keyed, context: string, name: string): string | undefined {
  return k.byMember[context] ?? k.byMember[name] ?? k.all;
}

/**
 * Flags override the file: a flag for one member beats everything for that member, and a bare flag
 * value (for every member) beats whatever the file says, per member or not.
 */
export function overlay(file: Keyed, flags: Keyed): Keyed {
  const all = flags.all ?? file.all;
  return {
    ...(all === undefined ? {} : { all }),
    byMember: { ...(flags.all === undefined ? file.byMember : {}), ...flags.byMember },
  };
}

/** Keys that name no member: most likely a typo. */
export function unknownKeys(
  k: Keyed,
  members: readonly { context: string; name: string }[],
): string[] {
  return Object.keys(k.byMember).filter(
    (key) => !members.some((m) => m.context === key || m.name === key),
  );
}

export const isRoleArn = (v: string) => /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(v);
export const isTransitGatewayId = (v: string) => /^tgw-[0-9a-f]+$/.test(v);
export const isRegion = (v: string) => /^[a-z]{2}(-[a-z]+)+-\d+$/.test(v);
