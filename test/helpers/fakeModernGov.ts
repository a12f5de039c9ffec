import { readFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * A local fake of a modern.gov site's web service (`/mgWebService.asmx/<Method>?...`, plain GET,
 * XML), on port 0, answering from fixture files in the real shapes. Responses are set per request
 * key: `GetCommittees`, `GetCouncillorsByWard`, `GetMeetings:<committee id>`,
 * `GetMeeting:<meeting id>`. Failures can be switched on per key or for every request: HTTP 403 or
 * 500, a timeout (no answer), malformed XML. Like real sites, GetMeetings refuses dates that are not
 * dd/mm/yyyy, and both dates must be sent.
 */
export type Failure = 403 | 500 | 'timeout' | 'malformed';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'moderngov');

export function fixture(file: string): string {
  return readFileSync(path.join(FIXTURES, file), 'utf8');
}

/** Manchester's real samples plus the made-up Art Galleries Committee (see test/fixtures/moderngov/README.md). */
export function manchesterResponses(): Record<string, string> {
  return {
    GetCommittees: fixture('manchester/GetCommittees.xml'),
    'GetMeetings:144': fixture('manchester/GetMeetings-144.xml'),
    'GetMeeting:4966': fixture('manchester/GetMeeting-4966.xml'),
    'GetMeeting:4967': fixture('manchester/GetMeeting-4967.xml'),
    'GetMeetings:163': fixture('galleries/GetMeetings-163.xml'),
    'GetMeeting:5001': fixture('galleries/GetMeeting-5001.xml'),
    'GetMeeting:5002': fixture('galleries/GetMeeting-5002.xml'),
    GetCouncillorsByWard: fixture('galleries/GetCouncillorsByWard.xml'),
  };
}

export class FakeModernGov {
  url = '';
  /** Every request, as `Method?query`, in the order received. */
  readonly requests: string[] = [];
  /** The most requests that were open at once. */
  maxInFlight = 0;
  /** Delay before each answer (ms), to make concurrency visible. */
  delayMs = 0;
  private inFlight = 0;
  private readonly responses = new Map<string, string>();
  private readonly failures = new Map<string, Failure>();
  private readonly hanging = new Set<ServerResponse>();
  private server: http.Server | null = null;

  constructor(responses: Record<string, string> = manchesterResponses()) {
    for (const [key, xml] of Object.entries(responses)) this.responses.set(key, xml);
  }

  set(key: string, xml: string): void {
    this.responses.set(key, xml);
  }

  /** Makes requests for `key` (or '*' for all) fail; `null` ends it. */
  fail(key: string, failure: Failure | null): void {
    if (failure === null) this.failures.delete(key);
    else this.failures.set(key, failure);
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.answer(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = /^\/mgWebService\.asmx\/(\w+)$/.exec(url.pathname)?.[1];
    this.requests.push(`${method ?? url.pathname}${url.search}`);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      if (req.method !== 'GET' || !method) return send(res, 404, 'Not found');
      const key =
        method === 'GetMeetings'
          ? `GetMeetings:${url.searchParams.get('lCommitteeId') ?? ''}`
          : method === 'GetMeeting'
            ? `GetMeeting:${url.searchParams.get('lMeetingId') ?? ''}`
            : method;
      const failure = this.failures.get(key) ?? this.failures.get('*');
      if (failure === 'timeout') {
        this.hanging.add(res);
        return;
      }
      if (failure === 403) return send(res, 403, '<html><body>403 - Forbidden: Access is denied.</body></html>', 'text/html');
      if (failure === 500) return send(res, 500, '<html><body>Server Error in "/" Application.</body></html>', 'text/html');
      if (method === 'GetMeetings') {
        const dates = [url.searchParams.get('sFromDate'), url.searchParams.get('sToDate')];
        if (!dates.every((d) => d !== null && /^\d{2}\/\d{2}\/\d{4}$/.test(d))) {
          return send(res, 500, 'System.InvalidOperationException: Missing or invalid parameter: sFromDate, sToDate.', 'text/plain');
        }
      }
      const xml = this.responses.get(key);
      if (xml === undefined) return send(res, 500, `System.ArgumentException: no such record (${key})`, 'text/plain');
      if (failure === 'malformed') return send(res, 200, xml.slice(0, Math.floor(xml.length / 2)));
      return send(res, 200, xml);
    } finally {
      this.inFlight -= 1;
    }
  }
}

function send(res: ServerResponse, status: number, body: string, type = 'text/xml; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type });
  res.end(body);
}
