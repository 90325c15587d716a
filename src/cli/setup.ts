import type { Argv, CommandModule } from "yargs";
import {
  EMPTY_KEYED,
  isTransitGatewayId,
  type Keyed,
  overlay,
  parseKeyed,
} from "../config/settings.js";
import { UsageError } from "../errors.js";
import { EXIT } from "../exit-codes.js";
import type { Finish } from "./finish.js";
import type { HelpText } from "./help.js";
import type { SnapshotArgs } from "./load-options.js";
import {
  type CommonArgs,
  commandFlags,
  flag,
  type GlobalFlagOptions,
  LEADER_FLAGS,
  parseDuration,
} from "./options.js";
import { prepare } from "./prepare.js";

export interface ChangeArgs extends SnapshotArgs {
  dryRun: boolean;
  yes: boolean;
}

export interface SetupArgs extends ChangeArgs {
  waitTimeout: string;
  printCommands: boolean;
  skipUnfixable: boolean;
  securityGroup: string[];
  via: string[];
}

export const SETUP_EXIT_CODES = `Exit codes: ${EXIT.ok} done, or nothing to do; ${EXIT.findings} a change failed or was denied, something setup does not fix blocks it (see --skip-unfixable), or the doctor still fails after it; ${EXIT.usage} bad usage or input, or --yes missing without a terminal; ${EXIT.incomplete} a member could not be read.`;

/** The flags setup and teardown share: plan only, or apply without asking. */
export function changeFlags<T>(y: Argv<T>) {
  return y
    .option("dry-run", {
      type: "boolean",
      default: false,
      describe: "show the plan and change nothing",
    })
    .option("yes", {
      alias: "y",
      type: "boolean",
      default: false,
      describe: "apply without asking (required when stdin is not a terminal)",
    });
}

/** setup alone waits (for the peering it creates); teardown only deletes. */
function waitFlag<T>(y: Argv<T>) {
  return y.option(
    "wait-timeout",
    flag({
      requiresArg: true,
      type: "string",
      default: "5m",
      describe: "how long to wait for a VPC peering to become active",
    }),
  );
}

/**
 * --via, repeatable and comma-separated: CONTEXT=TGW for one member, a bare TGW for every member
 * in that gateway's Region (bare ones are kept together, as one comma-separated value).
 */
export function parseVia(values: readonly string[]): Keyed {
  const pieces = values.flatMap((v) => v.split(",")).filter((v) => v !== "");
  const bare = pieces.filter((v) => !v.includes("="));
  for (const v of bare)
    if (!isTransitGatewayId(v))
      throw new UsageError(`--via ${v}: "${v}" is not a transit gateway ID`);
  const keyed = parseKeyed(
    pieces.filter((v) => v.includes("=")),
    "via",
    isTransitGatewayId,
  );
  return {
    ...(bare.length ? { all: [...new Set(bare)].join(",") } : {}),
    byMember: keyed.byMember,
  };
}

/** setup and teardown change AWS: --no-aws is accepted only to be refused with that reason. */
export const CHANGE_GLOBALS: GlobalFlagOptions = { hidden: ["aws"] };

export function setupCommand(finish: Finish): CommandModule<CommonArgs, SetupArgs> & HelpText {
  return {
    command: "setup",
    describe:
      "Plan and apply the AWS peering, routes and security group rules the aws.* checks need",
    builder: (y: Argv<CommonArgs>) =>
      commandFlags(
        waitFlag(changeFlags(y))
          .option("snapshot", {
            requiresArg: true,
            type: "string",
            describe: "plan from a snapshot directory (with --dry-run)",
          })
          .option("print-commands", {
            type: "boolean",
            default: false,
            describe: "also print the plan as the equivalent aws ec2 commands",
          })
          .option("skip-unfixable", {
            type: "boolean",
            default: false,
            describe: "make the AWS changes even when doctor finds errors setup does not fix",
          })
          .option(
            "security-group",
            flag({
              requiresArg: true,
              type: "string",
              array: true,
              default: [] as string[],
              defaultDescription:
                "the EKS cluster security group on the Gateway interface, else its first",
              describe: "security group to open, as CONTEXT=SG or SG; repeatable",
            }),
          )
          .option(
            "via",
            flag({
              requiresArg: true,
              type: "string",
              array: true,
              default: [] as string[],
              defaultDescription: "a gateway the VPCs already use, else a VPC peering per pair",
              describe:
                "join the members' VPCs through existing transit gateways: TGW for every member in its Region, or CONTEXT=TGW; repeatable, comma-separated",
            }),
          ),
        LEADER_FLAGS,
        CHANGE_GLOBALS,
      ) as unknown as Argv<SetupArgs>,
    examples: [
      { describe: "show what setup would change", command: "$0 setup --dry-run" },
      {
        describe: "… and the same as aws ec2 commands",
        command: "$0 setup --dry-run --print-commands",
      },
      {
        describe: "join the VPCs through an existing transit gateway instead of peerings",
        command: "$0 setup --dry-run --via tgw-0aaaa,tgw-0bbbb",
      },
      {
        describe: "apply without asking; the plan and its outcome as JSON",
        command: "$0 setup --yes -o json",
      },
    ],
    epilogue: SETUP_EXIT_CODES,
    handler: async (args) => {
      const { runSetup } = await import("../app/setup.js");
      const { io, options } = await prepare(args);
      const via = overlay(options.aws.choices.transitGateway ?? EMPTY_KEYED, parseVia(args.via));
      finish(
        await runSetup(
          {
            ...options,
            aws: { ...options.aws, choices: { ...options.aws.choices, transitGateway: via } },
            output: args.output,
            dryRun: args.dryRun,
            yes: args.yes,
            printCommands: args.printCommands,
            skipUnfixable: args.skipUnfixable,
            securityGroup: parseKeyed(args.securityGroup, "security-group", (v) =>
              /^sg-[0-9a-f]+$/.test(v),
            ),
            waitTimeoutMs: parseDuration(args.waitTimeout, "wait-timeout"),
          },
          io,
        ),
      );
    },
  };
}
