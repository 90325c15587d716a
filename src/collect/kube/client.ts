import { createGunzip } from "node:zlib";
import {
  type DispatcherOptions,
  HttpMethod,
  type KubeConfig,
  type RequestContext,
  ServerConfiguration,
} from "@kubernetes/client-node";
import { type Dispatcher, getGlobalDispatcher } from "undici";
import type {
  AccessAttributes,
  ApiFailure,
  Fetched,
  KubeList,
  KubeObject,
  PluginFailure,
  ServerVersion,
} from "../../kube/types.js";
import { VERSION } from "../../version.js";
import { authProviderRefusal } from "./auth-provider.js";
import { ExecPluginError, useOwnExecPlugins } from "./exec.js";
import { insecureWithCa, unreadableFile } from "./kubeconfig.js";
import { directPool, PLAIN_HTTP, plainHttp, proxyPool } from "./pool.js";
import {
  asKubectlList,
  collectionPath,
  describeGet,
  describeList,
  failureFromError,
  failureFromStatus,
  type GetRequest,
  type KubeReader,
  type ListRequest,
  withoutManagedFields,
} from "./reader.js";
import { connectionOf, type Route, withSystemTrust } from "./route.js";
import {
  type AccessDecision,
  type CreateRequest,
  describeCreate,
  type KubeWriter,
} from "./writer.js";

const PAGE_SIZE = 500;

/** The kubeconfig's credentials could not be obtained (exec plugin failed or timed out). */
class CredentialsError extends Error {
  constructor(
    message: string,
    readonly plugin?: PluginFailure,
    /** The kubeconfig itself is refused (as kubectl refuses it), not a way to credentials. */
    readonly config = false,
  ) {
    super(message);
  }
}

/** Header lines our request path adds (impersonation), or why kubectl would send nothing. */
export type ExtraHeaders = { lines: [string, string][] } | { refusal: string };

/**
 * A KubeReader on @kubernetes/client-node's kubeconfig authentication (tokens, client
 * certificates, exec plugins such as `aws eks get-token`, CA, proxy-url) and undici, on a request
 * path of our own where kubectl does more than client-node: exec plugins (exec.ts),
 * impersonation (impersonation.ts), oidc (oidc.ts), the proxy of the environment and system
 * roots (route.ts), HTTP/2 (pool.ts). Responses are kept as raw JSON rather than client-node's
 * typed models, because snapshots must hold exactly what the API server (and kubectl) returned.
 */
export class ClientNodeReader implements KubeReader, KubeWriter {
  private readonly server: string;
  /** The cluster's connection pool, chosen at the first request (none: undici's default). */
  private pool: { dispatcher: Dispatcher | undefined } | undefined;
  /** The TLS and proxy settings client-node derived for the first request. */
  private options: DispatcherOptions | undefined;
  /** How the server is reached (proxy, trust), for the messages of failures. */
  private route: Route = {};
  /** The Date header of the latest answer: the API server's own clock. */
  private date: string | undefined;

  constructor(
    readonly context: string,
    private readonly kc: KubeConfig,
    private readonly timeoutMs: number,
    /** Called after every request, for -v. */
    private readonly log: (line: string) => void = () => {},
    private readonly extra: ExtraHeaders = { lines: [] },
    /** The environment of the proxy and trust store variables (HTTPS_PROXY, SSL_CERT_FILE). */
    env: Readonly<Record<string, string | undefined>> = process.env,
  ) {
    this.server = kc.getCurrentCluster()?.server ?? "";
    useOwnExecPlugins(kc, timeoutMs);
    // client-node would make a dispatcher for every request from these options (its own, exec
    // plugins' client certificates included): they are noted so that the pool is made from the
    // same, and once it is, client-node is told to make none. kubectl's proxy of the environment
    // and system roots come first, which client-node leaves to Node (which ignores HTTPS_PROXY
    // and trusts its own CA list).
    const decide = kc.createDispatcherOptions.bind(kc);
    kc.createDispatcherOptions = (cluster, agentOptions) => {
      if (this.pool) return { type: "none" };
      const how = connectionOf(cluster, agentOptions, env);
      this.route = how.route;
      const decided = plainHttp(how.cluster) ? PLAIN_HTTP : decide(how.cluster, how.agentOptions);
      const options = how.route.systemTrust ? withSystemTrust(decided, how.agentOptions) : decided;
      this.options = options;
      return options;
    };
  }

