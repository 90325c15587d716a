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
  return [
    env.AWS_CONFIG_FILE ?? join(homedir(), ".aws", "config"),
    env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), ".aws", "credentials"),
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
