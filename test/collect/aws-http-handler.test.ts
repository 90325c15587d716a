/**
 * The AWS request handler's failures that test/aws/network-parity.test.ts does not run the AWS
 * CLI for: each names what failed (the bundle, the proxy, the setting) rather than AWS. In
 * process, against loopback servers: no moto, no CLI.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { HttpRequest } from "@smithy/core/protocols";
import { AwsNetworkError, awsRequestHandler } from "../../src/collect/aws/http-handler.js";
import { startForwardProxy } from "../support/forward-proxy.js";
import { unusedLoopbackUrl } from "../support/kube-api-server.js";

const dir = mkdtempSync(join(tmpdir(), "antrea-mc-handler-"));

/** One POST through a handler made for `env`; resolves to the status and body, or rejects. */
async function send(env: NodeJS.ProcessEnv, url: string) {
  const handler = awsRequestHandler({ timeoutMs: 5000, env });
  const u = new URL(url);
  try {
    const { response } = await handler.handle(
      new HttpRequest({
        protocol: u.protocol,
        hostname: u.hostname,
        port: Number(u.port),
        path: "/",
        method: "POST",
        headers: { host: u.host },
        body: "Action=GetCallerIdentity",
      }),
    );
    const chunks: Buffer[] = [];
    for await (const c of response.body as AsyncIterable<Buffer>) chunks.push(Buffer.from(c));
    return { status: response.statusCode, body: Buffer.concat(chunks).toString() };
  } finally {
    handler.destroy();
  }
}

async function refusal(promise: Promise<unknown>): Promise<AwsNetworkError> {
  const err = await promise.then(
    () => assert.fail("the request went through"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof AwsNetworkError, String(err));
  return err;
}

describe("the AWS request handler names what failed", () => {
  let aws: Server;
  let awsUrl: string;
  before(async () => {
    // An AWS-like endpoint that answers every request with an EC2 error document.
    aws = createServer((_req, res) => {
      res.writeHead(400, { "content-type": "text/xml" });
      res.end(
        "<Response><Errors><Error><Code>InvalidParameterValue</Code></Error></Errors></Response>",
      );
    });
    await new Promise<void>((resolve) => aws.listen(0, "127.0.0.1", resolve));
    awsUrl = `http://aws.test:${(aws.address() as AddressInfo).port}`;
  });
  after(() => aws.close());

  it("a CA bundle without a certificate: the file and the variable", async () => {
    const file = join(dir, "not-a-bundle.pem");
    writeFileSync(
      file,
      "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n",
    );
    const err = await refusal(send({ AWS_CA_BUNDLE: file }, await unusedLoopbackUrl()));
    assert.equal(err.kind, "tls");
    assert.match(err.message, new RegExp(`^the CA bundle ${file} named by AWS_CA_BUNDLE holds no`));
  });

  it("a bundle is read for HTTPS only, as botocore reads it", async () => {
    const proxy = await startForwardProxy({ "aws.test": "127.0.0.1" });
    try {
      const env = { AWS_CA_BUNDLE: join(dir, "missing.pem"), HTTP_PROXY: proxy.url };
      assert.equal((await send(env, awsUrl)).status, 400);
    } finally {
      await proxy.close();
    }
  });

  it("an AWS error through an HTTP proxy is AWS's, handed on whole", async () => {
    const proxy = await startForwardProxy({ "aws.test": "127.0.0.1" });
    try {
      const out = await send({ HTTP_PROXY: `${proxy.url}/` }, awsUrl);
      assert.equal(out.status, 400);
      assert.match(out.body, /<Code>InvalidParameterValue<\/Code>/);
      assert.deepEqual(proxy.seen, [`POST ${awsUrl}/`]);
    } finally {
      await proxy.close();
    }
  });

  it("a proxy's own error page for an http:// endpoint: the proxy refused, not AWS", async () => {
    // The AWS CLI fails here too, saying it cannot parse "proxy: cannot reach …" as XML.
    const proxy = await startForwardProxy({});
    try {
      const err = await refusal(send({ http_proxy: proxy.url }, awsUrl));
      assert.equal(err.kind, "proxy");
      assert.equal(
        err.message,
        `the proxy ${proxy.url} (http_proxy) refused POST ${awsUrl}/: 502 Bad Gateway (proxy: cannot reach ${new URL(awsUrl).host})`,
      );
    } finally {
      await proxy.close();
    }
  });

  it("a proxy that does not listen: the proxy, its variable, no credentials", async () => {
    const dead = (await unusedLoopbackUrl()).replace("https://", "http://user:s3cret@");
    const err = await refusal(send({ https_proxy: dead }, "https://sts.amazonaws.com:443"));
    assert.equal(err.kind, "proxy");
    assert.equal(err.code, "ECONNREFUSED");
    assert.match(
      err.message,
      /^could not talk to the proxy http:\/\/127\.0\.0\.1:\d+ \(https_proxy\): connect ECONNREFUSED/,
    );
    assert.doesNotMatch(err.message, /s3cret|user/);
  });

  it("a proxy variable that is no http(s) URL", async () => {
    const err = await refusal(
      send({ HTTPS_PROXY: "socks5://127.0.0.1:1080" }, "https://sts.amazonaws.com"),
    );
    assert.equal(err.kind, "proxy");
    assert.match(err.message, /^HTTPS_PROXY=socks5:\/\/127\.0\.0\.1:1080 is not the URL of an/);
  });

  it("an http:// endpoint through an https:// proxy: refused, with the way out", async () => {
    const err = await refusal(send({ HTTP_PROXY: "https://proxy.corp:3128" }, awsUrl));
    assert.match(err.message, /list aws\.test in NO_PROXY$/);
  });
});
