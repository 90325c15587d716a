/**
 * The way to AWS, with the AWS CLI as the oracle: proxies from the environment (HTTP_PROXY,
 * HTTPS_PROXY with CONNECT, NO_PROXY) and CA bundles (AWS_CA_BUNDLE, ca_bundle of the profile),
 * which the AWS SDK for JavaScript reads neither of. Each variant runs `aws sts
 * get-caller-identity` and `kubectl antrea-mc doctor` in the same environment, and both must come
 * out as the variant says: doctor reads west and, through a role, east (sts, then EC2 reads; moto
 * holds no instances, so only aws.access is asserted: it passes when AWS was read). One moto, one
 * forward proxy (it alone resolves *.aws.test) and one TLS front of moto (*.aws.test and
 * 127.0.0.1, signed by the test CA) serve every variant, all at once.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { type AddressInfo, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createServer, type Server } from "node:tls";
import type { DoctorDocument } from "../../src/report/doctor.js";
import { result } from "../support/aws-harness.js";
import { cleanEnv, runCli } from "../support/cli.js";
import { type ForwardProxy, startForwardProxy } from "../support/forward-proxy.js";
import { type RunningClusterSet, startClusterSet } from "../support/harness.js";
import { type Moto, startMoto } from "../support/moto.js";
import { healthyScenario } from "../support/scenarios.js";
import { AWS_DOMAIN, testCA } from "../support/tls.js";

interface Servers {
  moto: Moto;
  proxy: ForwardProxy;
  /** moto's port, and the TLS front's. */
  http: number;
  https: number;
  caFile: string;
  dir: string;
}

type Tool = "cli" | "plugin";

interface Variant {
  name: string;
  /** The variant's environment for one tool (host names carry the tool: a-cli.aws.test). */
  env: (s: Servers, host: (tool: Tool) => string, tool: Tool) => Record<string, string>;
  /** The profile both use (--profile / --aws-profile), written to the config file. */
  profile?: Record<string, string>;
  /** undefined: both work. Else the AWS CLI's stderr and doctor's aws.access message. */
  fails?: { cli: RegExp; plugin: (s: Servers) => RegExp; remediation?: RegExp };
  /** What the proxy must have carried (or not) for this tool. */
  proxied?: (s: Servers, host: string) => { saw?: string; not?: RegExp };
}

const EAST_ROLE = "east=arn:aws:iam::444455556666:role/antrea-mc-doctor";

const NOT_TRUSTED =
  /certificate of 127\.0\.0\.1:\d+ is not trusted .*checked against Node's default CAs .*set AWS_CA_BUNDLE \(or ca_bundle in the profile\)/;

