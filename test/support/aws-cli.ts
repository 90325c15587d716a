/**
 * The real AWS CLI v1 for bash scripts in tests, without a Python start-up per command: one
 * aws-cli-server.py per test file (started on first use) runs each `aws …` line of a script
 * through the CLI's own entry point, with the environment the line sees in bash (credentials
 * switched by a fix's "# in <member>'s account" lines included).
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface AwsCli {
  /** Runs a bash script (-euo pipefail) in which `aws_cli` is this CLI; resolves to its stdout. */
  bash(script: string, env: NodeJS.ProcessEnv): Promise<string>;
  stop(): Promise<void>;
}

/**
 * `aws_cli` in bash (what `aws` would run): sends the command and the shell's AWS_* variables (and
 * the proxy variables and REQUESTS_CA_BUNDLE, which botocore reads too) to the server over bash's
 * /dev/tcp, prints what the command printed and returns its exit status.
 */
const CLIENT = `aws_cli() {
  local fd v code out err
  local -a fields=()
  for v in $(compgen -e); do
    if [[ $v == AWS_* || \${v,,} == *_proxy || $v == REQUESTS_CA_BUNDLE ]]; then fields+=("$v=\${!v}"); fi
  done
  fields+=("" "$@")
  exec {fd}<>"/dev/tcp/127.0.0.1/$AWS_CLI_SERVER_PORT"
  printf '%s\\0' "\${#fields[@]}" "\${fields[@]}" >&"$fd"
  IFS= read -r -d '' code <&"$fd"
  IFS= read -r -d '' out <&"$fd"
  IFS= read -r -d '' err <&"$fd"
  exec {fd}<&-
  printf '%s' "$out"
  printf '%s' "$err" >&2
  return "$code"
}`;

export async function startAwsCli(): Promise<AwsCli> {
  const child: ChildProcess = spawn(
    "python3",
    [new URL("aws-cli-server.py", import.meta.url).pathname],
    { env: process.env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr = `${stderr}${d}`.slice(-4000);
  });
  const exited = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? -1)));
  const port = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout ?? process.stdin });
    lines.once("line", (line) => resolve(line.trim()));
    void exited.then((code) => reject(new Error(`aws-cli-server.py exited ${code}: ${stderr}`)));
  });
  // Neither the server nor its pipes keep a test file's process alive; it exits with its parent.
  child.unref();
  for (const s of [child.stdout, child.stderr]) (s as unknown as { unref?: () => void })?.unref?.();
  return {
    bash: (script, env) =>
      new Promise((resolve, reject) => {
        execFile(
          "bash",
          ["-euo", "pipefail", "-c", `${CLIENT}\n${script}`],
          { encoding: "utf8", env: { ...env, AWS_CLI_SERVER_PORT: port } },
          (err, stdout, errout) => {
            if (err) reject(Object.assign(err, { stdout, stderr: errout }));
            else resolve(stdout);
          },
        );
      }),
    stop: async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}
