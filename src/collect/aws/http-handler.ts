/**
 * The one request handler of every AWS SDK client the plugin makes (doctor's reads, setup's and
 * teardown's writes, the credential chain's STS and SSO calls): the SDK's NodeHttpHandler, made to
 * reach AWS the way the AWS CLI does (src/config/aws-network.ts). HTTPS goes through the
 * HTTPS_PROXY with CONNECT; plain HTTP (an AWS_ENDPOINT_URL such as a local emulator) is sent to
 * the HTTP_PROXY in absolute form, as urllib3 does; NO_PROXY hosts are reached directly. A CA
 * bundle replaces Node's default CAs, as it replaces botocore's. A proxy's refusal and an
 * untrusted certificate become AwsNetworkError, so that aws.access blames the proxy or the trust,
 * not AWS.
 */
import { X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from "node:https";
import type { Socket } from "node:net";
import { type Duplex, Readable } from "node:stream";
import { HttpRequest, type HttpResponse } from "@smithy/core/protocols";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { HttpHandlerOptions } from "@smithy/types";
import {
  type CaBundleChoice,
  caBundleFor,
  type ProxyChoice,
  ProxySettingError,
  proxyCaBundleFor,
  proxyFor,
} from "../../config/aws-network.js";
import { loadAwsProfiles } from "../../config/aws-profiles.js";

/** The way to AWS failed, not AWS: a proxy refused or could not be reached, or TLS trust failed. */
export class AwsNetworkError extends Error {
  constructor(
    readonly kind: "proxy" | "tls",
    message: string,
    /** The underlying code (ECONNREFUSED keeps the SDK's retries), else a name of our own. */
    readonly code: string,
  ) {
    super(message);
    this.name = kind === "proxy" ? "ProxyError" : "TlsError";
  }
}

/** Node's codes for a certificate chain it does not trust or a name it does not match. */
const UNTRUSTED = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_UNTRUSTED",
  "CERT_SIGNATURE_FAILURE",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

const FIX_TRUST =
  "if a proxy that inspects TLS or a private endpoint shows certificates of a CA of your own, set AWS_CA_BUNDLE (or ca_bundle in the profile) to that CA's PEM file, as for the AWS CLI";

/** A CA bundle read once: its PEM text, or the error that says which file could not be used. */
async function readBundle(choice: CaBundleChoice): Promise<string> {
  let text: string;
  try {
    text = await readFile(choice.file, "utf8");
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new AwsNetworkError(
      "tls",
      `cannot read the CA bundle ${choice.file} named by ${choice.source} (${e.code ?? "error"}: ${e.message}); fix the path, or unset it to trust the default CAs`,
      e.code ?? "CaBundleUnreadable",
    );
  }
  // Node would ignore what is not a certificate, and then trust nothing: say so here instead.
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
  const usable = blocks.filter((pem) => {
    try {
      return Boolean(new X509Certificate(pem));
    } catch {
      return false;
    }
  });
  if (usable.length === 0) {
    throw new AwsNetworkError(
      "tls",
      `the CA bundle ${choice.file} named by ${choice.source} holds no PEM certificate (-----BEGIN CERTIFICATE-----) that can be read`,
      "CaBundleInvalid",
    );
  }
  return text;
}

/** What a member's clients trust and go through, resolved once (the profile file is async). */
class Network {
  ca?: string;
  proxyCa?: string;
  private trust?: CaBundleChoice;
  private loading?: Promise<void>;
  constructor(
    readonly env: NodeJS.ProcessEnv,
    private readonly profile: string,
  ) {}

  proxyFor(target: URL): ProxyChoice | undefined {
    return proxyFor(target, this.env);
  }

  /** Reads the CA bundles before the first HTTPS request; rejects every request if unusable. */
  load(): Promise<void> {
    this.loading ??= (async () => {
      const profiles = await loadAwsProfiles(this.env).catch(() => undefined);
      this.trust = caBundleFor(this.env, profiles, this.profile);
      if (this.trust) this.ca = await readBundle(this.trust);
      const proxyTrust = proxyCaBundleFor(this.env, profiles, this.profile);
      if (proxyTrust) this.proxyCa = await readBundle(proxyTrust);
    })();
    return this.loading;
  }

  /** What the certificates were checked against, for messages. */
  trusted(): string {
    return this.trust
      ? `the CA bundle ${this.trust.file} (${this.trust.source})`
      : "Node's default CAs (no AWS_CA_BUNDLE or ca_bundle is set)";
  }
}

const authority = (host: string, port: number | string) =>
  `${host.includes(":") ? `[${host}]` : host}:${port}`;

/** Proxy-Authorization from the proxy URL's user name and password, if any. */
function proxyAuth(proxy: ProxyChoice): Record<string, string> {
  const { username, password } = proxy.url;
  if (!username && !password) return {};
  const basic = Buffer.from(
    `${decodeURIComponent(username)}:${decodeURIComponent(password)}`,
  ).toString("base64");
  return { "proxy-authorization": `Basic ${basic}` };
}

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, "");

