import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Cluster, KubeConfig, User } from "@kubernetes/client-node";
import type { PluginFailure } from "../../kube/types.js";
import { holdTerminal } from "../../util/terminal.js";

/** client-node's (unexported) Authenticator: what its KubeConfig asks of each. */
interface Authenticator {
  isAuthProvider(user: User): boolean;
  applyAuthentication(user: User, opts: object): Promise<void>;
}

/**
 * client-go exec credential plugins (`aws eks get-token`, aws-iam-authenticator, kubelogin), run
 * on our own request path: client-node's runner cannot be bounded (an unkillable spawn whose
 * children outlive it), ignores provideClusterInfo, interactiveMode and installHint, and says only
 * the plugin's stderr when it fails. Each plugin runs in its own process group, so that on the
 * request timeout it and every process it started are killed.
 */

/** A kubeconfig `user.exec` as kubectl reads it. */
export interface ExecConfig {
  apiVersion?: string;
  command?: string;
  args?: string[] | null;
  env?: { name: string; value: string }[] | null;
  installHint?: string;
  provideClusterInfo?: boolean;
  interactiveMode?: string;
}

/** ExecCredential.status: what the plugin printed. */
export interface ExecCredentialStatus {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  expirationTimestamp?: string;
}

/** The plugin could not give credentials; the message says who refused and why. */
export class ExecPluginError extends Error {
  constructor(
    message: string,
    /** What a fix needs to know (absent: the kubeconfig's exec section itself is wrong). */
    readonly facts?: PluginFailure,
  ) {
    super(message);
  }
}

/** What a fix needs to know of a plugin that failed. */
function factsOf(exec: ExecConfig, more: Partial<PluginFailure> = {}): PluginFailure {
  const args = exec.args ?? [];
  const flag = args.indexOf("--profile");
  const awsProfile =
    exec.env?.find((e) => e.name === "AWS_PROFILE")?.value ||
    (flag >= 0 ? args[flag + 1] : undefined);
  return {
    command: exec.command ?? "",
    ...(exec.installHint?.trim() ? { installHint: exec.installHint.trim() } : {}),
    ...(awsProfile ? { awsProfile } : {}),
    ...more,
  };
}

const API_VERSIONS = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"];
const V1 = "client.authentication.k8s.io/v1";

/**
 * Plugins still running (a negative number: the process group): killed if we exit first (an
 * error, Ctrl-C). A plugin in a process group of its own does not get the terminal's SIGINT, and
 * Node runs no "exit" handlers when a signal ends it: the signals are handled here too.
 */
const running = new Set<number>();
let exitHook = false;

const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

function killAll(): void {
  for (const target of running) kill(target);
}