const VARIANTS: Variant[] = [
  {
    name: "a: an http:// endpoint through HTTP_PROXY (absolute-form)",
    env: (s, host, tool) => ({
      AWS_ENDPOINT_URL: `http://${host(tool)}:${s.http}`,
      HTTP_PROXY: s.proxy.url,
    }),
    proxied: (s, host) => ({ saw: `POST http://${host}:${s.http}/` }),
  },
  {
    name: "b: NO_PROXY sends it direct, where its name does not resolve",
    env: (s, host, tool) => ({
      AWS_ENDPOINT_URL: `http://${host(tool)}:${s.http}`,
      HTTP_PROXY: s.proxy.url,
      // A DNS suffix, any case, a leading dot: urllib's rules.
      no_proxy: `example.com, .AWS.test`,
    }),
    fails: {
      cli: /Could not connect to the endpoint URL: "http:\/\/b-cli\.aws\.test:\d+\/"/,
      plugin: () => /\(ENOTFOUND\): getaddrinfo ENOTFOUND b-plugin\.aws\.test/,
    },
    proxied: () => ({ not: /b-(cli|plugin)\.aws\.test/ }),
  },
  {
    name: "c: HTTPS with the CA in AWS_CA_BUNDLE",
    env: (s) => ({ AWS_ENDPOINT_URL: `https://127.0.0.1:${s.https}`, AWS_CA_BUNDLE: s.caFile }),
  },
  {
    name: "d: HTTPS without a bundle: the certificate is not trusted",
    env: (s) => ({ AWS_ENDPOINT_URL: `https://127.0.0.1:${s.https}` }),
    fails: {
      cli: /SSL validation failed for https:\/\/127\.0\.0\.1:\d+\/ .*certificate verify failed/,
      plugin: () => NOT_TRUSTED,
      remediation: /^# the AWS CLI trusts the same CAs.*\nexport AWS_CA_BUNDLE=/,
    },
  },
  {
    name: "e: HTTPS with the CA as ca_bundle of the profile",
    env: (s) => ({ AWS_ENDPOINT_URL: `https://127.0.0.1:${s.https}` }),
    profile: { ca_bundle: "CA_FILE" },
  },
  {
    name: "f: HTTPS through HTTPS_PROXY with CONNECT, and AWS_CA_BUNDLE",
    env: (s, host, tool) => ({
      AWS_ENDPOINT_URL: `https://${host(tool)}:${s.https}`,
      HTTPS_PROXY: s.proxy.url,
      // NO_PROXY names other hosts only.
      NO_PROXY: "127.0.0.1,localhost",
      AWS_CA_BUNDLE: s.caFile,
    }),
    proxied: (s, host) => ({ saw: `CONNECT ${host}:${s.https}` }),
  },
  {
    name: "g: AWS_CA_BUNDLE before the profile's ca_bundle",
    env: (s) => ({
      AWS_ENDPOINT_URL: `https://127.0.0.1:${s.https}`,
      AWS_CA_BUNDLE: join(s.dir, "missing.pem"),
    }),
    profile: { ca_bundle: "CA_FILE" },
    fails: {
      cli: /SSL validation failed .*No such file or directory/,
      plugin: (s) =>
        new RegExp(
          `cannot read the CA bundle ${join(s.dir, "missing.pem")} named by AWS_CA_BUNDLE \\(ENOENT`,
        ),
    },
  },
  {
    name: "h: the proxy refuses CONNECT",
    env: (s, _host, tool) => ({
      AWS_ENDPOINT_URL: `https://h-${tool}.unknown.test:${s.https}`,
      HTTPS_PROXY: s.proxy.url.replace("//", "//user:s3cret@"),
      AWS_CA_BUNDLE: s.caFile,
    }),
    fails: {
      cli: /Failed to connect to proxy URL: "http:\/\/\*\*\*:\*\*\*@127\.0\.0\.1:\d+"/,
      plugin: (s) =>
        new RegExp(
          `did not reach AWS: the proxy ${s.proxy.url.replaceAll(".", "\\.")} \\(HTTPS_PROXY\\) refused CONNECT h-plugin\\.unknown\\.test:${s.https}: 502 Bad Gateway$`,
        ),
      remediation:
        /^# the AWS CLI goes through the same proxy: HTTPS_PROXY .*NO_PROXY\naws sts get-caller-identity/,
    },
  },
];

/** This process's environment without what botocore would read of it (the machine's CA bundles). */
const OWN_ENV = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) => !k.startsWith("AWS_") && !/_proxy$/i.test(k) && k !== "REQUESTS_CA_BUNDLE",
  ),
);

