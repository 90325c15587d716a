/**
 * Version of this plugin and of the SDKs it was built with. The build (scripts/build.ts) defines
 * __BUILD_INFO__ from the installed packages; running from source (tsx) reads the same files.
 */
import { readFileSync } from "node:fs";

export interface BuildInfo {
  version: string;
  sdks: Record<string, string>;
}

declare const __BUILD_INFO__: BuildInfo | undefined;

/** Packages whose versions `version` reports. */
export const REPORTED_PACKAGES = [
  "@kubernetes/client-node",
  "@aws-sdk/client-ec2",
  "@aws-sdk/credential-providers",
  "undici",
] as const;

function readPackageVersion(path: URL): string {
  try {
    return (JSON.parse(readFileSync(path, "utf8")) as { version?: string }).version ?? "unknown";
  } catch {
    return "unknown";
  }
}

function fromSource(): BuildInfo {
  const root = new URL("../", import.meta.url);
  const sdks: Record<string, string> = {};
  for (const name of REPORTED_PACKAGES) {
    sdks[name] = readPackageVersion(new URL(`node_modules/${name}/package.json`, root));
  }
  return { version: readPackageVersion(new URL("package.json", root)), sdks };
}

export const BUILD_INFO: BuildInfo =
  typeof __BUILD_INFO__ !== "undefined" ? __BUILD_INFO__ : fromSource();

export const VERSION = BUILD_INFO.version;