/** A CONNECT tunnel through the proxy to host:port: the socket TLS to AWS then runs over. */
function tunnel(
  proxy: ProxyChoice,
  target: string,
  net: Network,
  timeoutMs: number,
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const secure = proxy.url.protocol === "https:";
    const options: RequestOptions = {
      host: bare(proxy.url.hostname),
      port: Number(proxy.url.port || (secure ? 443 : 80)),
      method: "CONNECT",
      path: target,
      setHost: false,
      agent: false,
      headers: { host: target, ...proxyAuth(proxy) },
      ...(timeoutMs ? { timeout: timeoutMs } : {}),
      ...(secure && (net.proxyCa ?? net.ca) ? { ca: net.proxyCa ?? net.ca } : {}),
    };
    const req = (secure ? httpsRequest : httpRequest)(options);
    req.once("connect", (res: IncomingMessage, socket: Socket, head: Buffer) => {
      if (res.statusCode === 200) {
        // The tunnel lives as long as the pool keeps it: the CONNECT's idle timeout ends here.
        req.removeAllListeners("timeout");
        socket.setTimeout(0);
        if (head.length > 0) socket.unshift(head);
        resolve(socket);
        return;
      }
      socket.destroy();
      reject(
        new AwsNetworkError(
          "proxy",
          `the proxy ${proxy.shown} (${proxy.variable}) refused CONNECT ${target}: ${res.statusCode} ${res.statusMessage ?? ""}`.trimEnd(),
          "ProxyRefused",
        ),
      );
    });
    req.once("timeout", () =>
      req.destroy(
        Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: "ETIMEDOUT" }),
      ),
    );
    req.once("error", (err: NodeJS.ErrnoException) => reject(unreachableProxy(proxy, err)));
    req.end();
  });
}

function unreachableProxy(proxy: ProxyChoice, err: NodeJS.ErrnoException): AwsNetworkError {
  if (err instanceof AwsNetworkError) return err;
  const code = err.code ?? "ProxyUnreachable";
  return new AwsNetworkError(
    "proxy",
    `could not talk to the proxy ${proxy.shown} (${proxy.variable}): ${err.message}`,
    code,
  );
}

/**
 * HTTPS with the CA bundle, through a CONNECT tunnel when the environment names a proxy for the
 * host. Pools stay per host:port, as Node's own agent keeps them.
 */
class AwsHttpsAgent extends HttpsAgent {
  constructor(
    private readonly net: Network,
    private readonly timeoutMs: number,
  ) {
    super({ keepAlive: true, maxSockets: 50 });
  }

  override createConnection(
    options: RequestOptions,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const trust = this.net.ca ? { ca: this.net.ca } : {};
    const host = bare(options.host ?? options.hostname ?? "");
    const port = options.port ?? 443;
    let proxy: ProxyChoice | undefined;
    try {
      proxy = this.net.proxyFor(new URL(`https://${authority(host, port)}`));
    } catch (err) {
      callback?.(err as Error, undefined as unknown as Duplex);
      return undefined;
    }
    if (!proxy || !callback) return super.createConnection({ ...options, ...trust }, callback);
    tunnel(proxy, authority(host, port), this.net, this.timeoutMs).then(
      // TLS to AWS over the tunnel (tls.connect's `socket`), named as Node names it (servername).
      (socket) => {
        const tls = Object.assign({ ...options, ...trust }, { socket });
        callback(null, super.createConnection(tls) as Duplex);
      },
      (err: Error) => callback(err, undefined as unknown as Duplex),
    );
    return undefined;
  }
}

