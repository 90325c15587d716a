/**
 * A real moto_server on 127.0.0.1 at a free port, for EC2 and STS behaviour in tests. Started and
 * stopped by the test; its random generator is seeded so that IDs are repeatable.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { type AwsCli, startAwsCli } from "./aws-cli.js";

export interface Moto {
  readonly endpoint: string;
  /** Environment for the AWS SDK / CLI to talk to this moto as the default account. */
  readonly env: Record<string, string>;
  /** Forgets every resource (and seeds the ID generator again). */
  reset(): Promise<void>;
  /** From now on, check signatures and IAM permissions of every call (moto's reset-auth). */
  enforceIam(): Promise<void>;
  /** Everything moto holds, to compare before and after. */
  state(): Promise<unknown>;
  /** The AWS CLI for bash scripts (started on first use, stopped with moto). */
  awsCli(): Promise<AwsCli>;
  stop(): Promise<void>;
}

export const DEFAULT_ACCOUNT = "123456789012"; // moto's default account

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function post(url: string, body = ""): Promise<void> {
  const res = await fetch(url, { method: "POST", body });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  await res.arrayBuffer();
}

export interface MotoOptions {
  /** Freeze moto's clock (launch times, …), for output that must repeat exactly. */
  frozenTime?: Date;
}

export async function startMoto(opts: MotoOptions = {}): Promise<Moto> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const args = ["-H", "127.0.0.1", "-p", String(port)];
  const frozen = opts.frozenTime
    ? ["--frozen", opts.frozenTime.toISOString().replace(/\.\d+Z$/, "")]
    : [];
  const child: ChildProcess = spawn(
    "python3",
    [new URL("moto-server.py", import.meta.url).pathname, ...frozen, ...args],
    {
      // No MOTO_ACCOUNT_ID: it would pin every request to one account, and assumed roles must act in theirs.
      env: process.env,
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr = `${stderr}${d}`.slice(-4000);
  });
  const exited = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? -1)));
  for (let i = 0; ; i++) {
    try {
      const res = await fetch(`${endpoint}/moto-api/data.json`);
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || i > 200) {
      child.kill();
      throw new Error(`moto_server did not start on ${endpoint}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const seed = () => post(`${endpoint}/moto-api/seed?a=42`);
  await seed();
  let cli: Promise<AwsCli> | undefined;
  return {
    endpoint,
    env: {
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      AWS_EC2_METADATA_DISABLED: "true",
    },
    state: async () => {
      const res = await fetch(`${endpoint}/moto-api/data.json`);
      return res.json();
    },
    reset: async () => {
      await post(`${endpoint}/moto-api/reset-auth`, "inf");
      await post(`${endpoint}/moto-api/reset`);
      await seed();
    },
    enforceIam: () => post(`${endpoint}/moto-api/reset-auth`, "0"),
    awsCli: () => {
      cli ??= startAwsCli();
      return cli;
    },
    stop: async () => {
      await cli?.then(
        (c) => c.stop(),
        () => undefined,
      );
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}
