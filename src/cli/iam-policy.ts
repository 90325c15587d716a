import type { Argv, CommandModule } from "yargs";
import type { Finish } from "./finish.js";
import type { CommonArgs } from "./options.js";

interface IamPolicyArgs extends CommonArgs {
  mode: "doctor" | "setup";
}

/** iam-policy doctor|setup: the least-privilege policy, built from the calls the code makes. */
export function iamPolicyCommand(finish: Finish): CommandModule<CommonArgs, IamPolicyArgs> {
  return {
    command: "iam-policy <mode>",
    describe:
      "Print the minimal IAM policy (JSON, or YAML with -o yaml) for doctor/show/collect, or for setup/teardown",
    builder: (y: Argv<CommonArgs>) =>
      y
        .positional("mode", { choices: ["doctor", "setup"] as const, demandOption: true })
        .example("$0 iam-policy doctor > doctor-policy.json", "read-only: doctor, show, collect")
        .example(
          'aws iam put-role-policy --role-name antrea-mc --policy-name antrea-mc-setup --policy-document "$(kubectl antrea-mc iam-policy setup)"',
          "setup and teardown (doctor's reads included)",
        ) as unknown as Argv<IamPolicyArgs>,
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
