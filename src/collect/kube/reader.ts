import type {
  ApiFailure,
  Fetched,
  KubeList,
  KubeObject,
  ResourceRef,
  ServerVersion,
} from "../../kube/types.js";
import { objects } from "../../util/json.js";
import type { Route } from "./route.js";

export interface ListRequest extends ResourceRef {
  namespace?: string; // undefined = cluster-scoped or all namespaces
  fieldSelector?: string;
  labelSelector?: string;
  /** Keep only this of each item, as it arrives, instead of the item as kubectl prints it. */
  project?: (item: KubeObject) => KubeObject;
}

export interface GetRequest extends ResourceRef {
  namespace?: string;
  name: string;
}

/** Read-only access to one cluster; every answer is raw JSON or a classified failure. */
export interface KubeReader {
  readonly context: string;
  version(): Promise<Fetched<ServerVersion>>;
  /** Lists all pages (limit/continue) and returns them as one List, as kubectl does. */
  list(req: ListRequest): Promise<Fetched<KubeList>>;
  get(req: GetRequest): Promise<Fetched<KubeObject>>;
  /** The API server's clock as its latest answer said (the HTTP Date header), if it said. */
  serverTime(): string | undefined;
  close(): Promise<void>;
}

export function resourceName(ref: ResourceRef): string {
  return ref.group ? `${ref.plural}.${ref.group}` : ref.plural;
}

export function collectionPath(ref: ResourceRef, namespace?: string): string {
  const base = ref.group ? `/apis/${ref.group}/${ref.version}` : `/api/${ref.version}`;
  const ns = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  return `${base}${ns}/${ref.plural}`;
}

export function describeList(req: ListRequest): string {
  const where = req.namespace ? ` in namespace ${req.namespace}` : "";
  return `list ${resourceName(req)} (${req.version})${where}`;
}

export function describeGet(req: GetRequest): string {
  const where = req.namespace ? ` in namespace ${req.namespace}` : "";
  return `get ${resourceName(req)} ${req.name}${where}`;
}

/** Turns an HTTP status and a Kubernetes Status body into a failure a user can act on. */
export function failureFromStatus(
  status: number,
  body: string,
  request: string,
  isCollection: boolean,
): ApiFailure {
  let message = body.trim().slice(0, 300) || `HTTP ${status}`;
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === "string" && parsed.message) message = parsed.message;
  } catch {
    // not a Status object: keep the raw text
  }
  if (status === 401) return { kind: "unauthorized", status, message, request };
  if (status === 403) return { kind: "forbidden", status, message, request };
  if (status === 404) {
    return { kind: isCollection ? "not-served" : "not-found", status, message, request };
  }
  return { kind: "server-error", status, message, request };
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "DNS lookup failed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ETIMEDOUT: "connection timed out",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  UND_ERR_SOCKET: "socket error",
};

/** What to do about a server that could not be reached directly, by code. */
const DIRECT_ADVICE: Record<string, string> = {
  ECONNREFUSED: "is the API server up, and is the server URL of the kubeconfig right?",
  ENOTFOUND:
    "is the server's name right? (a private endpoint may need a proxy: proxy-url or HTTPS_PROXY)",
};

/** Marks a TLS refusal in a failure's message: our client, not the server, refused. */
export const TLS_REFUSED = "TLS verification failed";

const UNTRUSTED =
  "it is not signed by the certificate-authority of the kubeconfig (or, without one, by a CA the system trusts)";

/** What is wrong with the server's certificate, by Node's verification code. */
const CERTIFICATE_CODES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: UNTRUSTED,
  SELF_SIGNED_CERT_IN_CHAIN: UNTRUSTED,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: UNTRUSTED,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: UNTRUSTED,
  UNABLE_TO_GET_ISSUER_CERT: UNTRUSTED,
  CERT_HAS_EXPIRED: "it has expired",
  CERT_NOT_YET_VALID: "it is not valid yet",
};

/** A certificate refusal, naming the server and what is wrong with its certificate. */
function certificateProblem(
  c: {
    code?: string;
    host?: string;
    cert?: { subjectaltname?: string };
  },
  route: Route,
): string | undefined {
  if (c.code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    const names = c.cert?.subjectaltname;
    return `it is not for ${c.host ?? "the server's name"}${names ? ` (it names ${names}); tls-server-name in the kubeconfig says which name to verify` : ""}`;
  }
  const problem = c.code ? CERTIFICATE_CODES[c.code] : undefined;
  if (problem === UNTRUSTED && route.systemTrust) {
    return `it is not signed by a CA the system trusts (${route.systemTrust}); certificate-authority-data in the kubeconfig names the cluster's own CA`;
  }
  return problem;
}