/** TLS in front of moto, with the certificate for *.aws.test and 127.0.0.1. */
async function tlsFront(port: number): Promise<Server> {
  const ca = testCA();
  const server = createServer({ cert: ca.awsCert, key: ca.awsKey }, (socket) => {
    const upstream = connect(port, "127.0.0.1");
    socket.pipe(upstream).pipe(socket);
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

describe("the way to AWS: proxies and CA bundles, as the AWS CLI takes them", () => {
  let s: Servers;
  let front: Server;
  let cs: RunningClusterSet;
  before(async () => {
    const [moto, proxy] = await Promise.all([
      startMoto(),
      startForwardProxy(
        Object.fromEntries(
          VARIANTS.flatMap((v) =>
            (["cli", "plugin"] as const).map((t) => [
              `${v.name[0]}-${t}.${AWS_DOMAIN}`,
              "127.0.0.1",
            ]),
          ),
        ),
      ),
    ]);
    const http = Number(new URL(moto.endpoint).port);
    front = await tlsFront(http);
    const https = (front.address() as AddressInfo).port;
    s = {
      moto,
      proxy,
      http,
      https,
      caFile: testCA().caFile,
      dir: mkdtempSync(join(tmpdir(), "antrea-mc-net-")),
    };
    cs = await startClusterSet(healthyScenario());
  });
  after(async () => {
    await cs?.close();
    front?.close();
    await s?.proxy.close();
    await s?.moto.stop();
  });

  /** Both tools in one variant's environment. */
  async function run(v: Variant) {
    const letter = v.name[0] ?? "";
    const host = (tool: Tool) => `${letter}-${tool}.${AWS_DOMAIN}`;
    const files: Record<string, string> = {};
    if (v.profile) {
      const config = join(s.dir, `${letter}.config`);
      const keys = `aws_access_key_id = ${s.moto.env.AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${s.moto.env.AWS_SECRET_ACCESS_KEY}\n`;
      const settings = Object.entries(v.profile)
        .map(([k, val]) => `${k} = ${val === "CA_FILE" ? s.caFile : val}\n`)
        .join("");
      writeFileSync(config, `[profile net]\n${keys}${settings}`);
      files.AWS_CONFIG_FILE = config;
      files.AWS_SHARED_CREDENTIALS_FILE = join(s.dir, "no-credentials");
    }
    // A profile's keys are its own: the SDK would warn of keys in the environment as well.
    const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, ...noKeys } = s.moto.env;
    const env = (tool: Tool) => ({
      ...(v.profile ? noKeys : s.moto.env),
      AWS_MAX_ATTEMPTS: "1",
      AWS_DEFAULT_REGION: "us-west-2",
      ...files,
      ...v.env(s, host, tool),
    });
    const cliArgs = v.profile ? " --profile net" : "";
    const cli = (await s.moto.awsCli())
      .bash(`aws_cli sts get-caller-identity --output json${cliArgs}`, {
        ...OWN_ENV,
        ...env("cli"),
      })
      .then(
        (stdout) => ({ ok: true, out: stdout }),
        (err: { stderr?: string }) => ({ ok: false, out: err.stderr ?? String(err) }),
      );
    const plugin = runCli(
      [
        ...["doctor", "-o", "json", "--kubeconfig", cs.kubeconfig, "--aws-role-arn", EAST_ROLE],
        ...(v.profile ? ["--aws-profile", "net"] : []),
      ],
      { env: cleanEnv(env("plugin")) },
    );
    return { cli: await cli, plugin: await plugin, host };
  }

  it("each variant: the AWS CLI and doctor agree (all at once)", async (t) => {
    const runs = await Promise.all(VARIANTS.map(run));
    for (const [i, v] of VARIANTS.entries()) {
      const { cli, plugin, host } = runs[i] as Awaited<ReturnType<typeof run>>;
      await t.test(v.name, () => {
        assert.ok(plugin.stdout.startsWith("{"), plugin.stderr);
        const doc = JSON.parse(plugin.stdout) as DoctorDocument;
        if (!v.fails) {
          assert.ok(cli.ok, `aws: ${cli.out}`);
          assert.equal(JSON.parse(cli.out).Account, "123456789012");
          const read = (m: string) => result(doc, "aws.access", m).map((f) => f.message);
          assert.match(read("west").join(), /^read account 123456789012 in us-west-2 as /);
          assert.match(
            read("east").join(),
            /^read account 444455556666 in us-east-1 as arn:aws:sts::444455556666:assumed-role\/antrea-mc-doctor\//,
          );
          assert.notEqual(plugin.code, 3, plugin.stderr);
        } else {
          assert.ok(!cli.ok, `aws worked: ${cli.out}`);
          assert.match(cli.out, v.fails.cli);
          assert.equal(plugin.code, 3, plugin.stderr);
          for (const member of ["west", "east"]) {
            const [f, ...more] = result(doc, "aws.access", member);
            assert.equal(more.length, 0);
            assert.equal(f?.status, "fail");
            assert.match(f?.message ?? "", v.fails.plugin(s), member);
            if (v.fails.remediation) assert.match(f?.remediation ?? "", v.fails.remediation);
          }
          assert.doesNotMatch(plugin.stdout, /s3cret/);
        }
        for (const tool of ["cli", "plugin"] as const) {
          const want = v.proxied?.(s, host(tool));
          if (want?.saw)
            assert.ok(s.proxy.seen.includes(want.saw), `${want.saw} in ${s.proxy.seen}`);
          if (want?.not) assert.ok(!s.proxy.seen.some((l) => want.not?.test(l)), `${s.proxy.seen}`);
        }
      });
    }
  });
});
