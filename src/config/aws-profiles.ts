/**
 * The profiles of the shared AWS config and credentials files, as the AWS CLI and SDK find them
 * ($AWS_CONFIG_FILE, $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials), so
 * that a mistyped --aws-profile is bad input (exit 2) before anything is read.
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import type { Keyed } from "./settings.js";

function sections(path: string, configStyle: boolean): string[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return [];
  }
  const names: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*\[\s*([^\]]+?)\s*\]/.exec(line);
    if (!m?.[1]) continue;
    if (!configStyle) names.push(m[1]);
    // In the config file only [default] and [profile NAME] are profiles ([sso-session x] is not).
    else if (m[1] === "default") names.push("default");
    else {
      const p = /^profile\s+(.+)$/.exec(m[1]);
      if (p?.[1]) names.push(p[1].trim());
    }
  }
  return names;
}

export function awsProfileFiles(env: NodeJS.ProcessEnv = process.env): [string, string] {
  // HOME first, as the SDK's getHomeDir.
  const home = env.HOME || homedir();
  return [
    env.AWS_CONFIG_FILE || join(home, ".aws", "config"),
    env.AWS_SHARED_CREDENTIALS_FILE || join(home, ".aws", "credentials"),
  ];
}

export function knownProfiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const [config, credentials] = awsProfileFiles(env);
  return [...new Set([...sections(config, true), ...sections(credentials, false)])];
}

/** Refuses --aws-profile (or the file's aws.profile) values that name no profile. */
export function checkProfiles(k: Keyed, env: NodeJS.ProcessEnv = process.env): void {
  const known = knownProfiles(env);
  const given = [...(k.all ? [["", k.all]] : []), ...Object.entries(k.byMember)];
  for (const [member, profile] of given) {
    if (profile === undefined || known.includes(profile)) continue;
    const flag = member ? `${member}=${profile}` : profile;
    throw new UsageError(
      `--aws-profile ${flag}: no profile "${profile}" in ${awsProfileFiles(env).join(" or ")} (profiles: ${known.join(", ") || "none"})`,
    );
  }
}

/** The shared config file as the AWS SDK itself parses it: profile name → its settings. */
export interface AwsProfiles {
  /** The config file, as said to users (~/.aws/config, or $AWS_CONFIG_FILE's value). */
  readonly configFile: string;
  readonly config: Readonly<Record<string, Readonly<Record<string, string | undefined>>>>;
}

/** The path as users know it: ~/.aws/config rather than /home/me/.aws/config. */
function shown(path: string, env: NodeJS.ProcessEnv): string {
  const home = env.HOME || homedir();
  return home && path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}

/**
 * Reads the shared files with the SDK's own loader (`[profile x]` sections, `sso-session`,
 * comments and continuation lines as the SDK and the AWS CLI read them). Imported here, not at
 * the top: --help, version and --snapshot runs load no SDK code.
 */
export async function loadAwsProfiles(env: NodeJS.ProcessEnv = process.env): Promise<AwsProfiles> {
  const [configFilepath, filepath] = awsProfileFiles(env);
  const { loadSharedConfigFiles } = await import("@smithy/core/config");
  const files = await loadSharedConfigFiles({ configFilepath, filepath, ignoreCache: true });
  return { configFile: shown(configFilepath, env), config: files.configFile };
}

/** The `region` of a profile in the config file, and where it was found. */
export function profileRegion(
  p: AwsProfiles,
  profile: string,
): { region: string; source: string } | undefined {
  const region = p.config[profile]?.region?.trim();
  return region ? { region, source: `profile ${profile} in ${p.configFile}` } : undefined;
}

/**
 * The profile whose IAM Identity Center (SSO) login `profile` needs: itself when it has
 * `sso_session` or the legacy `sso_start_url`, else the first such profile up its `source_profile`
 * chain (a role assumed with SSO credentials).
 */
export function ssoProfileOf(p: AwsProfiles, profile: string): string | undefined {
  const seen = new Set<string>();
  for (let cur: string | undefined = profile; cur && !seen.has(cur); ) {
    seen.add(cur);
    const s: Readonly<Record<string, string | undefined>> | undefined = p.config[cur];
    if (!s) return undefined;
    if (s.sso_session || s.sso_start_url) return cur;
    cur = s.source_profile;
  }
  return undefined;
}