  private async request(
    path: string,
    query: Record<string, string>,
    method: "GET" | "POST" | "DELETE" = "GET",
    body?: unknown,
  ): Promise<{ status: number; body: Buffer }> {
    const ctx = new ServerConfiguration(this.server, {}).makeRequestContext(
      path,
      HttpMethod[method],
    );
    for (const [k, v] of Object.entries(query)) ctx.setQueryParam(k, v);
    ctx.setHeaderParam("Accept", "application/json");
    if (body !== undefined) ctx.setHeaderParam("Content-Type", "application/json");
    ctx.setHeaderParam("User-Agent", `kubectl-antrea_mc/${VERSION}`);
    await this.authenticate(ctx);
    // One connection pool per cluster, instead of the fresh one client-node makes per call: ours
    // with HTTP/2 for a direct connection, ours through an HTTP proxy, else client-node's first.
    const fresh = ctx.getDispatcher();
    const ours = "lines" in this.extra ? this.extra.lines : [];
    if (!this.pool) {
      // undici's HTTP/2 joins repeated header lines into one ("a, b": one group to the API
      // server); a user who impersonates several groups or extras is read over HTTP/1.1.
      const names = ours.map(([name]) => name.toLowerCase());
      const http2 = new Set(names).size === names.length;
      const options = this.options;
      this.pool = {
        dispatcher:
          (options && (directPool(options, this.timeoutMs, http2) ?? proxyPool(options))) ?? fresh,
      };
    }
    const { dispatcher } = this.pool;
    if (fresh && fresh !== dispatcher) void fresh.close();
    // undici's request rather than fetch: header lines may repeat (one Impersonate-Group per
    // group, as client-go sends them; fetch joins them with commas), and no Fetch-standard "bad
    // ports" are refused (kubectl has none). Answers may be gzipped, as kubectl asks for too.
    const url = new URL(ctx.getUrl());
    const headers: string[] = ["Accept-Encoding", "gzip"];
    const replaced = new Set(ours.map(([name]) => name.toLowerCase()));
    for (const [name, value] of Object.entries(ctx.getHeaders())) {
      if (!replaced.has(name.toLowerCase())) headers.push(name, value);
    }
    for (const line of ours) headers.push(...line);
    // undici's HTTP/2 refuses a body without its length (a DELETE's options, above all).
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    if (payload) headers.push("Content-Length", String(payload.length));
    const signal = AbortSignal.timeout(this.timeoutMs);
    const sent = (dispatcher ?? getGlobalDispatcher()).request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method,
      headers,
      signal,
      ...(payload ? { body: payload } : {}),
    });
    const answer = await untilAborted(sent, signal);
    const date = answer.headers.date;
    if (typeof date === "string" && !Number.isNaN(Date.parse(date)))
      this.date = new Date(date).toISOString();
    const gzipped = answer.headers["content-encoding"] === "gzip";
    return {
      status: answer.statusCode,
      body: await bytesOf(gzipped ? answer.body.pipe(createGunzip()) : answer.body),
    };
  }

  /**
   * Credentials from the kubeconfig, which may run an exec plugin (`aws eks get-token`, an SSO
   * login): bounded by the request timeout too, and reported as a credentials problem. An exec
   * plugin is bounded by its runner (exec.ts), which kills it when the time is up.
   */
  private async authenticate(ctx: RequestContext): Promise<void> {
    const user = this.kc.getCurrentUser();
    const configRefusal =
      ("refusal" in this.extra ? this.extra.refusal : undefined) ??
      insecureWithCa(this.kc.getCurrentCluster());
    if (configRefusal) throw new CredentialsError(configRefusal, undefined, true);
    const refusal = user && authProviderRefusal(user.name, user.authProvider);
    if (refusal) throw new CredentialsError(refusal);
    if (user?.exec) {
      try {
        return await this.kc.applySecurityAuthentication(ctx);
      } catch (err) {
        throw new CredentialsError(
          err instanceof Error ? err.message.trim() : String(err),
          err instanceof ExecPluginError ? err.facts : undefined,
        );
      }
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no credentials after ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      await Promise.race([this.kc.applySecurityAuthentication(ctx), timeout]);
    } catch (err) {
      const message = err instanceof Error ? err.message.trim() : String(err);
      throw new CredentialsError(unreadableFile(this.kc) ?? message);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * GET path as JSON, made into what is kept of it (`keep`) in the same step as it is decoded and
   * parsed: a large answer's text and whole objects are then garbage before anything else runs.
   */
  private async getJson<T>(
    path: string,
    query: Record<string, string>,
    what: string,
    isCollection: boolean,
    keep: (answer: T) => T = (answer) => answer,
  ): Promise<Fetched<T>> {
    return this.call(path, query, what, isCollection, (text) => keep(JSON.parse(text) as T));
  }

  /** One request, its answer decoded by `decode`, or a classified failure. */
  private async call<T>(
    path: string,
    query: Record<string, string>,
    what: string,
    isCollection: boolean,
    decode: (text: string) => T,
    method: "GET" | "POST" | "DELETE" = "GET",
    payload?: unknown,
  ): Promise<Fetched<T>> {
    if (!this.server) {
      return { ok: false, error: this.missing(what) };
    }
    const started = Date.now();
    const url = `${method} ${path}${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ""}`;
    try {
      const { status, body } = await this.request(path, query, method, payload);
      this.log(`${this.context}: ${url} → ${status} (${Date.now() - started} ms)`);
      if (status < 200 || status > 299) {
        return {
          ok: false,
          error: failureFromStatus(status, body.toString("utf8"), what, isCollection),
        };
      }
      let answer: T;
      try {
        answer = decode(body.toString("utf8"));
      } catch {
        return {
          ok: false,
          error: { kind: "server-error", status, message: "the answer is not JSON", request: what },
        };
      }
      return { ok: true, value: answer };
    } catch (err) {
      const error: ApiFailure =
        err instanceof CredentialsError
          ? {
              kind: "unauthorized",
              message: err.config
                ? `context ${this.context} of the kubeconfig: ${err.message}`
                : `could not get credentials for context ${this.context}: ${err.message}`,
              request: what,
              ...(err.plugin ? { plugin: err.plugin } : {}),
            }
          : failureFromError(err, what, this.server, this.route);
      this.log(`${this.context}: ${url} → ${error.message} (${Date.now() - started} ms)`);
      return { ok: false, error };
    }
  }

  private missing(request: string): ApiFailure {
    return {
      kind: "context-missing",
      message: `context ${this.context} has no cluster with a server URL in the kubeconfig`,
      request,
    };
  }

  version(): Promise<Fetched<ServerVersion>> {
    return this.getJson<ServerVersion>("/version", {}, "get /version", false);
  }

  async list(req: ListRequest): Promise<Fetched<KubeList>> {
    const what = describeList(req);
    const path = collectionPath(req, req.namespace);
    const query: Record<string, string> = { limit: String(PAGE_SIZE) };
    if (req.fieldSelector) query.fieldSelector = req.fieldSelector;
    if (req.labelSelector) query.labelSelector = req.labelSelector;
    const items: KubeObject[] = [];
    // The next page's token, taken before the page becomes what kubectl prints (which has none).
    let next: unknown;
    const keep = (page: KubeList) => {
      next = page.metadata?.continue;
      return asKubectlList(page, req.project);
    };
    for (;;) {
      const page = await this.getJson<KubeList>(path, query, what, true, keep);
      if (!page.ok) return page;
      for (const item of page.value.items) items.push(item);
      if (typeof next !== "string" || !next) return { ok: true, value: { ...page.value, items } };
      query.continue = next;
    }
  }

  async get(req: GetRequest): Promise<Fetched<KubeObject>> {
    const path = `${collectionPath(req, req.namespace)}/${encodeURIComponent(req.name)}`;
    return this.getJson<KubeObject>(path, {}, describeGet(req), false, (o) =>
      withoutManagedFields(o),
    );
  }

  serverTime(): string | undefined {
    return this.date;
  }

  create(req: CreateRequest): Promise<Fetched<KubeObject>> {
    const query: Record<string, string> = req.dryRun ? { dryRun: "All" } : {};
    return this.call(
      collectionPath(req, req.namespace),
      query,
      describeCreate(req),
      false,
      (t) => JSON.parse(t) as KubeObject,
      "POST",
      req.object,
    );
  }

  delete(req: GetRequest): Promise<Fetched<KubeObject>> {
    const path = `${collectionPath(req, req.namespace)}/${encodeURIComponent(req.name)}`;
    // Background: the namespace's objects go with it; the answer does not wait for them. As a
    // query parameter, which the API server reads as DeleteOptions: undici's HTTP/2 sends no
    // body with a DELETE.
    return this.call(
      path,
      { propagationPolicy: "Background" },
      `delete ${describeGet(req).slice(4)}`,
      false,
      (t) => JSON.parse(t) as KubeObject,
      "DELETE",
    );
  }

  async accessReview(a: AccessAttributes): Promise<Fetched<AccessDecision>> {
    const review = await this.call(
      "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
      {},
      "create selfsubjectaccessreviews.authorization.k8s.io",
      false,
      (t) => JSON.parse(t) as KubeObject,
      "POST",
      {
        apiVersion: "authorization.k8s.io/v1",
        kind: "SelfSubjectAccessReview",
        spec: { resourceAttributes: a },
      },
    );
    if (!review.ok) return review;
    const status = (review.value.status ?? {}) as { allowed?: unknown; reason?: unknown };
    return {
      ok: true,
      value: {
        allowed: status.allowed === true,
        ...(typeof status.reason === "string" && status.reason ? { reason: status.reason } : {}),
      },
    };
  }

  logs(namespace: string, pod: string): Promise<Fetched<string>> {
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`;
    return this.call(path, {}, `get pods/log ${pod} in namespace ${namespace}`, false, (t) => t);
  }

  async close(): Promise<void> {
    await this.pool?.dispatcher?.close();
  }
}

/**
 * The request's answer, or the signal's reason as soon as it fires: undici's request() notices an
 * abort only once its request has a connection, which may take the connect timeout or longer.
 */
function untilAborted<T>(sent: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const aborted = () => reject(signal.reason);
    signal.addEventListener("abort", aborted, { once: true });
    sent.then(resolve, reject).finally(() => signal.removeEventListener("abort", aborted));
  });
}

/**
 * An answer's bytes, kept outside the JavaScript heap until it is parsed: text made as the body
 * arrives (undici's text()) waits beside many others when 60 clusters answer at once, and a large
 * one outlives collections of the young generation and fills the old one.
 */
async function bytesOf(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}