/** Reads an answer's body (small: an error page), to look at it and hand it on. */
async function bodyOf(response: HttpResponse): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of response.body as AsyncIterable<Buffer | string>) {
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** An AWS error document (query/EC2 XML or JSON protocols), not a proxy's error page. */
const AWS_ERROR = /<(Error|Errors|ErrorResponse|Response)>|"__type"|"code"\s*:/;

/**
 * An answer from AWS by its headers: REST-JSON services (EKS) put the error type in a header and
 * a bare {"message": …} in the body; every AWS answer carries a request ID.
 */
function fromAws(response: HttpResponse): boolean {
  const names = Object.keys(response.headers).map((h) => h.toLowerCase());
  return ["x-amzn-errortype", "x-amzn-requestid", "x-amz-request-id"].some((h) =>
    names.includes(h),
  );
}

class AwsHttpHandler extends NodeHttpHandler {
  constructor(
    private readonly net: Network,
    timeoutMs: number,
  ) {
    super({
      connectionTimeout: Math.min(timeoutMs, 10_000),
      requestTimeout: timeoutMs,
      // Without it, smithy only prints a warning when requestTimeout passes, and keeps waiting.
      throwOnRequestTimeout: true,
      httpsAgent: new AwsHttpsAgent(net, Math.min(timeoutMs, 10_000)),
    });
  }

  override async handle(
    request: HttpRequest,
    options?: HttpHandlerOptions,
  ): Promise<{ response: HttpResponse }> {
    const target = new URL(
      `${request.protocol}//${authority(bare(request.hostname), request.port ?? (request.protocol === "https:" ? 443 : 80))}`,
    );
    let proxy: ProxyChoice | undefined;
    try {
      proxy = request.protocol === "http:" ? this.net.proxyFor(target) : undefined;
      if (request.protocol === "https:") await this.net.load();
      if (!proxy) return await super.handle(request, options);
      if (proxy.url.protocol !== "http:") {
        throw new AwsNetworkError(
          "proxy",
          `the proxy ${proxy.shown} (${proxy.variable}) is https://: an http:// endpoint (${target.host}) through it is not supported; use an http:// proxy, or list ${target.hostname} in NO_PROXY`,
          "ProxyUnsupported",
        );
      }
      return await this.forward(request, target, proxy, options);
    } catch (err) {
      throw this.explain(err, target, proxy);
    }
  }

  /** Plain HTTP through the proxy: the request line names the target (GET http://host/path). */
  private async forward(
    request: HttpRequest,
    target: URL,
    proxy: ProxyChoice,
    options?: HttpHandlerOptions,
  ): Promise<{ response: HttpResponse }> {
    const via = HttpRequest.clone(request);
    via.hostname = proxy.url.hostname;
    via.port = Number(proxy.url.port || 80);
    via.path = `${target.origin}${request.path}`;
    via.headers = { ...request.headers, ...proxyAuth(proxy) };
    const out = await super.handle(via, options);
    const { response } = out;
    if (response.statusCode < 400) return out;
    // An error: from AWS through the proxy (hand it on), or from the proxy itself.
    const body = await bodyOf(response);
    if (
      response.statusCode !== 407 &&
      (fromAws(response) || AWS_ERROR.test(body.toString("utf8")))
    ) {
      response.body = Readable.from([body]);
      return out;
    }
    const said = body.toString("utf8").trim().split("\n")[0]?.slice(0, 200) ?? "";
    throw new AwsNetworkError(
      "proxy",
      `the proxy ${proxy.shown} (${proxy.variable}) refused ${request.method} ${target.origin}${request.path}: ${response.statusCode} ${response.reason ?? ""}${said ? ` (${said})` : ""}`.trimEnd(),
      "ProxyRefused",
    );
  }

  /** The error as the user should read it: the proxy or the trust, when one of them failed. */
  private explain(err: unknown, target: URL, proxy: ProxyChoice | undefined): unknown {
    if (err instanceof AwsNetworkError) return err;
    if (err instanceof ProxySettingError) {
      return new AwsNetworkError("proxy", err.message, "ProxySettingInvalid");
    }
    const e = err as NodeJS.ErrnoException;
    if (e?.code && UNTRUSTED.has(e.code)) {
      const what =
        e.code === "ERR_TLS_CERT_ALTNAME_INVALID"
          ? `the certificate of ${target.host} is not for that name`
          : `the certificate of ${target.host} is not trusted`;
      return new AwsNetworkError(
        "tls",
        `${what} (${e.code}: ${e.message}), checked against ${this.net.trusted()}; ${FIX_TRUST}`,
        e.code,
      );
    }
    // Forwarded plain HTTP: the socket was the proxy's.
    if (proxy && e?.code && e.name !== "TimeoutError") return unreachableProxy(proxy, e);
    return err;
  }
}

export interface HandlerOptions {
  /** How long to wait for each answer. */
  readonly timeoutMs: number;
  /** The member's profile (--aws-profile), whose ca_bundle counts; else AWS_PROFILE's, else default. */
  readonly profile?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
}

/** The request handler for one member's clients (its profile's ca_bundle applies to all of them). */
export function awsRequestHandler({
  timeoutMs,
  profile,
  env = process.env,
}: HandlerOptions): NodeHttpHandler {
  return new AwsHttpHandler(new Network(env, profile ?? env.AWS_PROFILE ?? "default"), timeoutMs);
}
