/**
 * Exec credential plugins (kubeconfig `user.exec`, as `aws eks get-token` is configured): run on
 * our own request path, bounded by --request-timeout (the plugin and its children are killed),
 * and their failures say what the plugin did.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { KubeConfig } from "@kubernetes/client-node";
import { stringify } from "yaml";
import { ClientNodeReader } from "../../src/collect/kube/client.js";
import { ExecAuthenticator, type ExecConfig, runExecPlugin } from "../../src/collect/kube/exec.js";
import { configForContext, loadKubeconfig } from "../../src/collect/kube/kubeconfig.js";
import type { DoctorDocument } from "../../src/report/doctor.js";
import { terminalHeld } from "../../src/util/terminal.js";
import { CLI, type CliResult, cleanEnv, runCli } from "../support/cli.js";
import { type KubeApiServer, startKubeApiServer } from "../support/kube-api-server.js";
import { clusterOptions, healthyScenario } from "../support/scenarios.js";
import { testCA } from "../support/tls.js";

const dir = mkdtempSync(join(tmpdir(), "antrea-mc-exec-plugin-"));
const TOKEN = "exec-plugin-token";
const V1 = "client.authentication.k8s.io/v1";
const V1BETA1 = "client.authentication.k8s.io/v1beta1";

function script(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** Prints an ExecCredential of $API with $TOKEN, after noting its input in $OUT (one run a line). */
const good = script(
  "good.sh",
  [
    'printf \'%s|%s|%s|%s\\n\' "$KUBERNETES_EXEC_INFO" "$EXTRA" "$*" "$(test -t 0 && echo tty || echo notty)" >> "$OUT"',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, not a template
    'printf \'{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"%s"%s}}\' "$API" "$TOKEN" "${EXPIRES:+,\\"expirationTimestamp\\":\\"$EXPIRES\\"}"',
  ].join("\n"),
);
/** Starts a child that sleeps, writes both PIDs to $PIDS, and waits: a plugin that hangs. */
const hang = script("hang.sh", 'sleep 30 &\necho "$$ $!" > "$PIDS"\nwait');
const failing = script(
  "fail.sh",
  "echo 'Token has expired and refresh failed' >&2\necho 'second line' >&2\nexit 255",
);
const chatty = script("chatty.sh", "echo 'hello, I am not JSON'");

const runs = (out: string) => (existsSync(out) ? readFileSync(out, "utf8").trim().split("\n") : []);

function plugin(exec: Partial<ExecConfig>, env: Record<string, string> = {}): ExecConfig {
  return {
    apiVersion: V1,
    command: good,
    interactiveMode: "Never",
    ...exec,
    env: [
      ...Object.entries({ API: exec.apiVersion ?? V1, TOKEN, ...env }).map(([name, value]) => ({
        name,
        value,
      })),
      ...(exec.env ?? []),
    ],
  };
}

