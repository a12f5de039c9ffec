import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

/**
 * A local stand-in for Teams' Bot Connector service: the only thing the tests fake. The bot
 * replies to `activity.serviceUrl`, so pointing that here captures every message it sends.
 * Calls can be made to fail (429 with Retry-After, 403, ...) to test delivery.
 */
export interface ReceivedActivity {
  conversationId: string;
  replyToId: string | null;
  activity: Record<string, unknown>;
  at: number;
}

export interface MemberInfo {
  id: string;
  name?: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
  givenName?: string;
  surname?: string;
  tenantId?: string;
  /** "user" for the tenant's own accounts, "guest" for guests. */
  userRole?: string;
}

export type Fault = { status: number; retryAfterSeconds?: number; body?: unknown };

export class FakeConnector {
  readonly activities: ReceivedActivity[] = [];
  readonly createdConversations: Record<string, unknown>[] = [];
  /** Every attempt to post an activity, including the ones answered with a fault. */
  readonly attemptLog: { conversationId: string; at: number; status: number }[] = [];
  /** Members known per user id, answered by GET .../members/{id}. */
  readonly members = new Map<string, MemberInfo>();
  /** Decides, per incoming send, whether to fail it. */
  faultFor: (conversationId: string, attempt: number) => Fault | null = () => null;
  /** Called as each activity arrives, before it is answered (to look at the bot's state at that moment). */
  onActivity: (received: ReceivedActivity) => void = () => undefined;
  private attempts = new Map<string, number>();
  private server: http.Server;
  private waiters: { count: number; resolve: () => void }[] = [];
  url = '';

  constructor() {
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  clear(): void {
    this.activities.length = 0;
    this.attemptLog.length = 0;
  }

  /** Messages sent to one conversation, in order. */
  sentTo(conversationId: string): Record<string, unknown>[] {
    return this.activities.filter((a) => a.conversationId === conversationId).map((a) => a.activity);
  }

  /** Resolves when at least `count` activities have arrived (or rejects after `ms`). */
  waitFor(count: number, ms = 5000): Promise<void> {
    if (this.activities.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`expected ${count} activities at the fake connector, got ${this.activities.length}`)),
        ms,
      );
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    const url = new URL(req.url ?? '/', this.url);
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };

    // POST /v3/conversations : create a conversation (proactive 1:1)
    if (req.method === 'POST' && parts.length === 2 && parts[0] === 'v3' && parts[1] === 'conversations') {
      this.createdConversations.push(body);
      const member = (body.members as { id: string }[] | undefined)?.[0];
      return send(201, { id: `a:personal-${member?.id ?? randomUUID()}` });
    }
    // POST /v3/conversations/{id}/activities[/{replyToId}]
    if (req.method === 'POST' && parts[0] === 'v3' && parts[1] === 'conversations' && parts[3] === 'activities') {
      const conversationId = parts[2] ?? '';
      const attempt = (this.attempts.get(conversationId) ?? 0) + 1;
      this.attempts.set(conversationId, attempt);
      const fault = this.faultFor(conversationId, attempt);
      this.attemptLog.push({ conversationId, at: Date.now(), status: fault?.status ?? 200 });
      if (fault) {
        const headers: Record<string, string> = {};
        if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
        return send(fault.status, fault.body ?? { error: { code: 'Fault', message: 'injected' } }, headers);
      }
      const received = { conversationId, replyToId: parts[4] ?? null, activity: body, at: Date.now() };
      this.onActivity(received);
      this.activities.push(received);
      this.waiters = this.waiters.filter((w) => {
        if (this.activities.length >= w.count) {
          w.resolve();
          return false;
        }
        return true;
      });
      return send(200, { id: randomUUID() });
    }
    // PUT /v3/conversations/{id}/activities/{activityId} : update a sent card
    if (req.method === 'PUT' && parts[3] === 'activities') {
      return send(200, { id: parts[4] });
    }
    // GET /v3/conversations/{id}/members/{userId} : TeamsInfo.getMember
    if (req.method === 'GET' && parts[3] === 'members' && parts[4]) {
      const member = this.members.get(parts[4]);
      if (!member) return send(404, { error: { code: 'MemberNotFoundInConversation', message: 'not found' } });
      return send(200, member);
    }
    // GET /v3/conversations/{id}/members : list members
    if (req.method === 'GET' && parts[3] === 'members') {
      return send(200, [...this.members.values()]);
    }
    send(404, { error: { code: 'NotFound', message: `fake connector has no route for ${req.method} ${url.pathname}` } });
  }
}
