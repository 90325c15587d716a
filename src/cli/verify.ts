import type { Argv, CommandModule } from "yargs";
import { EXIT } from "../exit-codes.js";
import type { DoctorOutputFormat } from "../report/structured.js";
import type { Finish } from "./finish.js";
import type { HelpText } from "./help.js";
import type { SnapshotArgs } from "./load-options.js";
import { CLUSTER_FLAGS, type CommonArgs, commandFlags, flag, parseDuration } from "./options.js";
import { prepare } from "./prepare.js";

export const VERIFY_EXIT_CODES = `Exit codes: ${EXIT.ok} every probe passed, ${EXIT.findings} a probe failed, ${EXIT.usage} bad usage or input, ${EXIT.incomplete} a member refused the probes or a probe could not run (the verdict is incomplete; ${EXIT.incomplete} wins over ${EXIT.findings}), 130 interrupted by Ctrl-C (143 SIGTERM, 129 SIGHUP; the probes are removed first).`;

interface VerifyArgs extends Omit<SnapshotArgs, "output" | "snapshot"> {
  output: DoctorOutputFormat;
  pair?: string;
  only: string[];
  timeout: string;
  image?: string;
  namespace?: string;
  keep: boolean;
  candidates: boolean;
}

export function verifyCommand(finish: Finish): CommandModule<CommonArgs, VerifyArgs> & HelpText {
  return {
    command: "verify",
    describe:
      "Prove with short-lived probes that the tunnel, Services and Pods cross between the members; removes them after",
    builder: (y: Argv<CommonArgs>) =>
      commandFlags(
        y
          .option("pair", {
            requiresArg: true,
            type: "string",
            describe: "only two members, both ways: A,B (member names or contexts)",
          })
          .option("only", {
            requiresArg: true,
            type: "string",
            array: true,
            default: [] as string[],
            describe:
              "run only these probes (verify.tunnel, verify.service, verify.pod-to-pod, verify.mtu)",
          })
          .option(
            "timeout",
            flag({
              requiresArg: true,
              type: "string",
              default: "2m",
              describe:
                "how long each phase may wait: the captures and senders, then the echoes and imports (e.g. 90s, 5m)",
            }),
          )
          .option("image", {
            requiresArg: true,
            type: "string",
            describe: "probe image with sh, timeout, tcpdump and socat (default: Antrea's toolbox)",
          })
          .option("namespace", {
            requiresArg: true,
            type: "string",
            describe:
              "an existing namespace for the probes (default: one of verify's own, removed after)",
          })
          .option("keep", {
            type: "boolean",
            default: false,
            describe: "leave the probes for debugging, and print how to remove them",
          })
          .option("candidates", {
            type: "boolean",
            default: false,
            describe: "probe the Gateway candidates too, not only the active Gateways",
          }),
        CLUSTER_FLAGS,
        { formats: ["table", "json", "yaml", "junit"] },
      ) as unknown as Argv<VerifyArgs>,
    examples: [
      { describe: "probe every pair of members", command: "$0 verify" },
      { describe: "one pair, both ways", command: "$0 verify --pair west,east" },
      { describe: "a JUnit XML report for CI", command: "$0 verify -o junit > verify.xml" },
      {
        describe: "leave the probes to look at them",
        command: "$0 verify --pair west,east --keep",
      },
    ],
    epilogue: VERIFY_EXIT_CODES,
    handler: async (args) => {
      const { runVerify } = await import("../app/verify.js");
      const { io, options } = await prepare(args);
      const list = (v: string[]) => v.flatMap((s) => s.split(",")).filter((s) => s !== "");
      finish(
        await runVerify(
          {
            ...options,
            output: args.output,
            only: list(args.only),
            probeTimeoutMs: parseDuration(args.timeout, "timeout"),
            keep: args.keep,
            candidates: args.candidates,
            ...(args.pair ? { pair: args.pair } : {}),
            ...(args.image ? { image: args.image } : {}),
            ...(args.namespace ? { namespace: args.namespace } : {}),
          },
          io,
        ),
      );
    },
  };
}