/** A process that exists and is not a zombie (one killed whose parent is gone may linger as one). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

describe("runExecPlugin: as client-go runs a plugin", () => {
  const opts = { user: "u", timeoutMs: 3000, stdinIsTerminal: false };

  it("passes args and env, and KUBERNETES_EXEC_INFO with the cluster when provideClusterInfo", async () => {
    const out = join(dir, "info.out");
    const cluster = {
      name: "c",
      server: "https://127.0.0.1:6443",
      caData: Buffer.from("PEM").toString("base64"),
      tlsServerName: "kubernetes",
      skipTLSVerify: false,
    };
    const status = await runExecPlugin(
      plugin(
        { args: ["eks", "get-token", "--cluster-name", "west"], provideClusterInfo: true },
        {
          OUT: out,
          EXTRA: "from-env",
        },
      ),
      { ...opts, cluster },
    );
    assert.equal(status.token, TOKEN);
    const [info, extra, args, tty] = (runs(out)[0] ?? "").split("|");
    assert.deepEqual(JSON.parse(info ?? ""), {
      apiVersion: V1,
      kind: "ExecCredential",
      spec: {
        interactive: false,
        cluster: {
          server: "https://127.0.0.1:6443",
          "tls-server-name": "kubernetes",
          "certificate-authority-data": cluster.caData,
        },
      },
    });
    assert.equal(extra, "from-env");
    assert.equal(args, "eks get-token --cluster-name west");
    assert.equal(tty, "notty", "interactiveMode Never: no standard input");
  });

  it("v1beta1 without provideClusterInfo: no cluster in KUBERNETES_EXEC_INFO", async () => {
    const out = join(dir, "beta.out");
    const status = await runExecPlugin(
      plugin({ apiVersion: V1BETA1, interactiveMode: undefined }, { OUT: out }),
      opts,
    );
    assert.equal(status.token, TOKEN);
    assert.deepEqual(JSON.parse((runs(out)[0] ?? "").split("|")[0] ?? ""), {
      apiVersion: V1BETA1,
      kind: "ExecCredential",
      spec: { interactive: false },
    });
  });

  it("interactive plugins (a terminal, IfAvailable) take turns: never two prompts at once", async () => {
    const out = join(dir, "turns.out");
    const turn = script(
      "turn.sh",
      `echo "start $KUBERNETES_EXEC_INFO" >> "$OUT"; sleep 0.2; echo end >> "$OUT"
printf '{"apiVersion":"${V1}","kind":"ExecCredential","status":{"token":"t"}}'`,
    );
    const exec = plugin({ command: turn, interactiveMode: "IfAvailable" }, { OUT: out });
    const both = await Promise.all([
      runExecPlugin(exec, { ...opts, user: "a", stdinIsTerminal: true }),
      runExecPlugin(exec, { ...opts, user: "b", stdinIsTerminal: true }),
    ]);
    assert.deepEqual(
      both.map((s) => s.token),
      ["t", "t"],
    );
    const info = JSON.stringify({
      apiVersion: V1,
      kind: "ExecCredential",
      spec: { interactive: true },
    });
    assert.deepEqual(runs(out), [`start ${info}`, "end", `start ${info}`, "end"]);
  });

  it("interactiveMode Never on a terminal: not interactive (no terminal, spec.interactive false)", async () => {
    const out = join(dir, "never.out");
    const probe = script(
      "never.sh",
      `echo "$KUBERNETES_EXEC_INFO|$([ -t 0 ] && echo tty || echo no-tty)" >> "$OUT"
printf '{"apiVersion":"${V1}","kind":"ExecCredential","status":{"token":"t"}}'`,
    );
    const exec = plugin({ command: probe, interactiveMode: "Never" }, { OUT: out });
    await runExecPlugin(exec, { ...opts, stdinIsTerminal: true });
    const [info, tty] = (runs(out)[0] ?? "").split("|");
    assert.equal(JSON.parse(info ?? "").spec.interactive, false);
    assert.equal(tty, "no-tty");
  });

  it("an interactive plugin has the terminal for as long as the person needs: no --request-timeout", async () => {
    const slow = script(
      "slow-login.sh",
      `sleep 0.6; printf '{"apiVersion":"${V1}","kind":"ExecCredential","status":{"token":"t"}}'`,
    );
    let heldDuring = false;
    const watch = setInterval(() => {
      heldDuring ||= terminalHeld();
    }, 50);
    const exec = plugin({ command: slow, interactiveMode: "IfAvailable" });
    const got = await runExecPlugin(exec, { ...opts, timeoutMs: 200, stdinIsTerminal: true });
    clearInterval(watch);
    assert.equal(got.token, "t");
    assert.ok(
      heldDuring,
      "the terminal was held while the plugin ran (no progress over its prompt)",
    );
    assert.equal(terminalHeld(), false, "and given back");
  });

  const refusals: [string, ExecConfig, RegExp][] = [
    [
      "v1 without interactiveMode (kubectl refuses it)",
      plugin({ interactiveMode: undefined }),
      /exec credential plugin of user u: interactiveMode must be specified for client\.authentication\.k8s\.io\/v1/,
    ],
    [
      "interactiveMode Always without a terminal",
      plugin({ interactiveMode: "Always" }),
      /interactiveMode is Always but standard input is not a terminal/,
    ],
    [
      "an apiVersion kubectl no longer accepts",
      plugin({ apiVersion: "client.authentication.k8s.io/v1alpha1" }),
      /apiVersion "client\.authentication\.k8s\.io\/v1alpha1" is not one kubectl accepts/,
    ],
    [
      "an ExecCredential of another apiVersion",
      { ...plugin({}), env: [{ name: "API", value: V1BETA1 }] },
      /printed an ExecCredential of apiVersion "client\.authentication\.k8s\.io\/v1beta1", but the kubeconfig says client\.authentication\.k8s\.io\/v1/,
    ],
    [
      "a credential with no token or certificate",
      { ...plugin({}), env: [{ name: "API", value: V1 }] },
      /printed an ExecCredential with neither a token nor a client certificate/,
    ],
  ];
  for (const [name, exec, message] of refusals) {
    it(`refuses ${name}`, async () => {
      await assert.rejects(runExecPlugin(exec, opts), message);
    });
  }

  it("a plugin killed by a signal says which", async () => {
    const killed = script("killed.sh", "kill -TERM $$");
    await assert.rejects(
      runExecPlugin(plugin({ command: killed }), opts),
      /\(.*killed\.sh\) failed with signal SIGTERM and said nothing on stderr/,
    );
  });
});

describe("ExecAuthenticator: the credential is kept until it expires", () => {
  function authenticator(exec: ExecConfig) {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: "c", server: "https://127.0.0.1:1", skipTLSVerify: false }],
      users: [{ name: "u", exec }],
      contexts: [{ name: "x", cluster: "c", user: "u" }],
      currentContext: "x",
    });
    const auth = new ExecAuthenticator(kc, 3000);
    const user = kc.getCurrentUser();
    assert.ok(user);
    return async () => {
      const opts: { headers?: Record<string, unknown> } = {};
      await auth.applyAuthentication(user, opts);
      return opts.headers?.Authorization;
    };
  }

  it("one run for requests at the same time and later ones, until expirationTimestamp", async () => {
    const out = join(dir, "cache.out");
    const later = new Date(Date.now() + 3600_000).toISOString();
    const auth = authenticator(plugin({}, { OUT: out, EXPIRES: later }));
    const tokens = await Promise.all([auth(), auth(), auth()]);
    assert.deepEqual(tokens, Array(3).fill(`Bearer ${TOKEN}`));
    assert.equal(await auth(), `Bearer ${TOKEN}`);
    assert.equal(runs(out).length, 1);
  });

  it("runs the plugin again once the credential has expired", async () => {
    const out = join(dir, "expired.out");
    const auth = authenticator(plugin({}, { OUT: out, EXPIRES: "2020-01-01T00:00:00Z" }));
    await auth();
    await auth();
    assert.equal(runs(out).length, 2);
  });
});

function kubeconfig(server: KubeApiServer, users: Record<string, ExecConfig>): string {
  const names = Object.keys(users);
  const path = join(dir, `kubeconfig-${names.join("-")}`);
  writeFileSync(
    path,
    stringify({
      apiVersion: "v1",
      kind: "Config",
      "current-context": names[0],
      clusters: [
        {
          name: "test",
          cluster: {
            server: server.url,
            "certificate-authority-data": Buffer.from(testCA().caCert).toString("base64"),
          },
        },
      ],
      users: names.map((n) => ({ name: `user-${n}`, user: { exec: users[n] } })),
      contexts: names.map((n) => ({ name: n, context: { cluster: "test", user: `user-${n}` } })),
    }),
  );
  return path;
}

describe("exec plugins against the test API server", () => {
  let server: KubeApiServer;
  const pids = join(dir, "hang.pids");
  /**
   * Two doctor runs side by side, started in before(): the hanging plugin alone (its run's time is
   * its own), and the plugins that fail at once together, one member each (fewer CLI starts).
   */
  const results = new Map<string, Promise<CliResult & { ms: number }>>();
  const doctor = (contexts: string[], path: string) => {
    const started = Date.now();
    const run = runCli([
      "doctor",
      "--kubeconfig",
      path,
      "--context",
      contexts.join(","),
      "--no-aws",
      "-o",
      "json",
      "--request-timeout",
      "1s",
    ]).then((r) => ({ ...r, ms: Date.now() - started }));
    for (const c of contexts) results.set(c, run);
  };
  const access = async (context: string) => {
    const res = await results.get(context);
    assert.ok(res);
    assert.equal(res.code, 3, res.stderr);
    const doc = JSON.parse(res.stdout) as DoctorDocument;
    const f = doc.checks.find((c) => c.id === "kube.access" && c.member === context);
    assert.equal(f?.status, "fail");
    return { message: f?.message ?? "", ms: res.ms };
  };

  before(async () => {
    const west = healthyScenario()[0];
    assert.ok(west);
    server = await startKubeApiServer({ ...clusterOptions(west), tls: testCA(), token: TOKEN });
    const path = kubeconfig(server, {
      hanging: plugin({ command: hang }, { PIDS: pids }),
      failing: plugin({ command: failing }),
      hinted: plugin({
        command: "aws-iam-authenticator-not-installed",
        installHint: "aws-iam-authenticator is required.\nSee https://example.invalid/install",
      }),
      missing: plugin({ command: "kubelogin-not-installed" }),
      chatty: plugin({ command: chatty }),
    });
    doctor(["hanging"], path);
    doctor(["failing", "hinted", "missing", "chatty"], path);
  });
  after(() => server.close());

  it("a plugin that hangs is killed with its child at --request-timeout", async () => {
    const { message, ms } = await access("hanging");
    assert.match(
      message,
      /^no request was sent: could not get credentials for context hanging: exec credential plugin of user user-hanging \(\S+hang\.sh\) timed out after 1000 ms \(--request-timeout\); it and the processes it started were killed$/,
    );
    // Far below the 30 s the plugin would sleep (the rest is the CLI's start on a busy machine).
    assert.ok(ms < 10_000, `the run took ${ms} ms`);
    const [plugin, child] = readFileSync(pids, "utf8").trim().split(" ").map(Number);
    assert.ok(plugin && child);
    assert.equal(alive(plugin), false, `plugin ${plugin} is gone`);
    assert.equal(alive(child), false, `its child ${child} is gone`);
  });

  it("Ctrl-C while a plugin hangs: doctor dies of SIGINT, and the plugin and its child are gone", async () => {
    const pidFile = join(dir, "interrupted.pids");
    const path = kubeconfig(server, { hanging: plugin({ command: hang }, { PIDS: pidFile }) });
    const child = spawn(CLI, ["doctor", "--kubeconfig", path, "--context", "hanging", "--no-aws"], {
      env: cleanEnv(),
      stdio: "ignore",
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_, signal) => resolve(signal)),
    );
    while (!existsSync(pidFile) || !readFileSync(pidFile, "utf8").includes(" ")) {
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill("SIGINT");
    assert.equal(await exited, "SIGINT");
    const [hung, itsChild] = readFileSync(pidFile, "utf8").trim().split(" ").map(Number);
    assert.ok(hung && itsChild);
    assert.equal(alive(hung), false, `plugin ${hung} is gone`);
    assert.equal(alive(itsChild), false, `its child ${itsChild} is gone`);
  });

  it("a plugin that exits non-zero: its exit code and the first line of its stderr", async () => {
    const { message } = await access("failing");
    assert.match(
      message,
      /^no request was sent: could not get credentials for context failing: exec credential plugin of user user-failing \(\S+fail\.sh\) failed with exit code 255: Token has expired and refresh failed$/,
    );
  });

  it("a missing command: the kubeconfig's installHint", async () => {
    const { message } = await access("hinted");
    assert.equal(
      message,
      "no request was sent: could not get credentials for context hinted: exec credential plugin of user user-hinted: aws-iam-authenticator-not-installed not found on PATH; aws-iam-authenticator is required. See https://example.invalid/install",
    );
  });

  it("a missing command without installHint: not found on PATH", async () => {
    const { message } = await access("missing");
    assert.equal(
      message,
      "no request was sent: could not get credentials for context missing: exec credential plugin of user user-missing: kubelogin-not-installed not found on PATH",
    );
  });

  it("a plugin that prints something else: not an ExecCredential", async () => {
    const { message } = await access("chatty");
    assert.match(
      message,
      /exec credential plugin of user user-chatty \(\S+chatty\.sh\) printed "hello, I am not JSON", not an ExecCredential in JSON$/,
    );
  });

  for (const [name, exec] of [
    ["v1, env, args and provideClusterInfo", plugin({ args: ["a b"], provideClusterInfo: true })],
    [
      "v1beta1 without interactiveMode",
      plugin({ apiVersion: V1BETA1, interactiveMode: undefined }),
    ],
  ] as const) {
    it(`reads the cluster with a plugin's token: ${name}`, async () => {
      const out = join(dir, `${name.length}.out`);
      const path = kubeconfig(server, {
        ok: { ...exec, env: [...(exec.env ?? []), { name: "OUT", value: out }] },
      });
      const r = new ClientNodeReader("ok", configForContext(loadKubeconfig(path, {}), "ok"), 3000);
      const nodes = await r.version();
      await r.close();
      assert.ok(nodes.ok, JSON.stringify(nodes));
      const [info, , args] = (runs(out)[0] ?? "").split("|");
      const cluster = (JSON.parse(info ?? "{}") as { spec?: { cluster?: { server?: string } } })
        .spec?.cluster;
      assert.equal(cluster?.server, exec.provideClusterInfo ? server.url : undefined);
      assert.equal(args, exec.args?.join(" ") ?? "");
    });
  }
});
