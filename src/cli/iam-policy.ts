import type { Argv, CommandModule } from "yargs";
import type { Finish } from "./finish.js";
import type { HelpText } from "./help.js";
import { type CommonArgs, commandFlags } from "./options.js";

interface IamPolicyArgs extends CommonArgs {
  mode: "doctor" | "setup";
}

/** iam-policy doctor|setup: the least-privilege policy, built from the calls the code makes. */
export function iamPolicyCommand(
  finish: Finish,
): CommandModule<CommonArgs, IamPolicyArgs> & HelpText {
  return {
    command: "iam-policy <mode>",
    describe:
      "Print the minimal IAM policy (JSON, or YAML with -o yaml) for doctor/show/collect, or for setup/teardown",
    builder: (y: Argv<CommonArgs>) =>
      commandFlags(
        y.positional("mode", {
          choices: ["doctor", "setup"] as const,
          demandOption: true,
          describe: "doctor: the reads of doctor, show and collect; setup: setup and teardown",
        }),
        ["output"],
        { outputDescribe: "yaml for YAML; table and json print JSON" },
      ) as unknown as Argv<IamPolicyArgs>,
    examples: [
      {
        describe: "read-only: doctor, show, collect",
        command: "$0 iam-policy doctor > doctor-policy.json",
      },
      {
        describe: "setup and teardown (doctor's reads included), as a role's inline policy",
        command: [
          "aws iam put-role-policy --role-name antrea-mc \\",
          "  --policy-name antrea-mc-setup \\",
          '  --policy-document "$($0 iam-policy setup)"',
        ],
      },
    ],
    handler: async (args) => {
      const { formatPolicy, iamPolicy } = await import("../iam/policy.js");
      const policy = iamPolicy(args.mode);
      // JSON unless YAML is asked for (CloudFormation and Terraform users paste either).
      if (args.output === "yaml") {
        const { renderStructured } = await import("../report/structured.js");
        process.stdout.write(renderStructured(policy, "yaml"));
      } else process.stdout.write(formatPolicy(policy));
      finish(0);
    },
  };
}
