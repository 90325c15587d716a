/** Runs the built CLI (dist/kubectl-antrea_mc) as a real process, as kubectl would. */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const DIST = new URL("../../dist/", import.meta.url).pathname;
export const CLI = join(DIST, "kubectl-antrea_mc");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** An environment without the developer's kubeconfig, AWS settings or colour preferences. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: mkdtempSync(join(tmpdir(), "antrea-mc-home-")),
    LANG: "C.UTF-8",
  };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

export function runCli(
  args: string[],
  opts: {
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    command?: string[];
    /** Called with all stderr so far, each time more comes; `signal` sends the process a signal. */
    onStderr?: (stderr: string, signal: (s: NodeJS.Signals) => void) => void;
  } = {},
): Promise<CliResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  const [cmd, ...pre] = opts.command ?? [CLI];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd ?? CLI, [...pre, ...args], {
      env: opts.env ?? cleanEnv(),
      cwd: opts.cwd,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
      opts.onStderr?.(stderr, (s) => child.kill(s));
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** The path of a command on this machine's PATH, if there is one (kubectl is optional in tests). */
export function which(cmd: string): string | undefined {
  try {
    return (
      execFileSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}
