/**
 * Release versions as image tags and the API server write them ("v2.7.0", "v1.33.5-eks-113cf36"):
 * what version-aware checks compare. A tag that is not a release version ("latest", a digest, a
 * branch build) is no version: checks then say `unknown` rather than guess.
 */

export interface Version {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** As written, for messages. */
  readonly text: string;
}

const RELEASE = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+].*)?$/;

/** The version a tag or gitVersion names; a pre-release or build suffix is ignored. */
export function parseVersion(text: string | undefined): Version | undefined {
  const m = RELEASE.exec(text?.trim() ?? "");
  if (!m) return undefined;
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: Number(m[3] ?? 0),
    text: text?.trim() ?? "",
  };
}

/** The tag of an image reference ("repo/name:tag@sha256:…" → "tag"), if it has one. */
export function imageTag(image: string | undefined): string | undefined {
  const name = image?.split("@")[0]?.split("/").pop() ?? "";
  const colon = name.indexOf(":");
  return colon >= 0 && colon < name.length - 1 ? name.slice(colon + 1) : undefined;
}

/** Negative, zero or positive as `a` is older than, the same release as, or newer than `b`. */
export function compareVersions(a: Version, b: string): number {
  const v = parseVersion(b);
  if (!v) throw new Error(`not a release version: ${b}`);
  return a.major - v.major || a.minor - v.minor || a.patch - v.patch;
}

/** `v` is in [from, to): `to` is the first release that no longer has the problem. */
export function inRange(v: Version, from: string, to: string): boolean {
  return compareVersions(v, from) >= 0 && compareVersions(v, to) < 0;
}

/** "v2.7" for comparing release lines. */
export const minorOf = (v: Version) => `v${v.major}.${v.minor}`;
