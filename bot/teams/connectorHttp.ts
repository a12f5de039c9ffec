import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import type { ConnectorClientOptions } from 'botframework-connector';
import { Slots } from './slots';

/**
 * The HTTP client of the bot's calls to Teams' connector (replies, proactive messages, member
 * look-ups), given to botbuilder through the public `httpClient` of its connector client
 * options. Each call has a deadline (waiting for a free slot included), and no more than
 * `maxInFlight` calls are open at once, so a `serviceUrl` that never answers cannot pile up
 * requests. `refuseUrl` refuses a call before any byte leaves the process.
 */
type HttpClient = NonNullable<ConnectorClientOptions['httpClient']>;
type WebResource = Parameters<HttpClient['sendRequest']>[0];
type CompatResponse = Awaited<ReturnType<HttpClient['sendRequest']>>;
type HeadersLike = WebResource['headers'];
type CallerSignal = WebResource['abortSignal'];

export interface ConnectorHttpOptions {
  timeoutMs: number;
  maxInFlight: number;
  /** Returns why a URL must not be called, or null when it may be. */
  refuseUrl?: (url: URL) => string | null;
}

/** A connector call refused or abandoned by this client: it carries no system error code, so botbuilder's pipeline does not retry it. */
export class ConnectorCallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectorCallError';
  }
}

export function createConnectorHttpClient(options: ConnectorHttpOptions): HttpClient {
  const slots = new Slots(options.maxInFlight);
  return {
    async sendRequest(request: WebResource): Promise<CompatResponse> {
      const url = new URL(request.url);
      const refused = options.refuseUrl?.(url) ?? null;
      if (refused) throw new ConnectorCallError(refused);
      const started = Date.now();
      const outer = request.abortSignal;
      const cancelled = () => new ConnectorCallError('The call to Teams was cancelled');
      if (outer?.aborted) throw cancelled();
      // A free slot is taken at once; otherwise the wait counts against the call's deadline.
      const release = slots.tryTake() ?? (await waitForSlot(slots, options.timeoutMs, url, outer, cancelled));
      try {
        return await send(request, url, { timeoutMs: options.timeoutMs, started }, outer, cancelled);
      } finally {
        release();
      }
    },
  };
}

/** A slot, waited for until the deadline or the caller's own abort. */
async function waitForSlot(slots: Slots, timeoutMs: number, url: URL, outer: CallerSignal, cancelled: () => Error): Promise<() => void> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const onOuterAbort = () => controller.abort();
  outer?.addEventListener('abort', onOuterAbort);
  try {
    return await slots.take(controller.signal, () => (outer?.aborted ? cancelled() : timeoutError(timeoutMs, url)));
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

function timeoutError(ms: number, url: URL): Error {
  return new ConnectorCallError(`Teams' connector at ${url.origin} did not answer within ${ms} ms`);
}

/**
 * One HTTP exchange, given up (its socket destroyed) at the call's deadline (`timeoutMs` from
 * `started`) or when the caller aborts. Settled once: by the whole response, or by the first failure.
 */
function send(
  request: WebResource,
  url: URL,
  deadline: { timeoutMs: number; started: number },
  outer: CallerSignal,
  cancelled: () => Error,
): Promise<CompatResponse> {
  const body: unknown = request.body;
  if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof Uint8Array)) {
    return Promise.reject(new ConnectorCallError('Only string or byte bodies can be sent to the connector'));
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
      outcome();
    };
    const giveUp = (err: Error) => {
      settle(() => reject(err));
      req.destroy();
    };
    const transport = url.protocol === 'https:' ? https : http;
    const req = transport.request(
      {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers: request.headers.rawHeaders(),
      },
      (res) => {
        // The pipeline asks for gzip or deflate (accept-encoding); the body is read decoded.
        const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
        const decoded =
          encoding === 'gzip'
            ? res.pipe(zlib.createGunzip())
            : encoding === 'deflate'
              ? res.pipe(zlib.createInflate())
              : encoding === 'br'
                ? res.pipe(zlib.createBrotliDecompress())
                : res;
        const chunks: Buffer[] = [];
        decoded.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (err) => settle(() => reject(err)));
        if (decoded !== res) decoded.on('error', (err) => settle(() => reject(err)));
        decoded.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            // The body handed on is decoded: its encoding and length headers no longer describe it.
            if (value === undefined || (decoded !== res && (name === 'content-encoding' || name === 'content-length'))) continue;
            headers.set(name, Array.isArray(value) ? value.join(', ') : value);
          }
          settle(() => resolve({ request, status: res.statusCode ?? 0, headers, bodyAsText: Buffer.concat(chunks).toString('utf8') }));
        });
      },
    );
    const timer = setTimeout(
      () => giveUp(timeoutError(deadline.timeoutMs, url)),
      Math.max(0, deadline.timeoutMs - (Date.now() - deadline.started)),
    );
    const onOuterAbort = () => giveUp(cancelled());
    outer?.addEventListener('abort', onOuterAbort);
    req.on('error', (err: Error & { code?: string }) => {
      // Keeps the system error code (ECONNREFUSED, ...): the pipeline retries those as it would with its own client.
      settle(() => reject(Object.assign(new Error(err.message), { code: err.code })));
    });
    req.end(body ?? undefined);
  });
}

/** Response headers in the shape botbuilder's client reads (names case-insensitive). */
class Headers implements HeadersLike {
  private readonly map = new Map<string, { name: string; value: string }>();

  set(name: string, value: string | number): void {
    this.map.set(name.toLowerCase(), { name, value: String(value) });
  }
  get(name: string): string | undefined {
    return this.map.get(name.toLowerCase())?.value;
  }
  contains(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  remove(name: string): boolean {
    return this.map.delete(name.toLowerCase());
  }
  rawHeaders(): Record<string, string> {
    return this.toJson();
  }
  headersArray(): { name: string; value: string }[] {
    return [...this.map.values()];
  }
  headerNames(): string[] {
    return this.headersArray().map((h) => h.name);
  }
  headerValues(): string[] {
    return this.headersArray().map((h) => h.value);
  }
  clone(): Headers {
    const copy = new Headers();
    for (const h of this.map.values()) copy.set(h.name, h.value);
    return copy;
  }
  toJson(options: { preserveCase?: boolean } = {}): Record<string, string> {
    const json: Record<string, string> = {};
    for (const [key, h] of this.map) json[options.preserveCase ? h.name : key] = h.value;
    return json;
  }
}
