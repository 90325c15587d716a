import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { withKubeconfigFlag } from "../../src/fixes/kubeconfig-flag.js";

describe("withKubeconfigFlag", () => {
  const cases: [string, string, string | undefined, string][] = [
    [
      "no --kubeconfig: unchanged",
      "kubectl --context a get nodes",
      undefined,
      "kubectl --context a get nodes",
    ],
    [
      "each kubectl line, quoted when it must be; other lines and comments as they are",
      "# install it\nkubectl --context a auth whoami\naws sso login\n  kubectl -n x get cm",
      "/tmp/my config",
      "# install it\nkubectl --kubeconfig '/tmp/my config' --context a auth whoami\naws sso login\n  kubectl --kubeconfig '/tmp/my config' -n x get cm",
    ],
    [
      "a kubectl inside a command substitution too",
      `kubectl --context a logs "$(kubectl --context a get pod -o name)"\npod="$(kubectl -n x get pod -o name)"`,
      "k",
      `kubectl --kubeconfig k --context a logs "$(kubectl --kubeconfig k --context a get pod -o name)"\npod="$(kubectl --kubeconfig k -n x get pod -o name)"`,
    ],
    [
      "a line that names one already",
      "kubectl --kubeconfig k --context a get nodes",
      "other",
      "kubectl --kubeconfig k --context a get nodes",
    ],
  ];
  for (const [name, fix, kubeconfig, expected] of cases) {
    it(name, () => assert.equal(withKubeconfigFlag(fix, kubeconfig), expected));
  }
});