/** The proxy's refusal to open a tunnel (undici: "Proxy response (502) !== 200 …"). */
function proxyAnswer(message: string | undefined, server: string): string | undefined {
  const status = /^Proxy response \((\d+)\) !== 200/.exec(message ?? "")?.[1];
  if (!status) return undefined;
  let target = server;
  try {
    const url = new URL(server);
    target = `${url.hostname}:${url.port || (url.protocol === "http:" ? "80" : "443")}`;
  } catch {
    // the server as written
  }
  const meaning =
    status === "407"
      ? "it wants credentials, given in its URL as http://user:password@host:port"
      : /^50[234]$/.test(status)
        ? "it could not reach the API server (is the server's address right, and can the proxy reach it?)"
        : "it does not let this client through to the API server";
  return `answered ${status} to CONNECT ${target}: ${meaning}`;
}

/** The connection the error is about is the one to the proxy (by address, or by name). */
function atProxy(
  c: { address?: string; port?: number; hostname?: string },
  proxy: string,
): boolean {
  try {
    const url = new URL(proxy);
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (c.hostname !== undefined) return c.hostname === host;
    const port = url.port || { "https:": "443", "socks5:": "1080" }[url.protocol] || "80";
    return c.address === host && String(c.port) === port;
  } catch {
    return false;
  }
}

/**
 * Classifies a thrown transport error (fetch failure, abort, exec credential plugin). `route`
 * says how the server was reached: a failure through a proxy names the proxy and what set it.
 */
export function failureFromError(
  err: unknown,
  request: string,
  server: string,
  route: Route = {},
): ApiFailure {
  const e = err as { name?: string; message?: string; code?: string; cause?: unknown };
  const { proxy } = route;
  const via = proxy ? ` through the proxy ${proxy.url} (${proxy.from})` : "";
  const unreachable = (message: string): ApiFailure => ({ kind: "unreachable", message, request });
  if (e?.name === "TimeoutError") {
    return unreachable(`no answer from ${server}${via} (timed out)`);
  }
  let cause: unknown = e;
  const reasons: string[] = [];
  for (let i = 0; i < 4 && cause; i++) {
    const c = cause as {
      code?: string;
      message?: string;
      cause?: unknown;
      address?: string;
      port?: number;
      hostname?: string;
    };
    const certificate = certificateProblem(c, route);
    if (certificate) {
      return unreachable(
        `${server}: ${TLS_REFUSED}: ${certificate} (${c.code}); kubectl refuses it too`,
      );
    }
    const answered = proxy && proxyAnswer(c.message, server);
    if (proxy && answered) {
      return unreachable(`${server}: the proxy ${proxy.url} (${proxy.from}) ${answered}`);
    }
    const network = c.code ? NETWORK_CODES[c.code] : undefined;
    if (network && proxy && atProxy(c, proxy.url)) {
      const check = /_proxy$/i.test(proxy.from)
        ? `${proxy.from} (NO_PROXY lists the servers reached directly)`
        : proxy.from;
      return unreachable(
        `${server}: the proxy ${proxy.url} (${proxy.from}) could not be reached: ${network} (${c.code}); is it running, and is ${check} right?`,
      );
    }
    if (network) {
      const { direct } = route;
      const advice =
        direct?.because === "NO_PROXY"
          ? `not through the proxy of ${direct.variable}, as NO_PROXY names the server`
          : !proxy && c.code
            ? DIRECT_ADVICE[c.code]
            : undefined;
      return unreachable(`${server}${via}: ${network} (${c.code})${advice ? `; ${advice}` : ""}`);
    }
    if (c.message) reasons.push(c.message);
    cause = c.cause;
  }
  // "fetch failed" alone says nothing: keep what the causes said.
  const text = reasons.length ? [...new Set(reasons)].join(": ") : String(err);
  return unreachable(`${server}${via}: ${text}`);
}

/**
 * What `kubectl get -o json` prints for a list answer: a plain "List" whose items carry apiVersion
 * and kind (the API server leaves them out of built-in types' items) and no managedFields. With
 * `project`, its items are what that keeps of each object instead.
 */
export function asKubectlList(
  answer: KubeList,
  project?: (item: KubeObject) => KubeObject,
): KubeList {
  const listed = Array.isArray(answer.items) ? answer.items : [];
  const kind = typeof answer.kind === "string" ? answer.kind.replace(/List$/, "") : "";
  const items = project
    ? objects<KubeObject>(listed).map(project)
    : listed.map((item) => withoutManagedFields(item, { apiVersion: answer.apiVersion, kind }));
  return { apiVersion: "v1", kind: "List", metadata: { resourceVersion: "" }, items };
}

/**
 * kubectl get -o json leaves managedFields out (--show-managed-fields=false); so do we. One copy
 * of the object, with `first` as its first keys (apiVersion and kind, where kubectl prints them).
 */
export function withoutManagedFields(obj: KubeObject, first?: KubeObject): KubeObject {
  const metadata = obj?.metadata;
  if (!metadata || !("managedFields" in metadata)) return first ? { ...first, ...obj } : obj;
  const { managedFields: _drop, ...kept } = metadata;
  // The later metadata keeps the place of the object's own: key order is what the server sent.
  return { ...first, ...obj, metadata: kept };
}
