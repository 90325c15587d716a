/** Which kubeconfig files to read, apart from the SDK that reads them (shell completion uses it). */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { UsageError } from "../../errors.js";

/**
 * The kubeconfig files kubectl would read: --kubeconfig, else the KUBECONFIG list (missing files
 * skipped, as kubectl does), else ~/.kube/config.
 */
export function kubeconfigFiles(flag: string | undefined, env = process.env): string[] {
  if (flag) {
    if (!existsSync(flag)) throw new UsageError(`--kubeconfig ${flag}: no such file`);
    return [flag];
  }
  const list = env.KUBECONFIG;
  if (list) {
    const files = list.split(delimiter).filter((f) => f !== "");
    const present = files.filter((f) => existsSync(f));
    if (present.length === 0) {
      throw new UsageError(`KUBECONFIG=${list}: none of these files exists`);
    }
    return present;
  }
  const home = join(homedir(), ".kube", "config");
  if (!existsSync(home)) {
    throw new UsageError(
      `no kubeconfig: ${home} does not exist; pass --kubeconfig or set KUBECONFIG`,
    );
  }
  return [home];
}
