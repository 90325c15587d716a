/**
 * An HTTP proxy in front of moto that injects what moto cannot: latency per request, connections
 * dropped for one Region (an endpoint that is not there), and API errors (throttling, expired
 * credentials) for a given Region and action. The AWS SDK under test is pointed at it with
 * AWS_ENDPOINT_URL; the Region and service come from the SigV4 credential scope, the action from
 * the query-protocol body. Loopback only. It counts what passes through, for the benchmark.
 */
import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface ProxyFault {
  /** e.g. "DescribeInstances", "GetCallerIdentity" (absent: any). */
  action?: string;
  region?: string;
  /** Only the DryRun request (true), only the real one (false), or both (absent). */
  dryRun?: boolean;
  /** How many requests it hits (absent: all). */
  times?: number;
  /** Reset the connection without answering, as an endpoint that does not exist would fail. */
  drop?: boolean;
  /** Answer with this AWS error instead of forwarding. */
  error?: { code: string; message: string; status?: number };
  /** Extra latency before forwarding. */
  delayMs?: number;
}

export interface FaultProxy {
  readonly url: string;
  /** Replaces the scripted faults; [] clears them. */
  faults(list: ProxyFault[]): void;
  /** Latency added to every request (the benchmark's round trip), in ms. */
  latency(ms: number): void;
  /** Requests seen, by "service:Action" (DryRun calls count too). */
  readonly counts: Map<string, number>;
  /** When each request arrived and was answered (ms since the epoch). */
  readonly timings: [number, number, string][];
  close(): Promise<void>;
}

const SCOPE = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;

function describe(req: IncomingMessage, body: Buffer) {
  const scope = SCOPE.exec(String(req.headers.authorization ?? ""));
  const target = String(req.headers["x-amz-target"] ?? "");
  const action =
    new URLSearchParams(body.toString("utf8")).get("Action") ??
    (target.split(".").pop() || "unknown");
  const dryRun = new URLSearchParams(body.toString("utf8")).get("DryRun") === "true";
  return { region: scope?.[1] ?? "", service: scope?.[2] ?? "", action, dryRun };
}

/** The XML error EC2 (and, in its own shape, STS) answers. */
function errorBody(service: string, code: string, message: string): string {
  return service === "sts"
    ? `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>`
    : `<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>fault-proxy</RequestID></Response>`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  let faults: ProxyFault[] = [];
  let latencyMs = 0;
  const counts = new Map<string, number>();
  const timings: [number, number, string][] = [];
  const server = createServer((req, res) => {
    const arrived = Date.now();
    let label = "";
    res.on("close", () => timings.push([arrived, Date.now(), label]));
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks);
      const call = describe(req, body);
      const key = `${call.service}:${call.action}`;
      label = `${key} ${call.region}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      const fault = faults.find(
        (f) =>
          (!f.action || f.action === call.action) &&
          (!f.region || f.region === call.region) &&
          (f.dryRun === undefined || f.dryRun === call.dryRun) &&
          (f.times === undefined || f.times > 0),
      );
      if (fault && fault.times !== undefined) fault.times--;
      await sleep(latencyMs + (fault?.delayMs ?? 0));
      if (fault?.drop) {
        req.socket.destroy();
        return;
      }
      if (fault?.error) {
        res.writeHead(fault.error.status ?? 400, { "content-type": "text/xml" });
        res.end(errorBody(call.service, fault.error.code, fault.error.message));
        return;
      }
      const out = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      out.on("error", () => req.socket.destroy());
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    faults: (list) => {
      faults = list.map((f) => ({ ...f }));
    },
    latency: (ms) => {
      latencyMs = ms;
    },
    counts,
    timings,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
