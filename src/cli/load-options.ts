/** From the parsed flags (and the --config ClusterSet file) to what the collect step needs. */
import type { LoadOptions } from "../app/load.js";
import { checkProfiles } from "../config/aws-profiles.js";
import { readClusterSetFile } from "../config/file.js";
import { EMPTY_KEYED, isRegion, isRoleArn, overlay, parseKeyed } from "../config/settings.js";
import type { Reporter } from "../reporter.js";
import { type CommonArgs, contextList, parseDuration } from "./options.js";

export interface SnapshotArgs extends CommonArgs {
  snapshot?: string;
}

export function loadOptions(args: Omit<SnapshotArgs, "output">, reporter: Reporter): LoadOptions {
  const file = args.config ? readClusterSetFile(args.config) : undefined;
  const kubeconfig = args.kubeconfig ?? file?.kubeconfig;
  const memberNamespace = args.memberNamespace ?? file?.memberNamespace;
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
      },
    },
  };
}