/** Kills the plugins on exit and on a signal, then lets the signal do what it would have done. */
function hookExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.on("exit", killAll);
  for (const signal of SIGNALS) {
    const onSignal = () => {
      killAll();
      // Someone else handles it (setup's own Ctrl-C): leave it to them. Else die of it, as
      // without a handler.
      if (process.listenerCount(signal) > 1) return;
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

function kill(target: number): void {
  try {
    process.kill(target, "SIGKILL");
  } catch {
    // ESRCH: it is gone already.
  }
  running.delete(target);
}

/** Interactive plugins take the terminal one at a time, never several contexts at once. */
let terminalTurn: Promise<unknown> = Promise.resolve();

/** The command as a user would type it, for messages. */
export function commandLine(exec: ExecConfig): string {
  const word = (w: string) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);
  return [exec.command ?? "", ...(exec.args ?? [])].map(word).join(" ");
}

/** KUBERNETES_EXEC_INFO's spec.cluster, as client-go fills it from the kubeconfig's cluster. */
function clusterInfo(cluster: Cluster | null | undefined): Record<string, unknown> | undefined {
  if (!cluster) return undefined;
  let ca: string | undefined = cluster.caData;
  if (!ca && cluster.caFile) {
    try {
      ca = readFileSync(cluster.caFile).toString("base64");
    } catch {
      ca = undefined;
    }
  }
  return {
    server: cluster.server,
    ...(cluster.tlsServerName ? { "tls-server-name": cluster.tlsServerName } : {}),
    ...(cluster.skipTLSVerify ? { "insecure-skip-tls-verify": true } : {}),
    ...(ca ? { "certificate-authority-data": ca } : {}),
    ...(cluster.proxyUrl ? { "proxy-url": cluster.proxyUrl } : {}),
  };
}

const firstLine = (s: string) =>
  s
    .split("\n")
    .map((l) => l.trim())
    .find((l) => l)
    ?.slice(0, 200) ?? "";

/**
 * Runs the plugin once and returns its credential, or throws an ExecPluginError naming the
 * command and what it did: exited non-zero, is not installed, printed no ExecCredential, or did
 * not finish within timeoutMs (it and its children are then killed).
 */
export async function runExecPlugin(
  exec: ExecConfig,
  options: {
    user: string;
    timeoutMs: number;
    cluster?: Cluster | null;
    /** Whether standard input is a terminal (the plugin may prompt on it). */
    stdinIsTerminal?: boolean;
  },
): Promise<ExecCredentialStatus> {
  const who = `exec credential plugin of user ${options.user}`;
  const apiVersion = exec.apiVersion ?? "";
  if (!exec.command) throw new ExecPluginError(`${who}: the kubeconfig names no command`);
  if (!API_VERSIONS.includes(apiVersion)) {
    throw new ExecPluginError(
      `${who}: apiVersion ${JSON.stringify(apiVersion)} is not one kubectl accepts (${API_VERSIONS.join(", ")})`,
    );
  }
  // kubectl's own rule: v1 must say whether the plugin may prompt; v1beta1 defaults to IfAvailable.
  const mode = exec.interactiveMode ?? (apiVersion === V1 ? "" : "IfAvailable");
  if (!["Never", "IfAvailable", "Always"].includes(mode)) {
    throw new ExecPluginError(
      mode
        ? `${who}: interactiveMode ${JSON.stringify(mode)} is not Never, IfAvailable or Always`
        : `${who}: interactiveMode must be specified for ${apiVersion} (kubectl refuses it too)`,
    );
  }
  const terminal = options.stdinIsTerminal ?? process.stdin.isTTY === true;
  const interactive = mode !== "Never" && terminal;
  if (mode === "Always" && !terminal) {
    throw new ExecPluginError(
      `${who}: interactiveMode is Always but standard input is not a terminal (kubectl refuses it too)`,
    );
  }
  if (!interactive) return spawnPlugin(exec, apiVersion, interactive, options, who);
  const run = () => {
    const release = holdTerminal();
    return spawnPlugin(exec, apiVersion, interactive, options, who).finally(release);
  };
  const turn = terminalTurn.then(run, run);
  terminalTurn = turn.catch(() => {});
  return turn;
}

function spawnPlugin(
  exec: ExecConfig,
  apiVersion: string,
  interactive: boolean,
  options: { timeoutMs: number; cluster?: Cluster | null },
  who: string,
): Promise<ExecCredentialStatus> {
  const command = commandLine(exec);
  const cluster = exec.provideClusterInfo ? clusterInfo(options.cluster) : undefined;
  const info = {
    apiVersion,
    kind: "ExecCredential",
    spec: { interactive, ...(cluster ? { cluster } : {}) },
  };
  const env: NodeJS.ProcessEnv = { ...process.env, KUBERNETES_EXEC_INFO: JSON.stringify(info) };
  for (const e of exec.env ?? []) env[e.name] = e.value;

  hookExit();
  return new Promise((resolve, reject) => {
    const child = spawn(exec.command ?? "", exec.args ?? [], {
      env,
      // Its own process group: kill(-pid) reaches every process it started. Not one that may
      // prompt: a process group other than the terminal's foreground one is stopped (SIGTTIN)
      // when it reads the terminal, so that one stays in ours and only it is killed.
      detached: !interactive,
      stdio: [interactive ? "inherit" : "ignore", "pipe", "pipe"],
    });
    const target = child.pid === undefined ? undefined : interactive ? child.pid : -child.pid;
    if (target !== undefined) running.add(target);
    let stdout = "";
    let stderr = "";
    let settled = false;
    const done = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      f();
    };
    // A login on the terminal (a device code, a browser, MFA) takes as long as the person does:
    // kubectl bounds no plugin, we bound only those that cannot ask anyone anything.
    const timer = interactive
      ? undefined
      : setTimeout(() => {
          if (target !== undefined) kill(target);
          done(() =>
            reject(
              new ExecPluginError(
                `${who} (${command}) timed out after ${options.timeoutMs} ms (--request-timeout); it and the processes it started were killed`,
                factsOf(exec, { said: firstLine(stderr) || undefined }),
              ),
            ),
          );
        }, options.timeoutMs);
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
      // kubectl shows a plugin's stderr (prompts, progress) as it comes.
      if (interactive) process.stderr.write(d);
    });
    child.on("error", (err: NodeJS.ErrnoException) => {
      if (target !== undefined) running.delete(target);
      done(() => {
        if (err.code !== "ENOENT") {
          reject(
            new ExecPluginError(
              `${who} (${command}) could not be started: ${err.message}`,
              factsOf(exec),
            ),
          );
          return;
        }
        const hint = exec.installHint?.trim();
        reject(
          new ExecPluginError(
            `${who}: ${exec.command} not found${exec.command?.includes("/") ? "" : " on PATH"}${hint ? `; ${hint.replace(/\s*\n\s*/g, " ")}` : ""}`,
            factsOf(exec, { missing: true }),
          ),
        );
      });
    });
    // close, not exit: stdout is read to its end (or to the timeout).
    child.on("close", (code, signal) => {
      if (target !== undefined) running.delete(target);
      done(() => {
        if (code !== 0) {
          const why = firstLine(stderr);
          reject(
            new ExecPluginError(
              `${who} (${command}) failed with ${code === null ? `signal ${signal}` : `exit code ${code}`}${why ? `: ${why}` : " and said nothing on stderr"}`,
              factsOf(exec, why ? { said: why } : {}),
            ),
          );
          return;
        }
        try {
          resolve(credentialFrom(stdout, apiVersion));
        } catch (err) {
          reject(
            new ExecPluginError(`${who} (${command}) ${(err as Error).message}`, factsOf(exec)),
          );
        }
      });
    });
  });
}

