import { shellWord } from "./shell.js";

/**
 * A fix's kubectl commands with the run's `--kubeconfig`, so that they read the same kubeconfig
 * as the run that printed them (checks write `kubectl --context …` for the default one): those
 * that start a line and those inside a command substitution, `"$(kubectl …)"`.
 */
export function withKubeconfigFlag(fix: string, kubeconfig: string | undefined): string {
  if (!kubeconfig) return fix;
  return fix
    .split("\n")
    .map((line) =>
      /(^\s*|\$\()kubectl /.test(line) && !/\s--kubeconfig[\s=]/.test(line)
        ? line.replace(/(^\s*|\$\()kubectl /g, `$1kubectl --kubeconfig ${shellWord(kubeconfig)} `)
        : line,
    )
    .join("\n");
}
