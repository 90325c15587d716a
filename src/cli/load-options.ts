/** From the parsed flags (and the --config ClusterSet file) to what the collect step needs. */
import type { LoadOptions } from "../app/load.js";
import { checkProfiles } from "../config/aws-profiles.js";
import { readClusterSetFile } from "../config/file.js";
import { EMPTY_KEYED, isRegion, isRoleArn, overlay, parseKeyed } from "../config/settings.js";
import { shellWord } from "../fixes/shell.js";
import type { Reporter } from "../reporter.js";
import { type CommonArgs, contextList, parseDuration } from "./options.js";

export interface SnapshotArgs extends CommonArgs {
  snapshot?: string;
}

export function loadOptions(args: Omit<SnapshotArgs, "output">, reporter: Reporter): LoadOptions {
  const file = args.config ? readClusterSetFile(args.config) : undefined;
  const kubeconfig = args.kubeconfig ?? file?.kubeconfig;
  const memberNamespace = args.memberNamespace ?? file?.memberNamespace;
  const leaderContext = args.leaderContext ?? file?.leaderContext;
  const profile = overlay(
    file?.awsProfile ?? EMPTY_KEYED,
    parseKeyed(args.awsProfile, "aws-profile"),
  );
  // Profiles are looked up only when AWS will be read live: a snapshot needs no credentials.
  if (args.aws && !args.snapshot) checkProfiles(profile);
  return {
    contexts: contextList(args.context),
    ...(file ? { fileContexts: file.contexts } : {}),
    timeoutMs: parseDuration(args.requestTimeout, "request-timeout"),
    reporter,
    ...(args.snapshot ? { snapshot: args.snapshot } : {}),
    ...(kubeconfig ? { kubeconfig } : {}),
    ...(memberNamespace ? { memberNamespace } : {}),
    ...(leaderContext ? { leaderContext } : {}),
    aws: {
      enabled: args.aws,
      choices: {
        profile,
        roleArn: overlay(
          file?.awsRoleArn ?? EMPTY_KEYED,
          parseKeyed(args.awsRoleArn, "aws-role-arn", isRoleArn),
        ),
        region: overlay(
          file?.awsRegion ?? EMPTY_KEYED,
          parseKeyed(args.awsRegion, "aws-region", isRegion),
        ),
        ...(file ? { eksCluster: file.eksCluster, transitGateway: file.transitGateway } : {}),
      },
    },
  };
}

/**
 * The flags of this run that select the members and their AWS access (" --context a,b …"), so that
 * a command the report suggests (setup --dry-run, doctor again) reads the same ClusterSet.
 */
export function targetFlags(args: Omit<SnapshotArgs, "output">): string {
  if (args.snapshot) return ` --snapshot ${shellWord(args.snapshot)}`;
  const flags: [string, readonly string[]][] = [
    ["--kubeconfig", args.kubeconfig ? [args.kubeconfig] : []],
    ["--config", args.config ? [args.config] : []],
    ["--context", args.context.length ? [contextList(args.context).join(",")] : []],
    ["--member-namespace", args.memberNamespace ? [args.memberNamespace] : []],
    ["--leader-context", args.leaderContext ? [args.leaderContext] : []],
    ["--aws-profile", args.awsProfile],
    ["--aws-role-arn", args.awsRoleArn],
    ["--aws-region", args.awsRegion],
  ];
  return flags.flatMap(([flag, values]) => values.map((v) => ` ${flag} ${shellWord(v)}`)).join("");
}
