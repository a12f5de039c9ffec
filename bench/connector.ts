import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A lean stand-in for Teams' Bot Connector service on loopback, for benchmarks. It answers
 * sends at once (or with 429 + Retry-After when a Teams-like rate limit is exceeded) and keeps
 * only what the benchmarks check: each reply's body by the activity it answers, and every
 * accepted send per conversation (to find duplicates and losses).
 */
export interface ThrottleLimits {
  /** Sends accepted per conversation in any 1 s window (Teams: about 7). */
  perConversationPerSecond: number;
  /** Sends accepted over all conversations in any 1 s window (Teams: about 30 per bot). */
  overallPerSecond: number;
}

export class BenchConnector {
  /** Reply bodies by the id of the activity they answer (replyToId). */
  readonly replies = new Map<string, string>();
  /** Accepted sends per conversation id, with the time each was accepted. */
  readonly accepted = new Map<string, { at: number; body: string }[]>();
  throttled = 0;
  limits: ThrottleLimits | null = null;
  url = '';
  private readonly server: http.Server;
  private recent: number[] = [];
  private recentByConversation = new Map<string, number[]>();

  constructor() {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
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

  reset(limits: ThrottleLimits | null = null): void {
    this.replies.clear();
    this.accepted.clear();
    this.throttled = 0;
    this.limits = limits;
    this.recent = [];
    this.recentByConversation.clear();
  }

  /** How long until a send to this conversation would be accepted, in ms (0: now). */
  private wait(conversationId: string, now: number): number {
    if (!this.limits) return 0;
    const windowStart = now - 1000;
    this.recent = this.recent.filter((t) => t > windowStart);
    const mine = (this.recentByConversation.get(conversationId) ?? []).filter((t) => t > windowStart);
    this.recentByConversation.set(conversationId, mine);
    let wait = 0;
    if (this.recent.length >= this.limits.overallPerSecond) wait = Math.max(wait, this.recent[0]! + 1000 - now);
    if (mine.length >= this.limits.perConversationPerSecond) wait = Math.max(wait, mine[0]! + 1000 - now);
    return wait;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const parts = (req.url ?? '/').split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent);
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
        res.end(JSON.stringify(payload));
      };
      if (req.method === 'POST' && parts[0] === 'v3' && parts[1] === 'conversations' && parts.length === 2) {
        const parsed = JSON.parse(body || '{}') as { members?: { id: string }[] };
        return send(201, { id: `a:personal-${parsed.members?.[0]?.id ?? 'unknown'}` });
      }
      if (req.method === 'POST' && parts[0] === 'v3' && parts[3] === 'activities') {
        const conversationId = parts[2] ?? '';
        const now = Date.now();
        const wait = this.wait(conversationId, now);
        if (wait > 0) {
          this.throttled += 1;
          return send(
            429,
            { error: { code: 'Throttled', message: 'Too many requests' } },
            { 'Retry-After': String(Math.max(1, Math.ceil(wait / 1000))) },
          );
        }
        this.recent.push(now);
        const mine = this.recentByConversation.get(conversationId) ?? [];
        mine.push(now);
        this.recentByConversation.set(conversationId, mine);
        const list = this.accepted.get(conversationId) ?? [];
        list.push({ at: now, body });
        this.accepted.set(conversationId, list);
        if (parts[4]) this.replies.set(parts[4], body);
        return send(200, { id: `reply-${now}-${list.length}` });
      }
      if (req.method === 'GET' && parts[3] === 'members') {
        return send(404, { error: { code: 'MemberNotFoundInConversation', message: 'not found' } });
      }
      send(404, { error: { code: 'NotFound', message: 'no route' } });
    });
  }
}