/** The status of the ExecCredential the plugin printed, checked as client-go checks it. */
function credentialFrom(stdout: string, apiVersion: string): ExecCredentialStatus {
  let cred: { apiVersion?: unknown; kind?: unknown; status?: ExecCredentialStatus };
  try {
    cred = JSON.parse(stdout);
  } catch {
    const line = firstLine(stdout);
    throw new Error(
      `printed ${line ? `"${line.slice(0, 80)}"` : "nothing"}, not an ExecCredential in JSON`,
    );
  }
  if (!cred || typeof cred !== "object" || cred.kind !== "ExecCredential") {
    throw new Error("printed JSON that is not an ExecCredential (no kind: ExecCredential)");
  }
  if (cred.apiVersion !== apiVersion) {
    throw new Error(
      `printed an ExecCredential of apiVersion ${JSON.stringify(cred.apiVersion)}, but the kubeconfig says ${apiVersion}`,
    );
  }
  const s = cred.status;
  if (!s || typeof s !== "object") throw new Error("printed an ExecCredential without a status");
  if (!s.token && !s.clientCertificateData && !s.clientKeyData) {
    throw new Error("printed an ExecCredential with neither a token nor a client certificate");
  }
  if (!s.clientCertificateData !== !s.clientKeyData) {
    throw new Error(
      "printed a client certificate without its key, or a key without its certificate",
    );
  }
  return s;
}

/**
 * client-node's authenticator interface over runExecPlugin, for one context's KubeConfig: the
 * credential is kept until its expirationTimestamp (as client-node and client-go keep it), and
 * requests that want it at the same time share one run of the plugin.
 */
export class ExecAuthenticator implements Authenticator {
  private cached: ExecCredentialStatus | undefined;
  private pending: Promise<ExecCredentialStatus> | undefined;

  constructor(
    private readonly kc: KubeConfig,
    private readonly timeoutMs: number,
  ) {}

  isAuthProvider(user: User): boolean {
    return Boolean(user?.exec);
  }

  async applyAuthentication(
    user: User,
    opts: { cert?: unknown; key?: unknown; headers?: Record<string, unknown> },
  ): Promise<void> {
    const status = await this.credential(user);
    if (status.clientCertificateData && status.clientKeyData) {
      opts.cert = status.clientCertificateData;
      opts.key = status.clientKeyData;
    }
    if (status.token) {
      opts.headers ??= {};
      opts.headers.Authorization = `Bearer ${status.token}`;
    }
  }

  private credential(user: User): Promise<ExecCredentialStatus> {
    const c = this.cached;
    if (c && (!c.expirationTimestamp || Date.parse(c.expirationTimestamp) > Date.now())) {
      return Promise.resolve(c);
    }
    this.cached = undefined;
    this.pending ??= runExecPlugin(user.exec as ExecConfig, {
      user: user.name,
      timeoutMs: this.timeoutMs,
      cluster: this.kc.getCurrentCluster(),
    }).then(
      (status) => {
        this.pending = undefined;
        this.cached = status;
        return status;
      },
      (err) => {
        this.pending = undefined;
        throw err;
      },
    );
    return this.pending;
  }
}

/**
 * Makes kc run `user.exec` plugins with ExecAuthenticator instead of client-node's runner. Its
 * authenticators are private and tried before added ones, so ours goes first in that list; a
 * client-node without it fails here, at once, rather than running plugins unbounded.
 */
export function useOwnExecPlugins(kc: KubeConfig, timeoutMs: number): void {
  const list = (kc as unknown as { authenticators?: Authenticator[] }).authenticators;
  if (!Array.isArray(list)) {
    throw new Error("@kubernetes/client-node has no authenticators list: exec plugins unbounded");
  }
  list.unshift(new ExecAuthenticator(kc, timeoutMs));
}
